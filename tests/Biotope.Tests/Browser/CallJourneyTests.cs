using System.Net;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// The applicant's and the expert's journeys through the pages: start a proposal in the demo call, build the
/// consortium and budget, watch the eligibility report turn green, attach the PDF and submit; then review an
/// assigned proposal, see the other reviews only after submitting.
/// </summary>
public sealed class CallJourneyTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Fact]
    public async Task An_applicant_builds_an_eligible_proposal_and_submits_it()
    {
        browser.RequireOrSkip();
        var sme = await app.AddOrganizationAsync("Biocell Journey", OrganizationType.Sme, "BE332");
        var large = await app.AddOrganizationAsync("PharmaGrande Journey", OrganizationType.LargeCompany, "BE310");
        var uliege = await app.IdOfAsync("uliege");
        var umons = await app.IdOfAsync("umons");
        var applicant = await app.CreateUserAsync(Roles.MemberAdmin, sme);
        var admins = new Dictionary<int, HttpClient>();
        foreach (var partner in new[] { large, uliege, umons }) admins[partner] = await app.ClientAsAsync(Roles.MemberAdmin, partner);

        await using var context = await browser.NewContextAsync(locale: "fr-BE");
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, applicant, "/calls");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Link, new() { Name = "Appel à projets collaboratifs du pôle (illustratif)" }));
        await Expect(page.Locator("main")).ToContainTextAsync("Règles d'éligibilité");
        // The demo call's funder, programme and documents are stored in both languages: the French page shows the French.
        await Expect(page.Locator("main")).ToContainTextAsync("Région wallonne · Pôles de compétitivité");
        await Expect(page.Locator("main")).ToContainTextAsync("Lettre d'engagement du consortium");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Walloon Region");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Consortium commitment letter");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
        await browser.ScreenshotAsync(page, "call-0-call-page");
        await page.Locator("#acronym").FillAsync("JOURNEY");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Démarrer la proposition" }));
        Assert.Matches(@"/proposals/\d+$", page.Url);
        var proposalId = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.Locator("#eligibility")).ToContainTextAsync("pas encore éligible");
        await Expect(page.Locator(".rules li.failed").First).ToBeVisibleAsync();

        // The content, in French, with a work plan written as text.
        await page.Locator("#f-title-fr").FillAsync("Production d'anticorps pour la thérapie cellulaire");
        await page.Locator("#f-summary-fr").FillAsync("Un projet conjoint entre une PME, une grande entreprise et deux universités.");
        await page.GetByLabel("Anticorps monoclonaux").CheckAsync();
        await page.Locator("#f-duration").FillAsync("24");
        await page.Locator("#f-keywords").FillAsync("bioprocédé, immunologie");
        await page.Locator("#f-workplan").FillAsync("WP1: Développement du procédé (1-12)\n  M1: Lot pilote (12)\n  D1.1: Rapport de procédé (12)\nWP2: Montée en échelle (13-24)");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }));
        await Expect(page.Locator(".notice")).ToContainTextAsync("Enregistré");

        // The consortium: partners invited by their directory names; their member admins accept.
        foreach (var name in new[] { "PharmaGrande Journey", "Université de Liège", "Université de Mons" })
        {
            await page.Locator("#partner-name").FillAsync(name);
            await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Inviter", Exact = true }));
            await Expect(page.Locator(".notice")).ToContainTextAsync("Invitation envoyée");
        }
        await page.Locator("#partner-name").FillAsync("Nobody Such Company");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Inviter", Exact = true }));
        await Expect(page.Locator(".field-error")).ToContainTextAsync("Aucune organisation de l'annuaire ne s'appelle « Nobody Such Company »");
        await page.Locator("#partner-name").FillAsync("Université de Liège");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Inviter", Exact = true }));
        await Expect(page.Locator(".alert")).ToContainTextAsync("Université de Liège fait déjà partie du consortium ou y est déjà invitée.");
        foreach (var (partner, client) in admins) await client.PostJsonAsync($"/api/v1/proposals/{proposalId}/partners/{partner}/accept", null);

        // The coordinator's own budget, entered with a decimal point in the French interface.
        await page.OpenAsync(app, $"/proposals/{proposalId}");
        await page.Locator($"details.budget-form summary:has-text('Biocell Journey')").ClickAsync();
        await Expect(page.Locator($"label[for=b{sme}-equipmentCost]")).ToHaveTextAsync("Équipement (€)");
        await Expect(page.Locator($"label[for=b{sme}-personnelFte]")).ToHaveTextAsync("Personnel (ETP)");
        await page.Locator($"#b{sme}-personnelCost").FillAsync("100000.50");
        await page.Locator($"#b{sme}-overheadRatePercent").FillAsync("10");
        await page.SubmitWithAsync(page.Locator($"details.budget-form:has(#b{sme}-personnelCost) button[type=submit]"));
        await Expect(page.Locator(".notice")).ToContainTextAsync("Budget enregistré");
        // 100,000.50 + 10% overhead = 110,000.55; the SME rate of the demo call is 70%: 77,000.39 (rounded half away from zero).
        await Expect(page.Locator("main tfoot")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"77\s000,39\s€"));

        // The commitment letter, as a real PDF; the report is all green; submit.
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "engagement.pdf", MimeType = "application/pdf", Buffer = CallsKit.TinyPdf });
        await page.Locator("#document").SelectOptionAsync("Lettre d'engagement du consortium");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Joindre", Exact = true }));
        await Expect(page.Locator("#documents")).ToContainTextAsync("engagement.pdf");
        await Expect(page.Locator("#eligibility")).ToContainTextAsync("éligible");
        await Expect(page.Locator(".rules li.failed")).ToHaveCountAsync(0);
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
        await browser.ScreenshotAsync(page, "call-1-eligible-proposal");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Soumettre la proposition" }));
        await Expect(page.Locator("h1")).ToContainTextAsync("Soumise");
        await Expect(page.Locator("#f-acronym")).ToHaveCountAsync(0); // read-only now
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Kind == "submission-receipt")));
    }

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
        await Expect(page.Locator(".field-error").First).ToContainTextAsync("a comment is required");
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
