using Biotope.Features.Accounts;
using Biotope.Tests.Browser;
using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Features.Privacy;

/// <summary>My space → download my data → delete my account with the password → sign-in refused, in a real browser, wide and narrow.</summary>
public sealed class PrivacyPagesTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Theory]
    [InlineData("fr-BE", 1280, "Télécharger mes données", "Supprimer définitivement mon compte", "Compte supprimé", "Confidentialité")]
    [InlineData("en-GB", 390, "Download my data", "Delete my account for good", "Account deleted", "Privacy")]
    public async Task A_person_downloads_their_data_then_deletes_their_account_and_can_no_longer_sign_in(string locale, int width, string download, string delete, string deleted, string privacy)
    {
        browser.RequireOrSkip();
        var (email, password) = await app.CreateUserAsync(Roles.Expert);
        await using var context = await browser.NewContextAsync(locale, o => o.ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 800 : 900 });
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, (email, password), "/account");
        await page.SubmitWithAsync(page.Locator("#my-data-link"));

        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        var file = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = download, Exact = true }).ClickAsync());
        var json = await File.ReadAllTextAsync((await file.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Contains(email, json);
        var (scrollWidth, clientWidth) = await page.WidthsAsync();
        Assert.True(scrollWidth <= clientWidth, $"the page scrolls sideways at {width} px ({scrollWidth} > {clientWidth})");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
        await browser.ScreenshotAsync(page, $"my-data-{locale[..2]}-{width}");

        await page.SubmitWithAsync(page.Locator("a.button[href='/account/delete']"));
        await page.Locator("#erase-password").FillAsync("Not-my-password-1");
        var refused = await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = delete }));
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#erase-password-error")).ToBeVisibleAsync();
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
        await page.Locator("#erase-password").FillAsync(password);
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = delete }));

        await Expect(page.Locator("h1")).ToHaveTextAsync(deleted);
        await Expect(page.Locator(".site-footer a[href='/privacy']")).ToHaveTextAsync(privacy);
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
        await page.OpenAsync(app, "/account/login");
        var answer = await page.SubmitSignInAsync(email, password);
        Assert.Equal(401, answer.Status);
        await Expect(page.Locator($".site-header a[title='{email}']")).ToHaveCountAsync(0);
        await page.OpenAsync(app, "/privacy");
        await Expect(page.Locator("h1")).ToHaveTextAsync(privacy);
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
    }
}
