using System.Globalization;

namespace Biotope.Infrastructure;

/// <summary>Reads times people enter: Brussels wall-clock time unless an offset is given; DST gaps and overlaps are handled.</summary>
public static class BrusselsTime
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

    /// <summary>The dates the application reads (ADR 016): further out, adding days or changing offsets overflows.</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    public static readonly DateOnly Latest = new(2999, 12, 31);

    public static bool InRange(DateOnly date) => date >= Earliest && date <= Latest;

    public static DateTimeOffset FromLocal(DateTime local)
    {
        var zone = Texts.Brussels;
        // In the autumn overlap (02:00–03:00 happens twice) take the first, summer-time instant.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Parses "2026-12-01T09:00" (Brussels) or "2026-12-01T08:00:00Z" / "+01:00" (explicit).</summary>
    public static bool TryParse(string? text, out DateTimeOffset utc, out string? error)
    {
        var parsed = TryRead(text, out utc, out var phrase);
        error = phrase is null ? null : Texts.For("en").Say(phrase);
        return parsed;
    }

    /// <summary>The same, with the reason as a phrase (codes "time.required", "time.does-not-exist", "time.out-of-range", "time.invalid").</summary>
    public static bool TryRead(string? text, out DateTimeOffset utc, out Phrase? error)
    {
        utc = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = Phrase.Of("time.required");
            return false;
        }
        text = text.Trim();
        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (!InRange(DateOnly.FromDateTime(local)))
            {
                error = Phrase.Of("time.out-of-range", text);
                return false;
            }
            if (Texts.Brussels.IsInvalidTime(local))
            {
                error = Phrase.Of("time.does-not-exist", local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                return false;
            }
            utc = FromLocal(local);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var explicitTime))
        {
            if (!InRange(DateOnly.FromDateTime(explicitTime.UtcDateTime)))
            {
                error = Phrase.Of("time.out-of-range", text);
                return false;
            }
            utc = explicitTime.ToUniversalTime();
            return true;
        }
        error = Phrase.Of("time.invalid", text);
        return false;
    }

    /// <summary>The Brussels wall-clock time of an instant, with its offset (+01:00 or +02:00).</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Texts.Brussels);

    /// <summary>The Brussels calendar date of an instant.</summary>
    public static DateOnly Date(DateTimeOffset utc) => DateOnly.FromDateTime(ToLocal(utc).DateTime);

    /// <summary>The value for an HTML datetime-local input.</summary>
    public static string ToLocalInput(DateTimeOffset utc) => ToLocal(utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
