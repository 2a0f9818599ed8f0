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

    /// <summary>
    /// Administrators and cluster staff must have two-factor sign-in to use the site and the API (ADR 021). Always on in
    /// production (no flag turns it off); the test apps turn it off unless a test asks for it.
    /// </summary>
    public bool StaffTwoFactorRequired { get; init; } = true;

    public string DatabaseDescription => UsePostgres ? "PostgreSQL" : $"SQLite ({SqlitePath})";

    /// <summary>The site's public address ("https://biotope.example.org"), for every absolute link; null: the address served.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>Reverse proxies (IP addresses or CIDR networks) whose X-Forwarded-For and X-Forwarded-Proto are believed.</summary>
    public IReadOnlyList<string> KnownProxies { get; init; } = [];

    public static BiotopeSettings From(string? dataDir, string? database, string? publicUrl = null, string? knownProxies = null)
    {
        var settings = new BiotopeSettings(
            Path.GetFullPath(dataDir ?? Environment.GetEnvironmentVariable("BIOTOPE_DATA_DIR") ?? "data"),
            database ?? Environment.GetEnvironmentVariable("ConnectionStrings__Biotope"))
        {
            PublicUrl = PublicAddress(publicUrl ?? Environment.GetEnvironmentVariable("BIOTOPE_PUBLIC_URL")),
            KnownProxies = Proxies(knownProxies ?? Environment.GetEnvironmentVariable("BIOTOPE_KNOWN_PROXIES")),
        };
        return settings;
    }

    /// <summary>An absolute http(s) address without a path, query or trailing slash; anything else is a usage error.</summary>
    public static string? PublicAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim().TrimEnd('/');
        if (!WebAddress.IsHttp(trimmed) || new Uri(trimmed) is { PathAndQuery: not "/" } or { Fragment.Length: > 0 })
            throw new UsageException($"the public URL '{text}' must be an absolute http(s) address without a path, like https://biotope.example.org");
        return trimmed;
    }

    public static IReadOnlyList<string> Proxies(string? text)
    {
        var entries = (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var entry in entries)
            if (!(entry.Contains('/') ? System.Net.IPNetwork.TryParse(entry, out _) : System.Net.IPAddress.TryParse(entry, out _)))
                throw new UsageException($"'{entry}' in the known proxies is neither an IP address nor a network like 10.0.0.0/8");
        return entries;
    }

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
