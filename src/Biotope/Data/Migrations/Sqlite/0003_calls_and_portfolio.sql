-- Calls, proposals, experts, reviews; the portfolio (milestones, outputs, researchers, progress reports); notifications and the e-mail outbox.

CREATE TABLE "calls" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_calls" PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "title_fr" TEXT NOT NULL,
    "description_en" TEXT NULL,
    "description_fr" TEXT NULL,
    "funder" TEXT NOT NULL,
    "programme" TEXT NULL,
    "stage" TEXT NOT NULL,
    "opens_at" INTEGER NOT NULL,
    "intent_closes_at" INTEGER NULL,
    "closes_at" INTEGER NOT NULL,
    "budget_envelope" TEXT NOT NULL,
    "required_documents" TEXT NOT NULL,
    "reviewers_per_proposal" INTEGER NOT NULL,
    "rules" TEXT NOT NULL,
    "published" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL
);

CREATE TABLE "outbox" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_outbox" PRIMARY KEY AUTOINCREMENT,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "sent_at" INTEGER NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT NULL
);

ALTER TABLE "projects" ADD COLUMN "status" TEXT NOT NULL DEFAULT 'Active';

ALTER TABLE "projects" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'Manual';

ALTER TABLE "projects" ADD COLUMN "start_date" TEXT NULL;

ALTER TABLE "projects" ADD COLUMN "end_date" TEXT NULL;

ALTER TABLE "projects" ADD COLUMN "funder" TEXT NULL;

ALTER TABLE "projects" ADD COLUMN "programme" TEXT NULL;

ALTER TABLE "projects" ADD COLUMN "areas" TEXT NOT NULL DEFAULT '[]';

ALTER TABLE "projects" ADD COLUMN "keywords" TEXT NOT NULL DEFAULT '[]';

ALTER TABLE "projects" ADD COLUMN "strands" TEXT NOT NULL DEFAULT '[]';

ALTER TABLE "projects" ADD COLUMN "proposal_id" INTEGER NULL;

ALTER TABLE "projects" ADD COLUMN "cordis_id" TEXT NULL;

ALTER TABLE "projects" ADD COLUMN "website" TEXT NULL;

ALTER TABLE "projects" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

ALTER TABLE "projects" ADD COLUMN "created_at" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "projects" ADD COLUMN "updated_at" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "notifications" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_notifications" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_en" TEXT NOT NULL,
    "subject_fr" TEXT NOT NULL,
    "body_en" TEXT NULL,
    "body_fr" TEXT NULL,
    "link" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "read_at" INTEGER NULL,
    CONSTRAINT "FK_notifications_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE
);

CREATE TABLE "evaluation_criteria" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_evaluation_criteria" PRIMARY KEY AUTOINCREMENT,
    "call_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "name_en" TEXT NOT NULL,
    "name_fr" TEXT NOT NULL,
    "description_en" TEXT NULL,
    "description_fr" TEXT NULL,
    "weight" TEXT NOT NULL,
    "pass_threshold" TEXT NOT NULL,
    "scale_min" INTEGER NOT NULL,
    "scale_max" INTEGER NOT NULL,
    CONSTRAINT "FK_evaluation_criteria_calls_call_id" FOREIGN KEY ("call_id") REFERENCES "calls" ("id") ON DELETE CASCADE
);

CREATE TABLE "experts" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_experts" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NULL,
    "orcid" TEXT NULL,
    "organization_id" INTEGER NULL,
    "areas" TEXT NOT NULL,
    "keywords" TEXT NOT NULL,
    "languages" TEXT NOT NULL,
    "max_load" INTEGER NOT NULL,
    "active" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_experts_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_experts_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE SET NULL
);

CREATE TABLE "progress_reports" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_progress_reports" PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "period_start" TEXT NOT NULL,
    "period_end" TEXT NOT NULL,
    "narrative" TEXT NOT NULL,
    "spend" TEXT NOT NULL,
    "submitted_at" INTEGER NOT NULL,
    "submitted_by_user_id" TEXT NULL,
    CONSTRAINT "FK_progress_reports_projects_project_id" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE
);

CREATE TABLE "project_milestones" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_project_milestones" PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "due_date" TEXT NULL,
    "actual_date" TEXT NULL,
    CONSTRAINT "FK_project_milestones_projects_project_id" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE
);

CREATE TABLE "project_outputs" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_project_outputs" PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "doi" TEXT NULL,
    "patent_number" TEXT NULL,
    "year" INTEGER NULL,
    "count" INTEGER NULL,
    "organization_id" INTEGER NULL,
    "url" TEXT NULL,
    CONSTRAINT "FK_project_outputs_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_project_outputs_projects_project_id" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE
);

ALTER TABLE "project_partners" ADD COLUMN "budget" TEXT NULL;

