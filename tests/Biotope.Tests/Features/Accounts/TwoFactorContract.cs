using System.Net;
using System.Net.Http.Json;
using Biotope.Features.Accounts;
using Biotope.Tests.Features.Calls.Staff;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Accounts;

/// <summary>
/// ADR 021 on SQLite and PostgreSQL, in apps where staff must have two-factor sign-in as in production: the token answer
/// with and without the second factor, recovery codes used once, staff sent to enrol, and a password change on the current one.
/// </summary>
public abstract class TwoFactorContract
{
    protected abstract TestApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<List<string>> AuditAsync(string userId) =>
        App.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(AppUser) && a.EntityId == userId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(Ct));

    private Task<string> IdOfAsync(string email) =>
        App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));

    [Fact]
    public async Task A_token_for_an_account_with_two_factor_sign_in_needs_its_code()
    {
        var (email, password) = await App.CreateUserAsync(Roles.Expert);
        var (_, key, codes) = await App.EnrolAsync(email, password);

        using var missing = await App.TokenAsync(email, password);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("auth.two-factor-required", await TwoFactorKit.ProblemCodeAsync(missing));

        using var wrong = await App.TokenAsync(email, password, TwoFactorKit.WrongCode(key));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("auth.invalid-credentials", await TwoFactorKit.ProblemCodeAsync(wrong));

        // The code does not stand in for the password.
        using var wrongPassword = await App.TokenAsync(email, "Not-the-password-42", TwoFactorKit.Code(key));
        Assert.Equal("auth.invalid-credentials", await TwoFactorKit.ProblemCodeAsync(wrongPassword));

        using var right = await App.TokenAsync(email, password, TwoFactorKit.Code(key));
        using var api = App.NewClient(await TwoFactorKit.AccessTokenAsync(right));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me/tokens", Ct)).StatusCode);

        using var recovered = await App.TokenAsync(email, password, codes[3]);
        await TwoFactorKit.AccessTokenAsync(recovered);
        using var again = await App.TokenAsync(email, password, codes[3]);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal("auth.invalid-credentials", await TwoFactorKit.ProblemCodeAsync(again));

        var audit = await AuditAsync(await IdOfAsync(email));
        Assert.Contains(AccountAudit.TwoFactorEnabled, audit);
        Assert.Single(audit, a => a == AccountAudit.RecoveryCodeUsed);
    }

    [Fact]
    public async Task The_sign_in_page_asks_for_the_code_as_a_second_step()
    {
        var (email, password) = await App.CreateUserAsync(Roles.Expert);
        var (_, key, codes) = await App.EnrolAsync(email, password);

        var browser = StaffPagesKit.Anonymous(App);
        var login = await browser.GetPageAsync("/account/login");
        var first = await browser.PostFormAsync("/account/login", login.Html, [("Email", email), ("Password", password), ("ReturnUrl", "/account")]);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/account/login/two-factor", first.Headers.Location!.OriginalString);
        // Not signed in yet.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account", Ct)).StatusCode);

        var step = await browser.GetPageAsync(first.Headers.Location.OriginalString);
        var wrong = await browser.PostFormAsync("/account/login/two-factor", step.Html, [("Code", TwoFactorKit.WrongCode(key)), ("ReturnUrl", "/account")]);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("This code is not right.", await StaffPagesKit.ReadAsync(wrong));

        var right = await browser.PostFormAsync("/account/login/two-factor", step.Html, [("Code", codes[0].ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)), ("ReturnUrl", "/account")]);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/account", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account", Ct)).StatusCode);
    }

    [Fact]
    public async Task Staff_without_two_factor_sign_in_get_no_token_and_can_only_enrol()
    {
        var (email, password) = await App.CreateUserAsync(Roles.ClusterStaff);
        using var token = await App.TokenAsync(email, password);
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.Equal("auth.two-factor-enrolment-required", await TwoFactorKit.ProblemCodeAsync(token));

        var browser = StaffPagesKit.Anonymous(App);
        var login = await browser.GetPageAsync("/account/login");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/account/login", login.Html, [("Email", email), ("Password", password)])).StatusCode);
        foreach (var path in new[] { "/audit", "/account", "/organizations" })
        {
            var sent = await browser.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            Assert.Equal("/account/two-factor?required=true", sent.Headers.Location!.OriginalString);
        }
        var api = await browser.GetAsync("/api/v1/me/tokens", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);

        // The enrolling browser goes on once enrolled, and staff cannot turn it off.
        var page = await browser.GetPageAsync("/account/two-factor");
        var key = TwoFactorKit.SharedKey().Match(page.Html).Groups[1].Value;
        var enabled = await browser.PostFormAsync("/account/two-factor?handler=Enable", page.Html, [("CurrentPassword", password), ("Code", TwoFactorKit.Code(key))]);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/audit", Ct)).StatusCode);
        Assert.DoesNotContain("handler=Disable", (await browser.GetPageAsync("/account/two-factor")).Html);
        using var now = await App.TokenAsync(email, password, TwoFactorKit.Code(key));
        await TwoFactorKit.AccessTokenAsync(now);
    }

    [Fact]
    public async Task An_expert_turns_two_factor_sign_in_off_with_a_current_code()
    {
        var (email, password) = await App.CreateUserAsync(Roles.Expert);
        var (browser, key, _) = await App.EnrolAsync(email, password);
        var page = await browser.GetPageAsync("/account/two-factor");
        Assert.Contains("10 recovery codes left.", page.Html);
        var refused = await browser.PostFormAsync("/account/two-factor?handler=Disable", page.Html, [("Code", TwoFactorKit.WrongCode(key))]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var off = await browser.PostFormAsync("/account/two-factor?handler=Disable", page.Html, [("Code", TwoFactorKit.Code(key))]);
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        using var token = await App.TokenAsync(email, password);
        await TwoFactorKit.AccessTokenAsync(token);
        var audit = await AuditAsync(await IdOfAsync(email));
        Assert.Contains(AccountAudit.TwoFactorDisabled, audit);
    }

    [Fact]
    public async Task Changing_the_password_asks_for_the_current_one_and_ends_the_tokens()
    {
        var (email, password) = await App.CreateUserAsync(Roles.Expert);
        using var first = await App.TokenAsync(email, password);
        using var api = App.NewClient(await TwoFactorKit.AccessTokenAsync(first));

        using var wrong = await api.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = "Not-the-password-42", newPassword = "New-Password-4242" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("currentPassword", await wrong.Content.ReadAsStringAsync(Ct));
        using var weak = await api.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = password, newPassword = "short" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("newPassword", await weak.Content.ReadAsStringAsync(Ct));

        using var changed = await api.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = password, newPassword = "New-Password-4242" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me/tokens", Ct)).StatusCode);
        using var old = await App.TokenAsync(email, password);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var fresh = await App.TokenAsync(email, "New-Password-4242");
        await TwoFactorKit.AccessTokenAsync(fresh);
        Assert.Contains(AccountAudit.PasswordChanged, await AuditAsync(await IdOfAsync(email)));

        // The page does the same for a browser, which stays signed in.
        var browser = StaffPagesKit.Anonymous(App);
        var login = await browser.GetPageAsync("/account/login");
        await browser.PostFormAsync("/account/login", login.Html, [("Email", email), ("Password", "New-Password-4242")]);
        var page = await browser.GetPageAsync("/account/password");
        var refused = await browser.PostFormAsync("/account/password", page.Html, [("CurrentPassword", "nope"), ("NewPassword", "Third-Password-42")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("This is not your current password.", await StaffPagesKit.ReadAsync(refused));
        var done = await browser.PostFormAsync("/account/password", page.Html, [("CurrentPassword", "New-Password-4242"), ("NewPassword", "Third-Password-42")]);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account", Ct)).StatusCode);
    }
}

/// <summary>One app per class with the staff requirement on, as in production.</summary>
public sealed class SqliteTwoFactorFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartSqliteAsync(settings: s => s with { StaffTwoFactorRequired = true });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class PostgresTwoFactorFixture(PostgresServer server) : IAsyncLifetime
{
    private TestApp? app;

    public async ValueTask InitializeAsync()
    {
        if (server.Available) app = await TestApp.StartPostgresAsync(server, seedDemo: false, staffTwoFactor: true);
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

public sealed class SqliteTwoFactorTests(SqliteTwoFactorFixture fixture) : TwoFactorContract, IClassFixture<SqliteTwoFactorFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresTwoFactorTests(PostgresTwoFactorFixture fixture) : TwoFactorContract, IClassFixture<PostgresTwoFactorFixture>
{
    protected override TestApp App => fixture.Require();
}
