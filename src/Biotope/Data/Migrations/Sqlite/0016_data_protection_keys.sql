-- Data-protection keys (cookies, antiforgery, bearer tokens) live in the database, shared by every instance (issue 11, ADR 024).
CREATE TABLE "data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NULL,
    "xml" TEXT NULL
);
