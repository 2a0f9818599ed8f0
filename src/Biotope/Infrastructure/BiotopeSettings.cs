using Biotope.Data;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Infrastructure;

/// <summary>Where the data lives: a SQLite file in the data folder, or PostgreSQL when a connection string is given.</summary>
public sealed record BiotopeSettings(string DataDir, string? PostgresConnectionString)
{
    public bool UsePostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public string SqlitePath => Path.Combine(DataDir, "biotope.db");

    /// <summary>The demo accounts' password when the operator sets it (--demo-password); otherwise one is generated (ADR 014).</summary>
    public string? DemoPassword { get; init; }

    /// <summary>Request rate limits (ADR 019); --api-rate-limit / BIOTOPE_API_RATE_LIMIT sets the API's, 0 turns it off.</summary>
    public RateLimitSettings RateLimits { get; init; } = RateLimitSettings.Default;

    public string DatabaseDescription => UsePostgres ? "PostgreSQL" : $"SQLite ({SqlitePath})";

    public static BiotopeSettings From(string? dataDir, string? database) => new(
        Path.GetFullPath(dataDir ?? Environment.GetEnvironmentVariable("BIOTOPE_DATA_DIR") ?? "data"),
        database ?? Environment.GetEnvironmentVariable("ConnectionStrings__Biotope"));

    public void Configure(DbContextOptionsBuilder options)
    {
        if (UsePostgres)
            options.UseNpgsql(PostgresConnectionString);
        else
            options.UseSqlite($"Data Source={SqlitePath};Foreign Keys=True;Default Timeout=30");
    }

    public BiotopeDb CreateDb()
    {
        if (!UsePostgres) Directory.CreateDirectory(DataDir);
        var builder = new DbContextOptionsBuilder<BiotopeDb>();
        Configure(builder);
        return new BiotopeDb(builder.Options, new Features.Audit.AuditActor { Email = "cli" });
    }
}
