using Biotope.Data;
using Biotope.Features.Calls;
using Biotope.Features.Demo;
using Biotope.Features.Projects;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Projects;

/// <summary>Portfolio.CreateFromLabelledProposalAsync: the project a labelled proposal becomes.</summary>
public sealed class PortfolioTests : IAsyncLifetime
{
    private SqliteConnection connection = null!;
    private BiotopeDb db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        connection = new SqliteConnection("DataSource=:memory:");
        await connection.OpenAsync(Ct);
        db = new BiotopeDb(new DbContextOptionsBuilder<BiotopeDb>().UseSqlite(connection).Options);
        await Migrator.MigrateAsync(db);
        await DemoSeeder.SeedAsync(db, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await db.DisposeAsync();
        await connection.DisposeAsync();
    }

    private Task<int> OrganizationAsync(string slug) => db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync(Ct);

    private async Task<Proposal> LabelledProposalAsync(string acronym)
    {
        var call = new Call { Slug = $"call-{Guid.NewGuid():N}", TitleEn = "Call", TitleFr = "Appel", FunderEn = "Walloon Region", ClosesAt = DateTimeOffset.UtcNow };
        db.Calls.Add(call);
        await db.SaveChangesAsync(Ct);
        var proposal = new Proposal
        {
            CallId = call.Id,
            Acronym = acronym,
            TitleEn = "Optimised antibody production",
            TitleFr = "Production d'anticorps optimisée",
            SummaryEn = "Summary.",
            SummaryFr = "Résumé.",
            Areas = ["monoclonal-antibodies"],
            Keywords = ["bioprocess", "CHO cells"],
            DurationMonths = 24,
            CoordinatorOrganizationId = await OrganizationAsync("umons"),
            Status = ProposalStatus.Decided,
            Decision = DecisionOutcome.Labelled,
            WorkPackages =
            [
                new WorkPackage
                {
                    Number = 2,
                    Title = "Scale-up",
                    Milestones = [new WorkItem { Code = "M2.1", Title = "Pilot batch", Month = 12 }],
                    Deliverables = [new WorkItem { Code = "D2.1", Title = "Scale-up report", Month = 24 }],
                },
                new WorkPackage
                {
                    Number = 1,
                    Title = "Cell line",
                    Deliverables = [new WorkItem { Code = "D1.1", Title = "Cell line selected", Month = 1 }],
                },
            ],
        };
        db.Proposals.Add(proposal);
        await db.SaveChangesAsync(Ct);
        return proposal;
    }

    [Fact]
    public async Task A_labelled_proposal_becomes_a_planned_project_with_its_consortium_and_work_plan()
    {
        var (umons, ulb) = (await OrganizationAsync("umons"), await OrganizationAsync("ulb"));
        var proposal = await LabelledProposalAsync("OCPAM");

        var project = await Portfolio.CreateFromLabelledProposalAsync(db, proposal,
            [(umons, true, 600_000.50m, 450_000m, 3), (ulb, false, 400_000m, 300_000.25m, 2)], "Walloon Region", "Pôles de compétitivité", Ct);

        // Added, not saved: the caller saves with its own changes.
        Assert.Equal(EntityState.Added, db.Entry(project).State);
        Assert.Equal(0, project.Id);
        Assert.Equal("ocpam-2", project.Slug); // the demo data already has "ocpam"
        Assert.Equal((ProjectSource.Labelled, ProjectStatus.Planned, proposal.Id), (project.Source, project.Status, project.ProposalId));
        Assert.Equal(("OCPAM", "Optimised antibody production", "Production d'anticorps optimisée"), (project.Acronym, project.TitleEn, project.TitleFr));
        Assert.Equal(("Summary.", "Résumé."), (project.SummaryEn, project.SummaryFr));
        Assert.Equal(("Walloon Region", "Pôles de compétitivité"), (project.Funder, project.Programme));
        Assert.Equal(["monoclonal-antibodies"], project.Areas);
        Assert.Equal(["bioprocess", "CHO cells"], project.Keywords);
        Assert.Equal(5, project.ResearchersToHire);
        Assert.Null(project.StartDate);

        Assert.Equal([(umons, "coordinator", 600_000.50m, 450_000m, 3), (ulb, "partner", 400_000m, 300_000.25m, 2)],
            project.Partners.Select(p => (p.OrganizationId, p.Role!, p.Budget!.Value, p.Funding!.Value, p.ResearchersToHire!.Value)));
        Assert.Equal([(1, "Cell line"), (2, "Scale-up")], project.Strands.Select(s => (s.Number, s.TitleEn)));
        Assert.Equal([("D1.1", MilestoneKind.Deliverable), ("M2.1", MilestoneKind.Milestone), ("D2.1", MilestoneKind.Deliverable)],
            project.Milestones.Select(m => (m.Code, m.Kind)));
        // No start date, so no due date is made up.
        Assert.All(project.Milestones, m => Assert.Null(m.DueDate));

        await db.SaveChangesAsync(Ct);
        proposal.ProjectId = project.Id;
        await db.SaveChangesAsync(Ct);
        var stored = await db.Projects.AsNoTracking().Include(p => p.Partners).Include(p => p.Milestones).SingleAsync(p => p.Id == project.Id, Ct);
        Assert.Equal(1_000_000.50m, stored.TotalBudget);
        Assert.Equal(3, stored.Milestones.Count);
        Assert.True(stored.IsCoordinatorOf(umons));
    }

