namespace Biotope.Features.Projects;

/// <summary>A project in a list. <c>Status</c> is null when no source states it (ADR 008).</summary>
public sealed record ProjectSummary(int Id, string Slug, string Acronym, string TitleEn, string? TitleFr, string? Status, string Source,
    DateOnly? StartDate, DateOnly? EndDate, string? Funder, string? Programme, IReadOnlyList<string> Areas, int? ParentProjectId,
    int PartnerCount, int? CoordinatorOrganizationId, decimal? TotalBudget, decimal? TotalFunding, string Url);

public sealed record ProjectListResponse(IReadOnlyList<ProjectSummary> Items, int Total, int Page, int PageSize, decimal TotalBudget, decimal TotalFunding);

public sealed record ProjectRef(int Id, string Slug, string Acronym);

public sealed record StrandDto(int Number, string TitleEn, string? TitleFr, string? DescriptionEn, string? DescriptionFr, IReadOnlyList<ProjectRef> SubProjects);

public sealed record PartnerDto(int OrganizationId, string OrganizationName, string OrganizationType, string? Role, decimal? Budget, decimal? Funding, int? ResearchersToHire);

public sealed record MilestoneDto(int Id, string Kind, string Code, string Title, DateOnly? DueDate, DateOnly? ActualDate, bool Late);

public sealed record ResearcherDto(int Id, string Name, string? Orcid, int? OrganizationId, string? Position, DateOnly? HiredOn);

public sealed record OutputDto(int Id, string Kind, string Title, string? Doi, string? PatentNumber, int? Year, int? Count, int? OrganizationId, string? Url);

public sealed record ProjectDetails(
    int Id, string Slug, string Acronym, string TitleEn, string? TitleFr, string? SummaryEn, string? SummaryFr, string? Status, string Source,
    DateOnly? StartDate, DateOnly? EndDate, string? Funder, string? Programme, string? Funding, IReadOnlyList<string> Areas, IReadOnlyList<string> Keywords,
    IReadOnlyList<StrandDto> Strands, ProjectRef? ParentProject, IReadOnlyList<ProjectRef> SubProjects, int? ResearchersToHire, int? ProposalId,
    string? CordisId, string? Website, IReadOnlyList<PartnerDto> Partners, IReadOnlyList<MilestoneDto> Milestones, IReadOnlyList<ResearcherDto> Researchers,
    IReadOnlyList<OutputDto> Outputs, decimal? TotalBudget, decimal? TotalFunding, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Url);

public sealed record SpendDto(int OrganizationId, string OrganizationName, decimal Amount);

public sealed record ProgressReportDto(int Id, DateOnly PeriodStart, DateOnly PeriodEnd, string Narrative, IReadOnlyList<SpendDto> Spend, decimal TotalSpend, DateTimeOffset SubmittedAt);

/// <summary>A partner's budget, what the reports say it spent, and what remains (null when no budget is known).</summary>
public sealed record BudgetLineDto(int OrganizationId, string OrganizationName, decimal? Budget, decimal Spent, decimal? Remaining);

public sealed record ProgressReportsResponse(IReadOnlyList<ProgressReportDto> Items, IReadOnlyList<BudgetLineDto> Budget);

public sealed record AmountRow(string Key, int Projects, decimal Budget, decimal Funding);

public sealed record CountRow(string Key, int Count);

/// <summary>
/// Portfolio figures. By year and by partner kind add up to the totals; by area does not when a project
/// has several areas (it counts in each) — <c>Key</c> "none" holds the projects without one.
/// </summary>
public sealed record ProjectDashboard(int Projects, decimal TotalBudget, decimal TotalFunding, IReadOnlyList<AmountRow> ByArea,
    IReadOnlyList<AmountRow> ByStartYear, IReadOnlyList<AmountRow> ByPartnerKind, IReadOnlyList<CountRow> ByStatus, IReadOnlyList<CountRow> Outputs, int JobsCreated);

public static class ProjectMapping
{
    public static string ETag(this Project p) => $"\"{p.Version}\"";

    public static string PagePath(string slug) => $"/projects/{slug}";

    /// <summary>The status as the API states it: null when no source states it.</summary>
    public static string? StatedStatus(this Project p) => p.StatusStated ? p.Status.ToString() : null;

    public static PartnerDto ToDto(this ProjectPartner x) =>
        new(x.OrganizationId, x.Organization?.Name ?? "", x.Organization?.Type.ToString() ?? "", x.Role, x.Budget, x.Funding, x.ResearchersToHire);

    public static MilestoneDto ToDto(this ProjectMilestone m, DateOnly today) => new(m.Id, m.Kind.ToString(), m.Code, m.Title, m.DueDate, m.ActualDate, m.IsLate(today));

    public static ResearcherDto ToDto(this ProjectResearcher r) => new(r.Id, r.Name, r.Orcid, r.OrganizationId, r.Position, r.HiredOn);

    public static OutputDto ToDto(this ProjectOutput o) => new(o.Id, o.Kind.ToString(), o.Title, o.Doi, o.PatentNumber, o.Year, o.Count, o.OrganizationId, o.Url);

    public static ProjectDetails ToDetails(this Project p, ProjectLinks links, DateOnly today, string baseUrl) => new(
        p.Id, p.Slug, p.Acronym, p.TitleEn, p.TitleFr, p.SummaryEn, p.SummaryFr, p.StatedStatus(), p.Source.ToString(), p.StartDate, p.EndDate,
        p.Funder, p.Programme, p.Funding, p.Areas, p.Keywords,
        [.. p.Strands.OrderBy(s => s.Number).Select(s => new StrandDto(s.Number, s.TitleEn, s.TitleFr, s.DescriptionEn, s.DescriptionFr, links.Resolve(s.SubProjectIds)))],
        links.Parent, links.Children, p.ResearchersToHire, p.ProposalId, p.CordisId, p.Website,
        [.. p.Partners.OrderBy(x => ProjectRoles.IsCoordinator(x.Role) ? 0 : 1).ThenBy(x => x.Organization?.Name, StringComparer.OrdinalIgnoreCase).Select(x => x.ToDto())],
        [.. p.Milestones.OrderBy(m => m.DueDate ?? DateOnly.MaxValue).ThenBy(m => m.Code, StringComparer.Ordinal).Select(m => m.ToDto(today))],
        [.. p.Researchers.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Select(r => r.ToDto())],
        [.. p.Outputs.OrderBy(o => o.Kind).ThenByDescending(o => o.Year).ThenBy(o => o.Id).Select(o => o.ToDto())],
        p.TotalBudget, p.TotalFunding, p.Version, p.CreatedAt, p.UpdatedAt, baseUrl + PagePath(p.Slug));
}

/// <summary>The projects a project refers to: its parent, its sub-projects, and those its strands name.</summary>
public sealed record ProjectLinks(ProjectRef? Parent, IReadOnlyList<ProjectRef> Children, IReadOnlyDictionary<int, ProjectRef> ById)
{
    public static readonly ProjectLinks None = new(null, [], new Dictionary<int, ProjectRef>());

    public IReadOnlyList<ProjectRef> Resolve(IEnumerable<int> ids) => [.. ids.Select(id => ById.GetValueOrDefault(id)).OfType<ProjectRef>()];
}
