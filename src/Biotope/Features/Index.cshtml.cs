using System.Globalization;
using Biotope.Data;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features;

public class HomeModel(BiotopeDb db, OrganizationSearch search, Texts texts) : PageModel
{
    public sealed record TypeRow(string Code, string Label, int Count);
    public sealed record AreaRow(string Code, string Label, int Count, IReadOnlyList<AreaRow> Children);
    public sealed record Indicator(string Label, string Value);

    public int Total { get; private set; }
    public int Members { get; private set; }
    public int MaxType { get; private set; }
    public List<TypeRow> ByType { get; private set; } = [];
    public List<AreaRow> ByArea { get; private set; } = [];
    public List<Indicator> Indicators { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var language = texts.Language;
        // The search index already counts every facet over the whole directory.
        var all = await search.SearchAsync(new SearchQuery { PageSize = 1 }, language, ct);
        Total = all.Total;
        Members = all.Facets["member"].Where(f => f.Value == "true").Sum(f => f.Count);
        ByType = [.. all.Facets["type"].OrderByDescending(f => f.Count).Select(f => new TypeRow(f.Value, f.Label, f.Count))];
        MaxType = ByType.Count == 0 ? 0 : ByType.Max(t => t.Count);
        var areaCounts = all.Facets["area"].ToDictionary(f => f.Value, f => f.Count);
        ByArea = [.. Taxonomy.AreaGroups.Select(g => new AreaRow(g.Code, g.Label(language), areaCounts.GetValueOrDefault(g.Code),
            [.. g.Children!.Select(c => new AreaRow(c.Code, c.Label(language), areaCounts.GetValueOrDefault(c.Code), []))]))];

        var region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == "BE3", ct);
        if (region is not null)
        {
            Indicators = [.. region.Indicators.Where(i => i.Key.StartsWith("population", StringComparison.Ordinal)).Select(i => new Indicator(
                i.Year is { } year ? texts["{0} ({1})", texts.Pick(i.LabelFr, i.LabelEn), year] : texts.Pick(i.LabelFr, i.LabelEn),
                decimal.TryParse(i.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
                    ? number.ToString(number == Math.Floor(number) ? "N0" : "N2", texts.Culture) + (i.Unit is "%" ? " %" : "")
                    : i.Value))];
        }
    }
}
