using System.Net.Http.Headers;
using System.Net.Http.Json;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Biotope.Tests.Infrastructure;

/// <summary>
/// The real application on a real Kestrel port (127.0.0.1, random), on a fresh SQLite file or a fresh
/// PostgreSQL database, with the demo ecosystem loaded unless asked otherwise.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string? tempDir;

    private TestApp(WebApplication app, string baseUrl, string? tempDir, BiotopeSettings settings)
    {
        this.app = app;
        this.tempDir = tempDir;
        BaseUrl = baseUrl;
        Settings = settings;
        Client = NewClient();
    }

    public string BaseUrl { get; }
    public BiotopeSettings Settings { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => app.Services;
    public bool IsPostgres => Settings.UsePostgres;

    /// <summary>The demo accounts' password in every test app (given as --demo-password would; the server generates one otherwise).</summary>
    public const string DemoPassword = "Test-Demo-Pass-42";

    /// <summary>
    /// The suite signs in and calls the API from one address far more often than a person: its apps lift the rate limits
    /// (ADR 019) unless a test gives its own.
    /// </summary>
    public static readonly RateLimitSettings SuiteLimits = new(ApiPerMinute: 0, SignInPerMinute: 0, PasswordResetPerHour: 0, SignUpPerHour: 0);

    /// <summary>
    /// Whether staff must have two-factor sign-in in the test apps (ADR 021): off, so the suite's many staff sign-ins need
    /// no code; on in production always, and in the tests of the requirement (Features/Accounts/TwoFactor*).
    /// </summary>
    public const bool SuiteStaffTwoFactor = false;

    /// <summary>A request header only the test apps read: the client address the request pretends to come from.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <param name="configure">Changes to the host before it is built (e.g. configuration such as an SMTP server).</param>
    /// <param name="settings">Changes to the settings (e.g. a public URL or known proxies).</param>
    /// <param name="limits">Rate limits (default: none, so the suite, all from one address, is never limited).</param>
    public static async Task<TestApp> StartSqliteAsync(bool seedDemo = true, TimeProvider? clock = null, Action<WebApplicationBuilder>? configure = null,
        Func<BiotopeSettings, BiotopeSettings>? settings = null, RateLimitSettings? limits = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "biotope-test-" + Guid.NewGuid().ToString("N")[..10]);
        var chosen = new BiotopeSettings(dir, null) { DemoPassword = DemoPassword, RateLimits = limits ?? SuiteLimits, StaffTwoFactorRequired = SuiteStaffTwoFactor };
        return await StartAsync(settings?.Invoke(chosen) ?? chosen, seedDemo, dir, clock, configure);
    }

    /// <param name="seedDemo">Always said: on PostgreSQL the server loads the demo data only when asked for (--demo).</param>
    public static async Task<TestApp> StartPostgresAsync(PostgresServer server, bool seedDemo, TimeProvider? clock = null, Action<WebApplicationBuilder>? configure = null,
        RateLimitSettings? limits = null, bool staffTwoFactor = SuiteStaffTwoFactor)
    {
        var connection = await server.CreateDatabaseAsync("biotope");
        // Its own data folder: the demo data writes demo-accounts.txt there.
        var dir = Path.Combine(Path.GetTempPath(), "biotope-test-" + Guid.NewGuid().ToString("N")[..10]);
        return await StartAsync(new BiotopeSettings(dir, connection) { DemoPassword = DemoPassword, RateLimits = limits ?? SuiteLimits, StaffTwoFactorRequired = staffTwoFactor }, seedDemo, dir, clock, configure);
    }

    private static async Task<TestApp> StartAsync(BiotopeSettings settings, bool seedDemo, string? tempDir, TimeProvider? clock, Action<WebApplicationBuilder>? configure = null)
    {
        var app = await BiotopeApp.CreateAsync(settings, "http://127.0.0.1:0", seedDemo, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddFilter(_ => false);
            builder.Services.AddSingleton(new ServerOutput(TextWriter.Null));
            // The last registration wins: deadlines are checked against the test's clock.
            if (clock is not null) builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>();
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestApp(app, address, tempDir, settings);
    }

    /// <summary>Another server on this app's database (as a second process or a restart would be): it shares nothing in memory.</summary>
    public Task<TestApp> StartAnotherAsync() => StartAsync(Settings, seedDemo: false, tempDir: null, clock: null);

    /// <summary>Stops the server and keeps its database (the data folder goes at dispose).</summary>
    public Task StopAsync() => app.StopAsync();

    public HttpClient NewClient(string? bearerToken = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (bearerToken is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        return client;
    }

    /// <summary>Creates an account with one role and returns its credentials.</summary>
    public async Task<(string Email, string Password)> CreateUserAsync(string role, int? organizationId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.biotope.be";
        var (created, errors) = await UserAccounts.CreateAsync(scope.ServiceProvider, email, role, organizationId, "Correct-horse-42");
        Assert.True(created is not null, string.Join("; ", errors.SelectMany(e => e.Value)));
        return (email, "Correct-horse-42");
    }

    /// <summary>A client that carries a bearer token for a new user with <paramref name="role"/>.</summary>
    public async Task<HttpClient> ClientAsAsync(string role, int? organizationId = null)
    {
        var (email, password) = await CreateUserAsync(role, organizationId);
        var response = await Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        return NewClient(token);
    }

    private sealed record TokenResponse(string AccessToken);

    public async Task<T> WithDbAsync<T>(Func<BiotopeDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<BiotopeDb>());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (tempDir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(tempDir, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>One app per test class: on SQLite.</summary>
public sealed class SqliteAppFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartSqliteAsync();

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>One app per test class: on the throw-away PostgreSQL server.</summary>
public sealed class PostgresAppFixture(PostgresServer server) : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!server.Available) return;
        App = await TestApp.StartPostgresAsync(server, seedDemo: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }

    public TestApp Require()
    {
        server.RequireOrSkip();
        return App;
    }
}

/// <summary>One app per test class, on SQLite without demo data, with a clock the tests move (a class's tests run one after the other).</summary>
public abstract class ClockedSqliteFixture(DateTimeOffset start) : IAsyncLifetime
{
    public FakeClock Clock { get; } = new(start);
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartSqliteAsync(seedDemo: false, clock: Clock);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>One app per test class, on the throw-away PostgreSQL server without demo data, with a clock the tests move.</summary>
public abstract class ClockedPostgresFixture(PostgresServer server, DateTimeOffset start) : IAsyncLifetime
{
    public FakeClock Clock { get; } = new(start);
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

/// <summary>Test apps only: <see cref="TestApp.ClientAddressHeader"/> sets the connection's remote address, ahead of the whole pipeline.</summary>
internal sealed class TestClientAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (System.Net.IPAddress.TryParse(context.Request.Headers[TestApp.ClientAddressHeader].ToString(), out var address))
                context.Connection.RemoteIpAddress = address;
            await nextMiddleware();
        });
        next(app);
    };
}
