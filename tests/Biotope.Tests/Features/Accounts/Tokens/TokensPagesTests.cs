using System.Net;
using Biotope.Features.Accounts;
using Biotope.Tests.Browser;
using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Features.Accounts.Tokens;

/// <summary>/account/tokens in a real browser, wide and narrow, checked with axe-core: make a token, use it, revoke it.</summary>
public sealed class TokensPagesTests(SqliteTokensApp fixture, BrowserFixture browser) : IClassFixture<SqliteTokensApp>
{
    private readonly TestApp app = fixture.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("fr-BE", 1280, "Jetons d'API", "Créer le jeton", "Révoquer le jeton", "Le jeton est révoqué")]
    [InlineData("en-GB", 390, "API tokens", "Create the token", "Revoke the token", "The token is revoked")]
    public async Task A_person_makes_a_token_from_my_space_uses_it_and_revokes_it(string locale, int width, string title, string create, string revoke, string revoked)
    {
        browser.RequireOrSkip();
        var (email, password) = await app.CreateUserAsync(Roles.Expert);
        await using var context = await browser.NewContextAsync(locale, o => o.ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 800 : 900 });
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, (email, password), "/account");
        await page.SubmitWithAsync(page.Locator("a[href='/account/tokens']"));

        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Expect(page.Locator("table.api-tokens")).ToHaveCountAsync(0);
        await page.Locator("#token-name").FillAsync("Export " + width);
        await page.Locator("input[name=Scope][value=Read]").CheckAsync();
        var response = await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = create }));

        Assert.Equal(200, response.Status);
        var token = await page.Locator("#token-value").InputValueAsync();
        Assert.StartsWith("bio_", token);
        await Expect(page.Locator("table.api-tokens tbody tr")).ToHaveCountAsync(1);
        var (scrollWidth, clientWidth) = await page.WidthsAsync();
        Assert.True(scrollWidth <= clientWidth, $"the page scrolls sideways at {width} px ({scrollWidth} > {clientWidth})");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
        await browser.ScreenshotAsync(page, $"tokens-{locale[..2]}-{width}-created");
        Assert.Equal(HttpStatusCode.OK, (await app.NewClient(token).GetAsync("/api/v1/me/tokens", Ct)).StatusCode);

        await page.SubmitWithAsync(page.Locator("table.api-tokens tbody tr").First.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^" + revoke) }));

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(revoked);
        await Expect(page.Locator("table.api-tokens")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.NewClient(token).GetAsync("/api/v1/me/tokens", Ct)).StatusCode);
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
    }
}
