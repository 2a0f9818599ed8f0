-- A call's funder, programme and required documents are stored in French and English (issue 10).
-- The single value known so far was written in English (the forms and the API suggested English names).
ALTER TABLE calls ADD COLUMN funder_fr text;
ALTER TABLE calls ADD COLUMN funder_en text;
UPDATE calls SET funder_en = funder;
ALTER TABLE calls DROP COLUMN funder;
ALTER TABLE calls RENAME COLUMN programme TO programme_en;
ALTER TABLE calls ADD COLUMN programme_fr text;

-- Required documents: from an array of names to a JSON array of { "fr", "en" }.
ALTER TABLE calls ADD COLUMN required_documents_json text;
UPDATE calls SET required_documents_json = (
    SELECT coalesce(json_agg(json_build_object('fr', NULL, 'en', d.name) ORDER BY d.position), '[]'::json)::text
    FROM unnest(calls.required_documents) WITH ORDINALITY AS d(name, position));
ALTER TABLE calls DROP COLUMN required_documents;
ALTER TABLE calls RENAME COLUMN required_documents_json TO required_documents;
ALTER TABLE calls ALTER COLUMN required_documents SET NOT NULL;

-- The illustrative demo call gets its French names.
UPDATE calls SET funder_fr = 'Région wallonne', programme_fr = 'Pôles de compétitivité',
    required_documents = '[{"fr":"Lettre d''engagement du consortium","en":"Consortium commitment letter"}]'
WHERE slug = 'demo-cluster-projects-call' AND funder_en = 'Walloon Region';