    [Fact]
    public async Task With_a_start_date_items_are_due_at_the_end_of_their_project_month()
    {
        var proposal = await LabelledProposalAsync("DATEX");

        var project = await Portfolio.CreateFromLabelledProposalAsync(db, proposal, [(await OrganizationAsync("umons"), true, 1m, 1m, 0)],
            "Walloon Region", null, new DateOnly(2026, 3, 1), Ct);

        Assert.Equal(new DateOnly(2026, 3, 1), project.StartDate);
        Assert.Equal(new DateOnly(2028, 2, 29), project.EndDate); // 24 months
        var due = project.Milestones.ToDictionary(m => m.Code, m => m.DueDate);
        Assert.Equal(new DateOnly(2026, 3, 31), due["D1.1"]);
        Assert.Equal(new DateOnly(2027, 2, 28), due["M2.1"]);
        Assert.Equal(new DateOnly(2028, 2, 29), due["D2.1"]);
        Assert.Null(project.Programme);
    }

    [Fact]
    public async Task Two_projects_added_before_saving_get_different_slugs()
    {
        var first = await Portfolio.CreateFromLabelledProposalAsync(db, await LabelledProposalAsync("Twinix"), [], "FNRS", null, Ct);
        var second = await Portfolio.CreateFromLabelledProposalAsync(db, await LabelledProposalAsync("TWINIX"), [], "FNRS", null, Ct);

        Assert.Equal(("twinix", "twinix-2"), (first.Slug, second.Slug));
        Assert.Null(first.ResearchersToHire);
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task A_consortium_listing_an_organization_twice_or_two_coordinators_is_refused()
    {
        var umons = await OrganizationAsync("umons");
        var ulb = await OrganizationAsync("ulb");
        var proposal = await LabelledProposalAsync("REFUSIX");

        await Assert.ThrowsAsync<ArgumentException>(() => Portfolio.CreateFromLabelledProposalAsync(db, proposal, [(umons, true, 1m, 1m, 0), (umons, false, 1m, 1m, 0)], "FNRS", null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Portfolio.CreateFromLabelledProposalAsync(db, proposal, [(umons, true, 1m, 1m, 0), (ulb, true, 1m, 1m, 0)], "FNRS", null, Ct));
        Assert.DoesNotContain(db.Projects.Local, p => p.Acronym == "REFUSIX");
    }
}

internal static class ProjectAssertions
{
    public static bool IsCoordinatorOf(this Project project, int organizationId) => project.Coordinator?.OrganizationId == organizationId;
}
