using System.Globalization;
using Biotope.Infrastructure;

namespace Biotope.Features.Platforms.Training;

/// <summary>Dates, times and places of training, as the pages and messages write them.</summary>
public static class TrainingFormat
{
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
        var places = session.PlacesLeft > 0 ? texts.Plural("training.places-left", session.PlacesLeft, session.Capacity) : texts["training.Full"];
        return session.Waitlisted > 0 ? places + " · " + texts.Plural("training.waitlist", session.Waitlisted) : places;
    }

    public static string Validity(int? months, Texts texts) =>
        months is { } m ? texts.Plural("training.validity", m) : texts["Certificate without expiry"];
}
