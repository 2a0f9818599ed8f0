using System.Net;
using Biotope.Features.Accounts;
using Biotope.Features.Calls;
using Biotope.Features.Calls.Experts;
using Biotope.Features.Organizations;
using Biotope.Features.Projects;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Calls.Experts;

/// <summary>Conflicts of interest, detected from the directory and the portfolio, and declared; and what the assignment says when it cannot cover a proposal.</summary>
public sealed class ConflictsTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<int> ProjectAsync(string acronym, DateOnly? end, params int[] partners) => await app.WithDbAsync(async db =>
    {
        var project = new Project { Slug = acronym.ToLowerInvariant() + Guid.NewGuid().ToString("N")[..6], Acronym = acronym, TitleEn = acronym, EndDate = end, Source = ProjectSource.Cordis };
        project.Partners.AddRange(partners.Select(p => new ProjectPartner { OrganizationId = p }));
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return project.Id;
    });

    private static Proposal ProposalWith(int id, params int[] organizations) => new()
    {
        Id = id,
        Acronym = "P" + id,
        Partners = [.. organizations.Select((o, i) => new ProposalPartner { OrganizationId = o, IsCoordinator = i == 0, Status = PartnerStatus.Accepted })],
    };

    [Fact]
    public async Task Same_related_and_recently_collaborating_organizations_are_conflicts_with_readable_reasons()
    {
        var expertOrg = await app.AddOrganizationAsync("Expert Lab", OrganizationType.ResearchInstitute, "BE332");
        var spinOff = await app.AddOrganizationAsync("Expert Lab Spin-off", OrganizationType.UniversitySpinOff, "BE332");
        var recent = await app.AddOrganizationAsync("Recent Partner", OrganizationType.Sme, "BE310");
        var old = await app.AddOrganizationAsync("Old Partner", OrganizationType.Sme, "BE310");
        var stranger = await app.AddOrganizationAsync("Stranger", OrganizationType.Sme, "BE310");
        await app.WithDbAsync(async db =>
        {
            db.OrganizationRelations.Add(new OrganizationRelation { FromOrganizationId = spinOff, ToOrganizationId = expertOrg, Kind = RelationKind.SpinOffOf });
            return await db.SaveChangesAsync();
        });
        await ProjectAsync("RECENT", new DateOnly(2024, 6, 30), expertOrg, recent);
        await ProjectAsync("OLDONE", new DateOnly(2023, 6, 30), expertOrg, old);

        var expert = new Expert { Id = 9001, Name = "E", OrganizationId = expertOrg };
        var proposals = new[] { ProposalWith(1, expertOrg), ProposalWith(2, spinOff), ProposalWith(3, recent), ProposalWith(4, old), ProposalWith(5, stranger) };
        var map = await app.WithDbAsync(db => Conflicts.DetectAsync(db, [expert], proposals, Now, CancellationToken.None));

        Assert.Equal(ConflictType.SameOrganization, Assert.Single(map.For(9001, 1)).Type);
        var related = Assert.Single(map.For(9001, 2));
        Assert.Equal(ConflictType.RelatedOrganization, related.Type);
        Assert.Contains("parent of the spin-off Expert Lab Spin-off", Texts.For("en").Say(related.Reason));
        var collaboration = Assert.Single(map.For(9001, 3));
        Assert.Equal(ConflictType.RecentCollaboration, collaboration.Type);
        Assert.Contains("RECENT", Texts.For("en").Say(collaboration.Reason));
        Assert.Contains("trois dernières années", Texts.For("fr").Say(collaboration.Reason));
        Assert.False(map.Any(9001, 4)); // ended more than three years ago
        Assert.False(map.Any(9001, 5));
    }

    [Fact]
    public async Task Declared_conflicts_withdraw_the_assignment_and_a_pin_on_a_conflict_is_refused()
    {
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);
        var now = DateTimeOffset.UtcNow;
        var call = await staff.PostJsonAsync("/api/v1/calls", CallsKit.CallBody(Biotope.Infrastructure.BrusselsTime.ToLocalInput(now.AddDays(-1)), Biotope.Infrastructure.BrusselsTime.ToLocalInput(now.AddDays(20)), reviewers: 1), HttpStatusCode.Created);
        var callId = call.GetProperty("id").GetInt32();
        var proposal = await CallsKit.SubmittedProposalAsync(app, callId, "DECLARE");
        await app.WithDbAsync(db => db.Experts.ExecuteUpdateAsync(e => e.SetProperty(x => x.Active, false)));
        var (expert, expertId) = await app.AddExpertAsync(staff, "Declaring expert", null, ["cell-therapy"], []);
        var report = await staff.PostJsonAsync($"/api/v1/calls/{callId}/assignment", null);
        Assert.True(report.GetProperty("complete").GetBoolean(), report.ToString());

        await expert.PostJsonAsync("/api/v1/experts/me/conflicts", new { proposalId = proposal, reason = "I advised the coordinator last year." }, HttpStatusCode.Created);
        await expert.GetJsonAsync($"/api/v1/proposals/{proposal}", HttpStatusCode.NotFound);
        var conflicts = await staff.GetJsonAsync($"/api/v1/calls/{callId}/conflicts");
        Assert.Contains(conflicts.EnumerateArray(), c => c.GetProperty("type").GetString() == "DeclaredProposal" && c.GetProperty("reason").GetString()!.Contains("advised"));
        await staff.PutCurrentAsync($"/api/v1/calls/{callId}/assignment/overrides", new { proposalId = proposal, expertId, kind = "Pin" }, HttpStatusCode.Conflict);

        // Nobody else is free: the assignment says which proposal is left uncovered, and why.
        staff.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var again = await staff.PostJsonAsync($"/api/v1/calls/{callId}/assignment", null);
        Assert.False(again.GetProperty("complete").GetBoolean());
        var uncovered = Assert.Single(again.GetProperty("uncovered").EnumerateArray()).GetString();
        Assert.Contains("DECLARE: 1 reviewer missing.", uncovered);
        Assert.Contains("1 has a conflict of interest", uncovered);
        var row = again.GetProperty("proposals").EnumerateArray().Single(p => p.GetProperty("acronym").GetString() == "DECLARE");
        Assert.Equal("assignment.why.no-expert", row.GetProperty("reasonCode").GetString());
    }

    [Fact]
    public async Task A_two_stage_call_takes_letters_of_intent_then_full_proposals_from_invited_consortia()
    {
        var clock = new FakeClock(DateTimeOffset.Parse("2026-02-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var local = await TestApp.StartSqliteAsync(clock: clock);
        var staff = await local.ClientAsAsync(Roles.ClusterStaff);
        var call = await staff.PostJsonAsync("/api/v1/calls", CallsKit.CallBody("2026-02-01T09:00", "2026-04-30T12:00", stage: "TwoStage", intentClosesAt: "2026-02-28T12:00"), HttpStatusCode.Created);
        var callId = call.GetProperty("id").GetInt32();
        Assert.Equal("intent", call.GetProperty("phase").GetString());
        clock.Advance(TimeSpan.FromHours(1));
        var proposal = await CallsKit.SubmittedProposalAsync(local, callId, "TWOSTAGE");
        var intent = await staff.GetJsonAsync($"/api/v1/proposals/{proposal}");
        Assert.Equal("IntentSubmitted", intent.GetProperty("status").GetString());

        clock.Set(DateTimeOffset.Parse("2026-03-05T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var invited = await staff.PostCurrentAsync($"/api/v1/proposals/{proposal}/intent-decision", new { invite = true });
        Assert.Equal("Invited", invited.GetProperty("status").GetString());
        Assert.Equal(DateTimeOffset.Parse("2026-04-30T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), invited.GetProperty("deadline").GetDateTimeOffset());
        var coordinatorOrg = invited.GetProperty("coordinatorOrganizationId").GetInt32();
        var coordinator = await local.ClientAsAsync(Roles.Member, coordinatorOrg);
        var full = await coordinator.PostCurrentAsync($"/api/v1/proposals/{proposal}/submit", null);
        Assert.Equal("Submitted", full.GetProperty("status").GetString());
    }
}
