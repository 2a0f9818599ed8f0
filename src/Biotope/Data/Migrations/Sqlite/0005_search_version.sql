-- Which SearchDocument.Version wrote each row's search_text (ADR 011). Existing rows start at 0: the step that runs
-- after the SQL migrations (SearchDocument.RewriteStaleAsync) rewrites their text with the bilingual keys.
ALTER TABLE organizations ADD COLUMN search_version INTEGER NOT NULL DEFAULT 0;