ALTER TABLE "project_partners" ADD COLUMN "funding" TEXT NULL;

ALTER TABLE "project_partners" ADD COLUMN "researchers_to_hire" INTEGER NULL;

CREATE TABLE "project_researchers" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_project_researchers" PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "orcid" TEXT NULL,
    "organization_id" INTEGER NULL,
    "position" TEXT NULL,
    "hired_on" TEXT NULL,
    CONSTRAINT "FK_project_researchers_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_project_researchers_projects_project_id" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE
);

CREATE TABLE "proposals" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_proposals" PRIMARY KEY AUTOINCREMENT,
    "call_id" INTEGER NOT NULL,
    "acronym" TEXT NOT NULL,
    "title_en" TEXT NULL,
    "title_fr" TEXT NULL,
    "summary_en" TEXT NULL,
    "summary_fr" TEXT NULL,
    "areas" TEXT NOT NULL,
    "keywords" TEXT NOT NULL,
    "duration_months" INTEGER NOT NULL,
    "work_packages" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "coordinator_organization_id" INTEGER NOT NULL,
    "created_by_user_id" TEXT NULL,
    "intent_submitted_at" INTEGER NULL,
    "submitted_at" INTEGER NULL,
    "decision" TEXT NULL,
    "decided_at" INTEGER NULL,
    "decision_note" TEXT NULL,
    "appeal_reason" TEXT NULL,
    "appealed_at" INTEGER NULL,
    "appeal_outcome" TEXT NULL,
    "appeal_note" TEXT NULL,
    "appeal_decided_at" INTEGER NULL,
    "project_id" INTEGER NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_proposals_calls_call_id" FOREIGN KEY ("call_id") REFERENCES "calls" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_proposals_organizations_coordinator_organization_id" FOREIGN KEY ("coordinator_organization_id") REFERENCES "organizations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_proposals_projects_project_id" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE SET NULL
);

CREATE TABLE "assignment_overrides" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_assignment_overrides" PRIMARY KEY AUTOINCREMENT,
    "proposal_id" INTEGER NOT NULL,
    "expert_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "FK_assignment_overrides_experts_expert_id" FOREIGN KEY ("expert_id") REFERENCES "experts" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_assignment_overrides_proposals_proposal_id" FOREIGN KEY ("proposal_id") REFERENCES "proposals" ("id") ON DELETE CASCADE
);

CREATE TABLE "conflict_declarations" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_conflict_declarations" PRIMARY KEY AUTOINCREMENT,
    "expert_id" INTEGER NOT NULL,
    "proposal_id" INTEGER NULL,
    "organization_id" INTEGER NULL,
    "reason" TEXT NOT NULL,
    "declared_at" INTEGER NOT NULL,
    CONSTRAINT "FK_conflict_declarations_experts_expert_id" FOREIGN KEY ("expert_id") REFERENCES "experts" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_conflict_declarations_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_conflict_declarations_proposals_proposal_id" FOREIGN KEY ("proposal_id") REFERENCES "proposals" ("id") ON DELETE CASCADE
);

CREATE TABLE "consensuses" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_consensuses" PRIMARY KEY AUTOINCREMENT,
    "proposal_id" INTEGER NOT NULL,
    "scores" TEXT NOT NULL,
    "comment" TEXT NULL,
    "written_by_user_id" TEXT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "FK_consensuses_proposals_proposal_id" FOREIGN KEY ("proposal_id") REFERENCES "proposals" ("id") ON DELETE CASCADE
);

CREATE TABLE "proposal_attachments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_proposal_attachments" PRIMARY KEY AUTOINCREMENT,
    "proposal_id" INTEGER NOT NULL,
    "file_name" TEXT NOT NULL,
    "document" TEXT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "uploaded_at" INTEGER NOT NULL,
    "uploaded_by_user_id" TEXT NULL,
    CONSTRAINT "FK_proposal_attachments_proposals_proposal_id" FOREIGN KEY ("proposal_id") REFERENCES "proposals" ("id") ON DELETE CASCADE
);

CREATE TABLE "proposal_partners" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_proposal_partners" PRIMARY KEY AUTOINCREMENT,
    "proposal_id" INTEGER NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "is_coordinator" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "invited_at" INTEGER NOT NULL,
    "responded_at" INTEGER NULL,
    "responded_by_user_id" TEXT NULL,
    "personnel_cost" TEXT NOT NULL,
    "personnel_fte" TEXT NOT NULL,
    "researchers_to_hire" INTEGER NOT NULL,
    "equipment_cost" TEXT NOT NULL,
    "subcontracting_cost" TEXT NOT NULL,
    "other_cost" TEXT NOT NULL,
    "overhead_rate_percent" TEXT NOT NULL,
    CONSTRAINT "FK_proposal_partners_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_proposal_partners_proposals_proposal_id" FOREIGN KEY ("proposal_id") REFERENCES "proposals" ("id") ON DELETE CASCADE
);

