using System.Net;
using Biotope.Features.Accounts;
using Biotope.Features.Calls;
using Biotope.Features.Organizations;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Calls.Staff;

/// <summary>The staff's call pages over plain HTTP with a cookie sign-in: the call form, the evaluation page, who may open them, in French and English.</summary>
public sealed class StaffPagesTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static List<(string, string)> CallFields(string titleEn, string opensAt, int? version = null)
    {
        List<(string, string)> fields =
        [
            ("Form.TitleFr", "Santé numérique 2026"),
            ("Form.TitleEn", titleEn),
            ("Form.FunderFr", "Région wallonne"),
            ("Form.FunderEn", "Walloon Region"),
            ("Form.ProgrammeFr", "Pôles de compétitivité"),
            ("Form.ProgrammeEn", "Competitiveness clusters"),
            ("Form.Stage", "SingleStage"),
            ("Form.OpensAt", opensAt),
            ("Form.ClosesAt", "2026-04-30T12:00"),
            ("Form.BudgetEnvelope", "2500000.50"),
            ("Form.ReviewersPerProposal", "3"),
            ("Form.RequiredDocumentsFr", "Lettre d'engagement du consortium\r\n\r\nDiagramme de Gantt\r\n"),
            ("Form.RequiredDocumentsEn", "Consortium commitment letter\r\n\r\nGantt chart\r\n"),
            ("Form.Published", "true"),
            ("Form.MinPartners", "3"),
            ("Form.MaxPartners", "8"),
            ("Form.CoordinatorTypes", "Sme"),
            ("Form.CoordinatorTypes", "LargeCompany"),
            ("Form.RequiredPartners[0].Types", "University"),
            ("Form.RequiredPartners[0].Types", "ResearchInstitute"),
            ("Form.RequiredPartners[0].Minimum", "2"),
            ("Form.RequiredPartners[0].LabelFr", "Institutions de recherche"),
            ("Form.RequiredPartners[0].LabelEn", "Research institutions"),
            ("Form.RequiredPartners[1].Minimum", "1"),
            ("Form.NutsPrefix", "be3"),
            ("Form.RegionalMode", "atLeast"),
            ("Form.RegionalMinimum", "2"),
            ("Form.MaxDurationMonths", "36"),
            ("Form.MaxRequestedFunding", "1000000"),
            ("Form.FundingRates[LargeCompany]", "50"),
            ("Form.FundingRates[Sme]", "70"),
            ("Form.FundingRates[StartUp]", "70"),
            ("Form.FundingRates[University]", "100"),
            ("Form.FundingRates[Hospital]", ""),
            ("Form.CostCategories", "Personnel"),
            ("Form.CostCategories", "Equipment"),
            // A blank row between two criteria is ignored; the scale stays prefilled on blank rows.
            ("Form.Criteria[0].NameFr", "Excellence"),
            ("Form.Criteria[0].NameEn", "Excellence"),
            ("Form.Criteria[0].Weight", "60"),
            ("Form.Criteria[0].PassThreshold", "3"),
            ("Form.Criteria[0].ScaleMin", "0"),
            ("Form.Criteria[0].ScaleMax", "5"),
            ("Form.Criteria[1].ScaleMin", "0"),
            ("Form.Criteria[1].ScaleMax", "5"),
            ("Form.Criteria[2].NameFr", "Impact économique"),
            ("Form.Criteria[2].NameEn", "Economic impact"),
            ("Form.Criteria[2].Weight", "40,5"),
            ("Form.Criteria[2].PassThreshold", "2.5"),
            ("Form.Criteria[2].ScaleMin", "0"),
            ("Form.Criteria[2].ScaleMax", "5"),
        ];
        if (version is not null) fields.Add(("Form.Version", version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return fields;
    }

    [Fact]
    public async Task Staff_create_a_call_through_the_form_and_a_time_that_does_not_exist_is_refused_with_its_message()
    {
        var staff = await App.SignedInAsync(Roles.ClusterStaff);
        var title = "Digital health " + Guid.NewGuid().ToString("N")[..8];

        // 02:30 on 29 March 2026 is skipped by the change to summer time.
        var (status, html, _) = await staff.SubmitAsync("/calls/new", "/calls/new", CallFields(title, "2026-03-29T02:30"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("2026-03-29 02:30 does not exist in Brussels", html);
        Assert.Matches("id=\"f-opensAt\"[^>]*aria-invalid=\"true\"", html);
        Assert.Contains("href=\"#f-opensAt\"", html);
        Assert.Contains($"value=\"{title}\"", html); // what was typed stays in the form
        Assert.False(await App.WithDbAsync(db => db.Calls.AnyAsync(c => c.TitleEn == title)));

        // A criterion's error points at the form row it came from, past the blank row.
        var badWeight = CallFields(title, "2026-03-02T09:00");
        badWeight[badWeight.FindIndex(f => f.Item1 == "Form.Criteria[2].Weight")] = ("Form.Criteria[2].Weight", "0");
        (status, html, _) = await staff.SubmitAsync("/calls/new", "/calls/new", badWeight);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("id=\"err-criteria-2--weight\"", html);
        Assert.Contains("A criterion's weight is positive.", html);

        var (created, _, location) = await staff.SubmitAsync("/calls/new", "/calls/new", CallFields(title, "2026-03-02T09:00"));
        Assert.Equal(HttpStatusCode.Redirect, created);
        var call = await App.WithDbAsync(db => db.Calls.Include(c => c.Criteria).SingleAsync(c => c.TitleEn == title));
        Assert.Equal($"/calls/{call.Id}/edit?saved=true", location!.OriginalString);
        Assert.Equal(Utc("2026-03-02T08:00:00Z"), call.OpensAt); // winter time, UTC+1
        Assert.Equal(Utc("2026-04-30T10:00:00Z"), call.ClosesAt); // summer time, UTC+2
        Assert.Equal(2_500_000.50m, call.BudgetEnvelope);
        Assert.Equal([new RequiredDocument("Lettre d'engagement du consortium", "Consortium commitment letter"), new RequiredDocument("Diagramme de Gantt", "Gantt chart")], call.RequiredDocuments);
        Assert.Equal(("Région wallonne", "Walloon Region", "Pôles de compétitivité", "Competitiveness clusters"), (call.FunderFr, call.FunderEn, call.ProgrammeFr, call.ProgrammeEn));
        Assert.True(call.Published);
        Assert.Equal(["Excellence", "Economic impact"], call.Criteria.OrderBy(c => c.Position).Select(c => c.NameEn));
        Assert.Equal(40.5m, call.Criteria.Single(c => c.NameEn == "Economic impact").Weight);
        var rules = call.Rules;
        Assert.Equal((3, 8, 36), (rules.MinPartners, rules.MaxPartners, rules.MaxDurationMonths));
        Assert.Equal([OrganizationType.Sme, OrganizationType.LargeCompany], rules.CoordinatorTypes);
        var required = Assert.Single(rules.RequiredPartners);
        Assert.Equal([OrganizationType.University, OrganizationType.ResearchInstitute], required.Types);
        Assert.Equal((2, "Research institutions", "Institutions de recherche"), (required.Minimum, required.LabelEn, required.LabelFr));
        Assert.Equal(("BE3", (int?)2), (rules.Regional!.NutsPrefix, rules.Regional.MinimumPartners));
        Assert.Equal(1_000_000m, rules.MaxRequestedFunding);
        Assert.Equal(70m, Biotope.Features.Calls.Proposals.Budget.FundingRate(OrganizationType.StartUp, rules));
        Assert.Equal(0m, Biotope.Features.Calls.Proposals.Budget.FundingRate(OrganizationType.Hospital, rules));
        Assert.Equal(3, rules.FundingRates.Count); // types with the same rate share a line
        Assert.Equal([CostCategory.Personnel, CostCategory.Equipment], rules.EligibleCostCategories);

        // The saved form shows the Brussels times it was given and the call's rows.
        (status, html) = await staff.GetPageAsync(location.OriginalString);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("role=\"status\"", html);
        Assert.Contains("value=\"2026-03-02T09:00\"", html);
        Assert.Contains("value=\"2026-04-30T12:00\"", html);
        Assert.Matches("id=\"f-rules-coordinatorTypes-Sme\"[^>]*checked", html);
        Assert.Contains($"href=\"/calls/{call.Id}/evaluation\"", html);
    }

    [Fact]
    public async Task A_stale_version_is_refused_and_the_first_save_stays()
    {
        var staff = await App.SignedInAsync(Roles.ClusterStaff);
        var title = "Stale form " + Guid.NewGuid().ToString("N")[..8];
        var (_, _, location) = await staff.SubmitAsync("/calls/new", "/calls/new", CallFields(title, "2026-03-02T09:00"));
        var id = await App.WithDbAsync(db => db.Calls.Where(c => c.TitleEn == title).Select(c => c.Id).SingleAsync());
        var edit = $"/calls/{id}/edit";

        // The first save also unticks every cost category: none is posted, and none stays.
        var (first, _, _) = await staff.SubmitAsync(edit, edit, CallFields(title + " (first)", "2026-03-02T09:00", version: 1).Where(f => f.Item1 != "Form.CostCategories"));
        Assert.Equal(HttpStatusCode.Redirect, first);
        Assert.Empty(await App.WithDbAsync(async db => (await db.Calls.SingleAsync(c => c.Id == id)).Rules.EligibleCostCategories));
        var (second, html, _) = await staff.SubmitAsync(edit, edit, CallFields(title + " (second)", "2026-03-02T09:00", version: 1));

        Assert.Equal(HttpStatusCode.Conflict, second);
        Assert.Contains("Someone else saved this call while you were editing it.", html);
        Assert.Contains($"value=\"{title} (second)\"", html); // the form keeps what was typed
        Assert.Matches("name=\"Form.Version\" value=\"2\"", html); // and now carries the current version
        Assert.Equal(title + " (first)", await App.WithDbAsync(db => db.Calls.Where(c => c.Id == id).Select(c => c.TitleEn).SingleAsync()));
        Assert.NotNull(location);
    }

    [Fact]
    public async Task Running_the_assignment_without_enough_experts_says_why_a_proposal_is_uncovered()
    {
        var staffApi = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, _) = await App.OpenCallAsync(staffApi, reviewers: 10);
        await App.SubmittedProposalAsync(callId, "NOCOVER");
        var staff = await App.SignedInAsync(Roles.ClusterStaff);
        var page = $"/calls/{callId}/evaluation";

        var (status, html, _) = await staff.SubmitAsync(page, page + "?handler=assign", []);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("The optimal assignment has been run and saved.", html);
        Assert.Contains("Proposals without enough reviewers", html);
        Assert.Matches("NOCOVER: \\d+ reviewers missing\\.", html);
        Assert.Matches("(Only \\d+ experts? can review it|No expert can review it): \\d+ (has|have) a conflict of interest", html);

        // In French, the reason is translated too.
        var french = await App.SignedInAsync(Roles.ClusterStaff, "fr");
        (status, html, _) = await french.SubmitAsync(page, page + "?handler=assign", []);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("L'affectation optimale a été calculée et enregistrée.", html);
        Assert.Matches("NOCOVER\u00a0: \\d+ évaluateurs manquants\\.", html);
        var why = System.Text.RegularExpressions.Regex.Match(html, "NOCOVER\u00a0: [^<]*");
        Assert.True(why.Success);
        Assert.Matches("(Seuls? \\d+ experts? peu(ven)?t l'évaluer|Aucun expert ne peut l'évaluer)\u00a0: \\d+ (a|ont) un conflit d'intérêts", why.Value);
    }

    [Fact]
    public async Task Letters_of_intent_are_invited_or_not_and_a_proposal_is_reopened_from_the_page()
    {
        var staffApi = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, _) = await App.OpenCallAsync(staffApi, reviewers: 1, twoStage: true);
        var invited = await App.SubmittedProposalAsync(callId, "INVITEME");
        var refused = await App.SubmittedProposalAsync(callId, "NOTNOW");
        var reopened = await App.SubmittedProposalAsync(callId, "AGAIN");
        var staff = await App.SignedInAsync(Roles.ClusterStaff);
        var page = $"/calls/{callId}/evaluation";

        var (status, html) = await staff.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Letter of intent submitted", html);
        Assert.Contains("Do not invite", html);
        Assert.DoesNotContain("Proposals without enough reviewers", html); // letters of intent are not reviewed

        (status, _, var location) = await staff.SubmitAsync(page, page + "?handler=intent", [("proposalId", $"{invited}"), ("invite", "true"), await App.ProposalVersionAsync(invited)]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal($"{page}?done=invited#p-{invited}", location!.OriginalString);
        (status, _, _) = await staff.SubmitAsync(page, page + "?handler=intent", [("proposalId", $"{refused}"), ("invite", "false"), await App.ProposalVersionAsync(refused)]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        // A stale page does not overwrite: it says the proposal changed, and nothing is done.
        (status, html, _) = await staff.SubmitAsync(page, page + "?handler=reopen", [("proposalId", $"{reopened}"), await App.ProposalVersionAsync(reopened, offset: -1)]);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("changed", html);
        (status, _, _) = await staff.SubmitAsync(page, page + "?handler=reopen", [("proposalId", $"{reopened}"), await App.ProposalVersionAsync(reopened)]);
        Assert.Equal(HttpStatusCode.Redirect, status);

        var statuses = await App.WithDbAsync(db => db.Proposals.Where(p => p.CallId == callId).ToDictionaryAsync(p => p.Id, p => p.Status));
        Assert.Equal(ProposalStatus.Invited, statuses[invited]);
        Assert.Equal(ProposalStatus.NotInvited, statuses[refused]);
        Assert.Equal(ProposalStatus.Draft, statuses[reopened]);

        // A letter already decided cannot be decided again: the service's reason is shown.
        (status, html, _) = await staff.SubmitAsync(page, page + "?handler=intent", [("proposalId", $"{invited}"), ("invite", "false"), await App.ProposalVersionAsync(invited)]);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("No letter of intent to decide", html);
    }

    [Fact]
    public async Task Pins_and_exclusions_are_set_applied_and_removed_through_the_page()
    {
        var staffApi = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, _) = await App.OpenCallAsync(staffApi, reviewers: 1);
        var proposalId = await App.SubmittedProposalAsync(callId, "PINNED");
        var (_, expertId) = await App.AddExpertAsync(staffApi, "Pinned Expert " + Guid.NewGuid().ToString("N")[..6], null, ["proton-therapy"], []);
        var staff = await App.SignedInAsync(Roles.ClusterStaff);
        var page = $"/calls/{callId}/evaluation";

        var (status, _, location) = await staff.SubmitAsync(page, page + "?handler=override",
            [("proposalId", $"{proposalId}"), ("expertId", $"{expertId}"), ("kind", "Pin"), await App.CallVersionAsync(callId)]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.StartsWith($"{page}?done=pinned", location!.OriginalString);
        (status, var html, _) = await staff.SubmitAsync(page, page + "?handler=assign", []);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(await App.WithDbAsync(db => db.ReviewAssignments.Where(a => a.ProposalId == proposalId).Select(a => a.ExpertId).ToListAsync()), e => e == expertId);
        Assert.Contains("<span class=\"tag\">Pinned</span>", html);

        (status, _, _) = await staff.SubmitAsync(page, page + "?handler=removeOverride", [("proposalId", $"{proposalId}"), ("expertId", $"{expertId}")]);
        Assert.Equal(HttpStatusCode.PreconditionRequired, status); // a form without the version it was read at
        (status, _, _) = await staff.SubmitAsync(page, page + "?handler=removeOverride", [("proposalId", $"{proposalId}"), ("expertId", $"{expertId}"), await App.CallVersionAsync(callId)]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.False(await App.WithDbAsync(db => db.AssignmentOverrides.AnyAsync(o => o.ProposalId == proposalId)));

        // A proposal of another call cannot be acted on from this call's page.
        var (otherCall, _) = await App.OpenCallAsync(staffApi, reviewers: 1);
        (status, _, _) = await staff.SubmitAsync($"/calls/{otherCall}/evaluation", $"/calls/{otherCall}/evaluation?handler=reopen", [("proposalId", $"{proposalId}")]);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Consensus_and_decision_through_the_forms_label_the_proposal_and_make_it_a_project()
    {
        var staffApi = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, criteria) = await App.OpenCallAsync(staffApi, reviewers: 1);
        var proposalId = await App.SubmittedProposalAsync(callId, "LABELME");
        var staff = await App.SignedInAsync(Roles.ClusterStaff);
        var page = $"/calls/{callId}/evaluation";

        var (status, html) = await staff.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"id=\"p-{proposalId}\"", html);
        Assert.Contains("Save the consensus", html);

        // A score off the scale is refused with its message by the field; nothing is stored.
        (status, html, _) = await staff.SubmitAsync(page, page + "?handler=consensus",
        [
            ("Consensus.ProposalId", $"{proposalId}"),
            ($"Consensus.Scores[{criteria[0]}]", "7"), ($"Consensus.Comments[{criteria[0]}]", "Strong team."),
            ($"Consensus.Scores[{criteria[1]}]", "4"), ($"Consensus.Comments[{criteria[1]}]", "Clear market."),
        ]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Excellence: the score is on the scale 0 to 5.", html);
        Assert.Matches($"id=\"c-{proposalId}-{criteria[0]}-score\"[^>]*value=\"7\"[^>]*aria-invalid=\"true\"", html);
        Assert.False(await App.WithDbAsync(db => db.Consensuses.AnyAsync(c => c.ProposalId == proposalId)));

        (status, _, var location) = await staff.SubmitAsync(page, page + "?handler=consensus",
        [
            ("Consensus.ProposalId", $"{proposalId}"),
            ($"Consensus.Scores[{criteria[0]}]", "4.5"), ($"Consensus.Comments[{criteria[0]}]", "Strong team."),
            ($"Consensus.Scores[{criteria[1]}]", "3,5"), ($"Consensus.Comments[{criteria[1]}]", "Clear market."),
            ("Consensus.Comment", "A convincing project."),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal($"{page}?done=consensus#p-{proposalId}", location!.OriginalString);
        var consensus = await App.WithDbAsync(db => db.Consensuses.SingleAsync(c => c.ProposalId == proposalId));
        Assert.Equal([4.5m, 3.5m], consensus.Scores.OrderBy(s => s.CriterionId).Select(s => s.Score));

        (status, html) = await staff.GetPageAsync(page);
        Assert.Contains("<td class=\"number\">4.10</td>", html); // the ranking's weighted total: (4.5·60 + 3.5·40) / 100
        Assert.Contains(">Consensus<", html);

        // While the call takes submissions, the decision waits; the confirmation page says why.
        Assert.Contains("A decision can be taken once the call has closed", html);
        var confirm = $"{page}/decide?proposalId={proposalId}&outcome=Labelled&note=Congratulations.";
        (status, html) = await staff.GetPageAsync(confirm);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("The call is still open", html);

        // Once closed: the confirmation step says what will happen and shows the letter; nothing is decided before confirming.
        await App.CloseCallAsync(callId);
        (status, html) = await staff.GetPageAsync(page);
        Assert.Contains($"action=\"{page}/decide\"", html);
        (status, html) = await staff.GetPageAsync(confirm);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("The proposal LABELME is recorded as labelled.", html);
        Assert.Contains("LABELME becomes a project of the portfolio", html);
        Assert.Contains("LABELME Biotech", html); // the coordinator the letter goes to
        Assert.Contains("we are pleased to inform you that LABELME is labelled", html);
        Assert.Contains("Congratulations.", html);
        Assert.Equal(ProposalStatus.Submitted, await App.WithDbAsync(db => db.Proposals.Where(p => p.Id == proposalId).Select(p => p.Status).SingleAsync()));

        (status, _, location) = await staff.SubmitAsync(confirm, $"{page}/decide", [("proposalId", $"{proposalId}"), ("outcome", "Labelled"), ("note", "Congratulations."), await App.ProposalVersionAsync(proposalId)]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal($"{page}?done=decided#p-{proposalId}", location!.OriginalString);
        var proposal = await App.WithDbAsync(db => db.Proposals.SingleAsync(p => p.Id == proposalId));
        Assert.Equal((ProposalStatus.Decided, DecisionOutcome.Labelled, "Congratulations."), (proposal.Status, proposal.Decision, proposal.DecisionNote));
        Assert.NotNull(proposal.ProjectId);
        Assert.True(await App.WithDbAsync(db => db.Projects.AnyAsync(p => p.Id == proposal.ProjectId)));

        (status, html) = await staff.GetPageAsync(page + "?done=decided");
        Assert.Contains("The decision is recorded and the coordinator is notified.", html);
        Assert.Contains($"href=\"/proposals/{proposalId}/letter\"", html);
        Assert.DoesNotContain("Save the consensus", html);

        // Deciding twice is refused with the service's reason.
        (status, html) = await staff.GetPageAsync($"{page}/decide?proposalId={proposalId}&outcome=NotLabelled");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Cannot decide", html);
    }

    [Fact]
    public async Task An_appeal_shows_its_reason_and_staff_record_the_outcome()
    {
        var staffApi = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, criteria) = await App.OpenCallAsync(staffApi, reviewers: 1);
        var proposalId = await App.SubmittedProposalAsync(callId, "APPEAL");
        await staffApi.PutJsonAsync($"/api/v1/proposals/{proposalId}/consensus", new { scores = criteria.Select(c => new { criterionId = c, score = 2, comment = "Weak." }) });
        await App.CloseCallAsync(callId);
        await staffApi.PostCurrentAsync($"/api/v1/proposals/{proposalId}/decision", new { outcome = "NotLabelled" });
        var coordinatorOrganization = await App.WithDbAsync(db => db.Proposals.Where(p => p.Id == proposalId).Select(p => p.CoordinatorOrganizationId).SingleAsync());
        var coordinator = await App.ClientAsAsync(Roles.Member, coordinatorOrganization);
        await coordinator.PostCurrentAsync($"/api/v1/proposals/{proposalId}/appeal", new { reason = "The impact score ignores our patent." });
        var staff = await App.SignedInAsync(Roles.ClusterStaff);
        var page = $"/calls/{callId}/evaluation";

        var (status, html) = await staff.GetPageAsync(page);
        Assert.Contains("The impact score ignores our patent.", html);
        Assert.Contains("Uphold the appeal", html);

        (status, _, _) = await staff.SubmitAsync(page, page + "?handler=appeal", [("proposalId", $"{proposalId}"), ("outcome", "Upheld"), ("note", "The patent counts."), await App.ProposalVersionAsync(proposalId)]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        (status, html) = await staff.GetPageAsync(page);
        Assert.Contains("Appeal upheld", html);
        Assert.Contains("Decide again after the upheld appeal", html);
        Assert.Equal(AppealOutcome.Upheld, await App.WithDbAsync(db => db.Proposals.Where(p => p.Id == proposalId).Select(p => p.AppealOutcome).SingleAsync()));
    }

    [Theory]
    [InlineData("/calls/new")]
    [InlineData("/calls/manage")]
    [InlineData("/calls/{call}/edit")]
    [InlineData("/calls/{call}/evaluation")]
    [InlineData("/calls/{call}/evaluation/decide?proposalId=1&outcome=Labelled")]
    public async Task Members_are_refused_and_visitors_sent_to_sign_in(string template)
    {
        var callId = await App.WithDbAsync(db => db.Calls.Select(c => c.Id).FirstOrDefaultAsync());
        if (callId == 0) callId = (await App.OpenCallAsync(await App.ClientAsAsync(Roles.ClusterStaff), 1)).CallId;
        var path = template.Replace("{call}", callId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var organization = await App.WithDbAsync(db => db.Organizations.Select(o => o.Id).FirstAsync());

        var member = await App.SignedInAsync(Roles.MemberAdmin, organizationId: organization);
        var refused = await member.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/denied", refused.Headers.Location!.PathAndQuery);

        var visitor = await StaffPagesKit.Anonymous(App).GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.StartsWith("/account/login", visitor.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_member_cannot_act_on_the_evaluation_page()
    {
        var staffApi = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, _) = await App.OpenCallAsync(staffApi, reviewers: 1);
        var proposalId = await App.SubmittedProposalAsync(callId, "NOTYOURS");
        var member = await App.SignedInAsync(Roles.Member, organizationId: await App.WithDbAsync(db => db.Organizations.Select(o => o.Id).FirstAsync()));
        var (_, login) = await member.GetPageAsync("/account/login");

        var response = await member.PostFormAsync($"/calls/{callId}/evaluation?handler=reopen", login, [("proposalId", $"{proposalId}")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery);
        Assert.Equal(ProposalStatus.Submitted, await App.WithDbAsync(db => db.Proposals.Where(p => p.Id == proposalId).Select(p => p.Status).SingleAsync()));
    }

    [Theory]
    [InlineData("fr", "Nouvel appel", "Ouverture (heure de Bruxelles)", "Lancer l'affectation optimale", "Gérer les appels")]
    [InlineData("en", "New call", "Opens at (Brussels time)", "Run the optimal assignment", "Manage calls")]
    public async Task The_pages_speak_french_and_english(string language, string newCall, string opens, string run, string manage)
    {
        var staffApi = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, _) = await App.OpenCallAsync(staffApi, reviewers: 2);
        var staff = await App.SignedInAsync(Roles.ClusterStaff, language);

        var (status, html) = await staff.GetPageAsync("/calls/new");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<html lang=\"{language}\">", html);
        Assert.Contains(newCall, html);
        Assert.Contains(opens, html);
        Assert.Contains("type=\"datetime-local\"", html);

        (status, html) = await staff.GetPageAsync($"/calls/{callId}/evaluation");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(run, html);
        // Every form posts exactly one antiforgery token (the layout's sign-out and language forms included).
        Assert.Equal(System.Text.RegularExpressions.Regex.Count(html, "<form "), System.Text.RegularExpressions.Regex.Count(html, "name=\"__RequestVerificationToken\""));
        Assert.Contains(language == "fr" ? "Appel des pages du personnel" : "Staff pages call", html);

        (status, html) = await staff.GetPageAsync("/calls/manage");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(manage, html);
        Assert.Contains($"href=\"/calls/{callId}/edit\"", html);
        Assert.Contains("href=\"/account\" aria-current=\"page\"", html); // the navigation places the staff pages in My space
        (status, html) = await staff.GetPageAsync("/account");
        Assert.Contains("href=\"/calls/manage\"", html); // the staff link in My space
    }

    [Fact]
    public void The_messages_that_carry_a_value_are_phrases_written_in_each_language()
    {
        var gap = new CallInput { TitleEn = "x", TitleFr = "x", FunderEn = "x", OpensAt = "2026-03-29T02:30", ClosesAt = "2026-04-30T12:00" }.Validate();
        var phrase = gap.Failure!.Errors!["opensAt"][0];
        Assert.Equal("call.time.dst-gap", phrase.Key);
        Assert.Equal("2026-03-29 02:30 n'existe pas à Bruxelles (les horloges avancent d'une heure au passage à l'heure d'été).", Biotope.Infrastructure.Texts.For("fr").Say(phrase));
        Assert.Equal("2026-03-29 02:30 does not exist in Brussels (the clocks jump forward at the change to summer time).", Biotope.Infrastructure.Texts.For("en").Say(phrase));
        var none = new CallInput { TitleEn = "x", TitleFr = "x", OpensAt = "2026-03-02T09:00", ClosesAt = "2026-04-30T12:00" }.Validate();
        Assert.Equal("call.funder.required", none.Failure!.Errors!["funder"][0].Key);
        // The funder of an older client (one name, no language) is taken as the English one.
        Assert.Equal(new Biotope.Infrastructure.Bilingual(null, "Walloon Region"), new CallInput { Funder = "Walloon Region" }.FunderName);
    }
}
