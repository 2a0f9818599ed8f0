using Biotope.Features.Accounts;
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
        var louvainId = await app.IdOfAsync("uclouvain");
        await using var context = await browser.NewContextAsync(locale, o =>
        {
            o.ViewportSize = new ViewportSize { Width = 390, Height = 844 };
            o.IsMobile = true;
            o.HasTouch = true;
            o.DeviceScaleFactor = 1;
        });
        var page = await context.NewPageAsync();
        var overflowing = new List<string>();

        async Task CheckAsync(string path, string name)
        {
            await page.OpenAsync(app, path);
            var (scrollWidth, clientWidth) = await page.WidthsAsync();
            if (scrollWidth > clientWidth) overflowing.Add($"{path}: {scrollWidth}px of content in a {clientWidth}px viewport");
            await browser.ScreenshotAsync(page, $"mobile-{language}-{name}");
        }

        await CheckAsync("/", "home");
        await CheckAsync("/organizations", "directory");
        await CheckAsync("/organizations?q=liege&type=University", "directory-filtered");
        await CheckAsync($"/organizations/{louvainId}", "profile");
        await CheckAsync("/account/login", "login");
        // Signed in as staff: a long e-mail address in the header, the edit form, the audit table.
        await page.SignInAsync(app, await app.CreateUserAsync(Roles.ClusterStaff));
        await CheckAsync($"/organizations/{louvainId}/edit", "edit");
        await CheckAsync("/audit", "audit");

        Assert.True(overflowing.Count == 0, "Pages scroll sideways on a phone:" + Environment.NewLine + string.Join(Environment.NewLine, overflowing));
    }
}
