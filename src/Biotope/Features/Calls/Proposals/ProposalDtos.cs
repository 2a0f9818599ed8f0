using Biotope.Features.Organizations;

namespace Biotope.Features.Calls.Proposals;

/// <summary>A partner; its budget figures are null for a reader who may not see budgets (an invited partner that has not accepted, ADR 017).</summary>
public sealed record PartnerDto(
    int OrganizationId, string Name, string Slug, OrganizationType Type, string? NutsCode, bool IsCoordinator, PartnerStatus Status,
    decimal? PersonnelCost, decimal? PersonnelFte, int? ResearchersToHire, decimal? EquipmentCost, decimal? SubcontractingCost, decimal? OtherCost,
    decimal? OverheadRatePercent, decimal? Overhead, decimal? Total, decimal? Eligible, decimal? FundingRatePercent, decimal? RequestedFunding);

/// <summary>The budget of a proposal: every partner's lines and the consortium's totals.</summary>
public sealed record ProposalBudget(IReadOnlyList<PartnerDto> Partners, BudgetTotals Totals);

public sealed record BudgetTotals(decimal Total, decimal Eligible, decimal RequestedFunding, decimal PersonnelFte, int ResearchersToHire);

/// <summary>A rule's verdict: the reason in the request's language and its stable code.</summary>
public sealed record RuleDto(string Rule, bool Passed, string Reason, string Code);

public sealed record EligibilityDto(bool Eligible, IReadOnlyList<RuleDto> Rules);

public sealed record ProposalDetails(
    int Id, int CallId, string CallTitle, string Acronym, string? TitleEn, string? TitleFr, string? SummaryEn, string? SummaryFr,
    IReadOnlyList<string> Areas, IReadOnlyList<string> Keywords, int DurationMonths, IReadOnlyList<WorkPackage> WorkPackages,
    ProposalStatus Status, int CoordinatorOrganizationId, IReadOnlyList<PartnerDto> Partners, BudgetTotals? Budget,
    DateTimeOffset Deadline, DateTimeOffset? IntentSubmittedAt, DateTimeOffset? SubmittedAt, DecisionOutcome? Decision, DateTimeOffset? DecidedAt,
    string? AppealReason, AppealOutcome? AppealOutcome, int? ProjectId, int Version);

public sealed record ProposalSummary(int Id, int CallId, string Acronym, string Title, ProposalStatus Status, string Coordinator, DateTimeOffset? SubmittedAt, DecisionOutcome? Decision);

public sealed record AttachmentDto(int Id, string FileName, string? Document, long Size, string Sha256, DateTimeOffset UploadedAt);

/// <summary>A proposal as an expert reads it beside the review form.</summary>
public sealed record ProposalAtAGlance(ProposalDetails View, Call Call, IReadOnlyList<AttachmentDto> Files);
