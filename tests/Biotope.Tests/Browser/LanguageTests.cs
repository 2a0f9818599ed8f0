using Biotope.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>The browser's Accept-Language picks the language until the person chooses one in the header.</summary>
public sealed class LanguageTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Theory]
    [InlineData("en-GB", "en", "The health-innovation ecosystem of Wallonia")]
    [InlineData("fr-BE", "fr", "L'écosystème de l'innovation en santé en Wallonie")]
    [InlineData("fr", "fr", "L'écosystème de l'innovation en santé en Wallonie")]
    [InlineData("en-US", "en", "The health-innovation ecosystem of Wallonia")]
    [InlineData("de-DE", "fr", "L'écosystème de l'innovation en santé en Wallonie")]
    public async Task Accept_Language_picks_the_language_by_default(string locale, string language, string heading)
    {
        browser.RequireOrSkip();
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();

        await page.OpenAsync(app, "/");

        Assert.Equal(language, await page.LanguageAsync());
        await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
        await Expect(page.Locator($".language-switch button[value={language}]")).ToHaveAttributeAsync("aria-pressed", "true");
    }

    [Theory]
    [InlineData("en-GB", "fr", "Annuaire")]
    [InlineData("fr-BE", "en", "Directory")]
    public async Task The_switcher_cookie_wins_over_Accept_Language(string locale, string chosen, string directory)
    {
        browser.RequireOrSkip();
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.OpenAsync(app, "/organizations?q=liege");

        await page.SubmitWithAsync(page.Locator($".language-switch button[value={chosen}]"));

        Assert.EndsWith("/organizations?q=liege", page.Url);
        Assert.Equal(chosen, await page.LanguageAsync());
        await Expect(page.Locator("h1")).ToHaveTextAsync(directory);
        // Later visits keep the choice, although the browser still asks for the other language.
        await page.OpenAsync(app, "/");
        Assert.Equal(chosen, await page.LanguageAsync());
        await page.OpenAsync(app, $"/organizations/{await app.IdOfAsync("uliege")}");
        Assert.Equal(chosen, await page.LanguageAsync());
        Assert.Contains(await context.CookiesAsync(), c => c.Name == ".AspNetCore.Culture" && Uri.UnescapeDataString(c.Value).StartsWith($"c={chosen}|", StringComparison.Ordinal));
    }
}
