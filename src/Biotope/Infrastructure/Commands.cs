using System.Globalization;
using System.Text;
using System.Text.Json;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Audit;
using Biotope.Features.Demo;
using Biotope.Features.Organizations;
using Biotope.Features.Projects.Cordis;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Infrastructure;

/// <summary>The administrative subcommands; each opens the database, migrates it, and does one job.</summary>
public static class Commands
{
    public static async Task<int> SeedAsync(CommandLine parsed, BiotopeSettings settings, TextWriter output)
    {
        parsed.Allow("data-dir", "database", "demo", "synthetic", "random-seed");
        if (parsed.Has("demo") == parsed.Has("synthetic")) throw new UsageException("seed needs exactly one of --demo or --synthetic N");
        await using var db = await OpenAsync(settings);
        if (parsed.Has("demo"))
        {
            var result = await DemoSeeder.SeedAsync(db);
            await Features.Demo.DemoCall.EnsureAsync(db, DateTimeOffset.UtcNow);
            var platforms = await DemoPlatforms.EnsureAsync(db);
            await Features.Demo.DemoTraining.EnsureAsync(db, DateTimeOffset.UtcNow);
            await output.WriteLineAsync($"Demo ecosystem loaded: {result.Organizations} organizations, {result.Projects} projects, {result.Relations} relations, "
                + $"{platforms.Platforms} platforms with {platforms.Equipment} instruments.");
            return 0;
        }
        var count = parsed.IntValue("synthetic", 1, 10_000_000);
        var seed = parsed.Has("random-seed") ? parsed.IntValue("random-seed", 0, int.MaxValue) : 1;
        var seeded = await SyntheticSeeder.SeedAsync(db, count, seed);
        await output.WriteLineAsync($"Synthetic organizations: {seeded.Inserted} inserted of {seeded.Requested} (seed {seed}) in {seeded.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }

    public static async Task<int> ImportRorAsync(string path, bool dryRun, BiotopeSettings settings, TextWriter output)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw new UsageException($"'{path}' is neither a file nor a folder");
        await using var db = await OpenAsync(settings);
        var report = await new RorImporter(db, output).ImportAsync(path, dryRun);
        return report.Failures.Count == 0 ? 0 : 1;
    }

    /// <summary>Exit code 0 when the import ran, even if rows were rejected; 1 when a file cannot be read at all.</summary>
    public static async Task<int> ImportCordisAsync(CommandLine parsed, string projectsPath, string organizationsPath, BiotopeSettings settings, TextWriter output, TextWriter error)
    {
        parsed.Allow("data-dir", "database", "dry-run");
        foreach (var path in new[] { projectsPath, organizationsPath })
            if (!File.Exists(path)) throw new UsageException($"'{path}' is not a file");
        await using var db = await OpenAsync(settings);
        try
        {
            await new CordisImporter(db, output).ImportAsync(projectsPath, organizationsPath, parsed.Has("dry-run"));
            return 0;
        }
        catch (CordisFileException e)
        {
            await error.WriteLineAsync($"biotope: {e.Message}\nNothing was imported.");
            return 1;
        }
    }

    public static async Task<int> ExportOrganizationsAsync(CommandLine parsed, BiotopeSettings settings, TextWriter output)
    {
        parsed.Allow("data-dir", "database", "format", "output");
        var format = parsed.Value("format") ?? throw new UsageException("export needs --format csv or --format json");
        if (format is not ("csv" or "json")) throw new UsageException($"unknown format '{format}': use csv or json");
        await using var db = await OpenAsync(settings);
        var organizations = await db.Organizations.AsNoTracking().Include(o => o.People).Where(o => o.DeletedAt == null).OrderBy(o => o.Id).ToListAsync();
        var file = parsed.Value("output");
        await using var stream = file is null ? null : new StreamWriter(file, false, new UTF8Encoding(false));
        var writer = (TextWriter?)stream ?? output;
        if (format == "csv") await OrganizationExport.WriteCsvAsync(organizations, writer);
        else await OrganizationExport.WriteJsonAsync(organizations, writer);
        if (file is not null) await Console.Error.WriteLineAsync($"Exported {organizations.Count} organizations to {file}.");
        return 0;
    }

    public static async Task<int> AddUserAsync(CommandLine parsed, BiotopeSettings settings, TextWriter output)
    {
        parsed.Allow("data-dir", "database", "email", "role", "organization", "password", "platform");
        var email = parsed.Value("email") ?? throw new UsageException("users add needs --email");
        var role = parsed.Value("role") ?? throw new UsageException("users add needs --role");
        int? organization = parsed.Has("organization") ? parsed.IntValue("organization", 1, int.MaxValue) : null;
        int? platform = parsed.Has("platform") ? parsed.IntValue("platform", 1, int.MaxValue) : null;
        if (platform is not null && !string.Equals(role, Roles.PlatformManager, StringComparison.OrdinalIgnoreCase))
            throw new UsageException("--platform binds a platform manager: use it with --role PlatformManager");
        // Migrate first: Identity needs its tables.
        await using (var db = await OpenAsync(settings))
        {
            if (platform is { } id && !await db.Platforms.AnyAsync(p => p.Id == id))
                throw new UsageException($"no platform has id {id}; the platforms are listed at /api/v1/platforms");
        }
        await using var provider = AccountServices(settings);
        await using var scope = provider.CreateAsyncScope();
        var (created, errors) = await UserAccounts.CreateAsync(scope.ServiceProvider, email, role, organization, parsed.Value("password"));
        if (created is null)
        {
            throw new UsageException(string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
        }
        if (platform is { } platformId)
        {
            var db = scope.ServiceProvider.GetRequiredService<BiotopeDb>();
            db.PlatformManagers.Add(new Features.Platforms.PlatformManager { PlatformId = platformId, UserId = created.User.Id });
            await db.SaveChangesAsync();
        }
        await output.WriteLineAsync($"Created {created.User.Email} ({role}{(organization is { } orgId ? $", organization {orgId}" : "")}{(platform is { } bound ? $", manager of platform {bound}" : "")}).");
        if (!parsed.Has("password")) await output.WriteLineAsync($"Password: {created.Password}\n(Shown once and stored nowhere: give it to its owner now.)");
        return 0;
    }

    public static async Task<int> ResetPasswordAsync(CommandLine parsed, BiotopeSettings settings, TextWriter output)
    {
        parsed.Allow("data-dir", "database", "email", "password");
        var email = parsed.Value("email") ?? throw new UsageException("users reset-password needs --email");
        // Migrate first: Identity needs its tables.
        await (await OpenAsync(settings)).DisposeAsync();
        await using var provider = AccountServices(settings);
        await using var scope = provider.CreateAsyncScope();
        var (password, errors) = await UserAccounts.ResetPasswordAsync(scope.ServiceProvider, email, parsed.Value("password"));
        if (password is null) throw new UsageException(string.Join(" ", errors));
        await output.WriteLineAsync($"New password set for {email}: its browser sessions end within 30 minutes, its API tokens when they expire (8 h at most).");
        if (!parsed.Has("password")) await output.WriteLineAsync($"Password: {password}\n(Shown once and stored nowhere: give it to its owner now.)");
        return 0;
    }

    /// <summary>Identity and the database without the web host, for the account commands.</summary>
    private static ServiceProvider AccountServices(BiotopeSettings settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(settings);
        services.AddSingleton(new AuditActor { Email = "cli" });
        services.AddDbContext<BiotopeDb>(settings.Configure);
        services.AddBiotopeAccounts(settings);
        return services.BuildServiceProvider();
    }

    private static async Task<BiotopeDb> OpenAsync(BiotopeSettings settings)
    {
        var db = settings.CreateDb();
        await Migrator.MigrateAsync(db);
        return db;
    }
}

/// <summary>Organization exports: CSV (RFC 4180) and JSON, the same fields as the API's details.</summary>
public static class OrganizationExport
{
    private static readonly string[] Header =
    [
        "id", "slug", "name", "name_fr", "name_en", "name_nl", "acronym", "type", "sectors", "areas", "stages", "capabilities", "nace_codes",
        "city", "postal_code", "country", "nuts_code", "founded_year", "workforce", "rd_share_percent", "website", "enterprise_number", "ror_id",
        "membership", "member_since", "description_fr", "description_en", "updated_at",
    ];

    public static async Task WriteCsvAsync(IEnumerable<Organization> organizations, TextWriter writer)
    {
        await writer.WriteAsync(Csv.Line(Header));
        foreach (var o in organizations)
        {
            string?[] fields =
            [
                o.Id.ToString(CultureInfo.InvariantCulture), o.Slug, o.Name, o.NameFr, o.NameEn, o.NameNl, o.Acronym, o.Type.ToString(),
                string.Join('|', o.Sectors), string.Join('|', o.Areas), string.Join('|', o.Stages), string.Join('|', o.Capabilities), string.Join('|', o.NaceCodes),
                o.City, o.PostalCode, o.Country, o.NutsCode, o.FoundedYear?.ToString(CultureInfo.InvariantCulture), o.Workforce?.ToString(CultureInfo.InvariantCulture),
                o.RdSharePercent?.ToString(CultureInfo.InvariantCulture), o.Website, o.EnterpriseNumber, o.RorId, o.Membership.ToString(),
                o.MemberSince?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), o.DescriptionFr, o.DescriptionEn, o.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            ];
            await writer.WriteAsync(Csv.Line(fields));
        }
    }

    public static async Task WriteJsonAsync(IEnumerable<Organization> organizations, TextWriter writer)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        // Open data: only the people who consented to be shown publicly (ADR 022).
        var items = organizations.Select(o => o.ToDetails([], allPeople: false)).ToList();
        await writer.WriteAsync(JsonSerializer.Serialize(items, options));
        await writer.WriteLineAsync();
    }
}
