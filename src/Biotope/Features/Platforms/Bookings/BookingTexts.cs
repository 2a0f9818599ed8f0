namespace Biotope.Features.Platforms.Bookings;

/// <summary>Texts of the availability and booking pages: English for coded keys, French for everything.</summary>
public static class BookingTexts
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>
    {
    };

    public static readonly IReadOnlyDictionary<string, string> French = new Dictionary<string, string>
    {
    };
}
