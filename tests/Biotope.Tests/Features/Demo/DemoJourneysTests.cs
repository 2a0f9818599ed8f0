using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Calls;
using Biotope.Features.Demo;
using Biotope.Features.Projects;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Demo;

/// <summary>
/// The demo journeys on a fresh demo database (ADR 013): an evaluation in progress with its conflicts and enough experts,
/// eligible and ineligible proposals as the eligibility code judges them, the decided proposals' letters for their
/// coordinator's member admin, an invitation the partner's admin accepts, a dashboard with figures, the illustrative
/// note on every page that shows such figures, and a second seeding that changes nothing.
/// </summary>
public abstract class DemoJourneysContract
{
    protected abstract TestApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> CallIdAsync(string slug) => App.WithDbAsync(db => db.Calls.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync(Ct));

    private Task<int> ProposalIdAsync(string acronym) => App.WithDbAsync(db => db.Proposals.Where(p => p.Acronym == acronym).Select(p => p.Id).SingleAsync(Ct));

    private async Task<HttpClient> TokenClientAsync(string email)
    {
        var response = await App.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = TestApp.DemoPassword }, Ct);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString();
        return App.NewClient(token);
    }

    [Fact]
    public async Task The_evaluation_in_progress_has_enough_experts_a_declared_and_a_detected_conflict()
    {
        var callId = await CallIdAsync(DemoJourneys.EvaluationCallSlug);
        using var staff = await TokenClientAsync(DemoAccounts.StaffEmail);
        var conflicts = (await staff.GetJsonAsync($"/api/v1/calls/{callId}/conflicts")).EnumerateArray().ToList();
        var declared = Assert.Single(conflicts, c => c.GetProperty("type").GetString() == "DeclaredOrganization");
        Assert.Equal(DemoJourneys.DeclaredConflictAcronym, declared.GetProperty("proposal").GetString());
        var detected = Assert.Single(conflicts, c => c.GetProperty("type").GetString() == "SameOrganization");
        Assert.Equal((DemoJourneys.ConflictedExpertName, DemoJourneys.EligibleAcronym), (detected.GetProperty("expert").GetString(), detected.GetProperty("proposal").GetString()));

        var assignment = await staff.GetJsonAsync($"/api/v1/calls/{callId}/assignment");
        var submitted = assignment.GetProperty("proposals").EnumerateArray().Where(p => p.GetProperty("experts").GetArrayLength() > 0).ToList();
        Assert.Equal(2, submitted.Count);
        var (reviewers, active) = await App.WithDbAsync(async db => (
            await db.Calls.Where(c => c.Id == callId).Select(c => c.ReviewersPerProposal).SingleAsync(Ct),
            await db.Experts.CountAsync(e => e.Active, Ct)));
        Assert.True(active >= reviewers + 2, $"{active} experts for {reviewers} per proposal and two conflicts");
        foreach (var p in submitted)
        {
            var experts = p.GetProperty("experts").EnumerateArray().Select(e => e.GetProperty("expertId").GetInt32()).ToList();
            Assert.Equal(reviewers, experts.Count);
            var proposal = p.GetProperty("acronym").GetString();
            Assert.DoesNotContain(conflicts, c => c.GetProperty("proposal").GetString() == proposal && experts.Contains(c.GetProperty("expertId").GetInt32()));
        }
        // The demo expert has a proposal to review, and not the one they declared a conflict with.
        using var expert = await TokenClientAsync(DemoAccounts.ExpertEmail);
        var mine = (await expert.GetJsonAsync("/api/v1/experts/me/assignments")).EnumerateArray().Select(a => a.GetProperty("acronym").GetString()).ToList();
        Assert.Contains(DemoJourneys.EligibleAcronym, mine);
        Assert.DoesNotContain(DemoJourneys.DeclaredConflictAcronym, mine);
        Assert.True(await App.WithDbAsync(db => db.Experts.Where(e => e.Active).AllAsync(e => e.Illustrative, Ct)));
    }

    [Fact]
    public async Task The_eligibility_code_judges_the_submitted_proposals_eligible_and_the_late_draft_not()
    {
        using var staff = await TokenClientAsync(DemoAccounts.StaffEmail);
        foreach (var acronym in new[] { DemoJourneys.EligibleAcronym, DemoJourneys.DeclaredConflictAcronym })
        {
            var report = await staff.GetJsonAsync($"/api/v1/proposals/{await ProposalIdAsync(acronym)}/eligibility");
            Assert.True(report.GetProperty("eligible").GetBoolean(), report.ToString());
        }
        var draft = await staff.GetJsonAsync($"/api/v1/proposals/{await ProposalIdAsync(DemoJourneys.IneligibleAcronym)}/eligibility");
        Assert.False(draft.GetProperty("eligible").GetBoolean());
        var failed = draft.GetProperty("rules").EnumerateArray().Where(r => !r.GetProperty("passed").GetBoolean()).Select(r => r.GetProperty("rule").GetString()).ToList();
        Assert.Contains("invitations", failed);
        Assert.Contains("regional", failed);
        var states = await App.WithDbAsync(db => db.Proposals.Where(p => p.Call!.Slug == DemoJourneys.EvaluationCallSlug).ToDictionaryAsync(p => p.Acronym, p => p.Status, Ct));
        Assert.Equal(ProposalStatus.Draft, states[DemoJourneys.IneligibleAcronym]);
        Assert.Equal(ProposalStatus.Submitted, states[DemoJourneys.EligibleAcronym]);
    }

    [Theory]
    [InlineData("fr", "est labellisé", "n'est pas labellisé", "Données illustratives")]
    [InlineData("en", "is labelled", "is not labelled", "Illustrative data")]
    public async Task The_coordinators_member_admin_reads_both_letters(string language, string labelled, string rejected, string note)
    {
        using var admin = await App.PageClientAsync(DemoAccounts.CompanyAdminEmail, TestApp.DemoPassword, language);
        foreach (var (acronym, wording) in new[] { (DemoJourneys.LabelledAcronym, labelled), (DemoJourneys.RejectedAcronym, rejected) })
        {
            var id = await ProposalIdAsync(acronym);
            var html = await admin.GetStringAsync($"/proposals/{id}/letter", Ct);
            Assert.Contains(wording, Decode(html), StringComparison.Ordinal);
            Assert.Contains(note, Decode(html), StringComparison.Ordinal);
        }
        var decisions = await App.WithDbAsync(db => db.Proposals.Where(p => p.Call!.Slug == DemoJourneys.DecidedCallSlug).ToDictionaryAsync(p => p.Acronym, p => (p.Decision, p.ProjectId), Ct));
        Assert.Equal(DecisionOutcome.Labelled, decisions[DemoJourneys.LabelledAcronym].Decision);
        Assert.NotNull(decisions[DemoJourneys.LabelledAcronym].ProjectId);
        Assert.Equal(DecisionOutcome.NotLabelled, decisions[DemoJourneys.RejectedAcronym].Decision);
    }

    [Fact]
    public async Task The_invited_partners_admin_accepts_the_pending_invitation()
    {
        var id = await ProposalIdAsync(DemoJourneys.DraftAcronym);
        var uliege = await App.IdOfAsync(DemoAccounts.MemberAdminOrganizationSlug);
        var open = await App.WithDbAsync(db => db.Proposals.Where(p => p.Id == id).Select(p => p.Call!.Slug).SingleAsync(Ct));
        Assert.Equal("demo-cluster-projects-call", open);
        using var admin = await TokenClientAsync(DemoAccounts.MemberAdminEmail);
        var before = await admin.GetJsonAsync($"/api/v1/proposals/{id}");
        Assert.Equal("Invited", before.GetProperty("partners").EnumerateArray().Single(p => p.GetProperty("organizationId").GetInt32() == uliege).GetProperty("status").GetString());
        var after = await admin.PostJsonAsync($"/api/v1/proposals/{id}/partners/{uliege}/accept", null);
        Assert.Equal("Accepted", after.GetProperty("partners").EnumerateArray().Single(p => p.GetProperty("organizationId").GetInt32() == uliege).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_dashboard_shows_figures_and_the_seed_projects_keep_their_facts()
    {
        var dashboard = await App.Client.GetJsonAsync("/api/v1/projects/dashboard");
        Assert.True(dashboard.GetProperty("totalBudget").GetDecimal() > 0);
        Assert.True(dashboard.GetProperty("totalFunding").GetDecimal() > 0);
        Assert.True(dashboard.GetProperty("jobsCreated").GetInt32() > 0);
        var projects = await App.WithDbAsync(db => db.Projects.Include(p => p.Milestones).Include(p => p.Outputs).Include(p => p.Partners).ToListAsync(Ct));
        var run = Assert.Single(projects, p => p.Illustrative);
        Assert.Equal((DemoJourneys.LabelledAcronym, ProjectStatus.Active), (run.Acronym, run.Status));
        Assert.Contains(run.Milestones, m => m.ActualDate is not null);
        Assert.Contains(run.Milestones, m => m.IsLate(BrusselsTimeToday()));
        Assert.NotEmpty(run.Outputs);
        // The seeds state no amounts, dates or outputs for their projects: none was added.
        Assert.All(projects.Where(p => p.Source == ProjectSource.Demo), p =>
        {
            Assert.False(p.Illustrative);
            Assert.Null(p.StartDate);
            Assert.Empty(p.Outputs);
            Assert.All(p.Partners, x => Assert.Null(x.Budget));
        });
    }

    private static DateOnly BrusselsTimeToday() => Biotope.Infrastructure.BrusselsTime.Date(DateTimeOffset.UtcNow);

    [Theory]
    [InlineData("fr", "Données illustratives")]
    [InlineData("en", "Illustrative data")]
    public async Task Every_page_with_illustrative_figures_says_so(string language, string note)
    {
        var evaluation = await CallIdAsync(DemoJourneys.EvaluationCallSlug);
        var decided = await CallIdAsync(DemoJourneys.DecidedCallSlug);
        var eligible = await ProposalIdAsync(DemoJourneys.EligibleAcronym);
        var labelled = await ProposalIdAsync(DemoJourneys.LabelledAcronym);
        var slug = await App.WithDbAsync(db => db.Projects.Where(p => p.Illustrative).Select(p => p.Slug).SingleAsync(Ct));
        (string? Email, string Path)[] pages =
        [
            (null, $"/calls/{evaluation}"),
            (null, $"/calls/{decided}"),
            (null, "/projects"),
            (null, $"/projects/{slug}"),
            (DemoAccounts.CompanyAdminEmail, $"/proposals/{eligible}"),
            (DemoAccounts.CompanyAdminEmail, $"/proposals/{labelled}/letter"),
            (DemoAccounts.MemberAdminEmail, $"/proposals/{await ProposalIdAsync(DemoJourneys.DraftAcronym)}"),
            (DemoAccounts.StaffEmail, $"/calls/{evaluation}/evaluation"),
            (DemoAccounts.StaffEmail, $"/proposals/{await ProposalIdAsync(DemoJourneys.DeclaredConflictAcronym)}"),
            (DemoAccounts.ExpertEmail, $"/proposals/{eligible}/review"),
        ];
        foreach (var group in pages.GroupBy(p => p.Email))
        {
            using var client = await App.PageClientAsync(group.Key, TestApp.DemoPassword, language);
            foreach (var (_, path) in group)
            {
                using var response = await client.GetAsync(path, Ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} as {group.Key ?? "a visitor"}: {(int)response.StatusCode}");
                var html = Decode(await response.Content.ReadAsStringAsync(Ct));
                Assert.True(html.Contains("class=\"notice info", StringComparison.Ordinal) && html.Contains(note, StringComparison.Ordinal), $"{path} ({language}) does not say its data is illustrative");
            }
        }
    }

    [Fact]
    public async Task Seeding_again_changes_nothing()
    {
        async Task<string> SnapshotAsync() => await App.WithDbAsync(async db => string.Join(",",
            await db.Calls.CountAsync(Ct), await db.Proposals.CountAsync(Ct), await db.ProposalPartners.CountAsync(Ct), await db.Experts.CountAsync(Ct),
            await db.ReviewAssignments.CountAsync(Ct), await db.Reviews.CountAsync(Ct), await db.Consensuses.CountAsync(Ct), await db.ConflictDeclarations.CountAsync(Ct),
            await db.Projects.CountAsync(Ct), await db.ProjectMilestones.CountAsync(Ct), await db.Notifications.CountAsync(Ct), await db.Outbox.CountAsync(Ct),
            await db.Proposals.SumAsync(p => p.Version, Ct), await db.Projects.SumAsync(p => p.Version, Ct)));
        var before = await SnapshotAsync();
        await using (var scope = App.Services.CreateAsyncScope())
            await DemoJourneys.EnsureAsync(scope.ServiceProvider, DateTimeOffset.UtcNow, Ct);
        Assert.Equal(before, await SnapshotAsync());
    }

    private static string Decode(string html) => WebUtility.HtmlDecode(html).Replace('\u00a0', ' ').Replace('\u202f', ' ');
}

public sealed class DemoJourneysSqliteTests(SqliteAppFixture fixture) : DemoJourneysContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class DemoJourneysPostgresTests(PostgresAppFixture fixture) : DemoJourneysContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}
