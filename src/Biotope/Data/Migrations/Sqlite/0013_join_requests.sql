-- Sign-up: a person asks to join an organization; its member admins or staff decide (issue 11, ADR 020).
CREATE TABLE "join_requests" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_join_requests" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "message" TEXT NULL,
    "status" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "decided_at" INTEGER NULL,
    "decided_by_user_id" TEXT NULL,
    CONSTRAINT "FK_join_requests_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_join_requests_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_join_requests_user_id" ON "join_requests" ("user_id");
CREATE INDEX "IX_join_requests_organization_id_status" ON "join_requests" ("organization_id", "status");
