-- Initial schema, generated with 'biotope migrate --script' (see docs/migrations.md).
CREATE TABLE "asp_net_roles" (
    "id" TEXT NOT NULL CONSTRAINT "PK_asp_net_roles" PRIMARY KEY,
    "name" TEXT NULL,
    "normalized_name" TEXT NULL,
    "concurrency_stamp" TEXT NULL
);


CREATE TABLE "asp_net_users" (
    "id" TEXT NOT NULL CONSTRAINT "PK_asp_net_users" PRIMARY KEY,
    "organization_id" INTEGER NULL,
    "display_name" TEXT NULL,
    "user_name" TEXT NULL,
    "normalized_user_name" TEXT NULL,
    "email" TEXT NULL,
    "normalized_email" TEXT NULL,
    "email_confirmed" INTEGER NOT NULL,
    "password_hash" TEXT NULL,
    "security_stamp" TEXT NULL,
    "concurrency_stamp" TEXT NULL,
    "phone_number" TEXT NULL,
    "phone_number_confirmed" INTEGER NOT NULL,
    "two_factor_enabled" INTEGER NOT NULL,
    "lockout_end" INTEGER NULL,
    "lockout_enabled" INTEGER NOT NULL,
    "access_failed_count" INTEGER NOT NULL
);


CREATE TABLE "audit_entries" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY AUTOINCREMENT,
    "at" INTEGER NOT NULL,
    "user_id" TEXT NULL,
    "user_email" TEXT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" TEXT NULL,
    "after" TEXT NULL
);


CREATE TABLE "organizations" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_organizations" PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_fr" TEXT NULL,
    "name_en" TEXT NULL,
    "name_nl" TEXT NULL,
    "acronym" TEXT NULL,
    "aliases" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "sectors" TEXT NOT NULL,
    "areas" TEXT NOT NULL,
    "stages" TEXT NOT NULL,
    "capabilities" TEXT NOT NULL,
    "nace_codes" TEXT NOT NULL,
    "city" TEXT NULL,
    "postal_code" TEXT NULL,
    "street_address" TEXT NULL,
    "country" TEXT NOT NULL,
    "nuts_code" TEXT NULL,
    "founded_year" INTEGER NULL,
    "workforce" INTEGER NULL,
    "rd_share_percent" TEXT NULL,
    "website" TEXT NULL,
    "enterprise_number" TEXT NULL,
    "ror_id" TEXT NULL,
    "membership" TEXT NOT NULL,
    "member_since" TEXT NULL,
    "description_fr" TEXT NULL,
    "description_en" TEXT NULL,
    "search_text" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "deleted_at" INTEGER NULL,
    "external_ids" TEXT NULL
);


CREATE TABLE "projects" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_projects" PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "acronym" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "title_fr" TEXT NULL,
    "summary_en" TEXT NULL,
    "summary_fr" TEXT NULL,
    "parent_project_id" INTEGER NULL,
    "researchers_to_hire" INTEGER NULL,
    "funding" TEXT NULL,
    CONSTRAINT "FK_projects_projects_parent_project_id" FOREIGN KEY ("parent_project_id") REFERENCES "projects" ("id") ON DELETE RESTRICT
);


CREATE TABLE "regions" (
    "code" TEXT NOT NULL CONSTRAINT "PK_regions" PRIMARY KEY,
    "name_fr" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "summary_en" TEXT NULL,
    "summary_fr" TEXT NULL,
    "policy_documents" TEXT NOT NULL,
    "policy_topics" TEXT NOT NULL,
    "indicators" TEXT NULL,
    "networks" TEXT NULL,
    "priorities" TEXT NULL
);


CREATE TABLE "asp_net_role_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_asp_net_role_claims" PRIMARY KEY AUTOINCREMENT,
    "role_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "FK_asp_net_role_claims_asp_net_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "asp_net_roles" ("id") ON DELETE CASCADE
);


CREATE TABLE "asp_net_user_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_asp_net_user_claims" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "FK_asp_net_user_claims_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE
);


