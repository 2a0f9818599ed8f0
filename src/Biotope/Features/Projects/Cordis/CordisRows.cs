using System.Globalization;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Projects.Cordis;

/// <summary>A row of CORDIS's project.csv that passed validation.</summary>
internal sealed record CordisProjectRow(
    int Line,
    string Id,
    string Acronym,
    string Title,
    string? Objective,
    ProjectStatus Status,
    DateOnly? StartDate,
    DateOnly? EndDate,
    string? Programme);

/// <summary>A row of CORDIS's organization.csv (one organization's participation in one project) that passed validation.</summary>
internal sealed record CordisParticipationRow(
    int Line,
    string ProjectId,
    string? Pic,
    string? VatNumber,
    string Name,
    string? ShortName,
    bool Sme,
    string? ActivityType,
    string? Street,
    string? PostCode,
    string? City,
    string Country,
    string? NutsCode,
    string? Website,
    string Role,
    decimal? TotalCost,
    decimal? EcContribution)
{
    /// <summary>The organizationURL that was not a web address and was therefore left out (said in the import report).</summary>
    public string? DroppedWebsite { get; init; }
}

/// <summary>A row that was not imported: <see cref="File"/> is the file name without its folder, <see cref="Line"/> the physical line it starts on.</summary>
public sealed record CordisImportProblem(string File, int Line, string Reason);

/// <summary>Reads project.csv and organization.csv into validated rows, reporting each rejected row with its reason.</summary>
internal static class CordisFiles
{
    private static readonly string[] ProjectColumns = ["id", "acronym", "status", "title", "startDate", "endDate", "frameworkProgramme", "fundingScheme", "objective"];

    private static readonly string[] ParticipationColumns =
    [
        "projectID", "organisationID", "vatNumber", "name", "shortName", "SME", "activityType", "street", "postCode", "city",
        "country", "nutsCode", "organizationURL", "role", "ecContribution", "totalCost",
    ];

