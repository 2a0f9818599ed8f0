-- Technology platforms: equipment, rate cards, closures, bookings, service requests, training, calendar feeds (ADR 010).

CREATE TABLE "platforms" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_platforms" PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "name_fr" TEXT NOT NULL,
    "owner_organization_id" INTEGER NOT NULL,
    "description_en" TEXT NULL,
    "description_fr" TEXT NULL,
    "location" TEXT NULL,
    "contact_email" TEXT NULL,
    "contact_phone" TEXT NULL,
    "quality_standards" TEXT NOT NULL,
    "services" TEXT NOT NULL,
    "illustrative" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_platforms_organizations_owner_organization_id" FOREIGN KEY ("owner_organization_id") REFERENCES "organizations" ("id") ON DELETE RESTRICT
);

CREATE TABLE "platform_managers" (
    "platform_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "PK_platform_managers" PRIMARY KEY ("platform_id", "user_id"),
    CONSTRAINT "FK_platform_managers_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_platform_managers_platforms_platform_id" FOREIGN KEY ("platform_id") REFERENCES "platforms" ("id") ON DELETE CASCADE
);

CREATE TABLE "service_offerings" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_service_offerings" PRIMARY KEY AUTOINCREMENT,
    "platform_id" INTEGER NOT NULL,
    "name_en" TEXT NOT NULL,
    "name_fr" TEXT NOT NULL,
    "description_en" TEXT NULL,
    "description_fr" TEXT NULL,
    "price" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "turnaround_days" INTEGER NOT NULL,
    "active" INTEGER NOT NULL,
    "illustrative" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_service_offerings_platforms_platform_id" FOREIGN KEY ("platform_id") REFERENCES "platforms" ("id") ON DELETE CASCADE
);

CREATE TABLE "training_modules" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_training_modules" PRIMARY KEY AUTOINCREMENT,
    "platform_id" INTEGER NULL,
    "slug" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "title_fr" TEXT NOT NULL,
    "description_en" TEXT NULL,
    "description_fr" TEXT NULL,
    "validity_months" INTEGER NULL,
    "illustrative" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_training_modules_platforms_platform_id" FOREIGN KEY ("platform_id") REFERENCES "platforms" ("id") ON DELETE SET NULL
);

CREATE TABLE "service_requests" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_service_requests" PRIMARY KEY AUTOINCREMENT,
    "offering_id" INTEGER NOT NULL,
    "platform_id" INTEGER NOT NULL,
    "requester_user_id" TEXT NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "quoted_price" TEXT NULL,
    "quoted_turnaround_days" INTEGER NULL,
    "quote_note" TEXT NULL,
    "samples_received_at" INTEGER NULL,
    "due_at" INTEGER NULL,
    "delivered_at" INTEGER NULL,
    "result_file_name" TEXT NULL,
    "result_content_type" TEXT NULL,
    "result_content" BLOB NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_service_requests_asp_net_users_requester_user_id" FOREIGN KEY ("requester_user_id") REFERENCES "asp_net_users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_service_requests_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_service_requests_platforms_platform_id" FOREIGN KEY ("platform_id") REFERENCES "platforms" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_service_requests_service_offerings_offering_id" FOREIGN KEY ("offering_id") REFERENCES "service_offerings" ("id") ON DELETE RESTRICT
);

CREATE TABLE "equipment" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_equipment" PRIMARY KEY AUTOINCREMENT,
    "platform_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NULL,
    "modality" TEXT NULL,
    "manufacturer" TEXT NULL,
    "model" TEXT NULL,
    "serial_number" TEXT NULL,
    "inventory_number" TEXT NULL,
    "description_en" TEXT NULL,
    "description_fr" TEXT NULL,
    "status" TEXT NOT NULL,
    "rules" TEXT NOT NULL,
    "required_module_id" INTEGER NULL,
    "illustrative" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_equipment_platforms_platform_id" FOREIGN KEY ("platform_id") REFERENCES "platforms" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_equipment_training_modules_required_module_id" FOREIGN KEY ("required_module_id") REFERENCES "training_modules" ("id") ON DELETE SET NULL
);

