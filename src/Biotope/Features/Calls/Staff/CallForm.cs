using System.Globalization;
using System.Text.RegularExpressions;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Calls.Staff;

/// <summary>
/// The call form as posted. Numbers arrive as typed and are read here with either decimal separator (the
/// request culture must not decide what "0.5" means); blank rows are dropped; the result is a <see cref="CallInput"/>
/// for <see cref="CallEditor"/>, which does the validating.
/// </summary>
public sealed partial class CallForm
{
    public const int CriterionRows = 8;
    public const int PartnerLines = 4;

    public string? Slug { get; set; }
    public string? TitleFr { get; set; }
    public string? TitleEn { get; set; }
    public string? DescriptionFr { get; set; }
    public string? DescriptionEn { get; set; }
    public string? FunderFr { get; set; }
    public string? FunderEn { get; set; }
    public string? ProgrammeFr { get; set; }
    public string? ProgrammeEn { get; set; }
    public CallStage Stage { get; set; }
    public string? OpensAt { get; set; }
    public string? IntentClosesAt { get; set; }
    public string? ClosesAt { get; set; }
    public string? BudgetEnvelope { get; set; }
    /// <summary>One document per line.</summary>
    /// <summary>One document per line in each language; the lines of the two lists pair up.</summary>
    public string? RequiredDocumentsFr { get; set; }
    public string? RequiredDocumentsEn { get; set; }
    public string? ReviewersPerProposal { get; set; } = "3";
    public bool Published { get; set; }
    public int? Version { get; set; }

    public string? MinPartners { get; set; }
    public string? MaxPartners { get; set; }
    public List<string> CoordinatorTypes { get; set; } = [];
    public List<PartnerLine> RequiredPartners { get; set; } = [];
    public string? NutsPrefix { get; set; }
    /// <summary>"every" partner in the region, or "atLeast" <see cref="RegionalMinimum"/>.</summary>
    public string RegionalMode { get; set; } = "every";
    public string? RegionalMinimum { get; set; }
    public string? MaxDurationMonths { get; set; }
    public string? MaxRequestedFunding { get; set; }
    /// <summary>Percent by organization type code; blank means the type is not funded.</summary>
    public Dictionary<string, string?> FundingRates { get; set; } = [];
    public List<string> CostCategories { get; set; } = [];
    public List<CriterionLine> Criteria { get; set; } = [];

    public sealed class PartnerLine
    {
        public List<string> Types { get; set; } = [];
        public string? Minimum { get; set; } = "1";
        public string? LabelFr { get; set; }
        public string? LabelEn { get; set; }

        public bool IsBlank => Types.Count == 0 && string.IsNullOrWhiteSpace(LabelFr) && string.IsNullOrWhiteSpace(LabelEn);
    }

    public sealed class CriterionLine
    {
        public string? NameFr { get; set; }
        public string? NameEn { get; set; }
        public string? Weight { get; set; }
        public string? PassThreshold { get; set; }
        public string? ScaleMin { get; set; } = "0";
        public string? ScaleMax { get; set; } = "5";
        public string? DescriptionFr { get; set; }
        public string? DescriptionEn { get; set; }

        // The scale is prefilled, so it does not make a row count.
        public bool IsBlank => new[] { NameFr, NameEn, Weight, PassThreshold, DescriptionFr, DescriptionEn }.All(string.IsNullOrWhiteSpace);
    }

    /// <summary>A new call's form: single stage, three reviewers, every cost category.</summary>
    public static CallForm New() => new CallForm { CostCategories = [.. Enum.GetNames<CostCategory>()] }.Padded();

