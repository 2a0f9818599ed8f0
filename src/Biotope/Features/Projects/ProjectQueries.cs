using Biotope.Data;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Projects;

/// <summary>What the portfolio list, the dashboard and the CSV export are filtered by.</summary>
public sealed record ProjectFilter
{
    public const int MaxPageSize = 100;

    public ProjectStatus? Status { get; init; }
    public string? Area { get; init; }
    /// <summary>Projects active that year: started by its end and not ended before it began.</summary>
    public int? Year { get; init; }
    public string? Q { get; init; }
    /// <summary>An organization id: projects it is a partner of.</summary>
    public int? Partner { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    public static Outcome<ProjectFilter> Parse(string? status, string? area, int? year, string? q, int? partner, int? page, int? pageSize)
    {
        var errors = new Dictionary<string, Phrase[]>();
        ProjectStatus? parsedStatus = null;
        if (status is { Length: > 0 })
        {
            if (ProjectParsing.TryStatus(status, out var s)) parsedStatus = s;
            else errors["status"] = [Phrase.Of("project.filter.status", new PhraseList([.. Enum.GetNames<ProjectStatus>()], Or: true))];
        }
        if (area is { Length: > 0 } && !Taxonomy.IsArea(area)) errors["area"] = [Phrase.Of("project.filter.area", area)];
        if (year is < 1900 or > 2200) errors["year"] = [Phrase.Of("project.filter.year", 1900, 2200)];
        if (page is < 1 or > 10_000) errors["page"] = [Phrase.Of("search.parameter.page", 10_000)];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [Phrase.Of("search.parameter.page-size", MaxPageSize)];
        if (errors.Count > 0) return Failure.Invalid(errors);
        return new ProjectFilter
        {
            Status = parsedStatus,
            Area = area is { Length: > 0 } ? area : null,
            Year = year,
            Q = string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, 200)],
            Partner = partner,
            Page = page ?? 1,
            PageSize = pageSize ?? 20,
        };
    }
}

/// <summary>Reads shared by the API and the pages.</summary>
public static class ProjectQueries
{
    /// <summary>Today in Brussels: what "late" is measured against.</summary>
    public static DateOnly Today(TimeProvider clock) => BrusselsTime.Date(clock.GetUtcNow());

    public static Task<Project?> LoadAsync(this BiotopeDb db, int id, CancellationToken ct = default) =>
        Full(db.Projects.AsNoTracking()).FirstOrDefaultAsync(p => p.Id == id, ct);

    public static Task<Project?> LoadBySlugAsync(this BiotopeDb db, string slug, CancellationToken ct = default) =>
        Full(db.Projects.AsNoTracking()).FirstOrDefaultAsync(p => p.Slug == slug, ct);

    internal static IQueryable<Project> Full(IQueryable<Project> projects) =>
        projects.Include(p => p.Partners).ThenInclude(x => x.Organization)
            .Include(p => p.Milestones).Include(p => p.Outputs).Include(p => p.Researchers)
            .AsSplitQuery();

    /// <summary>The parent, the sub-projects and the projects the strands name.</summary>
    public static async Task<ProjectLinks> LinksAsync(this BiotopeDb db, Project project, CancellationToken ct = default)
    {
        var named = project.Strands.SelectMany(s => s.SubProjectIds).Append(project.ParentProjectId ?? 0).Distinct().ToList();
        var refs = await db.Projects.AsNoTracking()
            .Where(p => p.ParentProjectId == project.Id || EF.Parameter(named).Contains(p.Id))
            .Select(p => new { p.Id, p.Slug, p.Acronym, p.ParentProjectId })
            .ToListAsync(ct);
        var byId = refs.ToDictionary(r => r.Id, r => new ProjectRef(r.Id, r.Slug, r.Acronym));
        return new ProjectLinks(
            project.ParentProjectId is { } parent ? byId.GetValueOrDefault(parent) : null,
            [.. refs.Where(r => r.ParentProjectId == project.Id).OrderBy(r => r.Acronym, StringComparer.OrdinalIgnoreCase).Select(r => byId[r.Id])],
            byId);
    }

