-- Passkeys (WebAuthn) of ASP.NET Core Identity's schema version 3 (ADR 021): one row per credential, its data as JSON.
CREATE TABLE asp_net_user_passkeys (
    credential_id bytea NOT NULL,
    user_id text NOT NULL,
    data jsonb NOT NULL,
    CONSTRAINT "PK_asp_net_user_passkeys" PRIMARY KEY (credential_id),
    CONSTRAINT "FK_asp_net_user_passkeys_asp_net_users_user_id" FOREIGN KEY (user_id) REFERENCES asp_net_users (id) ON DELETE CASCADE
);

CREATE INDEX "IX_asp_net_user_passkeys_user_id" ON asp_net_user_passkeys (user_id);
