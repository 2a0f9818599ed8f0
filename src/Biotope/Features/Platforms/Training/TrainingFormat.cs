using System.Globalization;
using Biotope.Infrastructure;

namespace Biotope.Features.Platforms.Training;

/// <summary>Dates, times and places of training, as the pages and messages write them.</summary>
public static class TrainingFormat
{
    public static string Date(DateOnly day, string language) => Texts.For(language).Date(day);

    /// <summary>"2 December 2026, 09:00–12:00" in Brussels time; the end's date only when it is another day.</summary>
    public static string When(DateTimeOffset start, DateTimeOffset end, Texts texts)
    {
        var localStart = BrusselsTime.ToLocal(start);
        var localEnd = BrusselsTime.ToLocal(end);
        return texts.LocalTime(start) + "–" + (localStart.Date == localEnd.Date ? localEnd.ToString("HH:mm", CultureInfo.InvariantCulture) : texts.LocalTime(end));
    }

    /// <summary>"3 of 8 places left", or "Full" with the waitlist's length.</summary>
    public static string Places(TrainingSessionDto session, Texts texts)
    {
        var places = session.PlacesLeft > 0
            ? string.Format(texts.Culture, texts["{0} of {1} places left"], session.PlacesLeft, session.Capacity)
            : texts["training.Full"];
        return session.Waitlisted > 0 ? places + " · " + string.Format(texts.Culture, texts["{0} on the waitlist"], session.Waitlisted) : places;
    }

    public static string Validity(int? months, Texts texts) =>
        months is { } m ? string.Format(texts.Culture, texts[m == 1 ? "Certificate valid for 1 month" : "Certificate valid for {0} months"], m) : texts["Certificate without expiry"];
}