    public static CallForm From(Call call)
    {
        var rules = call.Rules;
        var form = new CallForm
        {
            Slug = call.Slug,
            TitleFr = call.TitleFr,
            TitleEn = call.TitleEn,
            DescriptionFr = call.DescriptionFr,
            DescriptionEn = call.DescriptionEn,
            FunderFr = call.FunderFr,
            FunderEn = call.FunderEn,
            ProgrammeFr = call.ProgrammeFr,
            ProgrammeEn = call.ProgrammeEn,
            Stage = call.Stage,
            OpensAt = BrusselsTime.ToLocalInput(call.OpensAt),
            IntentClosesAt = call.IntentClosesAt is { } intent ? BrusselsTime.ToLocalInput(intent) : null,
            ClosesAt = BrusselsTime.ToLocalInput(call.ClosesAt),
            BudgetEnvelope = Number(call.BudgetEnvelope),
            RequiredDocumentsFr = string.Join('\n', call.RequiredDocuments.Select(d => d.Fr ?? "")).TrimEnd('\n'),
            RequiredDocumentsEn = string.Join('\n', call.RequiredDocuments.Select(d => d.En ?? "")).TrimEnd('\n'),
            ReviewersPerProposal = Number(call.ReviewersPerProposal),
            Published = call.Published,
            Version = call.Version,
            MinPartners = Number(rules.MinPartners),
            MaxPartners = Number(rules.MaxPartners),
            CoordinatorTypes = [.. rules.CoordinatorTypes.Select(t => t.ToString())],
            RequiredPartners = [.. rules.RequiredPartners.Select(p => new PartnerLine
            {
                Types = [.. p.Types.Select(t => t.ToString())],
                Minimum = Number(p.Minimum),
                LabelFr = p.LabelFr,
                LabelEn = p.LabelEn,
            })],
            NutsPrefix = rules.Regional?.NutsPrefix,
            RegionalMode = rules.Regional?.MinimumPartners is null ? "every" : "atLeast",
            RegionalMinimum = Number(rules.Regional?.MinimumPartners),
            MaxDurationMonths = Number(rules.MaxDurationMonths),
            MaxRequestedFunding = Number(rules.MaxRequestedFunding),
            // The first line that lists a type sets its rate, as in the budget.
            FundingRates = Enum.GetValues<OrganizationType>()
                .Select(t => (Type: t, Line: rules.FundingRates.FirstOrDefault(f => f.Types.Contains(t))))
                .Where(x => x.Line is not null).ToDictionary(x => x.Type.ToString(), x => Number(x.Line!.RatePercent)),
            CostCategories = [.. rules.EligibleCostCategories.Select(c => c.ToString())],
            Criteria = [.. call.Criteria.OrderBy(c => c.Position).Select(c => new CriterionLine
            {
                NameFr = c.NameFr,
                NameEn = c.NameEn,
                Weight = Number(c.Weight),
                PassThreshold = Number(c.PassThreshold),
                ScaleMin = Number(c.ScaleMin),
                ScaleMax = Number(c.ScaleMax),
                DescriptionFr = c.DescriptionFr,
                DescriptionEn = c.DescriptionEn,
            })],
        };
        return form.Padded();
    }

    /// <summary>Blank rows up to the form's size; a call written through the API may have more, and keeps them all.</summary>
    public CallForm Padded()
    {
        while (Criteria.Count < CriterionRows) Criteria.Add(new CriterionLine());
        while (RequiredPartners.Count < PartnerLines) RequiredPartners.Add(new PartnerLine());
        return this;
    }

