using Biotope.Data;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Infrastructure;

/// <summary>The `biotope` command line: no command serves the web app; subcommands administer the data.</summary>
public static class Cli
{
    public const int UsageError = 2;

    public const string Help = """
        biotope — the platform a health-innovation cluster runs on

        Usage: biotope [command] [options]

        With no command, serves the pages and the API (http://localhost:5080 by default).

        Commands:
          migrate                                   apply pending schema migrations
          migrate --script                          print the EF model's create script (to help write a migration)
          seed --demo                               load the Wallonia demo ecosystem
          seed --synthetic N --random-seed S        add N deterministic synthetic organizations
          import ror PATH [--dry-run]               import ROR records (a folder of JSON files or one file)
          import cordis PROJECTS.csv ORGANIZATIONS.csv [--dry-run]
                                                    import EU projects from CORDIS's project.csv and organization.csv
          export organizations --format csv|json [--output FILE]
          users add --email E --role R [--organization ID] [--platform ID] [--password P]
                                                    roles: Administrator, ClusterStaff, MemberAdmin, Member,
                                                    Expert, PlatformManager (--platform binds it), Trainer;
                                                    without --password one is generated and printed once
          users reset-password --email E [--password P]
                                                    set a new password (generated and printed once when omitted);
                                                    clears a lock-out; the account's browser sessions end
                                                    (within 30 minutes), its API tokens at their expiry (8 h)

        Options (every command):
          --data-dir DIR        data folder for the SQLite database (default ./data, or BIOTOPE_DATA_DIR)
          --database CONN       PostgreSQL connection string (or ConnectionStrings__Biotope)
          --urls URLS           addresses to serve (default http://localhost:5080)
          --no-demo             do not load the demo ecosystem into a new SQLite database (loaded by default)
          --demo                load the demo ecosystem into a new PostgreSQL database (never without it)
          --demo-password P     the demo accounts' password (default: generated when the demo data is loaded,
                                printed once and kept in <data folder>/demo-accounts.txt, owner-only)
          --public-url URL      the site's public address, for every absolute link (or BIOTOPE_PUBLIC_URL;
                                default: the first address served)
          --known-proxies LIST  reverse proxies (IP addresses or networks such as 10.0.0.0/8, comma-separated)
                                whose X-Forwarded-For/-Proto are believed (or BIOTOPE_KNOWN_PROXIES); HTTPS
                                said by them turns on HSTS and Secure cookies
          --api-rate-limit N    API requests per minute per caller (signed-in user, or client address), counted
                                per server instance (default 300, or BIOTOPE_API_RATE_LIMIT; 0 turns it off);
                                sign-ins per minute per client address: BIOTOPE_SIGNIN_RATE_LIMIT (default 20)
          --pseudo-locale       also offer the qps-ploc pseudo-language (every interface text accented and
                                bracketed), to find text that does not come from the resources
          -h, --help            show this help

        E-mail (environment; without Smtp__Host e-mails wait in the outbox, see /admin/outbox):
          Smtp__Host            SMTP server
          Smtp__Port            default 25
          Smtp__From            sender address (default biotope@localhost)
          Smtp__UserName, Smtp__Password   only if the server wants a login (never written to the log)
          Smtp__Security        None (default), StartTls (required: delivery fails if the server does not
                                offer it; port 587 or 25) or SslOnConnect (TLS from the start, port 465);
                                the server's certificate is checked against the system's authorities
          Smtp__TrustedCertificate   a PEM or DER certificate (a private CA's or the server's own) trusted
                                besides them; the name is still checked
          Smtp__EnableSsl       former setting: true means StartTls when Smtp__Security is not given
          Smtp__PollSeconds     how often the outbox is checked (default 10)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        CommandLine parsed;
        try
        {
            parsed = CommandLine.Parse(args);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"biotope: {e.Message}\nRun 'biotope --help' for usage.");
            return UsageError;
        }
        if (parsed.Has("help"))
        {
            await output.WriteLineAsync(Help);
            return 0;
        }
        BiotopeSettings settings;
        try
        {
            settings = SettingsFrom(parsed);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"biotope: {e.Message}\nRun 'biotope --help' for usage.");
            return UsageError;
        }
        try
        {
            return parsed.Words switch
            {
                [] => await Serve(parsed, settings, output),
                ["migrate"] => await Migrate(parsed, settings, output),
                ["seed"] => await Commands.SeedAsync(parsed, settings, output),
                ["import", "ror", var path] => await Commands.ImportRorAsync(path, parsed.Has("dry-run"), settings, output),
                ["import", "cordis", var projects, var organizations] => await Commands.ImportCordisAsync(parsed, projects, organizations, settings, output, error),
                ["import", "cordis", ..] => throw new UsageException("import cordis needs two files: PROJECTS.csv ORGANIZATIONS.csv (CORDIS's project.csv and organization.csv)"),
                ["export", "organizations"] => await Commands.ExportOrganizationsAsync(parsed, settings, output),
                ["users", "add"] => await Commands.AddUserAsync(parsed, settings, output),
                ["users", "reset-password"] => await Commands.ResetPasswordAsync(parsed, settings, output),
                _ => throw new UsageException($"unknown command '{string.Join(' ', parsed.Words)}'"),
            };
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"biotope: {e.Message}\nRun 'biotope --help' for usage.");
            return UsageError;
        }
    }

    public static BiotopeSettings SettingsFrom(CommandLine parsed) =>
        BiotopeSettings.From(parsed.Value("data-dir"), parsed.Value("database"), parsed.Value("public-url"), parsed.Value("known-proxies")) with
        {
            DemoPassword = parsed.Value("demo-password"),
            RateLimits = RateLimitSettings.Default with
            {
                ApiPerMinute = Limit(parsed.Value("api-rate-limit") ?? Environment.GetEnvironmentVariable("BIOTOPE_API_RATE_LIMIT"), RateLimitSettings.Default.ApiPerMinute, "--api-rate-limit"),
                SignInPerMinute = Limit(Environment.GetEnvironmentVariable("BIOTOPE_SIGNIN_RATE_LIMIT"), RateLimitSettings.Default.SignInPerMinute, "BIOTOPE_SIGNIN_RATE_LIMIT"),
            },
        };

    private static int Limit(string? value, int fallback, string name) =>
        value is null ? fallback
        : int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
        : throw new UsageException($"{name} wants a number of requests per minute (0 for none), not '{value}'");

    private static async Task<int> Serve(CommandLine parsed, BiotopeSettings settings, TextWriter output)
    {
        var app = await CreateServerAsync(parsed, settings, output);
        await app.RunAsync();
        return 0;
    }

    /// <summary>The web app that `biotope` with no command serves, built from its options (tests start it on their own port).</summary>
    public static async Task<WebApplication> CreateServerAsync(CommandLine parsed, BiotopeSettings settings, TextWriter output, Action<WebApplicationBuilder>? configure = null)
    {
        parsed.Allow("data-dir", "database", "urls", "demo", "no-demo", "demo-password", "pseudo-locale", "public-url", "known-proxies", "api-rate-limit");
        var seedDemo = SeedsDemo(parsed, settings);
        // The pseudo-locale is for finding text that bypasses the resources; production servers do not offer it.
        var offer = new LanguageOffer(parsed.Has("pseudo-locale"));
        return await BiotopeApp.CreateAsync(settings, parsed.Value("urls") ?? "http://localhost:5080", seedDemo, builder =>
        {
            builder.Services.AddSingleton(offer);
            builder.Services.AddSingleton(new ServerOutput(output));
            configure?.Invoke(builder);
        });
    }

    /// <summary>
    /// Whether a new database gets the demo ecosystem: SQLite (trying Biotope out) unless --no-demo; PostgreSQL (a production
    /// server) only with --demo, so a real database is never seeded by accident (ADR 014).
    /// </summary>
    public static bool SeedsDemo(CommandLine parsed, BiotopeSettings settings)
    {
        if (parsed.Has("demo") && parsed.Has("no-demo")) throw new UsageException("give --demo or --no-demo, not both");
        var seed = settings.UsePostgres ? parsed.Has("demo") : !parsed.Has("no-demo");
        if (!seed && parsed.Has("demo-password"))
            throw new UsageException(settings.UsePostgres
                ? "--demo-password needs --demo: on PostgreSQL the demo data is loaded only when asked for"
                : "--demo-password sets the demo accounts' password: it has no use with --no-demo");
        return seed;
    }

    private static async Task<int> Migrate(CommandLine parsed, BiotopeSettings settings, TextWriter output)
    {
        parsed.Allow("data-dir", "database", "script");
        await using var db = settings.CreateDb();
        if (parsed.Has("script"))
        {
            await output.WriteLineAsync(db.Database.GenerateCreateScript());
            return 0;
        }
        var applied = await Migrator.MigrateAsync(db);
        await output.WriteLineAsync(applied.Count == 0
            ? $"{settings.DatabaseDescription}: schema up to date."
            : $"{settings.DatabaseDescription}: applied {string.Join(", ", applied)}.");
        return 0;
    }
}

public sealed class UsageException(string message) : Exception(message);

/// <summary>A small, strict parser: positional words, then --name value or --flag options.</summary>
public sealed class CommandLine
{
    private static readonly HashSet<string> Flags = ["help", "demo", "dry-run", "script", "no-demo", "pseudo-locale"];
    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);

    public List<string> Words { get; } = [];

    public static CommandLine Parse(string[] args)
    {
        var result = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help") { result.options["help"] = null; continue; }
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (arg.StartsWith('-') && arg.Length > 1) throw new UsageException($"unknown option '{arg}'");
                result.Words.Add(arg);
                continue;
            }
            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=');
            if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
            else if (!Flags.Contains(name))
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    throw new UsageException($"option '--{name}' needs a value");
                value = args[++i];
            }
            if (!result.options.TryAdd(name, value)) throw new UsageException($"option '--{name}' is given twice");
        }
        return result;
    }

    public bool Has(string name) => options.ContainsKey(name);

    public string? Value(string name) => options.GetValueOrDefault(name);

    public int IntValue(string name, int min, int max)
    {
        var text = Value(name) ?? throw new UsageException($"option '--{name}' is required");
        if (!int.TryParse(text, out var value) || value < min || value > max)
            throw new UsageException($"option '--{name}' must be a whole number from {min} to {max}, not '{text}'");
        return value;
    }

    /// <summary>Rejects options that the command does not know.</summary>
    public void Allow(params string[] names)
    {
        var unknown = options.Keys.Where(k => !names.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option '--{unknown[0]}' for this command");
    }
}
