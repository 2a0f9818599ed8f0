using System.Net;
using System.Net.Http.Json;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Biotope.Tests.Features.Accounts;

/// <summary>
/// The demo accounts' password (ADR 014): no password is known in advance. The server is built as `biotope [options]`
/// builds it, on a real SQLite file or the tests' PostgreSQL server, and signed in to through the API.
/// </summary>
public sealed class DemoAccountsTests(PostgresServer postgres) : IDisposable
{
    private const string OldPublishedPassword = "Biotope-demo-2026";
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "biotope-demo-pass-" + Guid.NewGuid().ToString("N")[..10]);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string CredentialsPath => Path.Combine(dataDir, DemoAccounts.CredentialsFileName);

    /// <summary>Runs the server with <paramref name="args"/> until <paramref name="work"/> is done; returns what it printed.</summary>
    internal static async Task<string> ServeAsync(string dataDir, string[] args, Func<HttpClient, Task>? work = null)
    {
        var output = new StringWriter();
        var parsed = CommandLine.Parse([.. args, "--data-dir", dataDir, "--urls", "http://127.0.0.1:0"]);
        var app = await Cli.CreateServerAsync(parsed, Cli.SettingsFrom(parsed), output, builder => builder.Logging.ClearProviders());
        await using (app)
        {
            await app.StartAsync(Ct);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            if (work is not null) await work(client);
            await app.StopAsync(Ct);
        }
        return output.ToString();
    }

    internal static async Task<HttpStatusCode> SignInAsync(HttpClient client, string email, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, Ct);
        return response.StatusCode;
    }

    /// <summary>The password on the administrator's line of the printed list (e-mail, role, password).</summary>
    private static string PrintedPassword(string output)
    {
        var line = output.Split('\n').Single(l => l.StartsWith(DemoAccounts.AdminEmail + " ", StringComparison.Ordinal));
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
    }

    [Fact]
    public async Task The_first_start_generates_the_password_prints_it_once_and_keeps_it_in_an_owner_only_file()
    {
        string? password = null;
        var first = await ServeAsync(dataDir, [], async client =>
        {
            Assert.True(File.Exists(CredentialsPath));
            password = PrintedPassword(await File.ReadAllTextAsync(CredentialsPath, Ct));
            // The real server requires two-factor sign-in of staff (ADR 021): the right password gets "enrol first".
            Assert.Equal(HttpStatusCode.Forbidden, await SignInAsync(client, DemoAccounts.AdminEmail, password));
            Assert.Equal(HttpStatusCode.OK, await SignInAsync(client, DemoAccounts.ResearcherEmail, password));
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, DemoAccounts.StaffEmail, OldPublishedPassword));
        });
        Assert.Equal(password, PrintedPassword(first));
        Assert.Contains(CredentialsPath, first);
        Assert.True(password!.Length >= 16 && password != OldPublishedPassword);
        var file = await File.ReadAllTextAsync(CredentialsPath, Ct);
        foreach (var (email, role, _) in DemoAccounts.All)
            Assert.Contains(file.Split('\n'), l => l.StartsWith(email + " ", StringComparison.Ordinal) && l.Contains($" {role} ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(password, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CredentialsPath));

        // Another database gets another password.
        var elsewhere = dataDir + "-other";
        try
        {
            Assert.NotEqual(password, PrintedPassword(await ServeAsync(elsewhere, [])));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(elsewhere, recursive: true);
        }

        var second = await ServeAsync(dataDir, [], async client =>
            Assert.Equal(HttpStatusCode.OK, await SignInAsync(client, DemoAccounts.ManagerEmail, password)));
        Assert.DoesNotContain(password!, second);
        Assert.Equal(file, await File.ReadAllTextAsync(CredentialsPath, Ct));
    }

    [Fact]
    public async Task The_demo_password_option_sets_it_and_a_weak_one_is_refused_before_anything_is_loaded()
    {
        var weak = Path.Combine(dataDir, "weak");
        var refused = await Assert.ThrowsAsync<UsageException>(() => ServeAsync(weak, ["--demo-password", "demo"]));
        Assert.Contains("demo password is refused", refused.Message);
        await using (var db = new BiotopeSettings(weak, null).CreateDb())
            Assert.False(await db.Organizations.AnyAsync(Ct));

        var output = await ServeAsync(dataDir, ["--demo-password", "Chosen-Demo-Pass-9"], async client =>
        {
            Assert.Equal(HttpStatusCode.OK, await SignInAsync(client, DemoAccounts.ExpertEmail, "Chosen-Demo-Pass-9"));
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, DemoAccounts.AdminEmail, OldPublishedPassword));
        });
        Assert.Equal("Chosen-Demo-Pass-9", PrintedPassword(output));
        Assert.Equal("Chosen-Demo-Pass-9", PrintedPassword(await File.ReadAllTextAsync(CredentialsPath, Ct)));
    }

    [Fact]
    public async Task PostgreSQL_gets_the_demo_data_only_with_the_demo_option()
    {
        postgres.RequireOrSkip();
        var plain = await postgres.CreateDatabaseAsync("demo_pass");
        Assert.Equal("", await ServeAsync(dataDir, ["--database", plain]));
        await using (var db = new BiotopeSettings(dataDir, plain).CreateDb())
        {
            Assert.False(await db.Organizations.AnyAsync(Ct));
            Assert.False(await db.Users.AnyAsync(Ct));
        }
        Assert.False(File.Exists(CredentialsPath));
        var usage = Assert.Throws<UsageException>(() => Cli.SeedsDemo(CommandLine.Parse(["--demo-password", "Chosen-Demo-Pass-9"]), new BiotopeSettings(dataDir, plain)));
        Assert.Contains("--demo", usage.Message);

        var demo = await postgres.CreateDatabaseAsync("demo_pass");
        string? password = null;
        await ServeAsync(dataDir, ["--database", demo, "--demo"], async client =>
        {
            password = PrintedPassword(await File.ReadAllTextAsync(CredentialsPath, Ct));
            Assert.Equal(HttpStatusCode.OK, await SignInAsync(client, DemoAccounts.MemberAdminEmail, password));
        });
        await using var seeded = new BiotopeSettings(dataDir, demo).CreateDb();
        Assert.True(await seeded.Organizations.AnyAsync(o => o.Slug == "uliege", Ct));
        var emails = DemoAccounts.All.Select(a => a.Email).ToList();
        Assert.Equal(emails.Count, await seeded.Users.CountAsync(u => emails.Contains(u.Email!), Ct));
    }

    [Fact]
    public void SQLite_loads_the_demo_data_unless_told_not_to()
    {
        var sqlite = new BiotopeSettings(dataDir, null);
        Assert.True(Cli.SeedsDemo(CommandLine.Parse([]), sqlite));
        Assert.False(Cli.SeedsDemo(CommandLine.Parse(["--no-demo"]), sqlite));
        Assert.Throws<UsageException>(() => Cli.SeedsDemo(CommandLine.Parse(["--demo", "--no-demo"]), sqlite));
        Assert.False(Cli.SeedsDemo(CommandLine.Parse([]), new BiotopeSettings(dataDir, "Host=127.0.0.1;Database=x")));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }
}