    /// <summary>The ids of the projects that match, ordered by acronym (the same order on both databases).</summary>
    public static async Task<List<int>> MatchingIdsAsync(this BiotopeDb db, ProjectFilter filter, CancellationToken ct = default)
    {
        var query = db.Projects.AsNoTracking();
        if (filter.Status is { } status)
            query = query.Where(p => p.Status == status && !(p.Source == ProjectSource.Demo && p.StartDate == null && p.EndDate == null));
        if (filter.Year is { } year)
        {
            var first = new DateOnly(year, 1, 1);
            var last = new DateOnly(year, 12, 31);
            query = query.Where(p => p.StartDate != null && p.StartDate <= last && (p.EndDate == null || p.EndDate >= first));
        }
        if (filter.Partner is { } partner) query = query.Where(p => p.Partners.Any(x => x.OrganizationId == partner));
        var rows = await query.Select(p => new { p.Id, p.Acronym, p.TitleEn, p.TitleFr, p.Areas }).ToListAsync(ct);

        // Areas and words are matched here: group codes cover their areas, and words ignore accents on both databases.
        var areas = filter.Area is { } area ? AreaAndChildren(area) : null;
        var words = TextNormalizer.Tokens(filter.Q);
        return [.. rows
            .Where(r => areas is null || r.Areas.Any(areas.Contains))
            .Where(r => words.Length == 0 || words.All(TextNormalizer.Normalize($"{r.Acronym} {r.TitleEn} {r.TitleFr}").Contains))
            .OrderBy(r => r.Acronym, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Id)
            .Select(r => r.Id)];
    }

    private static HashSet<string> AreaAndChildren(string code) =>
        [code, .. Taxonomy.AreaGroups.Where(g => g.Code == code).SelectMany(g => g.Children!).Select(c => c.Code)];

    /// <summary>The rows of one page with their partners, in the order of <paramref name="ids"/>.</summary>
    public static async Task<List<Project>> PageAsync(this BiotopeDb db, IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        var rows = await db.Projects.AsNoTracking().Include(p => p.Partners).ThenInclude(x => x.Organization)
            .Where(p => EF.Parameter(ids).Contains(p.Id)).AsSplitQuery().ToDictionaryAsync(p => p.Id, ct);
        return [.. ids.Where(rows.ContainsKey).Select(id => rows[id])];
    }

