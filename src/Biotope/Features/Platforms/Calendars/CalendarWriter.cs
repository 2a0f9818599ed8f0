using System.Globalization;
using System.Text;

namespace Biotope.Features.Platforms.Calendars;

/// <summary>TENTATIVE, CONFIRMED or CANCELLED (RFC 5545 §3.8.1.11).</summary>
public enum EventStatus
{
    Tentative,
    Confirmed,
    Cancelled,
}

/// <summary>One VEVENT. Times are instants, written in UTC; empty texts are left out.</summary>
public sealed record CalendarEvent(string Uid, DateTimeOffset Start, DateTimeOffset End, string Summary)
{
    public string? Location { get; init; }
    public string? Description { get; init; }
    public EventStatus Status { get; init; } = EventStatus.Confirmed;
    public string? Url { get; init; }
    public DateTimeOffset? LastModified { get; init; }
    /// <summary>Grows each time the event changes, so calendar apps replace their copy.</summary>
    public int? Sequence { get; init; }
}

/// <summary>A published calendar: its name, when it was produced (DTSTAMP) and its events.</summary>
public sealed record CalendarDocument(string Name, DateTimeOffset Stamp, IReadOnlyList<CalendarEvent> Events);

/// <summary>Writes iCalendar (RFC 5545) text.</summary>
public interface ICalendarWriter
{
    /// <summary>The calendar as one VCALENDAR: CRLF line ends, lines folded at 75 octets.</summary>
    string Write(CalendarDocument calendar);
}

/// <summary>
/// A small RFC 5545 writer for published feeds (METHOD:PUBLISH): times in UTC only, so no VTIMEZONE is needed
/// and every calendar app shows the same instants in its own zone.
/// </summary>
public sealed class CalendarWriter : ICalendarWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string ProductId = "-//Biotope//Platform calendar feeds//EN";

    /// <summary>RFC 5545 §3.1: a content line should not be longer than 75 octets, line break excluded.</summary>
    public const int MaxLineOctets = 75;

    public string Write(CalendarDocument calendar)
    {
        var output = new StringBuilder();
        void Line(string name, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            output.Append(Fold(name + ":" + value)).Append("\r\n");
        }
        void Text(string name, string? value) => Line(name, string.IsNullOrWhiteSpace(value) ? null : EscapeText(value.Trim()));

        Line("BEGIN", "VCALENDAR");
        Line("VERSION", "2.0");
        Line("PRODID", ProductId);
        Line("CALSCALE", "GREGORIAN");
        Line("METHOD", "PUBLISH");
        Text("X-WR-CALNAME", calendar.Name);
        // Hints for subscribing apps (RFC 7986 and Outlook's own): look again every hour.
        Line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
        Line("X-PUBLISHED-TTL", "PT1H");
        foreach (var e in calendar.Events)
        {
            Line("BEGIN", "VEVENT");
            Line("UID", e.Uid);
            Line("DTSTAMP", Utc(calendar.Stamp));
            Line("DTSTART", Utc(e.Start));
            Line("DTEND", Utc(e.End));
            Line("SEQUENCE", e.Sequence?.ToString(CultureInfo.InvariantCulture));
            Line("STATUS", e.Status switch { EventStatus.Tentative => "TENTATIVE", EventStatus.Cancelled => "CANCELLED", _ => "CONFIRMED" });
            // A cancelled event no longer makes its owner busy.
            Line("TRANSP", e.Status == EventStatus.Cancelled ? "TRANSPARENT" : "OPAQUE");
            Text("SUMMARY", e.Summary);
            Text("LOCATION", e.Location);
            Text("DESCRIPTION", e.Description);
            Line("URL", e.Url);
            Line("LAST-MODIFIED", e.LastModified is { } modified ? Utc(modified) : null);
            Line("END", "VEVENT");
        }
        Line("END", "VCALENDAR");
        return output.ToString();
    }

    /// <summary>A DATE-TIME in UTC form (§3.3.5, form #2): 20261025T003000Z.</summary>
    public static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A TEXT value (§3.3.11): backslash, semicolon and comma escaped, every line break written as \n.
    /// Other control characters are not allowed in TEXT and are dropped.
    /// </summary>
    public static string EscapeText(string value)
    {
        var escaped = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case ';': escaped.Append(@"\;"); break;
                case ',': escaped.Append(@"\,"); break;
                case '\r':
                    escaped.Append(@"\n");
                    if (i + 1 < value.Length && value[i + 1] == '\n') i++;
                    break;
                case '\n': escaped.Append(@"\n"); break;
                case '\t': escaped.Append(c); break;
                case < ' ' or '\u007f': break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }

    /// <summary>
    /// Folds one content line (§3.1): physical lines of at most 75 UTF-8 octets, each continuation starting with
    /// a space (which counts in its 75), never splitting a character's UTF-8 sequence. No final line break.
    /// </summary>
    public static string Fold(string line)
    {
        var folded = new StringBuilder(line.Length + line.Length / 64 * 3 + 3);
        Span<char> utf16 = stackalloc char[2];
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            if (octets + rune.Utf8SequenceLength > MaxLineOctets)
            {
                folded.Append("\r\n ");
                octets = 1;
            }
            folded.Append(utf16[..rune.EncodeToUtf16(utf16)]);
            octets += rune.Utf8SequenceLength;
        }
        return folded.ToString();
    }
}
