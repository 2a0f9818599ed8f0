using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Biotope.Tests.Browser;

/// <summary>
/// Every page each role reaches by its links, in Chromium: on a phone (390 px) nothing scrolls sideways, at 1280 px no
/// table is cut off (a wide table scrolls inside its own box), and axe finds no serious or critical violation.
/// </summary>
public sealed class SiteWalkBrowserTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    /// <summary>Tables that reach past a box that hides what overflows, or past the window, with no scrolling box around them: columns a reader cannot reach.</summary>
    private const string ClippedTables = """
        () => [...document.querySelectorAll('table')].filter(t => {
          const right = t.getBoundingClientRect().right;
          for (let box = t.parentElement; box && box !== document.body; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (style.overflowX === 'auto' || style.overflowX === 'scroll') return false;
            if ((style.overflowX === 'hidden' || style.overflowX === 'clip') && right > box.getBoundingClientRect().right + 1) return true;
          }
          return right > document.documentElement.clientWidth + 1;
        }).map(t => (t.querySelector('caption, th')?.textContent ?? t.className).trim().slice(0, 60))
        """;

    [Theory]
    [InlineData("fr-BE", 390)]
    [InlineData("en-GB", 390)]
    [InlineData("fr-BE", 1280)]
    public async Task Every_page_of_every_role_fits_the_screen_and_passes_axe(string locale, int width)
    {
        browser.RequireOrSkip();
        var problems = new List<string>();
        var axe = browser.NewAxeLog($"walk-{locale[..2]}-{width}");
        var checkedPages = 0;
        foreach (var (role, email) in SiteCrawler.DemoRoles.Where(r => r.Role != "administrator"))
        {
            using var http = await app.PageClientAsync(email, TestApp.DemoPassword, locale[..2]);
            var paths = (await SiteCrawler.WalkAsync(http, maxPages: 40, maxPerPattern: 1)).Select(p => p.Path).ToList();
            await using var context = await browser.NewContextAsync(locale, o =>
            {
                o.ViewportSize = new ViewportSize { Width = width, Height = 900 };
                if (width < 500) { o.IsMobile = true; o.HasTouch = true; }
            });
            var page = await context.NewPageAsync();
            if (email is not null) await page.SignInAsync(app, (email, TestApp.DemoPassword));
            foreach (var path in paths)
            {
                await page.OpenAsync(app, path);
                checkedPages++;
                var (scrollWidth, clientWidth) = await page.WidthsAsync();
                if (scrollWidth > clientWidth) problems.Add($"{role} {path}: {scrollWidth}px of content in a {clientWidth}px window");
                foreach (var table in await page.EvaluateAsync<string[]>(ClippedTables)) problems.Add($"{role} {path}: table \"{table}\" is cut off");
                // axe once per page shape and language, on the widest and narrowest screens alike.
                if (role is "visitor" or "memberadmin" or "manager" or "staff") await axe.CheckAsync(page, $"{role}-{SiteCrawler.Pattern(path).Trim('/').Replace('/', '-')}");
            }
        }
        Assert.True(checkedPages > 50, $"only {checkedPages} pages were walked");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        axe.AssertClean();
    }
}
