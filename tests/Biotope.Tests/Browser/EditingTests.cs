using Biotope.Features.Accounts;
using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>Two people editing the same organization: the second save does not overwrite the first.</summary>
public sealed class EditingTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Theory]
    [InlineData("en-GB", "Someone else saved this organization")]
    [InlineData("fr-BE", "Quelqu'un d'autre a enregistré cette organisation")]
    public async Task Saving_a_stale_form_explains_the_conflict_and_keeps_the_first_save(string locale, string explanation)
    {
        browser.RequireOrSkip();
        var id = await app.IdOfAsync(locale == "en-GB" ? "ulb" : "biowin");
        var editUrl = $"/organizations/{id}/edit";
        await using var first = await browser.NewContextAsync(locale);
        await using var second = await browser.NewContextAsync(locale);
        var alice = await first.NewPageAsync();
        var bob = await second.NewPageAsync();
        await alice.SignInAsync(app, await app.CreateUserAsync(Roles.ClusterStaff), editUrl);
        await bob.SignInAsync(app, await app.CreateUserAsync(Roles.ClusterStaff), editUrl);
        Assert.EndsWith(editUrl, alice.Url);
        Assert.EndsWith(editUrl, bob.Url);

        await alice.Locator("#f-descriptionEn").FillAsync("First save wins.");
        await alice.SubmitWithAsync(alice.Locator(".form-actions button[type=submit]"));
        await Expect(alice.GetByRole(AriaRole.Status)).ToBeVisibleAsync();

        await bob.Locator("#f-descriptionEn").FillAsync("Second save, from a stale form.");
        var response = await bob.SubmitWithAsync(bob.Locator(".form-actions button[type=submit]"));

        Assert.Equal(409, response.Status);
        var alert = bob.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync(explanation);
        await Expect(alert).ToContainTextAsync("First save wins.");
        await browser.ScreenshotAsync(bob, $"edit-conflict-{locale}");
        await using var reader = await browser.NewContextAsync("en-GB");
        var profile = await reader.NewPageAsync();
        await profile.OpenAsync(app, $"/organizations/{id}");
        await Expect(profile.Locator("main")).ToContainTextAsync("First save wins.");
        await Expect(profile.Locator("main")).Not.ToContainTextAsync("Second save");
    }
}
