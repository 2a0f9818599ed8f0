using Biotope.Features.Accounts;
using Biotope.Tests.Browser;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Features.Calls.Staff;

/// <summary>A staff member writes a call in a real browser; the form and the evaluation page have no serious accessibility violation.</summary>
public sealed class StaffBrowserTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Fact]
    public async Task Staff_write_a_call_and_open_its_evaluation_with_no_serious_accessibility_violation()
    {
        browser.RequireOrSkip();
        await using var context = await browser.NewContextAsync("en-GB");
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, await app.CreateUserAsync(Roles.ClusterStaff), "/calls/new");
        Assert.EndsWith("/calls/new", page.Url);

        var title = "Browser call " + Guid.NewGuid().ToString("N")[..8];
        await page.Locator("#f-titleFr").FillAsync("Appel écrit dans le navigateur");
        await page.Locator("#f-titleEn").FillAsync(title);
        await page.Locator("#f-funder").FillAsync("Walloon Region");
        await page.Locator("#f-opensAt").FillAsync("2025-01-06T09:00");
        await page.Locator("#f-closesAt").FillAsync("2099-06-30T12:00");
        await page.Locator("#f-budgetEnvelope").FillAsync("1500000");
        // More reviewers than the demo database has experts, so the proposal stays short of some.
        await page.Locator("#f-reviewersPerProposal").FillAsync("10");
        await page.Locator("#f-published").CheckAsync();
        await page.Locator("#f-criteria-0--name").FillAsync("Excellence scientifique");
        await page.Locator("#f-criteria-0--nameEn").FillAsync("Scientific excellence");
        await page.Locator("#f-criteria-0--weight").FillAsync("100");
        await page.Locator("#f-criteria-0--passThreshold").FillAsync("3");
        var saved = await page.SubmitWithAsync(page.Locator(".form-actions button[type=submit]"));

        Assert.Equal(200, saved.Status);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        var callId = await app.WithDbAsync(db => db.Calls.Where(c => c.TitleEn == title).Select(c => c.Id).SingleAsync());
        Assert.EndsWith($"/calls/{callId}/edit?saved=true", page.Url);
        await Expect(page.Locator("#f-opensAt")).ToHaveValueAsync("2025-01-06T09:00");
        await browser.ScreenshotAsync(page, "staff-call-form");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));

        // A submitted proposal and a run of the assignment fill the evaluation page's tables and its uncovered list.
        await app.SubmittedProposalAsync(callId, "AXEPROOF");
        await page.OpenAsync(app, $"/calls/{callId}/evaluation");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Run the optimal assignment" }));
        await Expect(page.Locator(".uncovered")).ToContainTextAsync("AXEPROOF");
        await Expect(page.Locator("#p-" + await app.WithDbAsync(db => db.Proposals.Where(p => p.CallId == callId).Select(p => p.Id).SingleAsync()))).ToBeVisibleAsync();
        await browser.ScreenshotAsync(page, "staff-call-evaluation");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
    }
}
