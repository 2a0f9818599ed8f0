-- Demo records added so that each journey can be walked are marked illustrative (ADR 013), like the demo platforms.
ALTER TABLE "calls" ADD COLUMN "illustrative" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "proposals" ADD COLUMN "illustrative" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "experts" ADD COLUMN "illustrative" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "projects" ADD COLUMN "illustrative" INTEGER NOT NULL DEFAULT 0;
-- The demo call of an existing demo database is illustrative too.
UPDATE "calls" SET "illustrative" = 1 WHERE "slug" = 'demo-cluster-projects-call';