CREATE TABLE "training_sessions" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_training_sessions" PRIMARY KEY AUTOINCREMENT,
    "module_id" INTEGER NOT NULL,
    "starts_at" INTEGER NOT NULL,
    "ends_at" INTEGER NOT NULL,
    "place" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "language" TEXT NOT NULL,
    "trainer_user_id" TEXT NULL,
    "trainer_name" TEXT NULL,
    "cancelled_at" INTEGER NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_training_sessions_asp_net_users_trainer_user_id" FOREIGN KEY ("trainer_user_id") REFERENCES "asp_net_users" ("id") ON DELETE SET NULL,
    CONSTRAINT "FK_training_sessions_training_modules_module_id" FOREIGN KEY ("module_id") REFERENCES "training_modules" ("id") ON DELETE CASCADE
);

CREATE TABLE "service_request_events" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_service_request_events" PRIMARY KEY AUTOINCREMENT,
    "request_id" INTEGER NOT NULL,
    "at" INTEGER NOT NULL,
    "user_id" TEXT NULL,
    "from" TEXT NULL,
    "to" TEXT NOT NULL,
    "note" TEXT NULL,
    CONSTRAINT "FK_service_request_events_service_requests_request_id" FOREIGN KEY ("request_id") REFERENCES "service_requests" ("id") ON DELETE CASCADE
);

CREATE TABLE "bookings" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_bookings" PRIMARY KEY AUTOINCREMENT,
    "equipment_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "starts_at" INTEGER NOT NULL,
    "ends_at" INTEGER NOT NULL,
    "blocked_until" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "purpose" TEXT NULL,
    "category" TEXT NOT NULL,
    "hourly_rate" TEXT NOT NULL,
    "price" TEXT NOT NULL,
    "cancelled_at" INTEGER NULL,
    "cancellation_charge" TEXT NOT NULL,
    "decision_note" TEXT NULL,
    "decided_by_user_id" TEXT NULL,
    "checked_in_at" INTEGER NULL,
    "checked_out_at" INTEGER NULL,
    "version" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "FK_bookings_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_bookings_equipment_equipment_id" FOREIGN KEY ("equipment_id") REFERENCES "equipment" ("id") ON DELETE RESTRICT,
    CONSTRAINT "FK_bookings_organizations_organization_id" FOREIGN KEY ("organization_id") REFERENCES "organizations" ("id") ON DELETE RESTRICT
);

CREATE TABLE "calendar_feeds" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_calendar_feeds" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "equipment_id" INTEGER NULL,
    "platform_id" INTEGER NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "revoked_at" INTEGER NULL,
    CONSTRAINT "FK_calendar_feeds_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_calendar_feeds_equipment_equipment_id" FOREIGN KEY ("equipment_id") REFERENCES "equipment" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_calendar_feeds_platforms_platform_id" FOREIGN KEY ("platform_id") REFERENCES "platforms" ("id") ON DELETE CASCADE
);

CREATE TABLE "closures" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_closures" PRIMARY KEY AUTOINCREMENT,
    "equipment_id" INTEGER NOT NULL,
    "starts_at" INTEGER NOT NULL,
    "ends_at" INTEGER NOT NULL,
    "reason" TEXT NULL,
    CONSTRAINT "FK_closures_equipment_equipment_id" FOREIGN KEY ("equipment_id") REFERENCES "equipment" ("id") ON DELETE CASCADE
);

CREATE TABLE "rate_cards" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_rate_cards" PRIMARY KEY AUTOINCREMENT,
    "equipment_id" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "hourly_rate" TEXT NOT NULL,
    "valid_from" TEXT NOT NULL,
    "valid_to" TEXT NULL,
    CONSTRAINT "FK_rate_cards_equipment_equipment_id" FOREIGN KEY ("equipment_id") REFERENCES "equipment" ("id") ON DELETE CASCADE
);

CREATE TABLE "certificates" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_certificates" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "module_id" INTEGER NOT NULL,
    "session_id" INTEGER NULL,
    "issued_on" TEXT NOT NULL,
    "expires_on" TEXT NULL,
    "reminder_sent_at" INTEGER NULL,
    "revoked_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    CONSTRAINT "FK_certificates_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_certificates_training_modules_module_id" FOREIGN KEY ("module_id") REFERENCES "training_modules" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_certificates_training_sessions_session_id" FOREIGN KEY ("session_id") REFERENCES "training_sessions" ("id") ON DELETE SET NULL
);

CREATE TABLE "enrolments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_enrolments" PRIMARY KEY AUTOINCREMENT,
    "session_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "promoted_at" INTEGER NULL,
    "cancelled_at" INTEGER NULL,
    "attended" INTEGER NULL,
    CONSTRAINT "FK_enrolments_asp_net_users_user_id" FOREIGN KEY ("user_id") REFERENCES "asp_net_users" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_enrolments_training_sessions_session_id" FOREIGN KEY ("session_id") REFERENCES "training_sessions" ("id") ON DELETE CASCADE
);