    private static readonly Dictionary<string, ProjectStatus> StatusesByCordisWord = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SIGNED"] = ProjectStatus.Active,
        ["CLOSED"] = ProjectStatus.Completed,
        ["TERMINATED"] = ProjectStatus.Terminated,
    };

    // CORDIS's spellings of the roles; the stored role keeps them.
    private static readonly string[] Roles = ["coordinator", "participant", "partner", "associatedPartner", "thirdParty"];

    // CORDIS uses the EU's country codes, which differ from ISO 3166 for these two.
    private static readonly Dictionary<string, string> IsoCountryByEuCode = new(StringComparer.Ordinal) { ["UK"] = "GB", ["EL"] = "GR" };

    // Amounts are stored with two decimals in at most 14 digits.
    private const decimal LargestAmount = 999_999_999_999.99m;

    /// <summary>The valid project rows, and the line of each rejected row that still gave an id.</summary>
    public static (List<CordisProjectRow> Rows, Dictionary<string, int> RejectedLineById) ReadProjects(string path, List<CordisImportProblem> problems)
    {
        var file = Path.GetFileName(path);
        var rows = new List<CordisProjectRow>();
        var lineById = new Dictionary<string, int>(StringComparer.Ordinal);
        var rejectedLineById = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (record, columns) in ReadRecords(path, ProjectColumns, problems))
        {
            string? Value(string column) => columns.Value(record, column);
            var reason = ReadProject(record, Value, out var row);
            if (reason is null && lineById.TryGetValue(row!.Id, out var firstLine))
                reason = $"project {row.Id} is already on line {firstLine}";
            if (reason is not null)
            {
                problems.Add(new CordisImportProblem(file, record.Line, reason));
                if (Value("id") is { } id) rejectedLineById.TryAdd(id, record.Line);
                continue;
            }
            lineById[row!.Id] = row.Line;
            rows.Add(row);
        }
        return (rows, rejectedLineById);
    }

    /// <summary>The valid participation rows, and the lines of rejected rows that still named their project, by project id.</summary>
    public static (List<CordisParticipationRow> Rows, Dictionary<string, List<int>> RejectedLinesByProjectId) ReadParticipations(string path, List<CordisImportProblem> problems)
    {
        var file = Path.GetFileName(path);
        var rows = new List<CordisParticipationRow>();
        var rejectedLinesByProjectId = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (record, columns) in ReadRecords(path, ParticipationColumns, problems))
        {
            string? Value(string column) => columns.Value(record, column);
            var reason = ReadParticipation(record, Value, out var row);
            if (reason is not null)
            {
                problems.Add(new CordisImportProblem(file, record.Line, reason));
                if (Value("projectID") is { } projectId)
                {
                    if (!rejectedLinesByProjectId.TryGetValue(projectId, out var lines)) rejectedLinesByProjectId[projectId] = lines = [];
                    lines.Add(record.Line);
                }
                continue;
            }
            rows.Add(row!);
        }
        return (rows, rejectedLinesByProjectId);
    }

    /// <summary>The file's records with a field count that matches its header; the others are reported.</summary>
    private static IEnumerable<(CsvRecord Record, CsvColumns Columns)> ReadRecords(string path, string[] requiredColumns, List<CordisImportProblem> problems)
    {
        var file = Path.GetFileName(path);
        CordisCsvReader reader;
        try
        {
            reader = CordisCsvReader.Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CordisFileException($"{file}: cannot open the file: {ex.Message}");
        }
        using (reader)
        {
            var header = Read(reader, file) ?? throw new CordisFileException($"{file}: the file is empty; a CORDIS export starts with a header line");
            var columns = CsvColumns.Map(file, header, requiredColumns);
            while (Read(reader, file) is { } record)
            {
                if (record.Error is not null)
                    problems.Add(new CordisImportProblem(file, record.Line, record.Error));
                else if (record.Fields.Count != columns.Count)
                    problems.Add(new CordisImportProblem(file, record.Line, $"{record.Fields.Count} fields where the header has {columns.Count}"));
                else if (FirstControlCharacterField(record, header) is { } column)
                    problems.Add(new CordisImportProblem(file, record.Line, $"{column} holds a control character (as the API refuses it)"));
                else
                    yield return (record, columns);
            }
        }
    }

    /// <summary>The header name of the first field holding a character the API refuses (NUL and other C0 controls).</summary>
    private static string? FirstControlCharacterField(CsvRecord record, CsvRecord header)
    {
        for (var i = 0; i < record.Fields.Count; i++)
            if (InputGuard.HasControlCharacter(record.Fields[i])) return i < header.Fields.Count ? header.Fields[i].Trim() : $"field {i + 1}";
        return null;
    }

    private static CsvRecord? Read(CordisCsvReader reader, string file)
    {
        try
        {
            return reader.Read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CordisFileException($"{file}: cannot read the file: {ex.Message}");
        }
    }

    private static string? ReadProject(CsvRecord record, Func<string, string?> value, out CordisProjectRow? row)
    {
        row = null;
        if (value("id") is not { } id) return "missing id";
        if (!id.All(char.IsAsciiDigit)) return $"id \"{id}\" is not a CORDIS project id (digits only)";
        if (value("acronym") is not { } acronym) return "missing acronym";
        if (value("title") is not { } title) return "missing title";
        if (value("status") is not { } statusText) return "missing status";
        if (!StatusesByCordisWord.TryGetValue(statusText, out var status)) return $"unknown status \"{statusText}\" (SIGNED, CLOSED or TERMINATED)";
        if (!TryParseDate(value("startDate"), out var startDate)) return $"startDate \"{value("startDate")}\" is not a date (yyyy-MM-dd)";
        if (!TryParseDate(value("endDate"), out var endDate)) return $"endDate \"{value("endDate")}\" is not a date (yyyy-MM-dd)";
        if (startDate > endDate) return $"endDate {endDate:yyyy-MM-dd} is before startDate {startDate:yyyy-MM-dd}";

        var programme = value("frameworkProgramme");
        if (value("fundingScheme") is { } scheme) programme = programme is null ? scheme : $"{programme} ({scheme})";
        row = new CordisProjectRow(record.Line, id, acronym, title, value("objective"), status, startDate, endDate, programme);
        return null;
    }

    private static string? ReadParticipation(CsvRecord record, Func<string, string?> value, out CordisParticipationRow? row)
    {
        row = null;
        if (value("projectID") is not { } projectId) return "missing projectID";
        if (!projectId.All(char.IsAsciiDigit)) return $"projectID \"{projectId}\" is not a CORDIS project id (digits only)";
        if (value("name") is not { } name) return "missing organization name";
        if (value("country") is not { } countryText) return "missing country";
        if (countryText.Length != 2 || !countryText.All(char.IsAsciiLetter)) return $"country \"{countryText}\" is not a two-letter code";
        var country = countryText.ToUpperInvariant();
        country = IsoCountryByEuCode.GetValueOrDefault(country, country);
        if (value("role") is not { } roleText) return "missing role";
        if (Roles.FirstOrDefault(r => r.Equals(roleText, StringComparison.OrdinalIgnoreCase)) is not { } role)
            return $"unknown role \"{roleText}\" ({string.Join(", ", Roles)})";
        if (!TryParseBoolean(value("SME"), out var sme)) return $"SME \"{value("SME")}\" is neither true nor false";
        if (!TryParseAmount(value("totalCost"), out var totalCost)) return $"totalCost \"{value("totalCost")}\" is not an amount";
        if (!TryParseAmount(value("ecContribution"), out var ecContribution)) return $"ecContribution \"{value("ecContribution")}\" is not an amount";

        var pic = value("organisationID");
        if (pic is not null && !pic.All(char.IsAsciiDigit)) return $"organisationID \"{pic}\" is not a PIC (digits only)";
        row = new CordisParticipationRow(
            record.Line, projectId, pic, value("vatNumber"), name, value("shortName"), sme, value("activityType")?.ToUpperInvariant(),
            value("street"), value("postCode"), value("city"), country, value("nutsCode")?.ToUpperInvariant(), Website(value("organizationURL")),
            role, totalCost, ecContribution)
        { DroppedWebsite = value("organizationURL") is { } url && Website(url) is null ? url : null };
        return null;
    }

    /// <summary>
    /// Accepts "1234.5" and "1234,5" (one decimal separator, no thousands separators); an empty field is no amount.
    /// Rounds to cents, as stored, so that a re-import compares equal.
    /// </summary>
    public static bool TryParseAmount(string? text, out decimal? amount)
    {
        amount = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var normalized = text.Trim();
        var commas = normalized.Count(c => c == ',');
        if (commas > 1 || (commas == 1 && normalized.Contains('.'))) return false;
        normalized = normalized.Replace(',', '.');
        if (!decimal.TryParse(normalized, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value))
            return false;
        if (Math.Abs(value) > LargestAmount) return false;
        amount = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return true;
    }

    /// <summary>Accepts yyyy-MM-dd; an empty field is no date.</summary>
    public static bool TryParseDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)) return false;
        date = value;
        return true;
    }

    private static bool TryParseBoolean(string? text, out bool value)
    {
        value = false;
        if (string.IsNullOrWhiteSpace(text)) return true;
        return bool.TryParse(text.Trim(), out value);
    }

    // CORDIS gives addresses with or without a scheme ("www.uliege.be"); anything else that is not a web address is dropped.
    private static string? Website(string? text)
    {
        if (text is null) return null;
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        return WebAddress.IsHttp(candidate) && new Uri(candidate).Host.Contains('.') ? candidate : null;
    }

    /// <summary>The directory type CORDIS's activity type and SME flag give.</summary>
    public static OrganizationType DirectoryType(CordisParticipationRow row) => row.ActivityType switch
    {
        "PRC" => row.Sme ? OrganizationType.Sme : OrganizationType.LargeCompany,
        "HES" => OrganizationType.University,
        "REC" => OrganizationType.ResearchInstitute,
        "PUB" => OrganizationType.PublicAgency,
        _ => OrganizationType.Other,
    };
}
