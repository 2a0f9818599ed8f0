-- Personal API tokens (issue 11, ADR 018): only the SHA-256 of the secret is stored.
CREATE TABLE "personal_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_personal_tokens" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "last_used_at" INTEGER NULL,
    "revoked_at" INTEGER NULL,
    CONSTRAINT "FK_personal_tokens_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_personal_tokens_user_id" ON "personal_tokens" ("user_id");
