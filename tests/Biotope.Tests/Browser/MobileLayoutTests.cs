using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Biotope.Tests.Browser;

/// <summary>On a phone-sized screen (390x844) nothing scrolls sideways.</summary>
public sealed class MobileLayoutTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Theory]
    [InlineData("fr-BE")]
    [InlineData("en-GB")]
    public async Task Pages_fit_a_phone_screen(string locale)
    {
        browser.RequireOrSkip();
        var language = locale[..2];
        await using var context = await browser.NewContextAsync(locale, o =>
        {
            o.ViewportSize = new ViewportSize { Width = 390, Height = 844 };
            o.IsMobile = true;
            o.HasTouch = true;
            o.DeviceScaleFactor = 1;
        });
        var page = await context.NewPageAsync();
        var overflowing = new List<string>();
        foreach (var (path, name) in new[]
        {
            ("/", "home"),
            ("/organizations", "directory"),
            ("/organizations?q=liege&type=University", "directory-filtered"),
            ($"/organizations/{await app.IdOfAsync("uclouvain")}", "profile"),
            ("/account/login", "login"),
        })
        {
            await page.OpenAsync(app, path);
            var (scrollWidth, clientWidth) = await page.WidthsAsync();
            if (scrollWidth > clientWidth) overflowing.Add($"{path}: {scrollWidth}px of content in a {clientWidth}px viewport");
            await browser.ScreenshotAsync(page, $"mobile-{language}-{name}");
        }
        Assert.True(overflowing.Count == 0, "Pages scroll sideways on a phone:" + Environment.NewLine + string.Join(Environment.NewLine, overflowing));
    }
}
