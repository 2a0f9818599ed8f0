using System.Net;
using Biotope.Features.Accounts;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// The expert's journey through the pages: review an assigned proposal, see the other reviews only after submitting.
/// The applicant's journey (partners found by typing, budget, eligibility, submission) is in EvaluationJourneyTests.
/// </summary>
public sealed class CallJourneyTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Fact]
    public async Task An_expert_reviews_an_assigned_proposal_and_then_sees_the_other_review()
    {
        browser.RequireOrSkip();
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);
        var now = DateTimeOffset.UtcNow;
        string Local(DateTimeOffset t) => Biotope.Infrastructure.BrusselsTime.ToLocalInput(t);
        var call = await staff.PostJsonAsync("/api/v1/calls", CallsKit.CallBody(Local(now.AddDays(-1)), Local(now.AddDays(30))), HttpStatusCode.Created);
        var callId = call.GetProperty("id").GetInt32();
        var proposalId = await CallsKit.SubmittedProposalAsync(app, callId, "REVIEWME");
        await app.WithDbAsync(db => db.Experts.ExecuteUpdateAsync(e => e.SetProperty(x => x.Active, false)));
        var (first, _) = await app.AddExpertAsync(staff, "First expert", null, ["cell-therapy"], ["immunology"]);
        var (email, password) = await app.CreateUserAsync(Roles.Expert);
        await staff.PostJsonAsync("/api/v1/experts", new { name = "Browser expert", email, areas = new[] { "monoclonal-antibodies" }, keywords = new[] { "bioprocess" }, maxLoad = 3 }, HttpStatusCode.Created);
        var assignment = await staff.PostJsonAsync($"/api/v1/calls/{callId}/assignment", null);
        Assert.True(assignment.GetProperty("complete").GetBoolean(), assignment.ToString());
        var criteria = call.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToArray();
        await first.PostJsonAsync($"/api/v1/proposals/{proposalId}/review/submit", new { scores = criteria.Select(c => new { criterionId = c, score = 4, comment = "Solide." }) });

        await using var context = await browser.NewContextAsync(locale: "en-GB");
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, (email, password), "/reviews");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Proposals to review");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Link, new() { Name = "REVIEWME" }));
        await Expect(page.Locator("main")).ToContainTextAsync("shown once you have submitted yours");

        // Submitting without comments is refused, each field saying why; then the full review goes in.
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Submit the review" }));
        await Expect(page.Locator(".field-error").First).ToContainTextAsync("choose a score from 0 to 5");
        foreach (var c in criteria)
        {
            await page.Locator($"#score-{c}").SelectOptionAsync("3");
            await page.Locator($"#comment-{c}").FillAsync("Convincing plan, modest innovation.");
        }
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
        await browser.ScreenshotAsync(page, "call-2-review-form");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Submit the review" }));
        await Expect(page.Locator(".notice")).ToContainTextAsync("Your review is submitted");
        await Expect(page.Locator("main")).ToContainTextAsync("Solide.");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("First expert");
        await browser.ScreenshotAsync(page, "call-3-reviews-after-submission");
    }
}
