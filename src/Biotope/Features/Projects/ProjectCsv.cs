using System.Globalization;
using System.Text;
using Biotope.Infrastructure;

namespace Biotope.Features.Projects;

/// <summary>The portfolio as CSV (RFC 4180): one row per project, with its partners and totals.</summary>
public static class ProjectCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>The columns' codes; the header row names them in the reader's language (resources "csv.project.{code}").</summary>
    public static readonly IReadOnlyList<string> Header =
    [
        "id", "slug", "acronym", "title_en", "title_fr", "status", "source", "start_date", "end_date", "funder", "programme", "areas", "keywords",
        "parent_project_id", "coordinator", "partners", "partner_count", "total_budget_eur", "total_funding_eur", "researchers_to_hire", "outputs", "url",
    ];

    /// <summary>The header row in one language; the values below stay machine-readable (ISO dates, codes, amounts with a dot).</summary>
    public static IReadOnlyList<string> HeaderIn(Texts texts) => [.. Header.Select(code => texts[$"csv.project.{code}"])];

    public static string Write(IEnumerable<Project> projects, IReadOnlyDictionary<int, int> outputCounts, string baseUrl, Texts texts)
    {
        var csv = new StringBuilder();
        csv.Append(Csv.Line(HeaderIn(texts)));
        foreach (var p in projects)
        {
            var partners = p.Partners.OrderBy(x => ProjectRoles.IsCoordinator(x.Role) ? 0 : 1).ThenBy(x => x.Organization?.Name, StringComparer.OrdinalIgnoreCase).ToList();
            string?[] text =
            [
                p.Slug, p.Acronym, p.TitleEn, p.TitleFr, p.StatedStatus(), p.Source.ToString(), Date(p.StartDate), Date(p.EndDate), p.Funder, p.Programme,
                string.Join('|', p.Areas), string.Join('|', p.Keywords), Number(p.ParentProjectId), p.Coordinator?.Organization?.Name,
                string.Join('|', partners.Select(x => x.Role is { } role ? $"{x.Organization?.Name} ({role})" : x.Organization?.Name)),
            ];
            string?[] numbers =
            [
                Number(p.Partners.Count), Euros(p.TotalBudget), Euros(p.TotalFunding), Number(p.ResearchersToHire), Number(outputCounts.GetValueOrDefault(p.Id)),
            ];
            csv.Append(Csv.Line([Number(p.Id), .. text, .. numbers, baseUrl + ProjectMapping.PagePath(p.Slug)]));
        }
        return csv.ToString();
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Euros(decimal? value) => value?.ToString("0.00", CultureInfo.InvariantCulture);
}
