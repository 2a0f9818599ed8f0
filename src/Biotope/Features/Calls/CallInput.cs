using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Calls;

public sealed record CriterionInput(string NameEn, string NameFr, decimal Weight, decimal PassThreshold, int ScaleMin = 0, int ScaleMax = 5, string? DescriptionEn = null, string? DescriptionFr = null);

/// <summary>A call as staff write it; times are Brussels wall-clock ("2026-12-01T09:00") or carry their offset.</summary>
public sealed record CallInput
{
    public string? Slug { get; init; }
    public string TitleEn { get; init; } = "";
    public string TitleFr { get; init; } = "";
    public string? DescriptionEn { get; init; }
    public string? DescriptionFr { get; init; }
    public string? FunderFr { get; init; }
    public string? FunderEn { get; init; }
    public string? ProgrammeFr { get; init; }
    public string? ProgrammeEn { get; init; }
    /// <summary>Before names were bilingual: read as the English funder when <see cref="FunderEn"/> is not given.</summary>
    public string? Funder { get; init; }
    /// <summary>Before names were bilingual: read as the English programme when <see cref="ProgrammeEn"/> is not given.</summary>
    public string? Programme { get; init; }
    public CallStage Stage { get; init; }
    public string? OpensAt { get; init; }
    public string? IntentClosesAt { get; init; }
    public string? ClosesAt { get; init; }
    public decimal BudgetEnvelope { get; init; }
    public List<RequiredDocument> RequiredDocuments { get; init; } = [];
    public int ReviewersPerProposal { get; init; } = 3;
    public EligibilityRules Rules { get; init; } = new();
    public List<CriterionInput> Criteria { get; init; } = [];
    public bool Published { get; init; }
    /// <summary>The version read, when If-Match is not used.</summary>
    public int? Version { get; init; }

    public Outcome<(DateTimeOffset Opens, DateTimeOffset? IntentCloses, DateTimeOffset Closes)> Validate()
    {
        var errors = new Dictionary<string, Phrase[]>();
        void Error(string field, string key, params object?[] args) => errors[field] = [Phrase.Of(key, args)];
        void Time(string field, Phrase? error) { if (error is not null) errors[field] = [error]; }
        if (string.IsNullOrWhiteSpace(TitleEn)) Error("titleEn", "call.title-en.required");
        if (string.IsNullOrWhiteSpace(TitleFr)) Error("titleFr", "call.title-fr.required");
        if (FunderName.IsEmpty) Error("funder", "call.funder.required");
        if (Slug is { Length: > 0 } && !System.Text.RegularExpressions.Regex.IsMatch(Slug, "^[a-z0-9]+(-[a-z0-9]+)*$")) Error("slug", "call.slug.format");
        Time("opensAt", ReadTime(OpensAt, out var opens));
        Time("closesAt", ReadTime(ClosesAt, out var closes));
        DateTimeOffset? intent = null;
        if (Stage == CallStage.TwoStage)
        {
            if (ReadTime(IntentClosesAt, out var i) is { } e3) errors["intentClosesAt"] = [Phrase.Of("call.intent-deadline.required", e3)];
            else intent = i;
        }
        if (!errors.ContainsKey("opensAt") && !errors.ContainsKey("closesAt") && closes <= opens) Error("closesAt", "call.closes.before-opening");
        if (intent is { } ic && !errors.ContainsKey("closesAt") && (ic <= opens || ic >= closes)) Error("intentClosesAt", "call.intent-deadline.outside");
        if (BudgetEnvelope < 0) Error("budgetEnvelope", "call.budget-envelope.negative");
        if (ReviewersPerProposal is < 1 or > 10) Error("reviewersPerProposal", "call.reviewers.range");
        if (Criteria.Count == 0) Error("criteria", "call.criteria.required");
        for (var i = 0; i < Criteria.Count; i++)
        {
            var c = Criteria[i];
            if (string.IsNullOrWhiteSpace(c.NameEn) || string.IsNullOrWhiteSpace(c.NameFr)) Error($"criteria[{i}].name", "call.criterion.names");
            if (c.Weight <= 0) Error($"criteria[{i}].weight", "call.criterion.weight");
            if (c.ScaleMax <= c.ScaleMin) Error($"criteria[{i}].scaleMax", "call.criterion.scale");
            if (c.PassThreshold < c.ScaleMin || c.PassThreshold > c.ScaleMax) Error($"criteria[{i}].passThreshold", "call.criterion.threshold");
        }
        var r = Rules;
        if (r.MinPartners is < 1) Error("rules.minPartners", "call.rules.min-partners");
        if (r.MinPartners is { } min && r.MaxPartners is { } max && max < min) Error("rules.maxPartners", "call.rules.max-partners");
        if (r.MaxDurationMonths is < 1) Error("rules.maxDurationMonths", "call.rules.max-duration");
        if (r.MaxRequestedFunding is < 0) Error("rules.maxRequestedFunding", "call.rules.max-funding");
        if (r.FundingRates.Any(f => f.RatePercent is < 0 or > 100)) Error("rules.fundingRates", "call.rules.funding-rates");
        if (r.RequiredPartners.Any(p => p.Minimum < 1 || p.Types.Count == 0)) Error("rules.requiredPartners", "call.rules.required-partners");
        if (r.Regional is { } reg && (string.IsNullOrWhiteSpace(reg.NutsPrefix) || !Nuts.IsKnown(reg.NutsPrefix) && reg.NutsPrefix.Length > 2)) Error("rules.regional.nutsPrefix", "call.rules.nuts");
        if (r.Regional is { MinimumPartners: < 1 }) Error("rules.regional.minimumPartners", "call.rules.regional-minimum");
        if (RequiredDocuments.Any(d => d is null || d.IsEmpty)) Error("requiredDocuments", "call.documents.empty");
        if (errors.Count > 0) return Failure.Invalid(errors);
        return (opens, intent, closes);
    }

