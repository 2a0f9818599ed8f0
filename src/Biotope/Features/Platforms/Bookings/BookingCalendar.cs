using System.Globalization;
using Biotope.Infrastructure;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>A span of real time, [start, end) in UTC.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;

    public bool Overlaps(TimeRange other) => Start < other.End && other.Start < End;

    public bool Contains(TimeRange other) => Start <= other.Start && other.End <= End;
}

/// <summary>
/// The Brussels wall-clock arithmetic of booking rules (ADR 010): calendar days (23, 24 or 25 hours long), opening
/// hours, the slot grid and ISO weeks. Instants stay UTC; only these rules look at the wall clock.
/// </summary>
public static class BookingCalendar
{
    public static DateTimeOffset Local(DateTimeOffset utc) => BrusselsTime.ToLocal(utc);

    public static DateOnly DateOf(DateTimeOffset utc) => BrusselsTime.Date(utc);

    /// <summary>Local midnight of a Brussels date, in UTC (midnight always exists: the clocks change at 02:00 and 03:00).</summary>
    public static DateTimeOffset StartOf(DateOnly day) => BrusselsTime.FromLocal(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>The whole Brussels day in real time: 23 hours on the last Sunday of March, 25 on the last Sunday of October.</summary>
    public static TimeRange Day(DateOnly day) => new(StartOf(day), StartOf(day.AddDays(1)));

    /// <summary>
    /// The day's opening intervals in real time. An entry closing at 00:00 closes at midnight at the end of the day,
    /// so 00:00–00:00 is open all day (24:00 does not fit in a <see cref="TimeOnly"/>).
    /// </summary>
    public static List<TimeRange> Opening(BookingRules rules, DateOnly day)
    {
        var intervals = new List<TimeRange>();
        foreach (var hours in rules.OpeningHours.Where(h => h.Day == day.DayOfWeek).OrderBy(h => h.Opens))
        {
            var opens = At(day, hours.Opens);
            var closes = hours.Closes == TimeOnly.MinValue ? StartOf(day.AddDays(1)) : At(day, hours.Closes);
            if (closes > opens) intervals.Add(new TimeRange(opens, closes));
        }
        return intervals;
    }

    /// <summary>A wall-clock time of a Brussels date as an instant (the summer one in the autumn overlap).</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time) => BrusselsTime.FromLocal(day.ToDateTime(time));

    /// <summary>Whether a wall-clock time of that date does not exist (the spring gap, 02:00–03:00).</summary>
    public static bool DoesNotExist(DateOnly day, TimeOnly time) => Texts.Brussels.IsInvalidTime(day.ToDateTime(time));

    /// <summary>
    /// On the grid when the Brussels wall-clock minutes since midnight are a multiple of the slot. In the autumn
    /// overlap both 02:30s are on the grid: the wall clock reads 02:30 either way.
    /// </summary>
    public static bool OnGrid(DateTimeOffset utc, int slotMinutes)
    {
        var local = Local(utc);
        if (local.Ticks % TimeSpan.TicksPerMinute != 0) return false;
        return slotMinutes <= 0 || (local.Hour * 60 + local.Minute) % slotMinutes == 0;
    }

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The ISO 8601 week (Monday to Sunday, Brussels) holding an instant.</summary>
    public static TimeRange WeekOf(DateTimeOffset utc)
    {
        var monday = Monday(DateOf(utc));
        return new TimeRange(StartOf(monday), StartOf(monday.AddDays(7)));
    }

    /// <summary>"2026-W44" and "2026W44", the ISO week notation, to its Monday.</summary>
    public static bool TryParseIsoWeek(string? text, out DateOnly monday)
    {
        monday = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().ToUpperInvariant().Replace("-W", "W", StringComparison.Ordinal).Split('W');
        if (parts.Length != 2 || parts[0].Length != 4 || parts[1].Length is < 1 or > 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            || year is < 2000 or > 2200 || week < 1 || week > ISOWeek.GetWeeksInYear(year)) return false;
        monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return true;
    }

    public static string IsoWeek(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

    /// <summary>"2026-10-25T01:30+02:00": Brussels wall-clock with its offset, so the two 02:30s of the autumn change differ.</summary>
    public static string LocalIso(DateTimeOffset utc) => Local(utc).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    public static string LocalClock(DateTimeOffset utc) => Local(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"3 h", "1 h 30 min", "45 min": the same in French and English.</summary>
    public static string Duration(int minutes) =>
        minutes < 60 ? $"{minutes} min" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60:00} min";

    /// <summary>"Tuesday 10 November 2026" / "mardi 10 novembre 2026": the weekday matters to opening hours.</summary>
    public static Phrase LongDate(DateOnly day) => Phrase.Of("booking.long-date", Phrase.Of($"weekday.{day.DayOfWeek}"), day);

    /// <summary>"Sunday 25 October 2026, 01:30 – 03:30" in Brussels time, in the reader's language; the end's date is added when it differs.</summary>
    public static Phrase Span(DateTimeOffset start, DateTimeOffset end) =>
        DateOf(start) == DateOf(end)
            ? Phrase.Of("booking.span", LongDate(DateOf(start)), LocalClock(start), LocalClock(end))
            : Phrase.Of("booking.span.days", LongDate(DateOf(start)), LocalClock(start), LongDate(DateOf(end)), LocalClock(end));
}
