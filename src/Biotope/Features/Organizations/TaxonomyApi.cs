using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Biotope.Features.Organizations;

/// <summary>A term with its label in English and French, and in every published language under <see cref="Labels"/>.</summary>
public sealed record TermDto(string Code, string En, string Fr, IReadOnlyList<TermDto>? Children, IReadOnlyDictionary<string, string>? Labels = null);

public sealed record TaxonomyDto(IReadOnlyList<TermDto> Types, IReadOnlyList<TermDto> Sectors, IReadOnlyList<TermDto> Areas,
    IReadOnlyList<TermDto> Stages, IReadOnlyList<TermDto> Capabilities, IReadOnlyList<TermDto> RelationKinds, IReadOnlyList<TermDto> Provinces);

public static class TaxonomyApi
{
    public static RouteGroupBuilder MapTaxonomyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/taxonomy", GetTaxonomy).WithName(nameof(GetTaxonomy)).WithTags("Taxonomy")
            .WithSummary("The controlled vocabularies: organization types, sectors, areas of excellence (two levels), stages, capabilities, provinces.");
        return api;
    }

    public static Ok<TaxonomyDto> GetTaxonomy() => TypedResults.Ok(new TaxonomyDto(
        Map(Taxonomy.Types), Map(Taxonomy.Sectors), Map(Taxonomy.AreaGroups), Map(Taxonomy.Stages), Map(Taxonomy.Capabilities), Map(Taxonomy.RelationKinds),
        [.. Search.DirectoryIndex.ProvinceCodes.Select(c => new TermDto(c, Search.DirectoryIndex.ProvinceLabel(c, "en"), Search.DirectoryIndex.ProvinceLabel(c, "fr"), null,
            SiteLanguages.Published.ToDictionary(l => l.Code, l => Search.DirectoryIndex.ProvinceLabel(c, l.Code))))]));

    private static List<TermDto> Map(IReadOnlyList<Term> terms) =>
        [.. terms.Select(t => new TermDto(t.Code, t.En, t.Fr, t.Children is null ? null : Map(t.Children),
            SiteLanguages.Published.ToDictionary(l => l.Code, l => t.Label(l.Code))))];
}
