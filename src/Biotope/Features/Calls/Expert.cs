namespace Biotope.Features.Calls;

/// <summary>An evaluator's profile: expertise, languages and how many proposals they can take.</summary>
public class Expert : Data.IVersioned, Data.ICreated
{
    public int Id { get; set; }
    /// <summary>The account the expert signs in with (role Expert).</summary>
    public string? UserId { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    public string? Orcid { get; set; }
    public int? OrganizationId { get; set; }
    public Organizations.Organization? Organization { get; set; }
    public List<string> Areas { get; set; } = [];
    public List<string> Keywords { get; set; } = [];
    public List<string> Languages { get; set; } = [];
    public int MaxLoad { get; set; } = 6;
    public bool Active { get; set; } = true;
    /// <summary>Demo data added for a journey, not a fact of the seeds: pages say so (ADR 013).</summary>
    public bool Illustrative { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A conflict of interest the expert declared, on one proposal or on every proposal involving an organization.</summary>
public class ConflictDeclaration
{
    public int Id { get; set; }
    public int ExpertId { get; set; }
    public int? ProposalId { get; set; }
    public int? OrganizationId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset DeclaredAt { get; set; }
}

public enum AssignmentOverrideKind
{
    Pin,
    Exclude,
}

/// <summary>Staff's instruction to the automatic assignment: always, or never, this expert on this proposal.</summary>
public class AssignmentOverride
{
    public int Id { get; set; }
    public int ProposalId { get; set; }
    public int ExpertId { get; set; }
    public AssignmentOverrideKind Kind { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An expert assigned to review a proposal.</summary>
public class ReviewAssignment
{
    public int Id { get; set; }
    public int CallId { get; set; }
    public int ProposalId { get; set; }
    public int ExpertId { get; set; }
    public Expert? Expert { get; set; }
    /// <summary>The expertise match the solver maximised.</summary>
    public int MatchScore { get; set; }
    public bool Pinned { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
    /// <summary>The expert declared a conflict after submitting the review: the review is kept, staff decide (ADR 017).</summary>
    public DateTimeOffset? ConflictDeclaredAt { get; set; }
    public string? ConflictReason { get; set; }
}

public enum ReviewStatus
{
    Draft,
    Submitted,
}

/// <summary>An expert's scores on a proposal, one per criterion, each with its comment.</summary>
public class Review : Data.IVersioned
{
    public int Id { get; set; }
    public int AssignmentId { get; set; }
    public ReviewAssignment? Assignment { get; set; }
    public int ProposalId { get; set; }
    public int ExpertId { get; set; }
    public ReviewStatus Status { get; set; }
    public List<CriterionScore> Scores { get; set; } = [];
    public string? OverallComment { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }
}

public class CriterionScore
{
    public int CriterionId { get; set; }
    /// <summary>Null while a draft review leaves the criterion unscored ("no score yet", never 0).</summary>
    public decimal? Score { get; set; }
    public string Comment { get; set; } = "";
}

/// <summary>Staff's consensus on a proposal after the reviews; the ranking uses it.</summary>
public class Consensus : Data.IVersioned
{
    public int Id { get; set; }
    public int ProposalId { get; set; }
    public List<CriterionScore> Scores { get; set; } = [];
    public string? Comment { get; set; }
    public string? WrittenByUserId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; } = 1;
}
