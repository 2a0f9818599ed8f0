using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// A visitor opens the portfolio, follows Hainaut-Biomed, switches to English; axe finds no serious or
/// critical violation on the portfolio and on the project page, in either language.
/// </summary>
public sealed class ProjectsBrowserTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Fact]
    public async Task A_visitor_opens_the_portfolio_follows_Hainaut_Biomed_and_switches_language()
    {
        browser.RequireOrSkip();
        await using var context = await browser.NewContextAsync("fr-BE");
        var page = await context.NewPageAsync();
        var axe = browser.NewAxeLog("projects");

        // The portfolio, reached from the navigation, in French.
        await page.OpenAsync(app, "/");
        await page.SubmitWithAsync(page.Locator(".site-nav a[href='/projects']"));
        Assert.EndsWith("/projects", page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Projets");
        await Expect(page.Locator("#dashboard")).ToHaveTextAsync("Tableau de bord du portefeuille");
        await Expect(page.Locator("table.figures").First).ToBeVisibleAsync();
        await axe.CheckAsync(page, "fr-portfolio");

        // Follow Hainaut-Biomed.
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Link, new() { Name = "Hainaut-Biomed", Exact = true }));
        Assert.EndsWith("/projects/hainaut-biomed", page.Url);
        await Expect(page.Locator("h1")).ToContainTextAsync("Hainaut-Biomed");
        await Expect(page.Locator(".status-badge")).ToHaveTextAsync("Statut non précisé");
        await Expect(page.Locator(".strand")).ToHaveCountAsync(3);
        await Expect(page.Locator(".strand").Nth(1)).ToContainTextAsync("OCPAM");
        await axe.CheckAsync(page, "fr-hainaut-biomed");

        // Switch to English: the same page comes back in English.
        await page.SubmitWithAsync(page.Locator(".language-switch button[value=en]"));
        Assert.EndsWith("/projects/hainaut-biomed", page.Url);
        Assert.Equal("en", await page.LanguageAsync());
        await Expect(page.Locator(".status-badge")).ToHaveTextAsync("Status not stated");
        await Expect(page.Locator(".strand").First).ToContainTextAsync("A cutting-edge imaging centre");
        await axe.CheckAsync(page, "en-hainaut-biomed");

        // A partner's directory page is one click away.
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Link, new() { Name = "Université de Mons" }));
        Assert.Contains("/organizations/", page.Url);
        await Expect(page.Locator("a[href='/projects/hainaut-biomed']")).ToBeVisibleAsync();

        await page.OpenAsync(app, "/projects");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Projects");
        await axe.CheckAsync(page, "en-portfolio");

        axe.AssertClean();
    }
}
