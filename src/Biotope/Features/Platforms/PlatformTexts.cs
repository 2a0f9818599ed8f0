namespace Biotope.Features.Platforms;

/// <summary>Texts of the the platforms, equipment, rates and usage statements pages: English for coded keys, French for everything.</summary>
public static class PlatformTexts
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>
    {
    };

    public static readonly IReadOnlyDictionary<string, string> French = new Dictionary<string, string>
    {
        ["Platforms"] = "Plateformes",
        ["Training"] = "Formations",
        ["My bookings"] = "Mes réservations",
    };
}
