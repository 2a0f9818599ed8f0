using System.Text.RegularExpressions;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Projects;

/// <summary>Collects validation messages (phrases) keyed by the field's JSON name.</summary>
internal sealed class FieldPhrases
{
    private readonly Dictionary<string, List<Phrase>> errors = [];

    public int Count => errors.Count;

    public void Add(string field, Phrase message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

    public Dictionary<string, Phrase[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

/// <summary>Transition: sentences keyed by field, for the features that still collect sentences (Platforms).</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = [];

    public int Count => errors.Count;

    public void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

    public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

/// <summary>Money rules shared by partners and progress reports: euros, to the cent, within the columns' precision.</summary>
public static class MoneyRules
{
    public const decimal Max = 999_999_999_999.99m;

    /// <summary>The problem with an amount, or null when it is a valid amount in euros (or absent).</summary>
    public static Phrase? Problem(decimal? amount) => amount switch
    {
        null => null,
        < 0 => Phrase.Of("project.amount.negative"),
        > Max => Phrase.Of("project.amount.too-large"),
        { } value when decimal.Round(value, 2) != value => Phrase.Of("project.amount.cents"),
        _ => null,
    };

    internal static void Check(FieldPhrases errors, string field, decimal? amount)
    {
        if (Problem(amount) is { } problem) errors.Add(field, problem);
    }

    // Transition: English sentences for the features that still collect sentences (Platforms).
    internal static void Check(FieldErrors errors, string field, decimal? amount)
    {
        if (Problem(amount) is { } problem) errors.Add(field, Texts.For("en").Say(problem));
    }
}

/// <summary>The core fields of a project, as the API and the edit page write them.</summary>
public sealed class ProjectInput
{
    public string? Acronym { get; set; }
    public string? TitleEn { get; set; }
    public string? TitleFr { get; set; }
    public string? SummaryEn { get; set; }
    public string? SummaryFr { get; set; }
    public string? Status { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? Funder { get; set; }
    public string? Programme { get; set; }
    /// <summary>Free text about the funding when no amount is known (e.g. "ERDF").</summary>
    public string? Funding { get; set; }
    public List<string> Areas { get; set; } = [];
    public List<string> Keywords { get; set; } = [];
    public List<StrandInput> Strands { get; set; } = [];
    public int? ParentProjectId { get; set; }
    public int? ResearchersToHire { get; set; }
    public string? Website { get; set; }
    /// <summary>The version read before editing; a stale value is refused (alternative to If-Match).</summary>
    public int? Version { get; set; }

    public sealed class StrandInput
    {
        public int Number { get; set; }
        public string? TitleEn { get; set; }
        public string? TitleFr { get; set; }
        public string? DescriptionEn { get; set; }
        public string? DescriptionFr { get; set; }
        public List<int> SubProjectIds { get; set; } = [];
    }

    public static ProjectInput From(Project p) => new()
    {
        Acronym = p.Acronym,
        TitleEn = p.TitleEn,
        TitleFr = p.TitleFr,
        SummaryEn = p.SummaryEn,
        SummaryFr = p.SummaryFr,
        Status = p.Status.ToString(),
        StartDate = p.StartDate,
        EndDate = p.EndDate,
        Funder = p.Funder,
        Programme = p.Programme,
        Funding = p.Funding,
        Areas = [.. p.Areas],
        Keywords = [.. p.Keywords],
        Strands = [.. p.Strands.Select(s => new StrandInput
        {
            Number = s.Number,
            TitleEn = s.TitleEn,
            TitleFr = s.TitleFr,
            DescriptionEn = s.DescriptionEn,
            DescriptionFr = s.DescriptionFr,
            SubProjectIds = [.. s.SubProjectIds],
        })],
        ParentProjectId = p.ParentProjectId,
        ResearchersToHire = p.ResearchersToHire,
        Website = p.Website,
        Version = p.Version,
    };

    /// <summary>Checks every field that needs no database; messages are keyed by the field's JSON name.</summary>
    public Dictionary<string, Phrase[]> Validate()
    {
        var errors = new FieldPhrases();
        if (string.IsNullOrWhiteSpace(Acronym)) errors.Add("acronym", Phrase.Of("project.acronym.required"));
        else if (Acronym.Trim().Length > 60) errors.Add("acronym", Phrase.Of("project.acronym.too-long", 60));
        if (string.IsNullOrWhiteSpace(TitleEn)) errors.Add("titleEn", Phrase.Of("project.title-en.required"));
        else if (TitleEn.Trim().Length > 500) errors.Add("titleEn", Phrase.Of("project.title.too-long", 500));
        if (TitleFr?.Trim().Length > 500) errors.Add("titleFr", Phrase.Of("project.title.too-long", 500));
        if (Status is { Length: > 0 } && !ProjectParsing.TryStatus(Status, out _))
            errors.Add("status", Phrase.Of("project.status.unknown", Status, new PhraseList([.. Enum.GetNames<ProjectStatus>()])));
        if (StartDate is { } start && EndDate is { } end && end < start) errors.Add("endDate", Phrase.Of("project.end-date.before-start"));
        foreach (var code in Areas.Where(c => !Taxonomy.IsArea(c))) errors.Add("areas", Phrase.Of("project.area.unknown", code));
        if (ResearchersToHire is < 0) errors.Add("researchersToHire", Phrase.Of("project.researchers-to-hire.negative"));
        if (WebAddress.Check(Website, "project.website.invalid") is { } websiteError) errors.Add("website", websiteError);
        var numbers = new HashSet<int>();
        for (var i = 0; i < Strands.Count; i++)
        {
            var strand = Strands[i];
            if (strand.Number < 1) errors.Add($"strands[{i}].number", Phrase.Of("project.strand.number"));
            else if (!numbers.Add(strand.Number)) errors.Add($"strands[{i}].number", Phrase.Of("project.strand.duplicate", strand.Number));
            if (string.IsNullOrWhiteSpace(strand.TitleEn)) errors.Add($"strands[{i}].titleEn", Phrase.Of("project.strand.title-en.required"));
        }
        return errors.ToDictionary();
    }

    /// <summary>Copies the (already validated) fields onto the entity.</summary>
    public void ApplyTo(Project p)
    {
        p.Acronym = Acronym!.Trim();
        p.TitleEn = TitleEn!.Trim();
        p.TitleFr = Clean(TitleFr);
        p.SummaryEn = Clean(SummaryEn);
        p.SummaryFr = Clean(SummaryFr);
        if (Status is { Length: > 0 } && ProjectParsing.TryStatus(Status, out var status)) p.Status = status;
        p.StartDate = StartDate;
        p.EndDate = EndDate;
        p.Funder = Clean(Funder);
        p.Programme = Clean(Programme);
        p.Funding = Clean(Funding);
        // Lists are replaced only when they differ, so an unchanged form is not a new version.
        var areas = Distinct(Areas);
        if (!areas.SequenceEqual(p.Areas)) p.Areas = areas;
        var keywords = Distinct(Keywords);
        if (!keywords.SequenceEqual(p.Keywords)) p.Keywords = keywords;
        p.Strands = [.. Strands.OrderBy(s => s.Number).Select(s => new ProjectStrand
        {
            Number = s.Number,
            TitleEn = s.TitleEn!.Trim(),
            TitleFr = Clean(s.TitleFr),
            DescriptionEn = Clean(s.DescriptionEn),
            DescriptionFr = Clean(s.DescriptionFr),
            SubProjectIds = [.. s.SubProjectIds.Distinct()],
        })];
        p.ParentProjectId = ParentProjectId;
        p.ResearchersToHire = ResearchersToHire;
        p.Website = Clean(Website);
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Distinct(IEnumerable<string> values) =>
        [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal)];
}

/// <summary>The whole list of a project's partners (PUT replaces it).</summary>
public sealed class PartnersInput
{
    public List<PartnerInput> Partners { get; set; } = [];

    public sealed class PartnerInput
    {
        public int OrganizationId { get; set; }
        public string? Role { get; set; }
        public decimal? Budget { get; set; }
        public decimal? Funding { get; set; }
        public int? ResearchersToHire { get; set; }
    }

    public Dictionary<string, Phrase[]> Validate()
    {
        var errors = new FieldPhrases();
        var seen = new HashSet<int>();
        for (var i = 0; i < Partners.Count; i++)
        {
            var partner = Partners[i];
            if (!seen.Add(partner.OrganizationId)) errors.Add($"partners[{i}].organizationId", Phrase.Of("project.partner.duplicate"));
            if (partner.Role is { Length: > 0 } role && !ProjectRoles.All.Contains(role.Trim().ToLowerInvariant()))
                errors.Add($"partners[{i}].role", Phrase.Of("project.partner.role.unknown", role, new PhraseList([.. ProjectRoles.All])));
            MoneyRules.Check(errors, $"partners[{i}].budget", partner.Budget);
            MoneyRules.Check(errors, $"partners[{i}].funding", partner.Funding);
            if (partner.Budget is { } budget && partner.Funding is { } funding && funding > budget)
                errors.Add($"partners[{i}].funding", Phrase.Of("project.partner.funding-over-budget"));
            if (partner.ResearchersToHire is < 0) errors.Add($"partners[{i}].researchersToHire", Phrase.Of("project.researchers-to-hire.negative"));
        }
        if (Partners.Count(p => ProjectRoles.IsCoordinator(p.Role?.Trim())) > 1) errors.Add("partners", Phrase.Of("project.partner.one-coordinator"));
        return errors.ToDictionary();
    }
}

public sealed class MilestoneInput
{
    public string? Kind { get; set; }
    public string? Code { get; set; }
    public string? Title { get; set; }
    public DateOnly? DueDate { get; set; }
    public DateOnly? ActualDate { get; set; }

    public Dictionary<string, Phrase[]> Validate(DateOnly today)
    {
        var errors = new FieldPhrases();
        if (Kind is { Length: > 0 } && !ProjectParsing.TryEnum<MilestoneKind>(Kind, out _))
            errors.Add("kind", Phrase.Of("project.milestone.kind.unknown", Kind, new PhraseList([.. Enum.GetNames<MilestoneKind>()])));
        if (string.IsNullOrWhiteSpace(Code)) errors.Add("code", Phrase.Of("project.milestone.code.required"));
        else if (Code.Trim().Length > 40) errors.Add("code", Phrase.Of("project.milestone.code.too-long", 40));
        if (string.IsNullOrWhiteSpace(Title)) errors.Add("title", Phrase.Of("project.title.required"));
        if (ActualDate > today) errors.Add("actualDate", Phrase.Of("project.milestone.actual-date.future"));
        return errors.ToDictionary();
    }
}

public sealed class ResearcherInput
{
    public string? Name { get; set; }
    public string? Orcid { get; set; }
    public int? OrganizationId { get; set; }
    public string? Position { get; set; }
    public DateOnly? HiredOn { get; set; }

    public Dictionary<string, Phrase[]> Validate()
    {
        var errors = new FieldPhrases();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("name", Phrase.Of("project.researcher.name.required"));
        if (Orcid is { Length: > 0 } && Identifiers.CheckOrcid(Orcid) is { } orcidError) errors.Add("orcid", orcidError);
        return errors.ToDictionary();
    }
}

public sealed partial class OutputInput
{
    public string? Kind { get; set; }
    public string? Title { get; set; }
    public string? Doi { get; set; }
    public string? PatentNumber { get; set; }
    public int? Year { get; set; }
    public int? Count { get; set; }
    public int? OrganizationId { get; set; }
    public string? Url { get; set; }

    public Dictionary<string, Phrase[]> Validate(int currentYear)
    {
        var errors = new FieldPhrases();
        var known = ProjectParsing.TryEnum<OutputKind>(Kind, out var kind);
        if (!known) errors.Add("kind", Phrase.Of("project.output.kind.unknown", Kind, new PhraseList([.. Enum.GetNames<OutputKind>()])));
        if (string.IsNullOrWhiteSpace(Title)) errors.Add("title", Phrase.Of("project.title.required"));
        if (Doi is { Length: > 0 } && NormalizeDoi(Doi) is null) errors.Add("doi", Phrase.Of("project.output.doi.invalid"));
        if (Year is { } year && (year < 1900 || year > currentYear + 1)) errors.Add("year", Phrase.Of("project.output.year.range", currentYear + 1));
        if (known && kind == OutputKind.Job && Count is not > 0) errors.Add("count", Phrase.Of("project.output.jobs.count-required"));
        else if (Count is < 0) errors.Add("count", Phrase.Of("project.output.count.negative"));
        if (known && kind == OutputKind.SpinOff && OrganizationId is null) errors.Add("organizationId", Phrase.Of("project.output.spin-off.organization"));
        if (WebAddress.Check(Url, "project.output.url.invalid") is { } urlError) errors.Add("url", urlError);
        return errors.ToDictionary();
    }

    // "10." then a registrant code of 4 to 9 digits (optionally dotted sub-codes), "/" and a suffix without spaces.
    [GeneratedRegex(@"^10\.\d{4,9}(\.\d+)*/\S+$")]
    private static partial Regex DoiPattern();

    /// <summary>The bare DOI ("10.1234/abc") of a DOI, a "doi:" form or a doi.org address; null when it is not one.</summary>
    public static string? NormalizeDoi(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var value = input.Trim();
        foreach (var prefix in new[] { "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:" })
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[prefix.Length..];
                break;
            }
        }
        // doi.org addresses percent-encode the suffix; the DOI itself is the decoded text.
        if (value.Contains('%', StringComparison.Ordinal)) value = Uri.UnescapeDataString(value);
        return DoiPattern().IsMatch(value) ? value : null;
    }
}

public sealed class ProgressReportInput
{
    public DateOnly? PeriodStart { get; set; }
    public DateOnly? PeriodEnd { get; set; }
    public string? Narrative { get; set; }
    public List<SpendInput> Spend { get; set; } = [];

    public sealed class SpendInput
    {
        public int OrganizationId { get; set; }
        public decimal Amount { get; set; }
    }

    /// <summary>Checks the report against its project: its dates, its partners and its other reports.</summary>
    public Dictionary<string, Phrase[]> Validate(Project project, IReadOnlyList<ProgressReport> others)
    {
        var errors = new FieldPhrases();
        if (PeriodStart is null) errors.Add("periodStart", Phrase.Of("project.report.period-start.required"));
        if (PeriodEnd is null) errors.Add("periodEnd", Phrase.Of("project.report.period-end.required"));
        if (PeriodStart is { } start && PeriodEnd is { } end)
        {
            if (end < start) errors.Add("periodEnd", Phrase.Of("project.report.period.reversed"));
            else
            {
                if (project.StartDate is { } projectStart && start < projectStart) errors.Add("periodStart", Phrase.Of("project.report.period.before-project"));
                if (project.EndDate is { } projectEnd && end > projectEnd) errors.Add("periodEnd", Phrase.Of("project.report.period.after-project"));
                var overlap = others.FirstOrDefault(r => r.PeriodStart <= end && start <= r.PeriodEnd);
                if (overlap is not null)
                    errors.Add("periodStart", Phrase.Of("project.report.period.overlap", overlap.PeriodStart, overlap.PeriodEnd));
            }
        }
        if (string.IsNullOrWhiteSpace(Narrative)) errors.Add("narrative", Phrase.Of("project.report.narrative.required"));
        else if (Narrative.Length > 20_000) errors.Add("narrative", Phrase.Of("project.report.narrative.too-long", 20_000));
        var partners = project.Partners.Select(p => p.OrganizationId).ToHashSet();
        var seen = new HashSet<int>();
        for (var i = 0; i < Spend.Count; i++)
        {
            var line = Spend[i];
            if (!partners.Contains(line.OrganizationId)) errors.Add($"spend[{i}].organizationId", Phrase.Of("project.report.spend.not-partner"));
            else if (!seen.Add(line.OrganizationId)) errors.Add($"spend[{i}].organizationId", Phrase.Of("project.report.spend.duplicate"));
            MoneyRules.Check(errors, $"spend[{i}].amount", line.Amount);
        }
        return errors.ToDictionary();
    }
}

internal static class ProjectParsing
{
    /// <summary>An enum name, case-insensitive; numbers are refused so the API speaks names only.</summary>
    public static bool TryEnum<T>(string? value, out T parsed) where T : struct, Enum
    {
        parsed = default;
        return value is { Length: > 0 } && !int.TryParse(value, out _) && Enum.TryParse(value.Trim(), ignoreCase: true, out parsed) && Enum.IsDefined(parsed);
    }

    public static bool TryStatus(string? value, out ProjectStatus status) => TryEnum(value, out status);
}
