using System.Text.RegularExpressions;
using Biotope.Features.Organizations;

namespace Biotope.Features.Projects;

/// <summary>Collects validation messages keyed by the field's JSON name.</summary>
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

    internal static void Check(FieldErrors errors, string field, decimal? amount)
    {
        if (amount is not { } value) return;
        if (value < 0) errors.Add(field, "An amount cannot be negative.");
        else if (value > Max) errors.Add(field, "The amount is too large.");
        else if (decimal.Round(value, 2) != value) errors.Add(field, "Amounts are in euros to the cent (at most two decimals).");
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
    public Dictionary<string, string[]> Validate()
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(Acronym)) errors.Add("acronym", "The acronym is required.");
        else if (Acronym.Trim().Length > 60) errors.Add("acronym", "The acronym is longer than 60 characters.");
        if (string.IsNullOrWhiteSpace(TitleEn)) errors.Add("titleEn", "The English title is required.");
        else if (TitleEn.Trim().Length > 500) errors.Add("titleEn", "The title is longer than 500 characters.");
        if (TitleFr?.Trim().Length > 500) errors.Add("titleFr", "The title is longer than 500 characters.");
        if (Status is { Length: > 0 } && !ProjectParsing.TryStatus(Status, out _))
            errors.Add("status", $"Unknown status '{Status}'. Statuses: {string.Join(", ", Enum.GetNames<ProjectStatus>())}.");
        if (StartDate is { } start && EndDate is { } end && end < start) errors.Add("endDate", "The end date is before the start date.");
        foreach (var code in Areas.Where(c => !Taxonomy.IsArea(c))) errors.Add("areas", $"Unknown area of excellence '{code}'.");
        if (ResearchersToHire is < 0) errors.Add("researchersToHire", "The number of researchers to hire cannot be negative.");
        if (Website is { Length: > 0 } site && !(Uri.TryCreate(site, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add("website", "The website must be a full http:// or https:// address.");
        var numbers = new HashSet<int>();
        for (var i = 0; i < Strands.Count; i++)
        {
            var strand = Strands[i];
            if (strand.Number < 1) errors.Add($"strands[{i}].number", "A strand number is 1 or more.");
            else if (!numbers.Add(strand.Number)) errors.Add($"strands[{i}].number", $"Strand {strand.Number} is listed twice.");
            if (string.IsNullOrWhiteSpace(strand.TitleEn)) errors.Add($"strands[{i}].titleEn", "A strand needs an English title.");
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

    public Dictionary<string, string[]> Validate()
    {
        var errors = new FieldErrors();
        var seen = new HashSet<int>();
        for (var i = 0; i < Partners.Count; i++)
        {
            var partner = Partners[i];
            if (!seen.Add(partner.OrganizationId)) errors.Add($"partners[{i}].organizationId", "This organization is listed twice.");
            if (partner.Role is { Length: > 0 } role && !ProjectRoles.All.Contains(role.Trim().ToLowerInvariant()))
                errors.Add($"partners[{i}].role", $"Unknown role '{role}'. Roles: {string.Join(", ", ProjectRoles.All)}.");
            MoneyRules.Check(errors, $"partners[{i}].budget", partner.Budget);
            MoneyRules.Check(errors, $"partners[{i}].funding", partner.Funding);
            if (partner.Budget is { } budget && partner.Funding is { } funding && funding > budget)
                errors.Add($"partners[{i}].funding", "The funding cannot exceed the partner's budget.");
            if (partner.ResearchersToHire is < 0) errors.Add($"partners[{i}].researchersToHire", "The number of researchers to hire cannot be negative.");
        }
        if (Partners.Count(p => ProjectRoles.IsCoordinator(p.Role?.Trim())) > 1) errors.Add("partners", "A project has at most one coordinator.");
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

    public Dictionary<string, string[]> Validate(DateOnly today)
    {
        var errors = new FieldErrors();
        if (Kind is { Length: > 0 } && !ProjectParsing.TryEnum<MilestoneKind>(Kind, out _))
            errors.Add("kind", $"Unknown kind '{Kind}'. Kinds: {string.Join(", ", Enum.GetNames<MilestoneKind>())}.");
        if (string.IsNullOrWhiteSpace(Code)) errors.Add("code", "The code is required (e.g. M1 or D2.1).");
        else if (Code.Trim().Length > 40) errors.Add("code", "The code is longer than 40 characters.");
        if (string.IsNullOrWhiteSpace(Title)) errors.Add("title", "The title is required.");
        if (ActualDate > today) errors.Add("actualDate", "The actual date cannot be in the future.");
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

    public Dictionary<string, string[]> Validate()
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(Name)) errors.Add("name", "The name is required.");
        if (Orcid is { Length: > 0 } && !Identifiers.TryNormalizeOrcid(Orcid, out _, out var orcidError)) errors.Add("orcid", $"Invalid ORCID iD: {orcidError}");
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

    public Dictionary<string, string[]> Validate(int currentYear)
    {
        var errors = new FieldErrors();
        var known = ProjectParsing.TryEnum<OutputKind>(Kind, out var kind);
        if (!known) errors.Add("kind", $"Unknown kind '{Kind}'. Kinds: {string.Join(", ", Enum.GetNames<OutputKind>())}.");
        if (string.IsNullOrWhiteSpace(Title)) errors.Add("title", "The title is required.");
        if (Doi is { Length: > 0 } && NormalizeDoi(Doi) is null) errors.Add("doi", "A DOI looks like 10.1234/abc (a https://doi.org/ address is accepted too).");
        if (Year is { } year && (year < 1900 || year > currentYear + 1)) errors.Add("year", $"The year must be between 1900 and {currentYear + 1}.");
        if (known && kind == OutputKind.Job && Count is not > 0) errors.Add("count", "Say how many jobs were created (1 or more).");
        else if (Count is < 0) errors.Add("count", "The count cannot be negative.");
        if (known && kind == OutputKind.SpinOff && OrganizationId is null) errors.Add("organizationId", "A spin-off must reference its organization in the directory.");
        if (Url is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            errors.Add("url", "The address must be a full http:// or https:// address.");
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
    public Dictionary<string, string[]> Validate(Project project, IReadOnlyList<ProgressReport> others)
    {
        var errors = new FieldErrors();
        if (PeriodStart is null) errors.Add("periodStart", "The start of the period is required.");
        if (PeriodEnd is null) errors.Add("periodEnd", "The end of the period is required.");
        if (PeriodStart is { } start && PeriodEnd is { } end)
        {
            if (end < start) errors.Add("periodEnd", "The period ends before it starts.");
            else
            {
                if (project.StartDate is { } projectStart && start < projectStart) errors.Add("periodStart", "The period starts before the project.");
                if (project.EndDate is { } projectEnd && end > projectEnd) errors.Add("periodEnd", "The period ends after the project.");
                var overlap = others.FirstOrDefault(r => r.PeriodStart <= end && start <= r.PeriodEnd);
                if (overlap is not null)
                    errors.Add("periodStart", $"The period overlaps the report for {overlap.PeriodStart:yyyy-MM-dd} to {overlap.PeriodEnd:yyyy-MM-dd}.");
            }
        }
        if (string.IsNullOrWhiteSpace(Narrative)) errors.Add("narrative", "The narrative is required.");
        else if (Narrative.Length > 20_000) errors.Add("narrative", "The narrative is longer than 20,000 characters.");
        var partners = project.Partners.Select(p => p.OrganizationId).ToHashSet();
        var seen = new HashSet<int>();
        for (var i = 0; i < Spend.Count; i++)
        {
            var line = Spend[i];
            if (!partners.Contains(line.OrganizationId)) errors.Add($"spend[{i}].organizationId", "Spend can be reported only for the project's partners.");
            else if (!seen.Add(line.OrganizationId)) errors.Add($"spend[{i}].organizationId", "This partner is listed twice.");
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