CREATE INDEX "IX_bookings_equipment_id_starts_at" ON "bookings" ("equipment_id", "starts_at");

CREATE INDEX "IX_bookings_organization_id_starts_at" ON "bookings" ("organization_id", "starts_at");

CREATE INDEX "IX_bookings_user_id_starts_at" ON "bookings" ("user_id", "starts_at");

CREATE INDEX "IX_calendar_feeds_equipment_id" ON "calendar_feeds" ("equipment_id");

CREATE INDEX "IX_calendar_feeds_platform_id" ON "calendar_feeds" ("platform_id");

CREATE UNIQUE INDEX "IX_calendar_feeds_token_hash" ON "calendar_feeds" ("token_hash");

CREATE INDEX "IX_calendar_feeds_user_id" ON "calendar_feeds" ("user_id");

CREATE INDEX "IX_certificates_expires_on" ON "certificates" ("expires_on");

CREATE INDEX "IX_certificates_module_id" ON "certificates" ("module_id");

CREATE INDEX "IX_certificates_session_id" ON "certificates" ("session_id");

CREATE INDEX "IX_certificates_user_id_module_id" ON "certificates" ("user_id", "module_id");

CREATE INDEX "IX_closures_equipment_id_starts_at" ON "closures" ("equipment_id", "starts_at");

CREATE UNIQUE INDEX "IX_enrolments_session_id_user_id" ON "enrolments" ("session_id", "user_id");

CREATE INDEX "IX_enrolments_user_id" ON "enrolments" ("user_id");

CREATE INDEX "IX_equipment_platform_id" ON "equipment" ("platform_id");

CREATE INDEX "IX_equipment_required_module_id" ON "equipment" ("required_module_id");

CREATE INDEX "IX_platform_managers_user_id" ON "platform_managers" ("user_id");

CREATE INDEX "IX_platforms_owner_organization_id" ON "platforms" ("owner_organization_id");

CREATE UNIQUE INDEX "IX_platforms_slug" ON "platforms" ("slug");

CREATE INDEX "IX_rate_cards_equipment_id_category" ON "rate_cards" ("equipment_id", "category");

CREATE INDEX "IX_service_offerings_platform_id" ON "service_offerings" ("platform_id");

CREATE INDEX "IX_service_request_events_request_id" ON "service_request_events" ("request_id");

CREATE INDEX "IX_service_requests_offering_id" ON "service_requests" ("offering_id");

CREATE INDEX "IX_service_requests_organization_id" ON "service_requests" ("organization_id");

CREATE INDEX "IX_service_requests_platform_id_status" ON "service_requests" ("platform_id", "status");

CREATE INDEX "IX_service_requests_requester_user_id" ON "service_requests" ("requester_user_id");

CREATE INDEX "IX_training_modules_platform_id" ON "training_modules" ("platform_id");

CREATE UNIQUE INDEX "IX_training_modules_slug" ON "training_modules" ("slug");

CREATE INDEX "IX_training_sessions_module_id_starts_at" ON "training_sessions" ("module_id", "starts_at");

CREATE INDEX "IX_training_sessions_trainer_user_id" ON "training_sessions" ("trainer_user_id");

-- Two active bookings of one instrument never overlap: the application books in a write (IMMEDIATE) transaction,
-- and these triggers refuse any overlapping row that reaches the table anyway. Times are UTC ticks, so they compare as numbers.
CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings
WHEN NEW.status IN ('Pending', 'Confirmed') AND EXISTS (
    SELECT 1 FROM bookings b
    WHERE b.equipment_id = NEW.equipment_id AND b.status IN ('Pending', 'Confirmed')
      AND b.starts_at < NEW.blocked_until AND NEW.starts_at < b.blocked_until)
BEGIN
    SELECT RAISE(ABORT, 'bookings_no_overlap');
END;

CREATE TRIGGER bookings_no_overlap_update BEFORE UPDATE OF equipment_id, starts_at, blocked_until, status ON bookings
WHEN NEW.status IN ('Pending', 'Confirmed') AND EXISTS (
    SELECT 1 FROM bookings b
    WHERE b.id <> NEW.id AND b.equipment_id = NEW.equipment_id AND b.status IN ('Pending', 'Confirmed')
      AND b.starts_at < NEW.blocked_until AND NEW.starts_at < b.blocked_until)
BEGIN
    SELECT RAISE(ABORT, 'bookings_no_overlap');
END;