CREATE TABLE "asp_net_user_logins" (
    "login_provider" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "provider_display_name" TEXT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "PK_asp_net_user_logins" PRIMARY KEY ("login_provider", "provider_key"),
    CONSTRAINT "FK_asp_net_user_logins_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE
);


CREATE TABLE "asp_net_user_roles" (
    "user_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    CONSTRAINT "PK_asp_net_user_roles" PRIMARY KEY ("user_id", "role_id"),
    CONSTRAINT "FK_asp_net_user_roles_asp_net_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "asp_net_roles" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_asp_net_user_roles_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE
);


CREATE TABLE "asp_net_user_tokens" (
    "user_id" TEXT NOT NULL,
    "login_provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NULL,
    CONSTRAINT "PK_asp_net_user_tokens" PRIMARY KEY ("user_id", "login_provider", "name"),
    CONSTRAINT "FK_asp_net_user_tokens_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE
);


CREATE TABLE "organization_relations" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_organization_relations" PRIMARY KEY AUTOINCREMENT,
    "from_organization_id" INTEGER NOT NULL,
    "to_organization_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    CONSTRAINT "FK_organization_relations_organizations_from_organization_id" FOREIGN KEY ("from_organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_organization_relations_organizations_to_organization_id" FOREIGN KEY ("to_organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE
);


CREATE TABLE "people" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_people" PRIMARY KEY AUTOINCREMENT,
    "organization_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NULL,
    "orcid" TEXT NULL,
    CONSTRAINT "FK_people_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE
);


CREATE TABLE "project_partners" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_project_partners" PRIMARY KEY AUTOINCREMENT,
    "project_id" INTEGER NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "role" TEXT NULL,
    CONSTRAINT "FK_project_partners_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_project_partners_projects_project_id" FOREIGN KEY ("project_id") REFERENCES "projects" ("id") ON DELETE CASCADE
);


CREATE INDEX "IX_asp_net_role_claims_role_id" ON "asp_net_role_claims" ("role_id");


CREATE UNIQUE INDEX "RoleNameIndex" ON "asp_net_roles" ("normalized_name");


CREATE INDEX "IX_asp_net_user_claims_user_id" ON "asp_net_user_claims" ("user_id");


CREATE INDEX "IX_asp_net_user_logins_user_id" ON "asp_net_user_logins" ("user_id");


CREATE INDEX "IX_asp_net_user_roles_role_id" ON "asp_net_user_roles" ("role_id");


CREATE INDEX "EmailIndex" ON "asp_net_users" ("normalized_email");


CREATE UNIQUE INDEX "UserNameIndex" ON "asp_net_users" ("normalized_user_name");


CREATE INDEX "IX_audit_entries_at" ON "audit_entries" ("at");


CREATE INDEX "IX_audit_entries_entity_type_entity_id" ON "audit_entries" ("entity_type", "entity_id");


CREATE UNIQUE INDEX "IX_organization_relations_from_organization_id_to_organization_id_kind" ON "organization_relations" ("from_organization_id", "to_organization_id", "kind");


CREATE INDEX "IX_organization_relations_to_organization_id" ON "organization_relations" ("to_organization_id");


CREATE UNIQUE INDEX "IX_organizations_enterprise_number" ON "organizations" ("enterprise_number");


CREATE UNIQUE INDEX "IX_organizations_ror_id" ON "organizations" ("ror_id");


CREATE UNIQUE INDEX "IX_organizations_slug" ON "organizations" ("slug");


CREATE INDEX "IX_organizations_updated_at" ON "organizations" ("updated_at");


CREATE INDEX "IX_people_organization_id" ON "people" ("organization_id");


CREATE INDEX "IX_project_partners_organization_id" ON "project_partners" ("organization_id");


CREATE INDEX "IX_project_partners_project_id" ON "project_partners" ("project_id");


CREATE INDEX "IX_projects_parent_project_id" ON "projects" ("parent_project_id");


CREATE UNIQUE INDEX "IX_projects_slug" ON "projects" ("slug");



