-- Personal data (issue 11 §4, ADR 022): people on organization profiles are public only with their recorded consent
-- (when, given by the person or recorded by staff from a written consent, and by which account) and may be linked to
-- the person's account; an erased account stays as a pseudonym row marked with the time of its erasure.
ALTER TABLE "people" ADD COLUMN "user_id" TEXT NULL REFERENCES "asp_net_users" ("id") ON DELETE SET NULL;
ALTER TABLE "people" ADD COLUMN "public_consent_at" INTEGER NULL;
ALTER TABLE "people" ADD COLUMN "public_consent_by" TEXT NULL;
ALTER TABLE "people" ADD COLUMN "public_consent_recorded_by" TEXT NULL;
CREATE INDEX "IX_people_user_id" ON "people" ("user_id");
ALTER TABLE "asp_net_users" ADD COLUMN "erased_at" INTEGER NULL;
