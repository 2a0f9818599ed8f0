namespace Biotope.Features.Platforms.Bookings;

/// <summary>Booking words in a given language, from the resources (Resources/Texts*.resx).</summary>
public static class BookingTexts
{
    /// <summary>A message in a language: the resource text of the key, with its arguments.</summary>
    public static string Say(string language, string template, params object?[] args) => Infrastructure.Texts.For(language)[template, args];

    public static string Status(BookingStatus status, string language) => Say(language, $"booking.{status}");

    public static string Category(UserCategory category, string language) => Say(language, $"booking.category.{category}");

    /// <summary>Prices are to the cent: always two decimals.</summary>
    public static string Euros(decimal amount, string language) => Infrastructure.Texts.For(language).Money(amount);
}