    /// <summary>The funder as given, the pre-bilingual <see cref="Funder"/> standing for the English name.</summary>
    public Bilingual FunderName => new(Clean(FunderFr), Clean(FunderEn) ?? Clean(Funder));

    public Bilingual ProgrammeName => new(Clean(ProgrammeFr), Clean(ProgrammeEn) ?? Clean(Programme));

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

    /// <summary>A time staff typed (see <see cref="BrusselsTime.TryParse"/>), or why it cannot be read.</summary>
    public static Phrase? ReadTime(string? text, out DateTimeOffset utc)
    {
        if (BrusselsTime.TryParse(text, out utc, out _)) return null;
        if (string.IsNullOrWhiteSpace(text)) return Phrase.Of("call.time.required");
        var typed = text.Trim();
        if (DateTime.TryParseExact(typed, LocalFormats, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local) && Texts.Brussels.IsInvalidTime(local))
            return Phrase.Of("call.time.dst-gap", local.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        return Phrase.Of("call.time.unreadable", typed);
    }

    public void ApplyTo(Call call, (DateTimeOffset Opens, DateTimeOffset? IntentCloses, DateTimeOffset Closes) times)
    {
        call.TitleEn = TitleEn.Trim();
        call.TitleFr = TitleFr.Trim();
        call.DescriptionEn = DescriptionEn?.Trim();
        call.DescriptionFr = DescriptionFr?.Trim();
        (call.FunderFr, call.FunderEn) = (FunderName.French, FunderName.English);
        (call.ProgrammeFr, call.ProgrammeEn) = (ProgrammeName.French, ProgrammeName.English);
        call.Stage = Stage;
        call.OpensAt = times.Opens;
        call.IntentClosesAt = times.IntentCloses;
        call.ClosesAt = times.Closes;
        call.BudgetEnvelope = Proposals.Budget.Cents(BudgetEnvelope);
        call.RequiredDocuments = [.. RequiredDocuments.Select(d => new RequiredDocument(Clean(d.Fr), Clean(d.En)))];
        call.ReviewersPerProposal = ReviewersPerProposal;
        call.Rules = Rules;
        call.Published = Published;
        // Criteria keep their ids (reviews point at them): update in place, add or remove at the end.
        for (var i = 0; i < Criteria.Count; i++)
        {
            var input = Criteria[i];
            var criterion = i < call.Criteria.Count ? call.Criteria[i] : null;
            if (criterion is null)
            {
                criterion = new EvaluationCriterion { NameEn = input.NameEn, NameFr = input.NameFr };
                call.Criteria.Add(criterion);
            }
            criterion.Position = i + 1;
            criterion.NameEn = input.NameEn.Trim();
            criterion.NameFr = input.NameFr.Trim();
            criterion.DescriptionEn = input.DescriptionEn;
            criterion.DescriptionFr = input.DescriptionFr;
            criterion.Weight = input.Weight;
            criterion.PassThreshold = input.PassThreshold;
            criterion.ScaleMin = input.ScaleMin;
            criterion.ScaleMax = input.ScaleMax;
        }
        if (call.Criteria.Count > Criteria.Count) call.Criteria.RemoveRange(Criteria.Count, call.Criteria.Count - Criteria.Count);
    }
}