    /// <summary>
    /// The <see cref="CallInput"/> this form describes. Numbers that cannot be read go to <paramref name="errors"/>
    /// under the same keys as the validation's; <paramref name="criterionRows"/> gives the form row of each kept criterion.
    /// </summary>
    public CallInput ToInput(Dictionary<string, Phrase[]> errors, out List<int> criterionRows)
    {
        decimal? Decimal(string key, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var cleaned = Spaces().Replace(text, "").Replace(',', '.');
            if (decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return value;
            errors[key] = [Phrase.Of("form.number.expected")];
            return null;
        }
        int? Whole(string key, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (int.TryParse(Spaces().Replace(text, ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
            errors[key] = [Phrase.Of("form.whole-number.expected")];
            return null;
        }
        List<OrganizationType> Types(IEnumerable<string> codes) =>
            [.. codes.Select(c => Enum.TryParse<OrganizationType>(c, out var t) ? (OrganizationType?)t : null).OfType<OrganizationType>().Distinct()];

        var required = new List<PartnerRequirement>();
        for (var i = 0; i < RequiredPartners.Count; i++)
        {
            var line = RequiredPartners[i];
            if (line.IsBlank) continue;
            required.Add(new PartnerRequirement
            {
                Types = Types(line.Types),
                Minimum = Whole($"requiredPartners[{i}].minimum", line.Minimum) ?? 1,
                LabelFr = line.LabelFr?.Trim() ?? "",
                LabelEn = line.LabelEn?.Trim() ?? "",
            });
        }

        RegionalPresence? regional = null;
        if (!string.IsNullOrWhiteSpace(NutsPrefix))
        {
            int? minimum = null;
            if (RegionalMode == "atLeast")
            {
                minimum = Whole("rules.regional.minimumPartners", RegionalMinimum);
                if (minimum is null && !errors.ContainsKey("rules.regional.minimumPartners"))
                    errors["rules.regional.minimumPartners"] = [Phrase.Of("call.rules.regional-minimum.missing")];
            }
            regional = new RegionalPresence { NutsPrefix = NutsPrefix.Trim().ToUpperInvariant(), MinimumPartners = minimum };
        }

        // Types with the same rate share a line: the stored rules stay short.
        var rates = new List<(OrganizationType Type, decimal Rate)>();
        foreach (var type in Enum.GetValues<OrganizationType>())
            if (Decimal($"fundingRates.{type}", FundingRates.GetValueOrDefault(type.ToString())) is { } rate) rates.Add((type, rate));

        criterionRows = [];
        var criteria = new List<CriterionInput>();
        for (var i = 0; i < Criteria.Count; i++)
        {
            var row = Criteria[i];
            if (row.IsBlank) continue;
            criterionRows.Add(i);
            criteria.Add(new CriterionInput(row.NameEn?.Trim() ?? "", row.NameFr?.Trim() ?? "",
                Decimal($"criteria[{i}].weight", row.Weight) ?? 0, Decimal($"criteria[{i}].passThreshold", row.PassThreshold) ?? 0,
                Whole($"criteria[{i}].scaleMin", row.ScaleMin) ?? 0, Whole($"criteria[{i}].scaleMax", row.ScaleMax) ?? 5,
                Blank(row.DescriptionEn), Blank(row.DescriptionFr)));
        }

        return new CallInput
        {
            Slug = Blank(Slug),
            TitleEn = TitleEn ?? "",
            TitleFr = TitleFr ?? "",
            DescriptionEn = Blank(DescriptionEn),
            DescriptionFr = Blank(DescriptionFr),
            FunderFr = Blank(FunderFr),
            FunderEn = Blank(FunderEn),
            ProgrammeFr = Blank(ProgrammeFr),
            ProgrammeEn = Blank(ProgrammeEn),
            Stage = Stage,
            OpensAt = OpensAt,
            // A single-stage call has no letters of intent, whatever the hidden field still holds.
            IntentClosesAt = Stage == CallStage.TwoStage ? IntentClosesAt : null,
            ClosesAt = ClosesAt,
            BudgetEnvelope = Decimal("budgetEnvelope", BudgetEnvelope) ?? 0,
            RequiredDocuments = Documents(RequiredDocumentsFr, RequiredDocumentsEn),
            ReviewersPerProposal = Whole("reviewersPerProposal", ReviewersPerProposal) ?? 0,
            Published = Published,
            Version = Version,
            Rules = new EligibilityRules
            {
                MinPartners = Whole("rules.minPartners", MinPartners),
                MaxPartners = Whole("rules.maxPartners", MaxPartners),
                CoordinatorTypes = Types(CoordinatorTypes),
                RequiredPartners = required,
                Regional = regional,
                MaxDurationMonths = Whole("rules.maxDurationMonths", MaxDurationMonths),
                MaxRequestedFunding = Decimal("rules.maxRequestedFunding", MaxRequestedFunding),
                FundingRates = [.. rates.GroupBy(r => r.Rate).Select(g => new FundingRate { RatePercent = g.Key, Types = [.. g.Select(r => r.Type)] })],
                EligibleCostCategories = [.. CostCategories.Select(c => Enum.TryParse<CostCategory>(c, out var k) ? (CostCategory?)k : null).OfType<CostCategory>().Distinct().Order()],
            },
            Criteria = criteria,
        };
    }

    /// <summary>Maps the validation's "criteria[i]" (the i-th kept criterion) back to the form row it came from.</summary>
    public static Dictionary<string, Phrase[]> ToFormKeys(IReadOnlyDictionary<string, Phrase[]> errors, List<int> criterionRows)
    {
        var mapped = new Dictionary<string, Phrase[]>();
        foreach (var (key, messages) in errors)
        {
            var match = CriterionKey().Match(key);
            var formKey = match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var i && i < criterionRows.Count
                ? $"criteria[{criterionRows[i]}]{match.Groups[2].Value}"
                : key;
            mapped[formKey] = mapped.TryGetValue(formKey, out var existing) ? [.. existing, .. messages] : messages;
        }
        return mapped;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The n-th line of each list names the same document; a line left blank in both is no document.</summary>
    private static List<RequiredDocument> Documents(string? french, string? english)
    {
        static string[] Lines(string? text) => (text ?? "").Replace("\r", "", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        var (fr, en) = (Lines(french), Lines(english));
        return [.. Enumerable.Range(0, Math.Max(fr.Length, en.Length))
            .Select(i => new RequiredDocument(Blank(i < fr.Length ? fr[i] : null), Blank(i < en.Length ? en[i] : null)))
            .Where(d => !d.IsEmpty)];
    }

    private static string? Number(decimal? value) => value?.ToString("0.##########", CultureInfo.InvariantCulture);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"[\s\u00A0\u202F]")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^criteria\[(\d+)\](.*)$")]
    private static partial Regex CriterionKey();
}
