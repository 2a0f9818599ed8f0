using Biotope.Features.Accounts;
using Biotope.Tests.Browser;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Features.Accounts;

/// <summary>
/// ADR 021 in Chromium, in an app where staff must have two-factor sign-in: enrolment with the code computed here, sign-in
/// with a code and with a recovery code (refused the second time), a passkey made and used with Chromium's virtual
/// authenticator, and staff sent to enrol; wide and narrow, in English and French.
/// </summary>
public sealed class TwoFactorBrowserTests(SqliteTwoFactorFixture fixture, BrowserFixture browser) : IClassFixture<SqliteTwoFactorFixture>
{
    private readonly TestApp app = fixture.App;

    private Task<IBrowserContext> ContextAsync(string locale, int width, bool realCsp = false) =>
        browser.NewContextAsync(locale, o =>
        {
            o.ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 800 : 900 };
            o.BypassCSP = !realCsp;
        });

    private static async Task AssertFitsAsync(IPage page)
    {
        var (scroll, client) = await page.WidthsAsync();
        Assert.True(scroll <= client, $"{page.Url} scrolls sideways ({scroll} > {client})");
    }

    /// <summary>Turns two-factor sign-in on from /account/two-factor, typing the key's current code; answers the key and the codes shown.</summary>
    private static async Task<(string Key, IReadOnlyList<string> Codes)> EnrolAsync(IPage page, TestApp app, string password)
    {
        if (!page.Url.Contains("/account/two-factor", StringComparison.Ordinal)) await page.OpenAsync(app, "/account/two-factor");
        await Expect(page.Locator("img.qr-code")).ToBeVisibleAsync();
        var key = (await page.Locator("#shared-key").TextContentAsync())!;
        await page.Locator("#current-password").FillAsync(password);
        await page.Locator("#enable-code").FillAsync(TwoFactorKit.Code(key));
        await page.SubmitWithAsync(page.Locator("form[action*='handler=Enable'] button[type=submit]"));
        var codes = await page.Locator(".recovery-codes li code").AllTextContentsAsync();
        Assert.Equal(10, codes.Count);
        return (key, codes.ToList());
    }

    private static async Task SignInWithCodeAsync(IPage page, TestApp app, (string Email, string Password) account, string code)
    {
        await page.Context.ClearCookiesAsync();
        await page.OpenAsync(app, "/account/login?returnUrl=%2Faccount");
        await page.SubmitSignInAsync(account.Email, account.Password);
        Assert.Contains("/account/login/two-factor", page.Url);
        await page.Locator("#code").FillAsync(code);
        await page.SubmitWithAsync(page.Locator("#main form button[type=submit]"));
    }

    [Theory]
    [InlineData("en-GB", 1280)]
    [InlineData("en-GB", 390)]
    [InlineData("fr-BE", 1280)]
    [InlineData("fr-BE", 390)]
    public async Task A_person_enrols_then_signs_in_with_a_code_and_with_a_recovery_code_once(string locale, int width)
    {
        browser.RequireOrSkip();
        var account = await app.CreateUserAsync(Roles.Expert);
        await using var context = await ContextAsync(locale, width);
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, account, "/account");
        await page.Locator("a[href='/account/two-factor']").First.ClickAsync();
        await page.WaitForURLAsync("**/account/two-factor");
        Assert.Equal(locale[..2], await page.LanguageAsync());
        await AssertFitsAsync(page);
        var (key, codes) = await EnrolAsync(page, app, account.Password);
        await AssertFitsAsync(page);
        await browser.ScreenshotAsync(page, $"two-factor-codes-{locale}-{width}");

        await SignInWithCodeAsync(page, app, account, TwoFactorKit.Code(key));
        Assert.EndsWith("/account", page.Url);
        await Expect(page.Locator(".site-header a[href='/account']")).ToHaveAttributeAsync("title", account.Email);

        await SignInWithCodeAsync(page, app, account, codes[5]);
        Assert.EndsWith("/account", page.Url);
        await Expect(page.Locator(".site-header a[href='/account']")).ToHaveAttributeAsync("title", account.Email);

        await SignInWithCodeAsync(page, app, account, codes[5]);
        Assert.Contains("/account/login/two-factor", page.Url);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await Expect(page.Locator(".site-header a[href='/account']")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("en-GB", 1280)]
    [InlineData("fr-BE", 390)]
    public async Task A_passkey_made_with_the_virtual_authenticator_signs_in_on_its_own(string locale, int width)
    {
        browser.RequireOrSkip();
        var account = await app.CreateUserAsync(Roles.Expert);
        // WebAuthn takes a domain, never an IP address: the journey runs on localhost, under the real CSP.
        var local = new Uri(app.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal)).ToString().TrimEnd('/');
        await using var context = await ContextAsync(locale, width, realCsp: true);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
            },
        });

        await page.GotoAsync(local + "/account/login?returnUrl=%2Faccount%2Fpasskeys");
        await page.SubmitSignInAsync(account.Email, account.Password);
        Assert.EndsWith("/account/passkeys", page.Url);
        await page.Locator("#passkey-name").FillAsync("Chromium " + width);
        await page.Locator("#add-passkey").ClickAsync();
        await page.WaitForURLAsync("**/account/passkeys?done=added");
        await Expect(page.Locator(".passkey-list .passkey-name")).ToHaveTextAsync("Chromium " + width);
        await AssertFitsAsync(page);
        await browser.ScreenshotAsync(page, $"passkeys-{locale}-{width}");

        await context.ClearCookiesAsync();
        await page.GotoAsync(local + "/account/login?returnUrl=%2Faccount");
        await AssertFitsAsync(page);
        await page.Locator("#passkey-sign-in").ClickAsync();
        await page.WaitForURLAsync("**/account");
        await Expect(page.Locator(".site-header a[href='/account']")).ToHaveAttributeAsync("title", account.Email);

        await page.GotoAsync(local + "/account/passkeys");
        await page.Locator(".passkey-list button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/account/passkeys?done=removed");
        await Expect(page.Locator(".passkey-list")).ToHaveCountAsync(0);
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == account.Email).Select(u => u.Id).SingleAsync());
        var audit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == userId).Select(a => a.Action).ToListAsync());
        Assert.Contains(AccountAudit.PasskeyAdded, audit);
        Assert.Contains(AccountAudit.PasskeyRemoved, audit);
        Assert.True(audit.Count(a => a == AccountAudit.SignedIn) >= 2);
    }

    [Theory]
    [InlineData("fr-BE", 1280)]
    [InlineData("en-GB", 390)]
    public async Task Staff_without_two_factor_sign_in_are_sent_to_enrol(string locale, int width)
    {
        browser.RequireOrSkip();
        var account = await app.CreateUserAsync(Roles.ClusterStaff);
        await using var context = await ContextAsync(locale, width);
        var page = await context.NewPageAsync();
        await page.OpenAsync(app, "/account/login?returnUrl=%2Faudit");
        await page.SubmitSignInAsync(account.Email, account.Password);
        Assert.Contains("/account/two-factor?required=true", page.Url);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await page.OpenAsync(app, "/audit");
        Assert.Contains("/account/two-factor?required=true", page.Url);
        await AssertFitsAsync(page);
        await browser.ScreenshotAsync(page, $"two-factor-required-{locale}-{width}");

        await EnrolAsync(page, app, account.Password);
        var audit = await page.OpenAsync(app, "/audit");
        Assert.Equal(200, audit.Status);
        Assert.EndsWith("/audit", page.Url);
    }
}
