-- Rights on every field (issue 11, ADR 017): a relation a member admin writes is proposed until the other side confirms it
-- (existing relations were written by staff, ROR or the seeds: confirmed); a conflict declared after a review was submitted
-- keeps the review and flags the assignment for staff.
ALTER TABLE organization_relations ADD COLUMN status character varying(20) NOT NULL DEFAULT 'Confirmed';
ALTER TABLE review_assignments ADD COLUMN conflict_declared_at timestamp with time zone NULL;
ALTER TABLE review_assignments ADD COLUMN conflict_reason text NULL;
