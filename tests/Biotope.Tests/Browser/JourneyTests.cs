using Biotope.Features.Accounts;
using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// One visit from start to end, as a person would make it: a French browser finds the Université de
/// Liège while typing, reads its profile in both languages, signs in as its member admin, edits it, and
/// is refused another organization's edit page.
/// </summary>
public sealed class JourneyTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Fact]
    public async Task Find_read_switch_language_sign_in_edit_and_be_refused_elsewhere()
    {
        browser.RequireOrSkip();
        var ulgId = await app.IdOfAsync("uliege");
        var louvainId = await app.IdOfAsync("uclouvain");
        var memberAdmin = await app.CreateUserAsync(Roles.MemberAdmin, ulgId);
        await using var context = await browser.NewContextAsync(locale: "fr-BE");
        var page = await context.NewPageAsync();

        // The directory, in French; results follow the typing without pressing Enter.
        await page.OpenAsync(app, "/organizations");
        Assert.Equal("fr", await page.LanguageAsync());
        await page.EvaluateAsync("() => { window.stillTheSamePage = true; }");
        await page.Locator("#q").PressSequentiallyAsync("liege", new() { Delay = 40 });
        await Expect(page.Locator("#results .result-list")).ToContainTextAsync("Université de Liège");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"[?&]q=liege"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "typing reloaded the page instead of updating it");
        await browser.ScreenshotAsync(page, "journey-1-search-as-you-type");

        // The profile, in French.
        await page.SubmitWithAsync(page.Locator("#results").GetByRole(AriaRole.Link, new() { Name = "Université de Liège" }));
        Assert.EndsWith($"/organizations/{ulgId}", page.Url);
        Assert.Equal("fr", await page.LanguageAsync());
        await Expect(page.Locator("h1")).ToContainTextAsync("Université de Liège");
        await Expect(page.Locator("#activity, #identity").First).ToBeVisibleAsync();
        await Expect(page.Locator("main h2").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Activité|Identité"));
        await Expect(page.Locator("main")).ToContainTextAsync("Université de l'académie de Liège");
        await browser.ScreenshotAsync(page, "journey-2-profile-fr");

        // The header's EN button: the same profile, in English.
        await page.SubmitWithAsync(page.Locator(".language-switch button[value=en]"));
        Assert.EndsWith($"/organizations/{ulgId}", page.Url);
        Assert.Equal("en", await page.LanguageAsync());
        await Expect(page.Locator("h1")).ToContainTextAsync("University of Liège");
        await Expect(page.Locator("main h2").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Activity|Identity"));
        await Expect(page.Locator("main")).ToContainTextAsync("University of the academy of Liège");
        await Expect(page.Locator(".language-switch button[value=en]")).ToHaveAttributeAsync("aria-pressed", "true");
        await browser.ScreenshotAsync(page, "journey-3-profile-en");

        // Sign in through the header link; it comes back to the profile.
        await page.SubmitWithAsync(page.Locator(".site-header").GetByRole(AriaRole.Link, new() { Name = "Sign in" }));
        Assert.Contains("/account/login", page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await browser.ScreenshotAsync(page, "journey-4-sign-in");
        await page.SubmitSignInAsync(memberAdmin.Email, memberAdmin.Password);
        Assert.EndsWith($"/organizations/{ulgId}", page.Url);
        await Expect(page.Locator(".site-header a[href='/account']")).ToHaveAttributeAsync("title", memberAdmin.Email);

        // Edit the English description.
        await page.SubmitWithAsync(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }));
        Assert.EndsWith($"/organizations/{ulgId}/edit", page.Url);
        var description = $"A university in Liège, edited by its member admin ({Guid.NewGuid():N}).";
        var field = page.GetByLabel("Description in English");
        await field.FillAsync(description);
        await browser.ScreenshotAsync(page, "journey-5-edit");
        await page.SubmitWithAsync(page.Locator("main form").GetByRole(AriaRole.Button, new() { Name = "Save" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Expect(page.GetByLabel("Description in English")).ToHaveValueAsync(description);
        await browser.ScreenshotAsync(page, "journey-6-saved");
        await page.OpenAsync(app, $"/organizations/{ulgId}");
        await Expect(page.Locator("main")).ToContainTextAsync(description);

        // Another organization's edit page is refused: the access-denied page, no form.
        var refused = await page.OpenAsync(app, $"/organizations/{louvainId}/edit");
        Assert.Equal(403, refused.Status);
        Assert.Contains("/account/denied", page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Access denied");
        await Expect(page.Locator("main form")).ToHaveCountAsync(0);
        await Expect(page.Locator("textarea, main input")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync(page, "journey-7-denied");
    }
}
