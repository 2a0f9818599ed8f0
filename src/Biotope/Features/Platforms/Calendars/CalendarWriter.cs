using System.Text;
using Ical.Net;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

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
/// The RFC 5545 writer of published feeds (METHOD:PUBLISH), on Ical.Net (escaping, folding at 75 octets, CRLF): times in
/// UTC only, so no VTIMEZONE is needed and every calendar app shows the same instants in its own zone.
/// </summary>
public sealed class CalendarWriter : ICalendarWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string ProductId = "-//Biotope//Platform calendar feeds//EN";

    public string Write(CalendarDocument calendar)
    {
        var document = new Calendar { ProductId = ProductId, Method = "PUBLISH", Scale = "GREGORIAN" };
        if (Clean(calendar.Name) is { } name) document.AddProperty("X-WR-CALNAME", name);
        // Hints for subscribing apps (RFC 7986 and Outlook's own): look again every hour.
        var refresh = new CalendarProperty("REFRESH-INTERVAL", "PT1H");
        refresh.Parameters.Add("VALUE", "DURATION");
        document.AddProperty(refresh);
        document.AddProperty("X-PUBLISHED-TTL", "PT1H");
        foreach (var e in calendar.Events)
        {
            var item = new Ical.Net.CalendarComponents.CalendarEvent
            {
                Uid = e.Uid,
                DtStamp = Utc(calendar.Stamp),
                DtStart = Utc(e.Start),
                DtEnd = Utc(e.End),
                Status = e.Status switch { EventStatus.Tentative => "TENTATIVE", EventStatus.Cancelled => "CANCELLED", _ => "CONFIRMED" },
                // A cancelled event no longer makes its owner busy.
                Transparency = e.Status == EventStatus.Cancelled ? "TRANSPARENT" : "OPAQUE",
                Summary = Clean(e.Summary),
                Location = Clean(e.Location),
                Description = Clean(e.Description),
            };
            if (e.Sequence is { } sequence) item.Sequence = sequence;
            if (e.Url is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var address)) item.Url = address;
            if (e.LastModified is { } modified) item.LastModified = Utc(modified);
            document.Events.Add(item);
        }
        return new CalendarSerializer().SerializeToString(document) ?? "";
    }

    private static CalDateTime Utc(DateTimeOffset instant) => new(instant.UtcDateTime);

    /// <summary>
    /// A TEXT value as RFC 5545 allows it (§3.3.11): trimmed, empty left out, every line break one \n, and control characters
    /// other than tab dropped (Ical.Net escapes the rest but would write them as they are).
    /// </summary>
    public static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = new StringBuilder(value.Length);
        var trimmed = value.Trim().Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        foreach (var c in trimmed)
        {
            if (c is '\n' or '\t' || (c >= ' ' && c != '\u007f')) text.Append(c);
        }
        return text.ToString();
    }
}
