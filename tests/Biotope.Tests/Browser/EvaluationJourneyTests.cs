using System.Net;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Features.Calls;
using Biotope.Features.Organizations;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Features.Calls.Staff;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// Issue 10's call journeys as people walk them, on an app of their own (no demo data): the member admin finds partners
/// by typing, budgets and submits; the partner's admin accepts; the expert reviews with the proposal in view and declares
/// a conflict from My space; staff assign, write the consensus, decide through the confirmation step and read the letter.
/// In French and English, at 1280 and 390 px, axe on every page.
/// </summary>
public sealed class EvaluationJourneyTests(BrowserFixture browser)
{
    private static Action<BrowserNewContextOptions> Width(int width) => o => o.ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 800 : 900 };

    /// <summary>The directory's index follows the database within a second: wait until the search finds the new organizations.</summary>
    private static async Task WaitUntilFoundAsync(TestApp app, string text)
    {
        for (var i = 0; i < 50; i++)
        {
            var found = await app.Client.GetJsonAsync("/api/v1/organizations?q=" + Uri.EscapeDataString(text));
            if (found.GetProperty("total").GetInt32() > 0) return;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"the directory never found '{text}'");
    }

    /// <summary>Types part of a name in an organization picker and chooses the match with the keyboard (arrow down to it, Enter).</summary>
    private static async Task PickAsync(IPage page, string inputId, string typed, string name)
    {
        var input = page.Locator("#" + inputId);
        await input.FillAsync("");
        await input.PressSequentiallyAsync(typed, new() { Delay = 20 });
        var option = page.GetByRole(AriaRole.Option, new() { Name = name });
        await Expect(option).ToBeVisibleAsync();
        await Expect(input).ToHaveAttributeAsync("aria-expanded", "true");
        var options = await page.GetByRole(AriaRole.Option).AllInnerTextsAsync();
        var index = options.ToList().FindIndex(o => o.StartsWith(name, StringComparison.Ordinal));
        for (var i = 0; i <= index; i++) await input.PressAsync("ArrowDown");
        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await input.PressAsync("Enter");
        await Expect(input).ToHaveValueAsync(name);
        await Expect(input).ToHaveAttributeAsync("aria-expanded", "false");
    }

    [Fact]
    public async Task A_member_admin_finds_partners_by_typing_budgets_and_submits_and_the_invited_partner_accepts()
    {
        browser.RequireOrSkip();
        await using var app = await TestApp.StartSqliteAsync(seedDemo: false);
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);
        var call = await staff.PostJsonAsync("/api/v1/calls", CallsKit.BilingualCallBody(), HttpStatusCode.Created);
        var callId = call.GetProperty("id").GetInt32();
        var sme = await app.AddOrganizationAsync("Biocell Parcours", OrganizationType.Sme, "BE332");
        var large = await app.AddOrganizationAsync("PharmaGrande Parcours", OrganizationType.LargeCompany, "BE310");
        var university = await app.AddOrganizationAsync("Université Parcours de Liège", OrganizationType.University, "BE332");
        var institute = await app.AddOrganizationAsync("Institut Parcours de Mons", OrganizationType.ResearchInstitute, "BE323");
        var applicant = await app.CreateUserAsync(Roles.MemberAdmin, sme);
        var partnerAdmin = await app.CreateUserAsync(Roles.MemberAdmin, university);
        await WaitUntilFoundAsync(app, "Parcours");
        var axe = browser.NewAxeLog("eval-member");

        await using var context = await browser.NewContextAsync("fr-BE", Width(1280));
        var page = await context.NewPageAsync();
        // The member admin's own organization page, then the call.
        await page.SignInAsync(app, applicant, "/account");
        await page.SubmitWithAsync(page.Locator("#my-organization ~ p a").First);
        await Expect(page.Locator("h1")).ToContainTextAsync("Biocell Parcours");
        await axe.CheckAsync(page, "1-own-organization");
        await page.OpenAsync(app, $"/calls/{callId}");
        // The call's funder, programme and documents are stored in both languages: the French page shows the French.
        await Expect(page.Locator("main")).ToContainTextAsync("Région wallonne · Pôles de compétitivité");
        await Expect(page.Locator("main")).ToContainTextAsync("Lettre d'engagement du consortium");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Walloon Region");
        await axe.CheckAsync(page, "1b-call");
        await page.Locator("#acronym").FillAsync("PARCOURS");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Démarrer la proposition" }));
        var proposalId = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        await Expect(page.Locator("#eligibility")).ToContainTextAsync("pas encore éligible");
        await axe.CheckAsync(page, "2-new-proposal");
        await page.Locator("#f-title-fr").FillAsync("Production d'anticorps pour la thérapie cellulaire");
        await page.Locator("#f-summary-fr").FillAsync("Un projet conjoint entre une PME, une grande entreprise, une université et un institut.");
        await page.GetByLabel("Anticorps monoclonaux").CheckAsync();
        await page.Locator("#f-duration").FillAsync("24");
        await page.Locator("#f-workplan").FillAsync("WP1: Développement du procédé (1-12)\n  M1: Lot pilote (12)\nWP2: Montée en échelle (13-24)");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }));
        await Expect(page.Locator(".notice")).ToContainTextAsync("Enregistré");

        // Partners found by typing part of their names, chosen in the list with the keyboard.
        foreach (var (typed, name) in new[] { ("pharma", "PharmaGrande Parcours"), ("parcours liège", "Université Parcours de Liège"), ("institut mons", "Institut Parcours de Mons") })
        {
            await PickAsync(page, "pick-partnername", typed, name);
            await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Inviter", Exact = true }));
            await Expect(page.Locator(".notice")).ToContainTextAsync("Invitation envoyée");
        }
        await axe.CheckAsync(page, "3-partners-invited");
        // Typed but not chosen: the page offers the matches.
        await page.Locator("#pick-partnername").FillAsync("parcours");
        await page.Locator("#pick-partnername").PressAsync("Escape");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Inviter", Exact = true }));
        await Expect(page.Locator(".picker-choices legend")).ToContainTextAsync("Organisations qui correspondent à « parcours »");
        await axe.CheckAsync(page, "4-choices");
        await page.GetByLabel("PharmaGrande Parcours").CheckAsync();
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Inviter", Exact = true }));
        await Expect(page.Locator(".alert")).ToContainTextAsync("PharmaGrande Parcours fait déjà partie du consortium ou y est déjà invitée.");

        // The invited university's admin accepts, on a phone.
        await using (var partnerContext = await browser.NewContextAsync("fr-BE", Width(390)))
        {
            var partnerPage = await partnerContext.NewPageAsync();
            await partnerPage.SignInAsync(app, partnerAdmin, "/account");
            await Expect(partnerPage.Locator("#my-proposals ~ ul")).ToContainTextAsync("Invitation à traiter");
            await partnerPage.SubmitWithAsync(partnerPage.GetByRole(AriaRole.Link, new() { Name = "PARCOURS", Exact = true }));
            await axe.CheckAsync(partnerPage, "5-partner-invitation");
            await partnerPage.SubmitWithAsync(partnerPage.GetByRole(AriaRole.Button, new() { Name = "Accepter" }));
            await Expect(partnerPage.Locator(".notice")).ToContainTextAsync("Invitation acceptée");
            var (scroll, client) = await partnerPage.WidthsAsync();
            Assert.True(scroll <= client, $"the proposal scrolls sideways at 390 px ({scroll} > {client})");
            await axe.CheckAsync(partnerPage, "6-partner-accepted");
        }
        foreach (var partner in new[] { large, institute })
            await (await app.ClientAsAsync(Roles.MemberAdmin, partner)).PostJsonAsync($"/api/v1/proposals/{proposalId}/partners/{partner}/accept", null);

        // Budget, the document, the live eligibility report, submission.
        await page.OpenAsync(app, $"/proposals/{proposalId}");
        await page.Locator("details.budget-form summary:has-text('Biocell Parcours')").ClickAsync();
        await page.Locator($"#b{sme}-personnelCost").FillAsync("100000.50");
        await page.Locator($"#b{sme}-overheadRatePercent").FillAsync("10");
        await page.SubmitWithAsync(page.Locator($"details.budget-form:has(#b{sme}-personnelCost) button[type=submit]"));
        await Expect(page.Locator(".notice")).ToContainTextAsync("Budget enregistré");
        await Expect(page.Locator("main tfoot")).ToContainTextAsync(new Regex(@"77\s000,39\s€"));
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "engagement.pdf", MimeType = "application/pdf", Buffer = CallsKit.TinyPdf });
        await page.Locator("#document").SelectOptionAsync("Lettre d'engagement du consortium");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Joindre", Exact = true }));
        await Expect(page.Locator("#eligibility")).Not.ToContainTextAsync("pas encore");
        await Expect(page.Locator(".rules li.failed")).ToHaveCountAsync(0);
        await axe.CheckAsync(page, "7-eligible");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Soumettre la proposition" }));
        await Expect(page.Locator("h1")).ToContainTextAsync("Soumise");
        await axe.CheckAsync(page, "8-submitted");
        axe.AssertClean();
    }

    [Theory]
    [InlineData("fr-BE", 1280)]
    [InlineData("en-GB", 390)]
    [InlineData("en-GB", 1280)]
    public async Task An_expert_reviews_with_the_proposal_in_view_from_empty_scores_and_declares_a_conflict_from_my_space(string locale, int width)
    {
        browser.RequireOrSkip();
        var french = locale.StartsWith("fr", StringComparison.Ordinal);
        string L(string fr, string en) => french ? fr : en;
        await using var app = await TestApp.StartSqliteAsync(seedDemo: false);
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);
        var (callId, criteria) = await app.OpenCallAsync(staff, reviewers: 1);
        var proposalId = await app.SubmittedProposalAsync(callId, "REVIEWED", withDocument: true);
        var hospital = await app.AddOrganizationAsync("Hôpital Parcours Citadelle", OrganizationType.Hospital, "BE332");
        var (email, password) = await app.CreateUserAsync(Roles.Expert);
        var expert = await staff.PostJsonAsync("/api/v1/experts", new { name = "Browser expert", email, areas = new[] { "cell-therapy" }, languages = new[] { "fr", "en" } }, HttpStatusCode.Created);
        await staff.PutCurrentAsync($"/api/v1/calls/{callId}/assignment/overrides", new { proposalId, expertId = expert.GetProperty("id").GetInt32(), kind = "Pin" }, HttpStatusCode.NoContent);
        await staff.PostJsonAsync($"/api/v1/calls/{callId}/assignment", null);
        await WaitUntilFoundAsync(app, "Citadelle");
        var axe = browser.NewAxeLog($"eval-expert-{locale}-{width}");

        await using var context = await browser.NewContextAsync(locale, Width(width));
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, (email, password), "/reviews");
        await Expect(page.Locator("h1")).ToHaveTextAsync(L("Propositions à évaluer", "Proposals to review"));
        await axe.CheckAsync(page, "1-desk");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Link, new() { Name = "REVIEWED" }));

        // The proposal is in view beside the form (above it on a phone): summary, work plan, consortium, budget, documents.
        var proposal = page.Locator(".review-proposal");
        await Expect(proposal).ToContainTextAsync(L("Un projet conjoint académique-industriel.", "A joint academic-industrial project."));
        await Expect(proposal.Locator(".workplan")).ToContainTextAsync("WP1");
        await Expect(proposal).ToContainTextAsync("REVIEWED Biotech");
        await Expect(proposal.Locator("tfoot")).ToContainTextAsync(french ? new Regex(@"100\s000,00\s€") : new Regex(@"€100,000\.00"));
        await Expect(proposal.GetByRole(AriaRole.Link, new() { Name = "letter.pdf" })).ToHaveAttributeAsync("href", new Regex("handler=File"));
        var pane = (await proposal.BoundingBoxAsync())!;
        var form = (await page.Locator(".review-form").BoundingBoxAsync())!;
        if (width >= 1000) Assert.True(pane.X + pane.Width <= form.X && Math.Abs(pane.Y - form.Y) < 24, $"side by side: {pane.X}+{pane.Width} vs {form.X}");
        else Assert.True(pane.Y + pane.Height <= form.Y, "stacked on a phone: the proposal first");
        var (scroll, client) = await page.WidthsAsync();
        Assert.True(scroll <= client, $"the review scrolls sideways ({scroll} > {client})");

        // Each criterion says what it judges and on which scale; no score is chosen yet.
        await Expect(page.Locator(".criterion").First).ToContainTextAsync(L("Qualité de la science et du plan de travail.", "Quality of the science and of the work plan."));
        await Expect(page.Locator($"#scale-{criteria[0]}")).ToContainTextAsync(L("Note de 0 à 5", "Score from 0 to 5"));
        foreach (var c in criteria) await Expect(page.Locator($"#score-{c}")).ToHaveValueAsync("");
        await axe.CheckAsync(page, "2-review-empty");

        // A draft keeps empty scores empty.
        await page.Locator($"#comment-{criteria[0]}").FillAsync(L("Équipe solide.", "A strong team."));
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Enregistrer le brouillon", "Save the draft") }));
        await Expect(page.Locator(".notice")).ToContainTextAsync(L("Brouillon enregistré", "Draft saved"));
        foreach (var c in criteria) await Expect(page.Locator($"#score-{c}")).ToHaveValueAsync("");
        await Expect(page.Locator($"#comment-{criteria[0]}")).ToHaveValueAsync(L("Équipe solide.", "A strong team."));

        // Submitting asks for each score by its criterion.
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Soumettre l'évaluation", "Submit the review") }));
        await Expect(page.Locator($"#err-score-{criteria[0]}")).ToContainTextAsync(L("Excellence : choisissez une note de 0 à 5.", "Excellence: choose a score from 0 to 5."));
        await Expect(page.Locator($"#err-score-{criteria[1]}")).ToContainTextAsync(L("Impact : choisissez une note de 0 à 5.", "Impact: choose a score from 0 to 5."));
        await Expect(page.Locator($"#score-{criteria[0]}")).ToHaveAttributeAsync("aria-invalid", "true");
        await axe.CheckAsync(page, "3-review-errors");
        foreach (var c in criteria)
        {
            await page.Locator($"#score-{c}").SelectOptionAsync("4");
            await page.Locator($"#comment-{c}").FillAsync(L("Convaincant.", "Convincing."));
        }
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Soumettre l'évaluation", "Submit the review") }));
        await Expect(page.Locator(".notice")).ToContainTextAsync(L("Votre évaluation est soumise", "Your review is submitted"));
        await axe.CheckAsync(page, "4-review-submitted");

        // My space: declare a conflict with an organization found by typing; the reason is required.
        await page.OpenAsync(app, "/account");
        await page.Locator("#conflict-about").SelectOptionAsync("organization");
        await PickAsync(page, "pick-conflict-organizationname", "citadelle", "Hôpital Parcours Citadelle");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Déclarer le conflit", "Declare the conflict") }));
        await Expect(page.Locator("#conflict-reason-error")).ToContainTextAsync(L("Dites pourquoi", "Say why"));
        await axe.CheckAsync(page, "5-conflict-error");
        await page.Locator("#conflict-about").SelectOptionAsync("organization");
        await PickAsync(page, "pick-conflict-organizationname", "citadelle", "Hôpital Parcours Citadelle");
        await page.Locator("#conflict-reason").FillAsync(L("J'y ai travaillé jusqu'en 2025.", "I worked there until 2025."));
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Déclarer le conflit", "Declare the conflict") }));
        await Expect(page.Locator("#conflicts .notice")).ToContainTextAsync(L("Votre déclaration est enregistrée", "Your declaration is recorded"));
        await Expect(page.Locator(".conflict-list")).ToContainTextAsync("Hôpital Parcours Citadelle");
        await Expect(page.Locator(".conflict-list")).ToContainTextAsync(L("J'y ai travaillé jusqu'en 2025.", "I worked there until 2025."));
        Assert.True(await app.WithDbAsync(db => db.ConflictDeclarations.AnyAsync(d => d.OrganizationId == hospital)));
        await axe.CheckAsync(page, "6-conflict-declared");
        axe.AssertClean();
    }

    [Theory]
    [InlineData("fr-BE", 1280)]
    [InlineData("en-GB", 390)]
    public async Task Staff_assign_write_the_consensus_decide_after_confirming_and_read_the_letter(string locale, int width)
    {
        browser.RequireOrSkip();
        var french = locale.StartsWith("fr", StringComparison.Ordinal);
        string L(string fr, string en) => french ? fr : en;
        await using var app = await TestApp.StartSqliteAsync(seedDemo: false);
        var staffApi = await app.ClientAsAsync(Roles.ClusterStaff);
        var (callId, criteria) = await app.OpenCallAsync(staffApi, reviewers: 1);
        var proposalId = await app.SubmittedProposalAsync(callId, "DECIDEME");
        await staffApi.PostJsonAsync("/api/v1/experts", new { name = "Assigned expert", areas = new[] { "cell-therapy" }, languages = new[] { "fr", "en" } }, HttpStatusCode.Created);
        var staff = await app.CreateUserAsync(Roles.ClusterStaff);
        var axe = browser.NewAxeLog($"eval-staff-{locale}-{width}");
        var evaluation = $"/calls/{callId}/evaluation";

        await using var context = await browser.NewContextAsync(locale, Width(width));
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, staff, evaluation);
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Lancer l'affectation optimale", "Run the optimal assignment") }));
        await Expect(page.Locator("section[aria-labelledby=assignment] table")).ToContainTextAsync("Assigned expert");
        await axe.CheckAsync(page, "1-assigned");

        // The consensus, written on the page.
        var card = page.Locator($"#p-{proposalId}");
        await card.Locator($"#c-{proposalId}-{criteria[0]}-score").FillAsync("4");
        await card.Locator($"#c-{proposalId}-{criteria[0]}-comment").FillAsync(L("Équipe solide.", "Strong team."));
        await card.Locator($"#c-{proposalId}-{criteria[1]}-score").FillAsync("1");
        await card.Locator($"#c-{proposalId}-{criteria[1]}-comment").FillAsync(L("Retombées floues.", "Unclear benefits."));
        await page.SubmitWithAsync(card.GetByRole(AriaRole.Button, new() { Name = L("Enregistrer le consensus", "Save the consensus") }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(L("Le consensus est enregistré.", "The consensus is saved."));
        // The call still takes submissions: no decision yet, and the page says until when.
        await Expect(page.Locator($"#p-{proposalId} .decision-form")).ToContainTextAsync(L("Une décision peut être prise une fois l'appel clôturé", "A decision can be taken once the call has closed"));
        await axe.CheckAsync(page, "2-consensus");

        await app.CloseCallAsync(callId);
        await page.OpenAsync(app, evaluation);
        await page.SubmitWithAsync(page.Locator($"#p-{proposalId}").GetByRole(AriaRole.Button, new() { Name = L("Ne pas labelliser…", "Do not label…") }));
        // The confirmation step: what will happen, to whom, and the letter as it will read; nothing is decided yet.
        await Expect(page.Locator("h1")).ToContainTextAsync(L("Confirmer la décision", "Confirm the decision"));
        await Expect(page.Locator(".confirm-step")).ToContainTextAsync(L("La proposition DECIDEME est enregistrée comme non labellisée.", "The proposal DECIDEME is recorded as not labelled."));
        await Expect(page.Locator(".confirm-step")).ToContainTextAsync("DECIDEME Biotech");
        await Expect(page.Locator(".confirm-step")).ToContainTextAsync(L("1 personne de cette organisation est prévenue", "1 person of that organization is told"));
        await Expect(page.Locator(".letter")).ToContainTextAsync(L("n'a pas atteint le seuil requis pour : Impact", "did not reach the pass threshold on: Impact"));
        Assert.Equal(ProposalStatus.Submitted, await app.WithDbAsync(db => db.Proposals.Where(p => p.Id == proposalId).Select(p => p.Status).SingleAsync()));
        var (scroll, client) = await page.WidthsAsync();
        Assert.True(scroll <= client, $"the confirmation scrolls sideways ({scroll} > {client})");
        await axe.CheckAsync(page, "3-confirm");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Confirmer : ne pas labelliser et envoyer la lettre", "Confirm: do not label and send the letter") }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(L("La décision est enregistrée et le coordinateur en est informé.", "The decision is recorded and the coordinator is notified."));
        await axe.CheckAsync(page, "4-decided");

        // The letter, as the coordinator reads it: the decision, the threshold missed, the consensus scores.
        await page.SubmitWithAsync(page.Locator($"#p-{proposalId}").GetByRole(AriaRole.Link, new() { Name = L("Lettre de décision à imprimer", "Printable decision letter") }));
        var letter = page.Locator(".letter");
        await Expect(letter).ToContainTextAsync(L("DECIDEME n'est pas labellisé", "DECIDEME is not labelled"));
        await Expect(letter).ToContainTextAsync(L("n'a pas atteint le seuil requis pour : Impact", "did not reach the pass threshold on: Impact"));
        await Expect(letter.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(letter.Locator("tbody")).ToContainTextAsync("4 / 5");
        await Expect(letter.Locator("tbody")).ToContainTextAsync(L("Retombées floues.", "Unclear benefits."));
        await Expect(letter).Not.ToContainTextAsync("Assigned expert");
        await axe.CheckAsync(page, "5-letter");
        axe.AssertClean();
    }
}
