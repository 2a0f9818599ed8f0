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
    public string Funder { get; init; } = "";
    public string? Programme { get; init; }
    public CallStage Stage { get; init; }
    public string? OpensAt { get; init; }
    public string? IntentClosesAt { get; init; }
    public string? ClosesAt { get; init; }
    public decimal BudgetEnvelope { get; init; }
    public List<string> RequiredDocuments { get; init; } = [];
    public int ReviewersPerProposal { get; init; } = 3;
    public EligibilityRules Rules { get; init; } = new();
    public List<CriterionInput> Criteria { get; init; } = [];
    public bool Published { get; init; }
    /// <summary>The version read, when If-Match is not used.</summary>
    public int? Version { get; init; }

    public Outcome<(DateTimeOffset Opens, DateTimeOffset? IntentCloses, DateTimeOffset Closes)> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];
        if (string.IsNullOrWhiteSpace(TitleEn)) Error("titleEn", "The English title is required.");
        if (string.IsNullOrWhiteSpace(TitleFr)) Error("titleFr", "The French title is required.");
        if (string.IsNullOrWhiteSpace(Funder)) Error("funder", "The funder is required.");
        if (Slug is { Length: > 0 } && !System.Text.RegularExpressions.Regex.IsMatch(Slug, "^[a-z0-9]+(-[a-z0-9]+)*$")) Error("slug", "The slug is lower-case letters, digits and hyphens.");
        if (!BrusselsTime.TryParse(OpensAt, out var opens, out var e1)) Error("opensAt", e1!);
        if (!BrusselsTime.TryParse(ClosesAt, out var closes, out var e2)) Error("closesAt", e2!);
        DateTimeOffset? intent = null;
        if (Stage == CallStage.TwoStage)
        {
            if (BrusselsTime.TryParse(IntentClosesAt, out var i, out var e3)) intent = i;
            else Error("intentClosesAt", "A two-stage call needs the deadline of the letters of intent. " + e3);
        }
        if (!errors.ContainsKey("opensAt") && !errors.ContainsKey("closesAt") && closes <= opens) Error("closesAt", "The call must close after it opens.");
        if (intent is { } ic && !errors.ContainsKey("closesAt") && (ic <= opens || ic >= closes)) Error("intentClosesAt", "The letters of intent are due between the opening and the final deadline.");
        if (BudgetEnvelope < 0) Error("budgetEnvelope", "The budget envelope cannot be negative.");
        if (ReviewersPerProposal is < 1 or > 10) Error("reviewersPerProposal", "Reviewers per proposal is a number from 1 to 10.");
        if (Criteria.Count == 0) Error("criteria", "At least one evaluation criterion is required.");
        for (var i = 0; i < Criteria.Count; i++)
        {
            var c = Criteria[i];
            if (string.IsNullOrWhiteSpace(c.NameEn) || string.IsNullOrWhiteSpace(c.NameFr)) Error($"criteria[{i}].name", "Each criterion needs a French and an English name.");
            if (c.Weight <= 0) Error($"criteria[{i}].weight", "A criterion's weight is positive.");
            if (c.ScaleMax <= c.ScaleMin) Error($"criteria[{i}].scaleMax", "The scale's maximum is above its minimum.");
            if (c.PassThreshold < c.ScaleMin || c.PassThreshold > c.ScaleMax) Error($"criteria[{i}].passThreshold", "The pass threshold lies on the criterion's scale.");
        }
        var r = Rules;
        if (r.MinPartners is < 1) Error("rules.minPartners", "The minimum number of partners is at least 1.");
        if (r.MinPartners is { } min && r.MaxPartners is { } max && max < min) Error("rules.maxPartners", "The maximum number of partners is at least the minimum.");
        if (r.MaxDurationMonths is < 1) Error("rules.maxDurationMonths", "The maximum duration is at least one month.");
        if (r.MaxRequestedFunding is < 0) Error("rules.maxRequestedFunding", "The maximum requested funding cannot be negative.");
        if (r.FundingRates.Any(f => f.RatePercent is < 0 or > 100)) Error("rules.fundingRates", "Funding rates are percentages from 0 to 100.");
        if (r.RequiredPartners.Any(p => p.Minimum < 1 || p.Types.Count == 0)) Error("rules.requiredPartners", "Each required partner kind lists organization types and a minimum of at least 1.");
        if (r.Regional is { } reg && (string.IsNullOrWhiteSpace(reg.NutsPrefix) || !Nuts.IsKnown(reg.NutsPrefix) && reg.NutsPrefix.Length > 2)) Error("rules.regional.nutsPrefix", "The regional rule names a NUTS code, e.g. BE3.");
        if (r.Regional is { MinimumPartners: < 1 }) Error("rules.regional.minimumPartners", "The regional rule asks for at least one partner in the region.");
        if (RequiredDocuments.Any(string.IsNullOrWhiteSpace)) Error("requiredDocuments", "Document names cannot be empty.");
        if (errors.Count > 0) return Failure.Invalid(errors);
        return (opens, intent, closes);
    }

    public void ApplyTo(Call call, (DateTimeOffset Opens, DateTimeOffset? IntentCloses, DateTimeOffset Closes) times)
    {
        call.TitleEn = TitleEn.Trim();
        call.TitleFr = TitleFr.Trim();
        call.DescriptionEn = DescriptionEn?.Trim();
        call.DescriptionFr = DescriptionFr?.Trim();
        call.Funder = Funder.Trim();
        call.Programme = Programme?.Trim();
        call.Stage = Stage;
        call.OpensAt = times.Opens;
        call.IntentClosesAt = times.IntentCloses;
        call.ClosesAt = times.Closes;
        call.BudgetEnvelope = Proposals.Budget.Cents(BudgetEnvelope);
        call.RequiredDocuments = [.. RequiredDocuments.Select(d => d.Trim())];
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
