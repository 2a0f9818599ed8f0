using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Projects;

public enum ProjectStatus
{
    Planned,
    Active,
    Completed,
    Terminated,
}

/// <summary>Where a portfolio project comes from.</summary>
public enum ProjectSource
{
    Manual,
    Demo,
    Labelled,
    Cordis,
}

/// <summary>A funded collaborative R&amp;D project of the portfolio.</summary>
public class Project : Data.IVersioned, Data.ICreated
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Acronym { get; set; }
    public required string TitleEn { get; set; }
    public string? TitleFr { get; set; }
    public string? SummaryEn { get; set; }
    public string? SummaryFr { get; set; }
    public int? ParentProjectId { get; set; }
    public int? ResearchersToHire { get; set; }
    /// <summary>Free-text description of the funding (e.g. "ERDF"), when no amount is known.</summary>
    public string? Funding { get; set; }
    public ProjectStatus Status { get; set; }
    public ProjectSource Source { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? Funder { get; set; }
    public string? Programme { get; set; }
    public List<string> Areas { get; set; } = [];
    public List<string> Keywords { get; set; } = [];
    /// <summary>The project's strands or work packages.</summary>
    public List<ProjectStrand> Strands { get; set; } = [];
    public int? ProposalId { get; set; }
    /// <summary>The CORDIS project id of an imported EU project.</summary>
    public string? CordisId { get; set; }
    public string? Website { get; set; }
    public List<ProjectPartner> Partners { get; set; } = [];
    public List<ProjectMilestone> Milestones { get; set; } = [];
    public List<ProjectOutput> Outputs { get; set; } = [];
    public List<ProjectResearcher> Researchers { get; set; } = [];
    /// <summary>Demo data added for a journey, not a fact of the seeds: pages say so (ADR 013).</summary>
    public bool Illustrative { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string Title(string language) => new Bilingual(TitleFr, TitleEn).In(language).Text;
    public string? Summary(string language) => new Bilingual(SummaryFr, SummaryEn).In(language).Text is { Length: > 0 } summary ? summary : null;
    public decimal? TotalBudget => Partners.Any(p => p.Budget is not null) ? Partners.Sum(p => p.Budget ?? 0) : null;
    public decimal? TotalFunding => Partners.Any(p => p.Funding is not null) ? Partners.Sum(p => p.Funding ?? 0) : null;

    /// <summary>
    /// False for a demo project without dates: the seeds state no status, so the stored default
    /// (<see cref="ProjectStatus.Planned"/>) is not a fact and is shown as "not stated" (ADR 008).
    /// </summary>
    public bool StatusStated => IsStatusStated(Source, StartDate, EndDate);

    public static bool IsStatusStated(ProjectSource source, DateOnly? start, DateOnly? end) => !(source == ProjectSource.Demo && start is null && end is null);

    public ProjectPartner? Coordinator => Partners.FirstOrDefault(p => ProjectRoles.IsCoordinator(p.Role));
}

/// <summary>The roles a partner may have in a project.</summary>
public static class ProjectRoles
{
    public const string Coordinator = "coordinator";
    public const string Partner = "partner";
    public const string Participant = "participant";
    public const string Associated = "associated";

    public static readonly IReadOnlyList<string> All = [Coordinator, Partner, Participant, Associated];

    public static bool IsCoordinator(string? role) => string.Equals(role, Coordinator, StringComparison.OrdinalIgnoreCase);
}

public class ProjectStrand
{
    public int Number { get; set; }
    public required string TitleEn { get; set; }
    public string? TitleFr { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    /// <summary>Projects run within this strand (e.g. OCPAM and PSEUDART in Hainaut-Biomed's second strand).</summary>
    public List<int> SubProjectIds { get; set; } = [];
}

public class ProjectPartner
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    /// <summary>coordinator, partner, participant, associated...</summary>
    public string? Role { get; set; }
    public decimal? Budget { get; set; }
    public decimal? Funding { get; set; }
    public int? ResearchersToHire { get; set; }
}

public enum MilestoneKind
{
    Milestone,
    Deliverable,
}

public class ProjectMilestone
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public MilestoneKind Kind { get; set; }
    public required string Code { get; set; }
    public required string Title { get; set; }
    public DateOnly? DueDate { get; set; }
    public DateOnly? ActualDate { get; set; }

    /// <summary>Due and not reached by <paramref name="today"/>, or reached after the due date.</summary>
    public bool IsLate(DateOnly today) => DueDate is { } due && (ActualDate is { } actual ? actual > due : due < today);
}

public class ProjectResearcher
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public required string Name { get; set; }
    public string? Orcid { get; set; }
    public int? OrganizationId { get; set; }
    public string? Position { get; set; }
    public DateOnly? HiredOn { get; set; }
}

public enum OutputKind
{
    Publication,
    Patent,
    Product,
    Service,
    Job,
    SpinOff,
}

/// <summary>A result of the project: a publication (DOI), patent, product or service, jobs created, a spin-off.</summary>
public class ProjectOutput
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public OutputKind Kind { get; set; }
    public required string Title { get; set; }
    public string? Doi { get; set; }
    public string? PatentNumber { get; set; }
    public int? Year { get; set; }
    /// <summary>Jobs: how many were created.</summary>
    public int? Count { get; set; }
    /// <summary>Spin-offs: the directory entry.</summary>
    public int? OrganizationId { get; set; }
    public string? Url { get; set; }
}

/// <summary>A periodic progress report: spend per partner against budget, and a narrative.</summary>
public class ProgressReport
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public required string Narrative { get; set; }
    public List<PartnerSpend> Spend { get; set; } = [];
    public DateTimeOffset SubmittedAt { get; set; }
    public string? SubmittedByUserId { get; set; }
}

public class PartnerSpend
{
    public int OrganizationId { get; set; }
    public decimal Amount { get; set; }
}