CREATE TABLE "review_assignments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_review_assignments" PRIMARY KEY AUTOINCREMENT,
    "call_id" INTEGER NOT NULL,
    "proposal_id" INTEGER NOT NULL,
    "expert_id" INTEGER NOT NULL,
    "match_score" INTEGER NOT NULL,
    "pinned" INTEGER NOT NULL,
    "assigned_at" INTEGER NOT NULL,
    CONSTRAINT "FK_review_assignments_calls_call_id" FOREIGN KEY ("call_id") REFERENCES "calls" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_review_assignments_experts_expert_id" FOREIGN KEY ("expert_id") REFERENCES "experts" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_review_assignments_proposals_proposal_id" FOREIGN KEY ("proposal_id") REFERENCES "proposals" ("id") ON DELETE CASCADE
);

CREATE TABLE "reviews" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_reviews" PRIMARY KEY AUTOINCREMENT,
    "assignment_id" INTEGER NOT NULL,
    "proposal_id" INTEGER NOT NULL,
    "expert_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "scores" TEXT NOT NULL,
    "overall_comment" TEXT NULL,
    "submitted_at" INTEGER NULL,
    "version" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_reviews_review_assignments_assignment_id" FOREIGN KEY ("assignment_id") REFERENCES "review_assignments" ("id") ON DELETE RESTRICT
);

CREATE INDEX "IX_assignment_overrides_expert_id" ON "assignment_overrides" ("expert_id");

CREATE UNIQUE INDEX "IX_assignment_overrides_proposal_id_expert_id" ON "assignment_overrides" ("proposal_id", "expert_id");

CREATE UNIQUE INDEX "IX_calls_slug" ON "calls" ("slug");

CREATE INDEX "IX_conflict_declarations_expert_id" ON "conflict_declarations" ("expert_id");

CREATE INDEX "IX_conflict_declarations_organization_id" ON "conflict_declarations" ("organization_id");

CREATE INDEX "IX_conflict_declarations_proposal_id" ON "conflict_declarations" ("proposal_id");

CREATE UNIQUE INDEX "IX_consensuses_proposal_id" ON "consensuses" ("proposal_id");

CREATE INDEX "IX_evaluation_criteria_call_id" ON "evaluation_criteria" ("call_id");

CREATE INDEX "IX_experts_organization_id" ON "experts" ("organization_id");

CREATE UNIQUE INDEX "IX_experts_user_id" ON "experts" ("user_id");

CREATE INDEX "IX_notifications_user_id_created_at" ON "notifications" ("user_id", "created_at");

CREATE INDEX "IX_outbox_sent_at" ON "outbox" ("sent_at");

CREATE INDEX "IX_progress_reports_project_id" ON "progress_reports" ("project_id");

CREATE INDEX "IX_project_milestones_project_id" ON "project_milestones" ("project_id");

CREATE INDEX "IX_project_outputs_organization_id" ON "project_outputs" ("organization_id");

CREATE INDEX "IX_project_outputs_project_id" ON "project_outputs" ("project_id");

CREATE INDEX "IX_project_researchers_organization_id" ON "project_researchers" ("organization_id");

CREATE INDEX "IX_project_researchers_project_id" ON "project_researchers" ("project_id");

CREATE UNIQUE INDEX "IX_projects_cordis_id" ON "projects" ("cordis_id");

CREATE INDEX "IX_proposal_attachments_proposal_id" ON "proposal_attachments" ("proposal_id");

CREATE INDEX "IX_proposal_partners_organization_id" ON "proposal_partners" ("organization_id");

CREATE UNIQUE INDEX "IX_proposal_partners_proposal_id_organization_id" ON "proposal_partners" ("proposal_id", "organization_id");

CREATE INDEX "IX_proposals_call_id_status" ON "proposals" ("call_id", "status");

CREATE INDEX "IX_proposals_coordinator_organization_id" ON "proposals" ("coordinator_organization_id");

CREATE INDEX "IX_proposals_project_id" ON "proposals" ("project_id");

CREATE INDEX "IX_review_assignments_call_id" ON "review_assignments" ("call_id");

CREATE INDEX "IX_review_assignments_expert_id" ON "review_assignments" ("expert_id");

CREATE UNIQUE INDEX "IX_review_assignments_proposal_id_expert_id" ON "review_assignments" ("proposal_id", "expert_id");

CREATE UNIQUE INDEX "IX_reviews_assignment_id" ON "reviews" ("assignment_id");

CREATE INDEX "IX_reviews_proposal_id" ON "reviews" ("proposal_id");
