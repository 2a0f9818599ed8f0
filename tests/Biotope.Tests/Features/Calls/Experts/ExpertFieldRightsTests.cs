using System.Net;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Calls;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Calls.Experts;

/// <summary>
/// Field rights in calls (ADR 017): an assigned expert's organization, areas and keywords are staff's; a conflict declared
/// after a review keeps the review and flags it; a decided proposal's reviews never change; an invited partner that has not
/// accepted reads no budget.
/// </summary>
public sealed class ExpertFieldRightsTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Setup(HttpClient Staff, int CallId, int[] Criteria, int Proposal, HttpClient Expert, int ExpertId, int ExpertOrganization);

    /// <summary>An open call with one submitted proposal, assigned to the only active expert.</summary>
    private async Task<Setup> AssignedAsync(string acronym)
    {
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);
        var now = DateTimeOffset.UtcNow;
        var call = await staff.PostJsonAsync("/api/v1/calls", CallsKit.CallBody(BrusselsTime.ToLocalInput(now.AddDays(-1)), BrusselsTime.ToLocalInput(now.AddDays(20)), reviewers: 1), HttpStatusCode.Created);
        var callId = call.GetProperty("id").GetInt32();
        var criteria = call.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToArray();
        var proposal = await CallsKit.SubmittedProposalAsync(app, callId, acronym);
        await app.WithDbAsync(db => db.Experts.ExecuteUpdateAsync(e => e.SetProperty(x => x.Active, false), Ct));
        var organization = await app.AddOrganizationAsync(acronym + " Expert Lab", OrganizationType.ResearchInstitute, "BE332");
        var (expert, expertId) = await app.AddExpertAsync(staff, acronym + " expert", organization, ["cell-therapy"], ["vectors"]);
        var report = await staff.PostJsonAsync($"/api/v1/calls/{callId}/assignment", null);
        Assert.True(report.GetProperty("complete").GetBoolean(), report.ToString());
        return new Setup(staff, callId, criteria, proposal, expert, expertId, organization);
    }

    private static object Review(int[] criteria) => new
    {
        scores = criteria.Select(c => new { criterionId = c, score = 4m, comment = "Solid." }).ToArray(),
        overallComment = "Fine.",
    };

    private static object Profile(string name, int? organizationId, string[] areas, string[] keywords, int version, int maxLoad = 6, bool active = true) =>
        new { name, organizationId, areas, keywords, languages = new[] { "fr", "en" }, maxLoad, active, version };

    /// <summary>Every field the expert policy rules on (<see cref="Biotope.Features.Calls.Experts.ExpertsApi.Rights"/>): a new rule gets this test.</summary>
    public static TheoryData<string> RuledFields() => new(Biotope.Features.Calls.Experts.ExpertsApi.Rights.Fields);

    [Theory]
    [MemberData(nameof(RuledFields))]
    public async Task An_assigned_expert_changing_a_ruled_field_gets_a_field_error_naming_it_and_nothing_is_stored(string field)
    {
        var s = await AssignedAsync("LOCK" + field.ToUpperInvariant()[..3]);
        var me = await s.Expert.GetJsonAsync("/api/v1/experts/me");
        var other = await app.AddOrganizationAsync("Elsewhere " + field, OrganizationType.Sme, null);
        var (expectedCode, body) = field switch
        {
            "organizationId" => ("expert.field.locked-while-assigned", Profile("Renamed expert", other, ["cell-therapy"], ["vectors"], me.GetProperty("version").GetInt32())),
            "areas" => ("expert.field.locked-while-assigned", Profile("Renamed expert", s.ExpertOrganization, [], ["vectors"], me.GetProperty("version").GetInt32())),
            "keywords" => ("expert.field.locked-while-assigned", Profile("Renamed expert", s.ExpertOrganization, ["cell-therapy"], ["something else"], me.GetProperty("version").GetInt32())),
            "maxLoad" => ("field.staff-only", Profile("Renamed expert", s.ExpertOrganization, ["cell-therapy"], ["vectors"], me.GetProperty("version").GetInt32(), maxLoad: 12)),
            "active" => ("field.staff-only", Profile("Renamed expert", s.ExpertOrganization, ["cell-therapy"], ["vectors"], me.GetProperty("version").GetInt32(), active: false)),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "A new ruled field of the expert profile: say here how the expert changes it."),
        };

        var (status, problem) = await s.Expert.SendInAsync(HttpMethod.Put, $"/api/v1/experts/{s.ExpertId}", body, "en");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("field.forbidden", problem.GetProperty("code").GetString());
        var codes = problem.GetProperty("errorCodes");
        Assert.Equal([expectedCode], codes.GetProperty(field).EnumerateArray().Select(c => c.GetString()));
        Assert.Single(codes.EnumerateObject());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("errors").GetProperty(field)[0].GetString()));
        var stored = await app.WithDbAsync(db => db.Experts.AsNoTracking().SingleAsync(e => e.Id == s.ExpertId, Ct));
        Assert.Equal((s.ExpertOrganization, "cell-therapy", "vectors", 6, true), (stored.OrganizationId!.Value, string.Join(",", stored.Areas), string.Join(",", stored.Keywords), stored.MaxLoad, stored.Active));
        Assert.NotEqual("Renamed expert", stored.Name);

        // Staff still can; and the expert's other fields stay theirs.
        await s.Staff.PutJsonAsync($"/api/v1/experts/{s.ExpertId}", body);
        var again = await s.Staff.GetJsonAsync($"/api/v1/experts/{s.ExpertId}");
        Assert.Equal("Renamed expert", again.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_expert_without_open_assignments_edits_their_profile_but_never_their_load()
    {
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);
        var organization = await app.AddOrganizationAsync("Free Expert Lab", OrganizationType.ResearchInstitute, null);
        var (expert, expertId) = await app.AddExpertAsync(staff, "Free expert", organization, ["cell-therapy"], ["vectors"]);
        var me = await expert.GetJsonAsync("/api/v1/experts/me");
        var version = me.GetProperty("version").GetInt32();
        await expert.PutJsonAsync($"/api/v1/experts/{expertId}", Profile("Free expert", null, ["gene-therapy"], ["capsids"], version));

        var (status, problem) = await expert.SendInAsync(HttpMethod.Put, $"/api/v1/experts/{expertId}", Profile("Free expert", null, ["gene-therapy"], ["capsids"], version + 1, maxLoad: 40), "en");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(["field.staff-only"], problem.GetProperty("errorCodes").GetProperty("maxLoad").EnumerateArray().Select(c => c.GetString()));
        var stored = await app.WithDbAsync(db => db.Experts.AsNoTracking().SingleAsync(e => e.Id == expertId, Ct));
        Assert.Equal((6, (int?)null, "gene-therapy"), (stored.MaxLoad, stored.OrganizationId, string.Join(",", stored.Areas)));
    }

    [Fact]
    public async Task A_conflict_declared_after_the_review_keeps_the_review_and_flags_the_assignment_for_staff()
    {
        var s = await AssignedAsync("AFTERREV");
        await s.Expert.PostJsonAsync($"/api/v1/proposals/{s.Proposal}/review/submit", Review(s.Criteria));

        await s.Expert.PostJsonAsync("/api/v1/experts/me/conflicts", new { proposalId = s.Proposal, reason = "My sister joined the coordinator." }, HttpStatusCode.Created);

        var assignment = await app.WithDbAsync(db => db.ReviewAssignments.AsNoTracking().SingleAsync(a => a.ProposalId == s.Proposal && a.ExpertId == s.ExpertId, Ct));
        Assert.NotNull(assignment.ConflictDeclaredAt);
        Assert.Equal("My sister joined the coordinator.", assignment.ConflictReason);
        var review = await app.WithDbAsync(db => db.Reviews.AsNoTracking().SingleAsync(r => r.AssignmentId == assignment.Id, Ct));
        Assert.Equal(ReviewStatus.Submitted, review.Status);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(ReviewAssignment) && e.EntityId == assignment.Id.ToString() && e.Action == "Modified").ToListAsync(Ct));
        Assert.Contains(audit, e => e.After!.Contains("My sister joined the coordinator.", StringComparison.Ordinal));

        // Running the assignment again does not drop it either.
        await s.Staff.PostJsonAsync($"/api/v1/calls/{s.CallId}/assignment", null);
        Assert.True(await app.WithDbAsync(db => db.Reviews.AnyAsync(r => r.Id == review.Id, Ct)));

        // Staff see the flag on the evaluation page.
        var (email, password) = await app.CreateUserAsync(Roles.ClusterStaff);
        var page = await app.PageClientAsync(email, password, "en");
        var html = System.Net.WebUtility.HtmlDecode(await page.GetStringAsync($"/calls/{s.CallId}/evaluation", Ct));
        Assert.Contains("Conflict declared after this review was submitted:", html);
        Assert.Contains("My sister joined the coordinator.", html);
    }

    [Fact]
    public async Task A_decided_proposals_reviews_never_change()
    {
        var s = await AssignedAsync("DECIDED");
        await s.Expert.PostJsonAsync($"/api/v1/proposals/{s.Proposal}/review/submit", Review(s.Criteria));
        var review = await app.WithDbAsync(db => db.Reviews.AsNoTracking().SingleAsync(r => r.ProposalId == s.Proposal, Ct));
        await app.WithDbAsync(db => db.Proposals.Where(p => p.Id == s.Proposal).ExecuteUpdateAsync(p => p.SetProperty(x => x.Status, ProposalStatus.Decided), Ct));

        var (declared, problem) = await s.Expert.SendInAsync(HttpMethod.Post, "/api/v1/experts/me/conflicts", new { proposalId = s.Proposal, reason = "Too late." }, "en");
        Assert.Equal(HttpStatusCode.Conflict, declared);
        Assert.Equal("conflict.proposal-decided", problem.GetProperty("code").GetString());
        Assert.Contains("decided", problem.GetProperty("detail").GetString());
        await s.Expert.PutJsonAsync($"/api/v1/proposals/{s.Proposal}/review", Review(s.Criteria), HttpStatusCode.Conflict);

        // A declaration on one of its organizations leaves it alone too, and so does a new assignment run.
        var coordinator = (await s.Staff.GetJsonAsync($"/api/v1/proposals/{s.Proposal}")).GetProperty("coordinatorOrganizationId").GetInt32();
        await s.Expert.PostJsonAsync("/api/v1/experts/me/conflicts", new { organizationId = coordinator, reason = "Former employer." }, HttpStatusCode.Created);
        await s.Staff.PostJsonAsync($"/api/v1/calls/{s.CallId}/assignment", null);
        var after = await app.WithDbAsync(db => db.Reviews.AsNoTracking().SingleAsync(r => r.Id == review.Id, Ct));
        Assert.Equal((review.Version, ReviewStatus.Submitted), (after.Version, after.Status));
        var assignment = await app.WithDbAsync(db => db.ReviewAssignments.AsNoTracking().SingleAsync(a => a.Id == review.AssignmentId, Ct));
        Assert.Null(assignment.ConflictDeclaredAt);
    }

    [Fact]
    public async Task An_invited_partner_that_has_not_accepted_reads_no_budget_and_reads_them_once_accepted()
    {
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);
        var now = DateTimeOffset.UtcNow;
        var call = await staff.PostJsonAsync("/api/v1/calls", CallsKit.CallBody(BrusselsTime.ToLocalInput(now.AddDays(-1)), BrusselsTime.ToLocalInput(now.AddDays(20))), HttpStatusCode.Created);
        var callId = call.GetProperty("id").GetInt32();
        var sme = await app.AddOrganizationAsync("Budget Coordinator", OrganizationType.Sme, "BE332");
        var invited = await app.AddOrganizationAsync("Budget Invitee", OrganizationType.LargeCompany, "BE310");
        var coordinator = await app.ClientAsAsync(Roles.MemberAdmin, sme);
        var id = (await coordinator.PostJsonAsync($"/api/v1/calls/{callId}/proposals", CallsKit.Content("BUDGETS"), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await coordinator.PostCurrentAsync($"/api/v1/proposals/{id}/partners", new { organizationId = invited });
        await coordinator.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{sme}/budget", CallsKit.BudgetBody(123_456m));
        var invitee = await app.ClientAsAsync(Roles.MemberAdmin, invited);

        var details = await invitee.GetJsonAsync($"/api/v1/proposals/{id}");
        Assert.Equal(JsonValueKind.Null, details.GetProperty("budget").ValueKind);
        Assert.All(details.GetProperty("partners").EnumerateArray(), p => Assert.Equal(JsonValueKind.Null, p.GetProperty("personnelCost").ValueKind));
        Assert.DoesNotContain("123456", details.ToString());
        await invitee.GetJsonAsync($"/api/v1/proposals/{id}/budget", HttpStatusCode.Forbidden);
        await invitee.GetJsonAsync($"/api/v1/proposals/{id}/eligibility", HttpStatusCode.Forbidden);
        var (email, password) = await app.CreateUserAsync(Roles.MemberAdmin, invited);
        var page = await app.PageClientAsync(email, password, "en");
        var html = System.Net.WebUtility.HtmlDecode(await page.GetStringAsync($"/proposals/{id}", Ct));
        Assert.Contains("Accept the invitation to see the consortium's budget.", html);
        Assert.DoesNotContain("123,456", html);

        await invitee.PostJsonAsync($"/api/v1/proposals/{id}/partners/{invited}/accept", null);
        var budget = await invitee.GetJsonAsync($"/api/v1/proposals/{id}/budget");
        Assert.Equal(123_456m, budget.GetProperty("partners").EnumerateArray().Single(p => p.GetProperty("organizationId").GetInt32() == sme).GetProperty("personnelCost").GetDecimal());
        Assert.Equal(JsonValueKind.Object, (await invitee.GetJsonAsync($"/api/v1/proposals/{id}")).GetProperty("budget").ValueKind);
        Assert.Contains("123,456", System.Net.WebUtility.HtmlDecode(await page.GetStringAsync($"/proposals/{id}", Ct)));
    }
}
