namespace Biotope.Features.Organizations;

/// <summary>
/// NUTS 2021 codes for Belgium's regions and Wallonia's provinces and arrondissements. Their names are texts
/// ("nuts.BE32"): French as the NUTS code list writes them (the Flemish Region and the German-speaking Community's
/// arrondissement, named there in Dutch and German, aside), English ours; a test holds the French to the code list.
/// </summary>
public static class Nuts
{
    public sealed record Unit(string Code, int Level)
    {
        public string TextKey => $"nuts.{Code}";
    }

    public static readonly IReadOnlyList<Unit> Units =
    [
        new("BE", 0),
        new("BE1", 1),
        new("BE10", 2),
        new("BE100", 3),
        new("BE2", 1),
        new("BE3", 1),
        new("BE31", 2),
        new("BE310", 3),
        new("BE32", 2),
        new("BE323", 3),
        new("BE328", 3),
        new("BE329", 3),
        new("BE32A", 3),
        new("BE32B", 3),
        new("BE32C", 3),
        new("BE32D", 3),
        new("BE33", 2),
        new("BE331", 3),
        new("BE332", 3),
        new("BE334", 3),
        new("BE335", 3),
        new("BE336", 3),
        new("BE34", 2),
        new("BE341", 3),
        new("BE342", 3),
        new("BE343", 3),
        new("BE344", 3),
        new("BE345", 3),
        new("BE35", 2),
        new("BE351", 3),
        new("BE352", 3),
        new("BE353", 3),
    ];

    public static readonly IReadOnlyList<Unit> Provinces = [.. Units.Where(u => u.Level == 2 && u.Code.StartsWith("BE3", StringComparison.Ordinal))];

    public static bool IsKnown(string code) => Units.Any(u => u.Code == code);

    public static Unit? Find(string? code) => Units.FirstOrDefault(u => u.Code == code);
}
