using Biotope.Infrastructure;

namespace Biotope.Features.Organizations;

/// <summary>
/// NUTS 2021 codes for Belgium's regions and Wallonia's provinces and arrondissements, named in French (as NUTS names them,
/// the German-speaking Community's arrondissement aside) and in English.
/// </summary>
public static class Nuts
{
    public sealed record Unit(string Code, string NameFr, string NameEn, int Level)
    {
        public Bilingual Names => new(NameFr, NameEn);
    }

    public static readonly IReadOnlyList<Unit> Units =
    [
        new("BE", "Belgique", "Belgium", 0),
        new("BE1", "Région de Bruxelles-Capitale", "Brussels-Capital Region", 1),
        new("BE10", "Région de Bruxelles-Capitale", "Brussels-Capital Region", 2),
        new("BE100", "Arr. de Bruxelles-Capitale", "Arrondissement of Brussels-Capital", 3),
        new("BE2", "Région flamande", "Flemish Region", 1),
        new("BE3", "Région wallonne", "Walloon Region", 1),
        new("BE31", "Prov. Brabant wallon", "Province of Walloon Brabant", 2),
        new("BE310", "Arr. Nivelles", "Arrondissement of Nivelles", 3),
        new("BE32", "Prov. Hainaut", "Province of Hainaut", 2),
        new("BE323", "Arr. Mons", "Arrondissement of Mons", 3),
        new("BE328", "Arr. Tournai-Mouscron", "Arrondissement of Tournai-Mouscron", 3),
        new("BE329", "Arr. La Louvière", "Arrondissement of La Louvière", 3),
        new("BE32A", "Arr. Ath", "Arrondissement of Ath", 3),
        new("BE32B", "Arr. Charleroi", "Arrondissement of Charleroi", 3),
        new("BE32C", "Arr. Soignies", "Arrondissement of Soignies", 3),
        new("BE32D", "Arr. Thuin", "Arrondissement of Thuin", 3),
        new("BE33", "Prov. Liège", "Province of Liège", 2),
        new("BE331", "Arr. Huy", "Arrondissement of Huy", 3),
        new("BE332", "Arr. Liège", "Arrondissement of Liège", 3),
        new("BE334", "Arr. Waremme", "Arrondissement of Waremme", 3),
        new("BE335", "Arr. Verviers — communes francophones", "Arrondissement of Verviers — French-speaking municipalities", 3),
        new("BE336", "Arr. Verviers — Communauté germanophone", "Arrondissement of Verviers — German-speaking Community", 3),
        new("BE34", "Prov. Luxembourg (BE)", "Province of Luxembourg (BE)", 2),
        new("BE341", "Arr. Arlon", "Arrondissement of Arlon", 3),
        new("BE342", "Arr. Bastogne", "Arrondissement of Bastogne", 3),
        new("BE343", "Arr. Marche-en-Famenne", "Arrondissement of Marche-en-Famenne", 3),
        new("BE344", "Arr. Neufchâteau", "Arrondissement of Neufchâteau", 3),
        new("BE345", "Arr. Virton", "Arrondissement of Virton", 3),
        new("BE35", "Prov. Namur", "Province of Namur", 2),
        new("BE351", "Arr. Dinant", "Arrondissement of Dinant", 3),
        new("BE352", "Arr. Namur", "Arrondissement of Namur", 3),
        new("BE353", "Arr. Philippeville", "Arrondissement of Philippeville", 3),
    ];

    public static readonly IReadOnlyList<Unit> Provinces = [.. Units.Where(u => u.Level == 2 && u.Code.StartsWith("BE3", StringComparison.Ordinal))];

    public static bool IsKnown(string code) => Units.Any(u => u.Code == code);

    public static Unit? Find(string? code) => Units.FirstOrDefault(u => u.Code == code);
}
