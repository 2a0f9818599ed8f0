-- A call's funder, programme and required documents are stored in French and English (issue 10).
-- The single value known so far was written in English (the forms and the API suggested English names).
ALTER TABLE "calls" ADD COLUMN "funder_fr" TEXT NULL;
ALTER TABLE "calls" ADD COLUMN "funder_en" TEXT NULL;
UPDATE "calls" SET "funder_en" = "funder";
ALTER TABLE "calls" DROP COLUMN "funder";
ALTER TABLE "calls" RENAME COLUMN "programme" TO "programme_en";
ALTER TABLE "calls" ADD COLUMN "programme_fr" TEXT NULL;

-- Required documents: from a JSON array of names to a JSON array of { "fr", "en" }.
UPDATE "calls" SET "required_documents" = (
    SELECT json_group_array(json_object('fr', NULL, 'en', "value")) FROM json_each("calls"."required_documents"));

-- The illustrative demo call gets its French names.
UPDATE "calls" SET "funder_fr" = 'Région wallonne', "programme_fr" = 'Pôles de compétitivité',
    "required_documents" = '[{"fr":"Lettre d''engagement du consortium","en":"Consortium commitment letter"}]'
WHERE "slug" = 'demo-cluster-projects-call' AND "funder_en" = 'Walloon Region';
