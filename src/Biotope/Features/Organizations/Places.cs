using Biotope.Infrastructure;

namespace Biotope.Features.Organizations;

/// <summary>
/// Belgian place names that French and English write differently ("Bruxelles"/"Brussels"), so that a city recorded in one
/// language (by a ROR import, a CORDIS row or a person) is shown in the reader's. Official names, as Belgium's and the EU's
/// publications spell them; places not listed here are written the same in both languages.
/// </summary>
public static class Places
{
    private static readonly (string French, string English, string[] OtherForms)[] Exonyms =
    [
        ("Bruxelles", "Brussels", ["Brussel", "Brüssel", "Bruxelles-Capitale", "Brussels-Capital"]),
        ("Anvers", "Antwerp", ["Antwerpen"]),
        ("Gand", "Ghent", ["Gent"]),
        ("Louvain", "Leuven", []),
        ("Malines", "Mechelen", []),
        ("Bruges", "Bruges", ["Brugge"]),
        ("Courtrai", "Kortrijk", []),
        ("Ostende", "Ostend", ["Oostende"]),
        ("Liège", "Liège", ["Luik", "Lüttich", "Liege"]),
        ("Namur", "Namur", ["Namen"]),
        ("Mons", "Mons", ["Bergen"]),
        ("Tournai", "Tournai", ["Doornik"]),
    ];

    /// <summary>The city's name in French and English: the stored ones, else the known forms of <paramref name="city"/>, else the city as recorded.</summary>
    public static Bilingual City(string? city, string? cityFr = null, string? cityEn = null)
    {
        var known = Known(city);
        if (cityFr is not null || cityEn is not null) return new(cityFr ?? known?.French, cityEn ?? known?.English);
        return known ?? new Bilingual(city, city);
    }

    private static Bilingual? Known(string? city)
    {
        if (string.IsNullOrWhiteSpace(city)) return null;
        foreach (var (french, english, others) in Exonyms)
        {
            if (string.Equals(city, french, StringComparison.OrdinalIgnoreCase) || string.Equals(city, english, StringComparison.OrdinalIgnoreCase)
                || others.Contains(city, StringComparer.OrdinalIgnoreCase))
                return new Bilingual(french, english);
        }
        return null;
    }
}
