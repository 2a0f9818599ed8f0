using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Platforms.Bookings;

public sealed class SqliteBookingFixture() : ClockedSqliteFixture(BookingKit.Utc("2026-10-01T08:00:00Z"));

public sealed class PostgresBookingFixture(PostgresServer server) : ClockedPostgresFixture(server, BookingKit.Utc("2026-10-01T08:00:00Z"));
