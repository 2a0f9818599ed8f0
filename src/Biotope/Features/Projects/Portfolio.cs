using Biotope.Data;
using Biotope.Features.Calls;

namespace Biotope.Features.Projects;

/// <summary>Entry points other capabilities use to put projects into the portfolio.</summary>
public static class Portfolio
{
    /// <summary>
    /// Adds (does not save) the project a labelled proposal becomes: Source Labelled, status Planned, the
    /// proposal's texts, areas and keywords, its consortium with budgets, and its work packages as strands with
    /// their milestones and deliverables. No start date is known yet, so no due date is set either. After saving,
    /// set <c>proposal.ProjectId</c> to the new project's id.
    /// </summary>
    public static Task<Project> CreateFromLabelledProposalAsync(BiotopeDb db, Proposal proposal,
        IReadOnlyList<(int OrganizationId, bool IsCoordinator, decimal Budget, decimal Funding, int ResearchersToHire)> consortium,
        string funder, string? programme, CancellationToken ct) =>
        CreateFromLabelledProposalAsync(db, proposal, consortium, funder, programme, startDate: null, ct);

    /// <summary>
    /// As above, with the project's start date when it is known: a milestone due in project month N is then due on
    /// the last day of that month (a start on 1 March makes month 1 end on 31 March).
    /// </summary>
    public static async Task<Project> CreateFromLabelledProposalAsync(BiotopeDb db, Proposal proposal,
        IReadOnlyList<(int OrganizationId, bool IsCoordinator, decimal Budget, decimal Funding, int ResearchersToHire)> consortium,
        string funder, string? programme, DateOnly? startDate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentException.ThrowIfNullOrWhiteSpace(funder);
        if (consortium.Select(c => c.OrganizationId).Distinct().Count() != consortium.Count)
            throw new ArgumentException("An organization is listed twice in the consortium.", nameof(consortium));
        if (consortium.Count(c => c.IsCoordinator) > 1)
            throw new ArgumentException("A consortium has at most one coordinator.", nameof(consortium));

        var workPackages = proposal.WorkPackages.OrderBy(w => w.Number).ToList();
        var project = new Project
        {
            Slug = await db.UniqueSlugAsync(proposal.Acronym, ct),
            Acronym = proposal.Acronym.Trim(),
            TitleEn = proposal.TitleEn ?? proposal.TitleFr ?? proposal.Acronym,
            TitleFr = proposal.TitleFr,
            SummaryEn = proposal.SummaryEn,
            SummaryFr = proposal.SummaryFr,
            Status = ProjectStatus.Planned,
            Source = ProjectSource.Labelled,
            ProposalId = proposal.Id,
            Funder = funder.Trim(),
            Programme = string.IsNullOrWhiteSpace(programme) ? null : programme.Trim(),
            StartDate = startDate,
            EndDate = startDate is { } start && proposal.DurationMonths > 0 ? start.AddMonths(proposal.DurationMonths).AddDays(-1) : null,
            Areas = [.. proposal.Areas],
            Keywords = [.. proposal.Keywords],
            ResearchersToHire = consortium.Count > 0 ? consortium.Sum(c => c.ResearchersToHire) : null,
            // The proposal's work-package titles are in the language it was written in; English is the required slot.
            Strands = [.. workPackages.Select(w => new ProjectStrand { Number = w.Number, TitleEn = w.Title })],
            Partners = [.. consortium.Select(c => new ProjectPartner
            {
                OrganizationId = c.OrganizationId,
                Role = c.IsCoordinator ? ProjectRoles.Coordinator : ProjectRoles.Partner,
                Budget = c.Budget,
                Funding = c.Funding,
                ResearchersToHire = c.ResearchersToHire,
            })],
            Milestones =
            [
                .. workPackages.SelectMany(w => w.Milestones.Select(m => Item(MilestoneKind.Milestone, m, startDate))
                    .Concat(w.Deliverables.Select(d => Item(MilestoneKind.Deliverable, d, startDate)))),
            ],
        };
        db.Projects.Add(project);
        return project;
    }

    private static ProjectMilestone Item(MilestoneKind kind, WorkItem item, DateOnly? startDate) => new()
    {
        Kind = kind,
        Code = item.Code,
        Title = item.Title,
        DueDate = DueDate(startDate, item.Month),
    };

    /// <summary>The last day of project month <paramref name="month"/>; none without a start date.</summary>
    public static DateOnly? DueDate(DateOnly? startDate, int month) =>
        startDate is { } start && month > 0 ? start.AddMonths(month).AddDays(-1) : null;
}
