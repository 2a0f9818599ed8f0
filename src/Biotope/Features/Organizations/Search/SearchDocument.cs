namespace Biotope.Features.Organizations.Search;

/// <summary>What the full-text index holds for one organization.</summary>
public static class SearchDocument
{
    public static string Text(Organization o)
    {
        IEnumerable<string?> parts =
        [
            o.Name, o.NameFr, o.NameEn, o.NameNl, o.Acronym, .. o.Aliases, o.City,
            .. o.Areas.SelectMany(code => Labels(Taxonomy.Areas, code)),
            .. o.Capabilities.SelectMany(code => Labels(Taxonomy.Capabilities, code)),
            o.DescriptionEn, o.DescriptionFr,
        ];
        return TextNormalizer.Normalize(string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct()));
    }

    private static IEnumerable<string> Labels(IReadOnlyList<Term> terms, string code) =>
        terms.FirstOrDefault(t => t.Code == code) is { } t ? [t.En, t.Fr] : [];
}
