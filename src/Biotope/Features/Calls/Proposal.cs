namespace Biotope.Features.Calls;

public enum ProposalStatus
{
    /// <summary>Being written by the consortium (a letter of intent first in a two-stage call).</summary>
    Draft,
    /// <summary>Two-stage call: the letter of intent is in; staff decide whom to invite.</summary>
    IntentSubmitted,
    /// <summary>Two-stage call: invited to write the full proposal (editable again).</summary>
    Invited,
    /// <summary>Two-stage call: not invited to the second stage.</summary>
    NotInvited,
    Submitted,
    Withdrawn,
    Decided,
}

public enum PartnerStatus
{
    Invited,
    Accepted,
    Declined,
}

public enum DecisionOutcome
{
    Labelled,
    NotLabelled,
}

public enum AppealOutcome
{
    Upheld,
    Rejected,
}

/// <summary>A consortium's proposal to a call.</summary>
public class Proposal : Data.IVersioned, Data.ICreated
{
    public int Id { get; set; }
    public int CallId { get; set; }
    public Call? Call { get; set; }
    public required string Acronym { get; set; }
    public string? TitleEn { get; set; }
    public string? TitleFr { get; set; }
    public string? SummaryEn { get; set; }
    public string? SummaryFr { get; set; }
    public List<string> Areas { get; set; } = [];
    public List<string> Keywords { get; set; } = [];
    public int DurationMonths { get; set; }
    public List<WorkPackage> WorkPackages { get; set; } = [];
    public ProposalStatus Status { get; set; }
    public int CoordinatorOrganizationId { get; set; }
    public string? CreatedByUserId { get; set; }
    public DateTimeOffset? IntentSubmittedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DecisionOutcome? Decision { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    public string? AppealReason { get; set; }
    public DateTimeOffset? AppealedAt { get; set; }
    public AppealOutcome? AppealOutcome { get; set; }
    public string? AppealNote { get; set; }
    public DateTimeOffset? AppealDecidedAt { get; set; }
    /// <summary>The portfolio project a labelled proposal became.</summary>
    public int? ProjectId { get; set; }
    public List<ProposalPartner> Partners { get; set; } = [];
    /// <summary>Demo data added for a journey, not a fact of the seeds: pages say so (ADR 013).</summary>
    public bool Illustrative { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string Title(string language) => new Infrastructure.Bilingual(TitleFr, TitleEn) is { IsEmpty: false } title ? title.In(language).Text : Acronym;
}

public class WorkPackage
{
    public int Number { get; set; }
    public required string Title { get; set; }
    public int? LeadOrganizationId { get; set; }
    public int StartMonth { get; set; } = 1;
    public int EndMonth { get; set; } = 1;
    public List<WorkItem> Milestones { get; set; } = [];
    public List<WorkItem> Deliverables { get; set; } = [];
}

/// <summary>A milestone or deliverable, due in a project month.</summary>
public class WorkItem
{
    public required string Code { get; set; }
    public required string Title { get; set; }
    public int Month { get; set; }
}

/// <summary>An organization in a proposal's consortium, with its budget.</summary>
public class ProposalPartner
{
    public int Id { get; set; }
    public int ProposalId { get; set; }
    public int OrganizationId { get; set; }
    public Organizations.Organization? Organization { get; set; }
    public bool IsCoordinator { get; set; }
    public PartnerStatus Status { get; set; }
    public DateTimeOffset InvitedAt { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
    public string? RespondedByUserId { get; set; }
    public decimal PersonnelCost { get; set; }
    public decimal PersonnelFte { get; set; }
    public int ResearchersToHire { get; set; }
    public decimal EquipmentCost { get; set; }
    public decimal SubcontractingCost { get; set; }
    public decimal OtherCost { get; set; }
    /// <summary>Flat rate on direct costs other than subcontracting, in percent.</summary>
    public decimal OverheadRatePercent { get; set; }

    /// <summary>The coordinator and partners who accepted make the consortium; its rules and budget count only them.</summary>
    public bool CountsInConsortium => IsCoordinator || Status == PartnerStatus.Accepted;
}

/// <summary>A PDF attached to a proposal; readable by the consortium, its assigned experts and staff.</summary>
public class ProposalAttachment
{
    public int Id { get; set; }
    public int ProposalId { get; set; }
    public required string FileName { get; set; }
    /// <summary>The required document it answers, if any.</summary>
    public string? Document { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public string? UploadedByUserId { get; set; }
}
