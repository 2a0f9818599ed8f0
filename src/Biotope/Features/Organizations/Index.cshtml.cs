using Biotope.Data;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Organizations;

public class SearchPageModel(OrganizationSearch search, BiotopeDb db, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string[] Type { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string[] Sector { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string[] Area { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string[] Stage { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string[] Province { get; set; } = [];
    [BindProperty(SupportsGet = true)] public string? Member { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }

    public SearchQuery Query { get; private set; } = new();
    public SearchResult? Result { get; private set; }
    public List<Organization> Items { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public int PageCount => Result is null ? 0 : (Result.Total + Query.PageSize - 1) / Query.PageSize;

    public static readonly (string Key, string Title)[] FacetOrder =
        [("type", "Type"), ("sector", "Sector"), ("area", "Area of excellence"), ("stage", "Value-chain stage"), ("province", "Province"), ("member", "Membership")];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var parsed = SearchParameters.Parse(Q, Type, Sector, Area, Stage, Province, Member, Sort, Request.PageNumber(), 20);
        if (!parsed.Succeeded)
        {
            Errors = Texts.Current.Say(parsed.Failure!.Errors);
            parsed = SearchParameters.Parse(Q, null, null, null, null, null, null, null, 1, 20);
        }
        Query = parsed.Value!;
        Result = await search.SearchAsync(Query, texts.Language, ct);
        if (Result.Total > 0 && Query.Page > PageCount)
        {
            // A page past the end (an old link after filters changed) shows the last page, not an empty one.
            Query = Query with { Page = PageCount };
            Result = await search.SearchAsync(Query, texts.Language, ct);
        }
        Items = await db.PageAsync(Result.Ids, ct);
    }

    /// <summary>The current search with one parameter changed, for pagination and sort links.</summary>
    public string UrlWith(string key, string? value)
    {
        var pairs = Request.Query.Where(p => p.Key != key && p.Key != "page").SelectMany(p => p.Value.Select(v => (p.Key, Value: v ?? ""))).ToList();
        if (value is not null) pairs.Add((key, value));
        return "/organizations" + (pairs.Count == 0 ? "" : "?" + string.Join("&", pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
    }
}
