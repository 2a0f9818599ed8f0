using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Projects;

public class PortfolioPageModel(BiotopeDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Area { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? Partner { get; set; }

    public ProjectFilter Filter { get; private set; } = new();
    public int Total { get; private set; }
    public List<Project> Items { get; private set; } = [];
    public ProjectDashboard Dashboard { get; private set; } = null!;
    /// <summary>Whether the figures count illustrative demo projects: the dashboard says so.</summary>
    public bool IncludesIllustrative { get; private set; }
    /// <summary>The organizations that take part in a project, for the partner filter.</summary>
    public List<(int Id, string Name)> Partners { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public int PageCount => (Total + Filter.PageSize - 1) / Filter.PageSize;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var parsed = ProjectFilter.Parse(Status, Area, Year, Q, Partner, Request.PageNumber(), 20);
        if (!parsed.Succeeded)
        {
            Errors = Texts.Current.Say(parsed.Failure!.Errors);
            parsed = ProjectFilter.Parse(null, null, null, Q, Partner, 1, 20);
        }
        Filter = parsed.Value!;
        var ids = await db.MatchingIdsAsync(Filter, ct);
        Total = ids.Count;
        Items = await db.PageAsync([.. ids.Skip((Filter.Page - 1) * Filter.PageSize).Take(Filter.PageSize)], ct);
        Dashboard = await db.DashboardAsync(ids, ct);
        IncludesIllustrative = await db.Projects.AnyAsync(p => p.Illustrative && ids.Contains(p.Id), ct);
        var partners = await db.ProjectPartners.AsNoTracking().Where(x => x.Organization!.DeletedAt == null).Select(x => new { x.Organization!.Id, x.Organization.Name }).Distinct().ToListAsync(ct);
        Partners = [.. partners.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).Select(p => (p.Id, p.Name))];
    }

    /// <summary>The current filters as a query string (without the page), for links to other pages and the CSV.</summary>
    public string QueryWith(int? page = null)
    {
        var pairs = new List<(string, string)>();
        if (Filter.Status is { } status) pairs.Add(("status", status.ToString()));
        if (Filter.Area is { } area) pairs.Add(("area", area));
        if (Filter.Year is { } year) pairs.Add(("year", year.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (Filter.Q is { } q) pairs.Add(("q", q));
        if (Filter.Partner is { } partner) pairs.Add(("partner", partner.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (page is > 1) pairs.Add(("page", page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return pairs.Count == 0 ? "" : "?" + string.Join("&", pairs.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
    }
}
