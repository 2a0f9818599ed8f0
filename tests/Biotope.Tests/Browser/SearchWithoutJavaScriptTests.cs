using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>The directory search is a plain GET form: it works the same with JavaScript off.</summary>
public sealed class SearchWithoutJavaScriptTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Theory]
    [InlineData("fr-BE", "Appliquer les filtres")]
    [InlineData("en-GB", "Apply filters")]
    public async Task Search_and_filter_by_submitting_the_form(string locale, string apply)
    {
        browser.RequireOrSkip();
        await using var context = await browser.NewContextAsync(locale, o => o.JavaScriptEnabled = false);
        var page = await context.NewPageAsync();
        await page.OpenAsync(app, "/organizations");
        var all = await page.Locator(".result-card").CountAsync();

        await page.Locator("#q").FillAsync("liege");
        await page.SubmitWithAsync(page.Locator("#search-form .search-row button[type=submit]"));
        Assert.Contains("q=liege", page.Url);
        await Expect(page.Locator(".result-list")).ToContainTextAsync(locale == "fr-BE" ? "Université de Liège" : "University of Liège");
        var found = await page.Locator(".result-card").CountAsync();
        Assert.True(found < all, $"searching 'liege' kept all {all} results");

        await page.Locator("#f-type-University").CheckAsync();
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = apply }));

        var url = new Uri(page.Url);
        Assert.Contains("type=University", url.Query);
        Assert.Contains("q=liege", url.Query);
        await Expect(page.Locator("#f-type-University")).ToBeCheckedAsync();
        var types = await page.Locator(".result-card .result-type").AllTextContentsAsync();
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.Equal(locale == "fr-BE" ? "Université" : "University", t.Trim()));
        await browser.ScreenshotAsync(page, $"search-no-js-{locale}");
    }
}
