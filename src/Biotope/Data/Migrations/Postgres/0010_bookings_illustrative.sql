-- Bookings and service requests the demo seeding makes are marked illustrative, like the demo platforms (issue 10).
ALTER TABLE bookings ADD COLUMN illustrative boolean NOT NULL DEFAULT false;
ALTER TABLE service_requests ADD COLUMN illustrative boolean NOT NULL DEFAULT false;