    public static async Task<ProjectListResponse> ListAsync(this BiotopeDb db, ProjectFilter filter, string baseUrl, CancellationToken ct = default)
    {
        var ids = await db.MatchingIdsAsync(filter, ct);
        var page = await db.PageAsync([.. ids.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)], ct);
        var amounts = await PartnerAmountsAsync(db, ids, ct);
        return new ProjectListResponse([.. page.Select(p => p.ToSummary(baseUrl))], ids.Count, filter.Page, filter.PageSize,
            amounts.Sum(a => a.Budget ?? 0), amounts.Sum(a => a.Funding ?? 0));
    }

    public static ProjectSummary ToSummary(this Project p, string baseUrl) => new(
        p.Id, p.Slug, p.Acronym, p.TitleEn, p.TitleFr, p.StatedStatus(), p.Source.ToString(), p.StartDate, p.EndDate, p.Funder, p.Programme,
        p.Areas, p.ParentProjectId, p.Partners.Count, p.Coordinator?.OrganizationId, p.TotalBudget, p.TotalFunding, baseUrl + ProjectMapping.PagePath(p.Slug));

    private sealed record PartnerAmount(int ProjectId, decimal? Budget, decimal? Funding, OrganizationType Kind);

    // Decimal sums are done here, not in SQL: SQLite stores money as text and cannot add it exactly.
    private static Task<List<PartnerAmount>> PartnerAmountsAsync(BiotopeDb db, IReadOnlyList<int> ids, CancellationToken ct) =>
        db.ProjectPartners.AsNoTracking().Where(x => EF.Parameter(ids).Contains(x.ProjectId))
            .Select(x => new PartnerAmount(x.ProjectId, x.Budget, x.Funding, x.Organization!.Type)).ToListAsync(ct);

    /// <summary>Funding and budget by area, start year and partner kind; projects by status; outputs by kind.</summary>
    public static async Task<ProjectDashboard> DashboardAsync(this BiotopeDb db, IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        var projects = await db.Projects.AsNoTracking().Where(p => EF.Parameter(ids).Contains(p.Id))
            .Select(p => new { p.Id, p.Status, p.Source, p.StartDate, p.EndDate, p.Areas }).ToListAsync(ct);
        var amounts = await PartnerAmountsAsync(db, ids, ct);
        var outputs = await db.ProjectOutputs.AsNoTracking().Where(o => EF.Parameter(ids).Contains(o.ProjectId))
            .Select(o => new { o.Kind, o.Count }).ToListAsync(ct);
        var byProject = amounts.ToLookup(a => a.ProjectId);

        AmountRow Row(string key, IEnumerable<int> projectIds)
        {
            var set = projectIds.ToHashSet();
            var lines = set.SelectMany(id => byProject[id]).ToList();
            return new AmountRow(key, set.Count, lines.Sum(a => a.Budget ?? 0), lines.Sum(a => a.Funding ?? 0));
        }

        var areaOrder = Taxonomy.Areas.Select(a => a.Code).ToList();
        var byArea = projects.SelectMany(p => p.Areas.Count == 0 ? new[] { "none" } : p.Areas.Distinct(), (p, area) => (p.Id, Area: area))
            .GroupBy(x => x.Area)
            .OrderBy(g => g.Key == "none" ? int.MaxValue : areaOrder.IndexOf(g.Key) is var i and >= 0 ? i : int.MaxValue - 1)
            .Select(g => Row(g.Key, g.Select(x => x.Id)))
            .ToList();
        var byYear = projects.GroupBy(p => p.StartDate?.Year)
            .OrderBy(g => g.Key ?? int.MaxValue)
            .Select(g => Row(g.Key?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", g.Select(p => p.Id)))
            .ToList();
        var typeOrder = Taxonomy.Types.Select(t => t.Code).ToList();
        var byKind = amounts.GroupBy(a => a.Kind.ToString())
            .OrderBy(g => typeOrder.IndexOf(g.Key))
            .Select(g => new AmountRow(g.Key, g.Select(a => a.ProjectId).Distinct().Count(), g.Sum(a => a.Budget ?? 0), g.Sum(a => a.Funding ?? 0)))
            .ToList();
        var statuses = projects.Select(p => Project.IsStatusStated(p.Source, p.StartDate, p.EndDate) ? p.Status.ToString() : "notStated").ToList();
        var byStatus = Enum.GetNames<ProjectStatus>().Append("notStated")
            .Select(s => new CountRow(s, statuses.Count(x => x == s)))
            .Where(r => r.Key != "notStated" || r.Count > 0)
            .ToList();
        var byOutput = Enum.GetValues<OutputKind>().Select(k => new CountRow(k.ToString(), outputs.Count(o => o.Kind == k))).ToList();
        return new ProjectDashboard(projects.Count, amounts.Sum(a => a.Budget ?? 0), amounts.Sum(a => a.Funding ?? 0), byArea, byYear, byKind,
            byStatus, byOutput, outputs.Where(o => o.Kind == OutputKind.Job).Sum(o => o.Count ?? 0));
    }

    /// <summary>The reports of a project, newest period first, with each partner's budget, spend so far and what remains.</summary>
    public static async Task<ProgressReportsResponse> ReportsAsync(this BiotopeDb db, Project project, CancellationToken ct = default)
    {
        var reports = await db.ProgressReports.AsNoTracking().Where(r => r.ProjectId == project.Id).OrderByDescending(r => r.PeriodStart).ToListAsync(ct);
        var names = project.Partners.ToDictionary(p => p.OrganizationId, p => p.Organization?.Name ?? "");
        var reportedOnly = reports.SelectMany(r => r.Spend).Select(s => s.OrganizationId).Where(id => !names.ContainsKey(id)).Distinct().ToList();
        if (reportedOnly.Count > 0)
        {
            // A partner removed after reporting keeps its name in the reports.
            foreach (var o in await db.Organizations.AsNoTracking().Where(o => reportedOnly.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
                names[o.Id] = o.Name;
        }
        var spent = reports.SelectMany(r => r.Spend).GroupBy(s => s.OrganizationId).ToDictionary(g => g.Key, g => g.Sum(s => s.Amount));
        return new ProgressReportsResponse(
            [.. reports.Select(r => new ProgressReportDto(r.Id, r.PeriodStart, r.PeriodEnd, r.Narrative,
                [.. r.Spend.Select(s => new SpendDto(s.OrganizationId, names.GetValueOrDefault(s.OrganizationId, ""), s.Amount))], r.Spend.Sum(s => s.Amount), r.SubmittedAt))],
            [.. project.Partners.OrderBy(p => ProjectRoles.IsCoordinator(p.Role) ? 0 : 1).ThenBy(p => p.Organization?.Name, StringComparer.OrdinalIgnoreCase)
                .Select(p => new BudgetLineDto(p.OrganizationId, names[p.OrganizationId], p.Budget, spent.GetValueOrDefault(p.OrganizationId),
                    p.Budget is { } budget ? budget - spent.GetValueOrDefault(p.OrganizationId) : null))]);
    }

    /// <summary>A URL key from the acronym ("Hainaut-Biomed" becomes "hainaut-biomed"), unique among saved and pending projects.</summary>
    public static async Task<string> UniqueSlugAsync(this BiotopeDb db, string acronym, CancellationToken ct = default)
    {
        var slug = TextNormalizer.Normalize(acronym).Replace(' ', '-');
        if (slug.Length > 80) slug = slug[..80].TrimEnd('-');
        if (slug.Length == 0) slug = "project";
        var taken = await db.Projects.Where(p => p.Slug == slug || p.Slug.StartsWith(slug + "-")).Select(p => p.Slug).ToListAsync(ct);
        taken.AddRange(db.Projects.Local.Select(p => p.Slug));
        if (!taken.Contains(slug)) return slug;
        var n = 2;
        while (taken.Contains($"{slug}-{n}")) n++;
        return $"{slug}-{n}";
    }
}
