using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Features.Accounts.Tokens;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Accounts.Tokens;

/// <summary>
/// Sign-in tokens that end with the security stamp, sessions that end everywhere, and personal API tokens (ADR 018),
/// asserted identically on SQLite and PostgreSQL. The business clock stands at <see cref="Start"/> and only moves forward.
/// </summary>
public abstract partial class TokensContract
{
    public static readonly DateTimeOffset Start = new(2026, 7, 1, 8, 0, 0, TimeSpan.Zero);

    protected abstract TestApp App { get; }
    protected abstract FakeClock Clock { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex AntiforgeryToken();

    private async Task<(string Email, string Password, string UserId)> PersonAsync(string role = Roles.Expert)
    {
        var (email, password) = await App.CreateUserAsync(role);
        var id = await App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        return (email, password, id);
    }

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var response = await App.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(body.TryGetProperty("refreshToken", out _), "no refresh token is handed out");
        return App.NewClient(body.GetProperty("accessToken").GetString());
    }

    private async Task ChangeAccountAsync(string userId, Func<UserManager<AppUser>, AppUser, Task<IdentityResult>> change)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = await change(users, (await users.FindByIdAsync(userId))!);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client) => (await client.GetAsync("/api/v1/me/tokens", Ct)).StatusCode;

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).TryGetProperty("code", out var code) ? code.GetString() : null;

    public static TheoryData<string> AccountChanges => ["password", "lock", "role", "sign-out-everywhere"];

    [Theory]
    [MemberData(nameof(AccountChanges))]
    public async Task A_sign_in_token_works_until_the_account_changes(string change)
    {
        var (email, password, userId) = await PersonAsync();
        var client = await SignedInAsync(email, password);
        var other = await PersonAsync();
        var bystander = await SignedInAsync(other.Email, other.Password);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client));

        switch (change)
        {
            case "password": await ChangeAccountAsync(userId, (users, user) => users.ChangePasswordAsync(user, password, "Another-horse-43")); break;
            case "lock": await ChangeAccountAsync(userId, (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue)); break;
            case "role": await ChangeAccountAsync(userId, (users, user) => users.AddToRoleAsync(user, Roles.Trainer)); break;
            default: Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/me/sign-out-everywhere", null, Ct)).StatusCode); break;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "x", scope = "Read" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(bystander));
        if (change is "password" or "role" or "sign-out-everywhere")
        {
            var again = await SignedInAsync(email, change == "password" ? "Another-horse-43" : password);
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(again));
        }
    }

    [Fact]
    public void Cookies_check_the_stamp_as_often_as_sign_in_tokens_in_production()
    {
        using var services = new ServiceCollection().AddLogging().AddBiotopeTokens().BuildServiceProvider();
        Assert.Equal(SecurityStamps.Window, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), SecurityStamps.Window);
    }

    [Fact]
    public async Task Sign_out_everywhere_from_my_space_ends_the_other_browser_sessions_and_sign_in_tokens()
    {
        var (email, password, _) = await PersonAsync();
        var here = await App.PageClientAsync(email, password, "en");
        var there = await App.PageClientAsync(email, password, "fr");
        var script = await SignedInAsync(email, password);
        var mySpace = await here.GetAsync("/account", Ct);
        Assert.Equal("/account", mySpace.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await mySpace.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Sign out everywhere", page);
        Assert.Equal("/account", (await there.GetAsync("/account", Ct)).RequestMessage!.RequestUri!.AbsolutePath);

        var done = await here.PostAsync("/account/sign-out-everywhere", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value,
        }), Ct);
        Assert.Equal("/account/login", done.RequestMessage!.RequestUri!.AbsolutePath);

        Assert.Equal("/account/login", (await here.GetAsync("/account", Ct)).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/account/login", (await there.GetAsync("/account", Ct)).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(script));
        var back = await App.PageClientAsync(email, password, "fr");
        Assert.Equal("/account", (await back.GetAsync("/account", Ct)).RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Sign_out_everywhere_through_the_api_ends_a_browser_session()
    {
        var (email, password, _) = await PersonAsync();
        var browser = await App.PageClientAsync(email, password, "en");
        Assert.Equal("/account", (await browser.GetAsync("/account", Ct)).RequestMessage!.RequestUri!.AbsolutePath);
        var script = await SignedInAsync(email, password);
        Assert.Equal(HttpStatusCode.NoContent, (await script.PostAsync("/api/v1/me/sign-out-everywhere", null, Ct)).StatusCode);
        Assert.Equal("/account/login", (await browser.GetAsync("/account", Ct)).RequestMessage!.RequestUri!.AbsolutePath);
    }

    private static async Task<(long Id, string Token, JsonElement Body)> CreateTokenAsync(HttpClient client, string name, string scope, int? days = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/me/tokens", new { name, scope, expiresInDays = days }, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetInt64(), body.GetProperty("token").GetString()!, body);
    }

    [Fact]
    public async Task A_personal_token_is_made_listed_used_and_revoked()
    {
        var (email, password, userId) = await PersonAsync();
        var session = await SignedInAsync(email, password);
        var (id, token, body) = await CreateTokenAsync(session, "Nightly export", "Write");
        Assert.Matches($"^bio_{id}_[A-Za-z0-9_-]{{43}}$", token);
        Assert.Equal(Clock.GetUtcNow().AddDays(90), body.GetProperty("expiresAt").GetDateTimeOffset());
        var stored = await App.WithDbAsync(db => db.PersonalTokens.SingleAsync(t => t.Id == id, Ct));
        Assert.Equal(PersonalTokens.Hash(token[$"bio_{id}_".Length..]), stored.TokenHash);
        Assert.DoesNotContain(token[$"bio_{id}_".Length..], JsonSerializer.Serialize(stored));

        var listed = await session.GetFromJsonAsync<JsonElement>("/api/v1/me/tokens", Ct);
        var row = Assert.Single(listed.EnumerateArray());
        Assert.Equal("Nightly export", row.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("lastUsedAt").ValueKind);
        Assert.False(row.TryGetProperty("token", out _));
        Assert.False(row.TryGetProperty("tokenHash", out _));

        var script = App.NewClient(token);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(script));
        var used = await session.GetFromJsonAsync<JsonElement>("/api/v1/me/tokens", Ct);
        Assert.Equal(Clock.GetUtcNow(), used[0].GetProperty("lastUsedAt").GetDateTimeOffset());
        // A personal token writes as its owner, and outlives the owner's sign-in sessions.
        var (_, second, _) = await CreateTokenAsync(script, "Made by a script", "Read");
        Assert.StartsWith("bio_", second);
        Assert.Equal(HttpStatusCode.NoContent, (await session.PostAsync("/api/v1/me/sign-out-everywhere", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(script));

        Assert.Equal(HttpStatusCode.NoContent, (await script.DeleteAsync($"/api/v1/me/tokens/{id}", Ct)).StatusCode);
        var refused = await script.GetAsync("/api/v1/me/tokens", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("token.revoked", await CodeAsync(refused));
        var fresh = await SignedInAsync(email, password);
        Assert.Equal(HttpStatusCode.NotFound, (await fresh.DeleteAsync("/api/v1/me/tokens/999999", Ct)).StatusCode);
        var remaining = await fresh.GetFromJsonAsync<JsonElement>("/api/v1/me/tokens", Ct);
        Assert.Equal(["Made by a script"], remaining.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(2, (await fresh.GetFromJsonAsync<JsonElement>("/api/v1/me/tokens?revoked=true", Ct)).GetArrayLength());

        var audit = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(PersonalToken) && a.UserId == userId).OrderBy(a => a.Id).ToListAsync(Ct));
        Assert.Equal(["Added", "Added", "Modified"], audit.Select(a => a.Action));
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), audit[^1].EntityId);
        Assert.Contains("RevokedAt", audit[^1].After);
        Assert.All(audit, a => Assert.DoesNotContain("TokenHash", a.After));
    }

    [Fact]
    public async Task A_read_token_reads_but_a_write_is_refused_with_code_token_scope()
    {
        var (email, password, _) = await PersonAsync();
        var session = await SignedInAsync(email, password);
        var (_, token, _) = await CreateTokenAsync(session, "Dashboard", "Read");
        var reader = App.NewClient(token);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(reader));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/organizations", Ct)).StatusCode);
        var write = await reader.PostAsJsonAsync("/api/v1/me/tokens", new { name = "Escalation", scope = "Write" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("token.scope", await CodeAsync(write));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/v1/me/sign-out-everywhere", null, Ct)).StatusCode);
        // Pages are for browsers: a token does not sign in to them.
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/account", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_personal_token_has_the_roles_of_its_owner_now()
    {
        var (email, password, userId) = await PersonAsync(Roles.Expert);
        var (_, token, _) = await CreateTokenAsync(await SignedInAsync(email, password), "Organizations", "Write");
        var script = App.NewClient(token);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.PostAsJsonAsync("/api/v1/organizations", new { name = "Jeton Personnel " + Guid.NewGuid().ToString("N")[..6], type = "Sme" }, Ct)).StatusCode);
        await ChangeAccountAsync(userId, (users, user) => users.AddToRoleAsync(user, Roles.ClusterStaff));
        Assert.Equal(HttpStatusCode.Created, (await script.PostAsJsonAsync("/api/v1/organizations", new { name = "Jeton Personnel " + Guid.NewGuid().ToString("N")[..6], type = "Sme" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Expired_forged_and_locked_personal_tokens_are_refused()
    {
        var (email, password, userId) = await PersonAsync();
        var session = await SignedInAsync(email, password);
        var (_, shortLived, body) = await CreateTokenAsync(session, "One day", "Read", days: 1);
        Assert.Equal(Clock.GetUtcNow().AddDays(1), body.GetProperty("expiresAt").GetDateTimeOffset());
        var (id, longLived, _) = await CreateTokenAsync(session, "A year", "Read", days: 366);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(App.NewClient(shortLived)));

        Clock.Advance(TimeSpan.FromDays(1));
        var expired = await App.NewClient(shortLived).GetAsync("/api/v1/me/tokens", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal("token.expired", await CodeAsync(expired));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(App.NewClient(longLived)));

        var forged = await App.NewClient($"bio_{id}_{new string('A', 43)}").GetAsync("/api/v1/me/tokens", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("token.invalid", await CodeAsync(forged));

        await ChangeAccountAsync(userId, (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
        var locked = await App.NewClient(longLived).GetAsync("/api/v1/me/tokens", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal("token.account-inactive", await CodeAsync(locked));
    }

    [Fact]
    public async Task A_token_needs_a_name_a_scope_and_at_most_a_year()
    {
        var (email, password, _) = await PersonAsync();
        var session = await SignedInAsync(email, password);
        var response = await session.PostAsJsonAsync("/api/v1/me/tokens", new { name = " ", expiresInDays = 367 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var codes = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errorCodes");
        Assert.Equal("token.name.required", codes.GetProperty("name")[0].GetString());
        Assert.Equal("token.scope.required", codes.GetProperty("scope")[0].GetString());
        Assert.Equal("token.expiry.range", codes.GetProperty("expiresInDays")[0].GetString());
    }

    [Theory]
    [InlineData("fr", "Jetons d'API", "Créer le jeton", "Lecture", "Le jeton est révoqué", "Jamais")]
    [InlineData("en", "API tokens", "Create the token", "Read", "The token is revoked", "Never")]
    public async Task The_tokens_page_makes_shows_and_revokes_a_token_in_both_languages(string language, string title, string create, string read, string revoked, string never)
    {
        var (email, password, _) = await PersonAsync();
        var browser = await App.PageClientAsync(email, password, language);
        var empty = await browser.GetStringAsync("/account/tokens", Ct);
        Assert.Contains($"<h1>{title}</h1>", WebUtility.HtmlDecode(empty));
        Assert.Contains(create, empty);
        Assert.Contains("href=\"/account/tokens\"", await browser.GetStringAsync("/account", Ct));

        var made = await browser.PostAsync("/account/tokens?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(empty).Groups[1].Value,
            ["Name"] = "Tableau de bord",
            ["Scope"] = "Read",
            ["ExpiresInDays"] = "30",
        }), Ct);
        var page = WebUtility.HtmlDecode(await made.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.True(made.Headers.CacheControl?.NoStore, "the token is not cached");
        var token = Regex.Match(page, "value=\"(bio_[^\"]+)\"").Groups[1].Value;
        Assert.StartsWith("bio_", token);
        Assert.Contains(read, page);
        Assert.Contains($">{Texts.Format(Clock.GetUtcNow().AddDays(30), language)}<", page);
        Assert.Contains(never, page);
        Assert.DoesNotContain(token, await browser.GetStringAsync("/account/tokens", Ct));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(App.NewClient(token)));
        var listed = WebUtility.HtmlDecode(await browser.GetStringAsync("/account/tokens", Ct));
        Assert.DoesNotContain(never, listed);
        Assert.Equal(2, Regex.Count(listed, Regex.Escape($">{Texts.Format(Clock.GetUtcNow(), language)}<")));

        var id = token.Split('_')[1];
        var gone = await browser.PostAsync($"/account/tokens?handler=Revoke&id={id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(listed).Groups[1].Value,
        }), Ct);
        var after = WebUtility.HtmlDecode(await gone.Content.ReadAsStringAsync(Ct));
        Assert.Contains(revoked, after);
        Assert.DoesNotContain("Tableau de bord", after);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(App.NewClient(token)));
    }
}

public sealed class SqliteTokensApp : IAsyncLifetime
{
    public FakeClock Clock { get; } = new(TokensContract.Start);
    public TestApp App { get; private set; } = null!;

    /// <summary>Cookies check the stamp on every request here, so the tests need not wait out the window.</summary>
    internal static void EveryRequest(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

    public async ValueTask InitializeAsync() => App = await TestApp.StartSqliteAsync(seedDemo: false, clock: Clock, configure: EveryRequest);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class PostgresTokensApp(PostgresServer server) : IAsyncLifetime
{
    private TestApp? app;
    public FakeClock Clock { get; } = new(TokensContract.Start);

    public async ValueTask InitializeAsync()
    {
        if (server.Available) app = await TestApp.StartPostgresAsync(server, seedDemo: false, clock: Clock, configure: SqliteTokensApp.EveryRequest);
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

public sealed class SqliteTokensTests(SqliteTokensApp fixture) : TokensContract, IClassFixture<SqliteTokensApp>
{
    protected override TestApp App => fixture.App;
    protected override FakeClock Clock => fixture.Clock;
}

public sealed class PostgresTokensTests(PostgresTokensApp fixture) : TokensContract, IClassFixture<PostgresTokensApp>
{
    protected override TestApp App => fixture.Require();
    protected override FakeClock Clock => fixture.Clock;
}
