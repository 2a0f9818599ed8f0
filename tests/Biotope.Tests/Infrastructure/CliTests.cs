using System.Text.Json;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Infrastructure;

/// <summary>The `biotope` command line, run in-process against a real SQLite file.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "biotope-cli-" + Guid.NewGuid().ToString("N")[..10]);

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Cli.RunAsync([.. args, "--data-dir", dataDir], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_lists_every_command()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.Equal(0, exit);
        foreach (var command in new[] { "migrate", "seed --demo", "seed --synthetic", "import ror", "import cordis", "export organizations", "users add", "users reset-password", "--demo-password" })
            Assert.Contains(command, output);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("seed")]
    [InlineData("seed", "--synthetic", "lots")]
    [InlineData("export", "organizations", "--format", "xml")]
    [InlineData("migrate", "--bogus")]
    [InlineData("users", "add", "--email")]
    [InlineData("-x")]
    public async Task Bad_arguments_exit_with_code_2_and_say_what_is_wrong(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.Equal(Cli.UsageError, exit);
        Assert.StartsWith("biotope: ", error);
        Assert.Contains("biotope --help", error);
    }

    [Fact]
    public async Task Migrate_then_seed_demo_then_export_csv_and_json()
    {
        Assert.Equal(0, (await RunAsync("migrate")).Exit);
        var again = await RunAsync("migrate");
        Assert.Contains("up to date", again.Out);

        var seed = await RunAsync("seed", "--demo");
        Assert.Equal(0, seed.Exit);
        Assert.Contains("Demo ecosystem loaded", seed.Out);

        var csv = await RunAsync("export", "organizations", "--format", "csv");
        var lines = csv.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,slug,name,", lines[0]);
        Assert.Contains(lines, l => l.Contains(",uliege,Université de Liège,", StringComparison.Ordinal));

        var file = Path.Combine(dataDir, "organizations.json");
        Assert.Equal(0, (await RunAsync("export", "organizations", "--format", "json", "--output", file)).Exit);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        Assert.Equal(lines.Length - 1, json.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Users_add_creates_an_account_bound_to_an_organization()
    {
        await RunAsync("seed", "--demo");
        var settings = new BiotopeSettings(dataDir, null);
        int uliege;
        await using (var db = settings.CreateDb())
            uliege = await db.Organizations.Where(o => o.Slug == "uliege").Select(o => o.Id).SingleAsync(TestContext.Current.CancellationToken);

        var created = await RunAsync("users", "add", "--email", "prof@uliege.be", "--role", "MemberAdmin", "--organization", uliege.ToString());
        Assert.Equal(0, created.Exit);
        Assert.Contains("Password: ", created.Out);

        var duplicate = await RunAsync("users", "add", "--email", "prof@uliege.be", "--role", "MemberAdmin", "--organization", uliege.ToString());
        Assert.Equal(Cli.UsageError, duplicate.Exit);
        var noOrganization = await RunAsync("users", "add", "--email", "x@uliege.be", "--role", "MemberAdmin");
        Assert.Contains("organization", noOrganization.Err);
        var badRole = await RunAsync("users", "add", "--email", "y@uliege.be", "--role", "Wizard");
        Assert.Contains("Unknown role", badRole.Err);

        await using var check = settings.CreateDb();
        var user = await check.Users.SingleAsync(u => u.Email == "prof@uliege.be", TestContext.Current.CancellationToken);
        Assert.Equal(uliege, user.OrganizationId);
    }

    [Fact]
    public async Task Users_add_binds_a_platform_manager_and_refuses_an_unknown_platform()
    {
        var seed = await RunAsync("seed", "--demo");
        Assert.Contains("2 platforms with 6 instruments", seed.Out);
        var settings = new BiotopeSettings(dataDir, null);
        int platform;
        await using (var db = settings.CreateDb())
            platform = await db.Platforms.Where(p => p.Slug == "immunehealth").Select(p => p.Id).SingleAsync(TestContext.Current.CancellationToken);

        var created = await RunAsync("users", "add", "--email", "lab@immunehealth.be", "--role", "PlatformManager", "--platform", platform.ToString());
        Assert.Equal(0, created.Exit);
        Assert.Contains($"manager of platform {platform}", created.Out);

        var unknown = await RunAsync("users", "add", "--email", "ghost@immunehealth.be", "--role", "PlatformManager", "--platform", "9999");
        Assert.Equal(Cli.UsageError, unknown.Exit);
        Assert.Contains("no platform has id 9999", unknown.Err);
        var notAManager = await RunAsync("users", "add", "--email", "member@immunehealth.be", "--role", "Member", "--platform", platform.ToString());
        Assert.Equal(Cli.UsageError, notAManager.Exit);
        Assert.Contains("--role PlatformManager", notAManager.Err);

        await using var check = settings.CreateDb();
        var bound = await check.PlatformManagers.Where(m => m.PlatformId == platform).Join(check.Users, m => m.UserId, u => u.Id, (m, u) => u.Email).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["lab@immunehealth.be"], bound);
        Assert.False(await check.Users.AnyAsync(u => u.Email == "ghost@immunehealth.be" || u.Email == "member@immunehealth.be", TestContext.Current.CancellationToken));
    }

    private static string PrintedPassword(string output) =>
        output.Split('\n').Single(l => l.StartsWith("Password: ", StringComparison.Ordinal))["Password: ".Length..].Trim();

    /// <summary>Signs in through the API of a server on the same data folder; the statuses in the order of <paramref name="credentials"/>.</summary>
    private async Task<List<System.Net.HttpStatusCode>> SignInAsync(params (string Email, string Password)[] credentials)
    {
        var statuses = new List<System.Net.HttpStatusCode>();
        await Features.Accounts.DemoAccountsTests.ServeAsync(dataDir, ["--no-demo"], async client =>
        {
            foreach (var (email, password) in credentials)
                statuses.Add(await Features.Accounts.DemoAccountsTests.SignInAsync(client, email, password));
        });
        return statuses;
    }

    [Fact]
    public async Task Users_add_without_a_password_prints_a_generated_one_that_signs_in()
    {
        var created = await RunAsync("users", "add", "--email", "chief@cluster.be", "--role", "Administrator");
        Assert.Equal(0, created.Exit);
        var password = PrintedPassword(created.Out);
        Assert.Matches("^[A-Z][a-z2-9]{3}(-[a-z2-9]{4}){2}-[a-z2-9]{3}[2-9]$", password);
        // The password is right: an administrator without two-factor sign-in is told to enrol (403), a wrong one is 401 (ADR 021).
        Assert.Equal([System.Net.HttpStatusCode.Forbidden, System.Net.HttpStatusCode.Unauthorized], await SignInAsync(("chief@cluster.be", password), ("chief@cluster.be", "Biotope-demo-2026")));

        var given = await RunAsync("users", "add", "--email", "deputy@cluster.be", "--role", "ClusterStaff", "--password", "Given-Password-1");
        Assert.Equal(0, given.Exit);
        Assert.DoesNotContain("Given-Password-1", given.Out);
        var weak = await RunAsync("users", "add", "--email", "weak@cluster.be", "--role", "ClusterStaff", "--password", "short");
        Assert.Equal(Cli.UsageError, weak.Exit);
        Assert.Contains("password", weak.Err);
    }

    [Fact]
    public async Task Users_reset_password_replaces_the_old_one_and_explains_what_it_refuses()
    {
        var first = PrintedPassword((await RunAsync("users", "add", "--email", "lab@cluster.be", "--role", "Trainer")).Out);
        string stampBefore;
        await using (var db = new BiotopeSettings(dataDir, null).CreateDb())
            stampBefore = (await db.Users.SingleAsync(u => u.Email == "lab@cluster.be", TestContext.Current.CancellationToken)).SecurityStamp!;

        var reset = await RunAsync("users", "reset-password", "--email", "lab@cluster.be");
        Assert.Equal(0, reset.Exit);
        var second = PrintedPassword(reset.Out);
        Assert.NotEqual(first, second);
        Assert.Equal([System.Net.HttpStatusCode.Unauthorized, System.Net.HttpStatusCode.OK], await SignInAsync(("lab@cluster.be", first), ("lab@cluster.be", second)));
        await using (var db = new BiotopeSettings(dataDir, null).CreateDb())
            Assert.NotEqual(stampBefore, (await db.Users.SingleAsync(u => u.Email == "lab@cluster.be", TestContext.Current.CancellationToken)).SecurityStamp);

        var chosen = await RunAsync("users", "reset-password", "--email", "LAB@cluster.be", "--password", "Chosen-Password-3");
        Assert.Equal(0, chosen.Exit);
        Assert.DoesNotContain("Chosen-Password-3", chosen.Out);
        Assert.Equal([System.Net.HttpStatusCode.Unauthorized, System.Net.HttpStatusCode.OK], await SignInAsync(("lab@cluster.be", second), ("lab@cluster.be", "Chosen-Password-3")));

        var weak = await RunAsync("users", "reset-password", "--email", "lab@cluster.be", "--password", "alllowercase");
        Assert.Equal(Cli.UsageError, weak.Exit);
        Assert.Contains("Passwords must have at least one digit", weak.Err);
        var unknown = await RunAsync("users", "reset-password", "--email", "nobody@cluster.be");
        Assert.Equal(Cli.UsageError, unknown.Exit);
        Assert.Contains("No account has the e-mail nobody@cluster.be", unknown.Err);
        var missing = await RunAsync("users", "reset-password");
        Assert.Contains("needs --email", missing.Err);
        Assert.Equal([System.Net.HttpStatusCode.OK], await SignInAsync(("lab@cluster.be", "Chosen-Password-3")));
    }

    [Fact]
    public async Task Import_ror_dry_run_writes_nothing_and_the_real_run_imports_all_94()
    {
        var folder = Path.Combine(TestPaths.SharedDir, "data", "ror-be");
        var dry = await RunAsync("import", "ror", folder, "--dry-run");
        Assert.Equal(0, dry.Exit);
        Assert.Contains("94 created", dry.Out);
        await using (var db = new BiotopeSettings(dataDir, null).CreateDb())
            Assert.Equal(0, await db.Organizations.CountAsync(TestContext.Current.CancellationToken));

        var real = await RunAsync("import", "ror", folder);
        Assert.Equal(0, real.Exit);
        var again = await RunAsync("import", "ror", folder);
        Assert.Contains("0 created, 0 updated, 94 unchanged", again.Out);

        var missing = await RunAsync("import", "ror", Path.Combine(dataDir, "nowhere"));
        Assert.Equal(Cli.UsageError, missing.Exit);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }
}
