using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Platforms.Bookings;

/// <summary>One app per test class with a clock the tests move (tests of a class run one after the other).</summary>
public sealed class SqliteBookingFixture : IAsyncLifetime
{
    public FakeClock Clock { get; } = new(BookingKit.Utc("2026-10-01T08:00:00Z"));

    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartSqliteAsync(seedDemo: false, clock: Clock);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class PostgresBookingFixture(PostgresServer server) : IAsyncLifetime
{
    public FakeClock Clock { get; } = new(BookingKit.Utc("2026-10-01T08:00:00Z"));

    private TestApp? app;

    public async ValueTask InitializeAsync()
    {
        if (server.Available) app = await TestApp.StartPostgresAsync(server, seedDemo: false, clock: Clock);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }

    public TestApp Require()
    {
        server.RequireOrSkip();
        return app!;
    }
}
