namespace Biotope.Features.Calls;

public sealed record CriterionDto(int Id, int Position, string Name, string NameEn, string NameFr, string? DescriptionEn, string? DescriptionFr, decimal Weight, decimal PassThreshold, int ScaleMin, int ScaleMax);

public sealed record CallSummary(int Id, string Slug, string Title, string Funder, string? FunderFr, string? FunderEn, string? Programme, string? ProgrammeFr, string? ProgrammeEn, CallStage Stage, DateTimeOffset OpensAt, DateTimeOffset? IntentClosesAt, DateTimeOffset ClosesAt, string Phase, bool Published);

public sealed record CallDetails(
    int Id, string Slug, string Title, string TitleEn, string TitleFr, string? DescriptionEn, string? DescriptionFr,
    string Funder, string? FunderFr, string? FunderEn, string? Programme, string? ProgrammeFr, string? ProgrammeEn,
    CallStage Stage, DateTimeOffset OpensAt, DateTimeOffset? IntentClosesAt, DateTimeOffset ClosesAt,
    string Phase, decimal BudgetEnvelope, IReadOnlyList<string> RequiredDocuments, IReadOnlyList<RequiredDocument> RequiredDocumentNames, int ReviewersPerProposal,
    EligibilityRules Rules, IReadOnlyList<CriterionDto> Criteria, bool Published, int Version);

/// <summary>
/// Funder, programme and required documents come in the reader's language (Accept-Language), as before they were
/// bilingual, and in both: funderFr/funderEn, programmeFr/programmeEn, requiredDocumentNames.
/// </summary>
public static class CallMapping
{
    /// <summary>upcoming, intent (two-stage, letters of intent open), open, closed — by the server's clock.</summary>
    public static string Phase(this Call call, DateTimeOffset now) =>
        now < call.OpensAt ? "upcoming"
        : call.Stage == CallStage.TwoStage && call.IntentClosesAt is { } intent && now < intent ? "intent"
        : now < call.ClosesAt ? "open"
        : "closed";

    /// <summary>The deadline that applies to the next submission of a proposal in <paramref name="status"/>.</summary>
    public static DateTimeOffset DeadlineFor(this Call call, ProposalStatus status) =>
        call.Stage == CallStage.TwoStage && status == ProposalStatus.Draft && call.IntentClosesAt is { } intent ? intent : call.ClosesAt;

    public static CallSummary ToSummary(this Call call, string language, DateTimeOffset now) =>
        new(call.Id, call.Slug, call.Title(language), call.Funder().In(language).Text, call.FunderFr, call.FunderEn,
            Optional(call.Programme(), language), call.ProgrammeFr, call.ProgrammeEn, call.Stage, call.OpensAt, call.IntentClosesAt, call.ClosesAt, call.Phase(now), call.Published);

    public static CallDetails ToDetails(this Call call, string language, DateTimeOffset now) =>
        new(call.Id, call.Slug, call.Title(language), call.TitleEn, call.TitleFr, call.DescriptionEn, call.DescriptionFr,
            call.Funder().In(language).Text, call.FunderFr, call.FunderEn, Optional(call.Programme(), language), call.ProgrammeFr, call.ProgrammeEn,
            call.Stage, call.OpensAt, call.IntentClosesAt, call.ClosesAt, call.Phase(now), call.BudgetEnvelope,
            [.. call.RequiredDocuments.Select(d => d.Name.In(language).Text)], call.RequiredDocuments,
            call.ReviewersPerProposal, call.Rules,
            [.. call.Criteria.OrderBy(c => c.Position).Select(c => new CriterionDto(c.Id, c.Position, c.Name(language), c.NameEn, c.NameFr, c.DescriptionEn, c.DescriptionFr, c.Weight, c.PassThreshold, c.ScaleMin, c.ScaleMax))],
            call.Published, call.Version);

    private static string? Optional(Infrastructure.Bilingual value, string language) => value.IsEmpty ? null : value.In(language).Text;
}
