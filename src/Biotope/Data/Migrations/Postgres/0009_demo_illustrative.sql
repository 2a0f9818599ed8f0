-- Demo records added so that each journey can be walked are marked illustrative (ADR 013), like the demo platforms.
ALTER TABLE calls ADD COLUMN illustrative boolean NOT NULL DEFAULT false;
ALTER TABLE proposals ADD COLUMN illustrative boolean NOT NULL DEFAULT false;
ALTER TABLE experts ADD COLUMN illustrative boolean NOT NULL DEFAULT false;
ALTER TABLE projects ADD COLUMN illustrative boolean NOT NULL DEFAULT false;
-- The demo call of an existing demo database is illustrative too.
UPDATE calls SET illustrative = true WHERE slug = 'demo-cluster-projects-call';
