using System.Net;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Tests.Features.Calls.Staff;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Calls.Proposals;

/// <summary>
/// Every write on a proposal, its parts (partners, budgets, attachments), its transitions, its decision and appeal, and a
/// call's pins and exclusions, names the version it read (ADR 024): without If-Match 428, a stale one 412 and nothing
/// changes, the current one succeeds and makes a new version.
/// </summary>
public sealed class ProposalVersionTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    /// <summary>A draft in an open call without eligibility rules, coordinated by a new SME's member admin.</summary>
    private async Task<(HttpClient Staff, int Sme, HttpClient Coordinator, int Id)> DraftAsync(string acronym)
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, _) = await App.OpenCallAsync(staff, reviewers: 1);
        var sme = await App.AddOrganizationAsync($"{acronym} Biotech", OrganizationType.Sme, "BE332");
        var coordinator = await App.ClientAsAsync(Roles.MemberAdmin, sme);
        var id = (await coordinator.PostJsonAsync($"/api/v1/calls/{callId}/proposals", CallsKit.Content(acronym), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        return (staff, sme, coordinator, id);
    }

    [Fact]
    public async Task The_consortiums_writes_take_the_proposal_version()
    {
        var (staff, sme, coordinator, id) = await DraftAsync("VERSION");
        var partner = await App.AddOrganizationAsync("VERSION Pharma", OrganizationType.LargeCompany, "BE310");
        var url = $"/api/v1/proposals/{id}";

        await coordinator.AssertVersionRequiredAsync(HttpMethod.Post, $"{url}/partners", new { organizationId = partner });
        await coordinator.AssertVersionRequiredAsync(HttpMethod.Delete, $"{url}/partners/{partner}", null);
        await coordinator.AssertVersionRequiredAsync(HttpMethod.Put, $"{url}/partners/{sme}/budget", CallsKit.BudgetBody(100_000m));
        var attachment = (await coordinator.UploadPdfAsync(id, CallsKit.TinyPdf, null, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await coordinator.AssertVersionRequiredAsync(HttpMethod.Delete, $"{url}/attachments/{attachment}", null, HttpStatusCode.NoContent);
        await coordinator.AssertVersionRequiredAsync(HttpMethod.Post, $"{url}/submit", null);
        await staff.AssertVersionRequiredAsync(HttpMethod.Post, $"{url}/reopen", null);
        await coordinator.AssertVersionRequiredAsync(HttpMethod.Post, $"{url}/withdraw", null);
    }

    [Fact]
    public async Task A_malformed_body_is_told_what_is_wrong_before_the_version_and_a_stranger_is_refused_before_it()
    {
        var (staff, sme, coordinator, id) = await DraftAsync("ORDER");

        await coordinator.PutJsonAsync($"/api/v1/proposals/{id}/partners/{sme}/budget", CallsKit.BudgetBody(-5m), HttpStatusCode.BadRequest);
        await coordinator.PostJsonAsync($"/api/v1/proposals/{id}/partners", new { organizationId = 987654 }, HttpStatusCode.BadRequest);
        await staff.PostJsonAsync($"/api/v1/proposals/{id}/submit", null, HttpStatusCode.Forbidden);
        var stranger = await App.ClientAsAsync(Roles.MemberAdmin, await App.AddOrganizationAsync("ORDER Stranger", OrganizationType.Sme, "BE332"));
        await stranger.PostJsonAsync($"/api/v1/proposals/{id}/withdraw", null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Intent_decisions_pins_decisions_and_appeals_take_the_version_of_what_they_change()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var (twoStage, _) = await App.OpenCallAsync(staff, reviewers: 1, twoStage: true);
        var letter = await App.SubmittedProposalAsync(twoStage, "LETTER");
        await staff.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/proposals/{letter}/intent-decision", new { invite = true });

        var (callId, criteria) = await App.OpenCallAsync(staff, reviewers: 1);
        var proposal = await App.SubmittedProposalAsync(callId, "DECIDE");
        var (_, expertId) = await App.AddExpertAsync(staff, "Versioned Expert " + Guid.NewGuid().ToString("N")[..6], null, ["proton-therapy"], []);
        // Pins and exclusions are part of the call: they take and bump the call's version.
        await staff.AssertVersionRequiredAsync(HttpMethod.Put, $"/api/v1/calls/{callId}/assignment/overrides", new { proposalId = proposal, expertId, kind = "Exclude" }, HttpStatusCode.NoContent);
        await staff.AssertVersionRequiredAsync(HttpMethod.Delete, $"/api/v1/calls/{callId}/assignment/overrides/{proposal}/{expertId}", null, HttpStatusCode.NoContent);

        await staff.PutJsonAsync($"/api/v1/proposals/{proposal}/consensus", new { scores = criteria.Select(c => new { criterionId = c, score = 2, comment = "Weak." }) });
        await App.CloseCallAsync(callId);
        await staff.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/proposals/{proposal}/decision", new { outcome = "NotLabelled" });
        var coordinatorOrganization = await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Proposals.Where(p => p.Id == proposal).Select(p => p.CoordinatorOrganizationId)));
        var coordinator = await App.ClientAsAsync(Roles.Member, coordinatorOrganization);
        await coordinator.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/proposals/{proposal}/appeal", new { reason = "The impact score ignores our patent." });
        await staff.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/proposals/{proposal}/appeal/decision", new { outcome = "Rejected" });
    }

    [Fact]
    public async Task The_proposal_page_sends_the_version_it_read_and_a_stale_page_says_so()
    {
        var (_, sme, api, id) = await DraftAsync("STALE");
        var page = $"/proposals/{id}";
        var coordinator = await App.SignedInAsync(Roles.MemberAdmin, "en", sme);

        var (status, html) = await coordinator.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        var version = await App.ProposalVersionAsync(id);
        Assert.Contains($"name=\"Version\" value=\"{version.Value}\"", html);

        // Someone else changes the proposal after the page was read: the page's budget form is refused, with the reason, and nothing is saved.
        await api.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{sme}/budget", CallsKit.BudgetBody(1_000m));
        var stale = await coordinator.PostFormAsync(page + "?handler=Budget", html,
            [("Budget.OrganizationId", $"{sme}"), ("Budget.PersonnelCost", "999"), ("Budget.PersonnelFte", "1"), ("Version", version.Value)]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed since you read it", await stale.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1_000m, await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.ProposalPartners.Where(p => p.ProposalId == id && p.OrganizationId == sme).Select(p => p.PersonnelCost))));

        var (submitted, _, location) = await coordinator.SubmitAsync(page, page + "?handler=Budget",
            [("Budget.OrganizationId", $"{sme}"), ("Budget.PersonnelCost", "999"), ("Budget.PersonnelFte", "1"), await App.ProposalVersionAsync(id)]);
        Assert.Equal(HttpStatusCode.Redirect, submitted);
        Assert.Equal(page, location!.OriginalString);
    }
}
