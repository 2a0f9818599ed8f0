using Biotope.Features.Accounts;
using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>Five wrong passwords refuse this client (ADR 019): even the right one is then refused from it, with 429.</summary>
public sealed class LockoutTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Theory]
    [InlineData("en-GB", "The e-mail or password is wrong.", "Too many failed attempts from this connection: try again in 5 min.")]
    [InlineData("fr-BE", "L'adresse e-mail ou le mot de passe est incorrect.", "Trop de tentatives échouées depuis cette connexion : réessayez dans 5 min.")]
    public async Task Five_wrong_passwords_lock_the_account(string locale, string wrong, string locked)
    {
        browser.RequireOrSkip();
        var account = await app.CreateUserAsync(Roles.ClusterStaff);
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.OpenAsync(app, "/account/login");

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var response = await page.SubmitSignInAsync(account.Email, $"Wrong-password-{attempt}");
            Assert.Equal(401, response.Status);
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(wrong);
            await Expect(page.Locator("#email")).ToHaveValueAsync(account.Email);
        }
        await page.SubmitSignInAsync(account.Email, "Wrong-password-5");
        var last = await page.SubmitSignInAsync(account.Email, account.Password);

        Assert.Equal(429, last.Status);
        Assert.Contains("/account/login", page.Url);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(locked);
        await Expect(page.Locator(".site-header")).Not.ToContainTextAsync(account.Email);
        await browser.ScreenshotAsync(page, $"login-locked-{locale}");
        await page.OpenAsync(app, "/audit");
        Assert.Contains("/account/login", page.Url);
    }
}
