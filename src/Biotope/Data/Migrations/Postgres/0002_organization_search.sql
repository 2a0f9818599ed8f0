-- Full-text search over organizations.search_text (ADR 003). Both extensions are "trusted":
-- the database owner can create them without superuser rights.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE; a generated column needs an IMMUTABLE function with a fixed dictionary.
CREATE OR REPLACE FUNCTION biotope_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- The app writes search_text already folded; unaccent/lower keep rows written by other tools searchable.
ALTER TABLE organizations
    ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, biotope_unaccent(lower(search_text)))) STORED;

CREATE INDEX ix_organizations_search_vector ON organizations USING gin (search_vector);

-- Trigram index on the folded name, for similarity queries (name % 'text') by operators and reports. The search's
-- typo tolerance uses the app's own vocabulary instead, so both databases give the same answers (ADR 003).
CREATE INDEX ix_organizations_name_trgm ON organizations USING gin (biotope_unaccent(lower(name)) gin_trgm_ops);
