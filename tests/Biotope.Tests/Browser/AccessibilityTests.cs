using Biotope.Features.Accounts;
using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// axe-core finds no serious or critical accessibility violation on any page, in either language, in
/// the states people actually see (search results, field errors, a refused page).
/// </summary>
public sealed class AccessibilityTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;
    private readonly List<string> failures = [];

    [Theory]
    [InlineData("fr-BE")]
    [InlineData("en-GB")]
    public async Task Directory_pages(string locale)
    {
        browser.RequireOrSkip();
        var language = locale[..2];
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();

        await CheckAsync(page, "/", $"{language}-home");
        await CheckAsync(page, "/organizations", $"{language}-directory");
        await CheckAsync(page, "/organizations?q=liege&type=University", $"{language}-directory-filtered");
        await Expect(page.Locator(".result-card")).Not.ToHaveCountAsync(0);
        await CheckAsync(page, "/organizations?q=zzzzqqq", $"{language}-directory-empty");
        await CheckAsync(page, $"/organizations/{await app.IdOfAsync("uliege")}", $"{language}-profile");
        await CheckAsync(page, $"/organizations/{await app.IdOfAsync("uclouvain")}", $"{language}-profile-identifiers");
        AssertNoFailures();
    }

    [Theory]
    [InlineData("fr-BE")]
    [InlineData("en-GB")]
    public async Task Sign_in_pages(string locale)
    {
        browser.RequireOrSkip();
        var language = locale[..2];
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();

        await CheckAsync(page, "/account/login", $"{language}-login");

        // An empty form: a message under each field, tied to it.
        var response = await page.SubmitWithAsync(page.Locator("#main form button[type=submit]"));
        Assert.Equal(400, response.Status);
        await Expect(page.Locator("#email-error")).ToBeVisibleAsync();
        await Expect(page.Locator("#email")).ToHaveAttributeAsync("aria-describedby", "email-error");
        await Expect(page.Locator("#password-error")).ToBeVisibleAsync();
        await CheckCurrentAsync(page, $"{language}-login-field-errors");

        // A wrong password: one message for the form.
        await page.SubmitSignInAsync("nobody@test.biotope.be", "Wrong-password-1");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await CheckCurrentAsync(page, $"{language}-login-wrong-password");

        await CheckAsync(page, "/account/denied", $"{language}-denied");
        AssertNoFailures();
    }

    [Theory]
    [InlineData("fr-BE")]
    [InlineData("en-GB")]
    public async Task Staff_pages(string locale)
    {
        browser.RequireOrSkip();
        var language = locale[..2];
        var louvainId = await app.IdOfAsync("uclouvain");
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, await app.CreateUserAsync(Roles.ClusterStaff));

        await CheckAsync(page, $"/organizations/{louvainId}/edit", $"{language}-edit");

        // An invalid ROR id: the message sits next to the field and is announced with it.
        await page.Locator("#f-rorId").FillAsync("02495e988");
        var response = await page.SubmitWithAsync(page.Locator(".form-actions button[type=submit]"));
        Assert.Equal(400, response.Status);
        await Expect(page.GetByRole(AriaRole.Alert).First).ToBeVisibleAsync();
        var error = page.Locator(".field:has(#f-rorId) .field-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("ROR");
        await Expect(page.Locator("#f-rorId")).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await page.Locator("#f-rorId").GetAttributeAsync("aria-describedby");
        Assert.Contains(await error.GetAttributeAsync("id") ?? "(none)", (describedBy ?? "").Split(' '));
        await Expect(page.Locator("#f-rorId")).ToHaveValueAsync("02495e988");
        await CheckCurrentAsync(page, $"{language}-edit-invalid-ror");
        await error.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDir, $"a11y-{language}-edit-invalid-ror-viewport.png") });

        await CheckAsync(page, "/audit", $"{language}-audit");
        await CheckAsync(page, "/account/denied", $"{language}-denied-signed-in");
        AssertNoFailures();
    }

    private async Task CheckAsync(IPage page, string path, string name)
    {
        var response = await page.OpenAsync(app, path);
        Assert.True(response.Status is 200 or 403, $"{path} answered {response.Status}");
        await CheckCurrentAsync(page, name);
    }

    /// <summary>Runs axe on the page as it is and keeps a screenshot; failures are reported together at the end.</summary>
    private async Task CheckCurrentAsync(IPage page, string name)
    {
        var violations = await browser.RunAxeAsync(page);
        try
        {
            BrowserFixture.AssertNoSeriousViolations(violations);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failures.Add($"{name} ({page.Url}): {e.Message}");
        }
        await browser.ScreenshotAsync(page, $"a11y-{name}");
    }

    private void AssertNoFailures()
    {
        if (failures.Count > 0) Assert.Fail(string.Join(Environment.NewLine, failures));
    }
}
