namespace Biotope.Features.Organizations;

/// <summary>NUTS 2021 codes for Belgium's regions and Wallonia's provinces and arrondissements.</summary>
public static class Nuts
{
    public sealed record Unit(string Code, string Name, int Level);

    public static readonly IReadOnlyList<Unit> Units =
    [
        new("BE", "Belgique / België", 0),
        new("BE1", "Région de Bruxelles-Capitale", 1),
        new("BE10", "Région de Bruxelles-Capitale", 2),
        new("BE100", "Arr. de Bruxelles-Capitale", 3),
        new("BE2", "Vlaams Gewest", 1),
        new("BE3", "Région wallonne", 1),
        new("BE31", "Prov. Brabant wallon", 2),
        new("BE310", "Arr. Nivelles", 3),
        new("BE32", "Prov. Hainaut", 2),
        new("BE323", "Arr. Mons", 3),
        new("BE328", "Arr. Tournai-Mouscron", 3),
        new("BE329", "Arr. La Louvière", 3),
        new("BE32A", "Arr. Ath", 3),
        new("BE32B", "Arr. Charleroi", 3),
        new("BE32C", "Arr. Soignies", 3),
        new("BE32D", "Arr. Thuin", 3),
        new("BE33", "Prov. Liège", 2),
        new("BE331", "Arr. Huy", 3),
        new("BE332", "Arr. Liège", 3),
        new("BE334", "Arr. Waremme", 3),
        new("BE335", "Arr. Verviers — communes francophones", 3),
        new("BE336", "Bezirk Verviers — Deutschsprachige Gemeinschaft", 3),
        new("BE34", "Prov. Luxembourg (BE)", 2),
        new("BE341", "Arr. Arlon", 3),
        new("BE342", "Arr. Bastogne", 3),
        new("BE343", "Arr. Marche-en-Famenne", 3),
        new("BE344", "Arr. Neufchâteau", 3),
        new("BE345", "Arr. Virton", 3),
        new("BE35", "Prov. Namur", 2),
        new("BE351", "Arr. Dinant", 3),
        new("BE352", "Arr. Namur", 3),
        new("BE353", "Arr. Philippeville", 3),
    ];

    public static readonly IReadOnlyList<Unit> Provinces = [.. Units.Where(u => u.Level == 2 && u.Code.StartsWith("BE3", StringComparison.Ordinal))];

    public static bool IsKnown(string code) => Units.Any(u => u.Code == code);

    public static Unit? Find(string? code) => Units.FirstOrDefault(u => u.Code == code);
}
