using System.Globalization;
using System.Text;
using Biotope.Features.Platforms.Calendars;

namespace Biotope.Tests.Features.Platforms.Calendars;

/// <summary>The RFC 5545 writer (Ical.Net) on its own: escaping, folding by octets, CRLF, UTC times, empty fields left out, control characters dropped.</summary>
public sealed class CalendarWriterTests
{
    private static readonly DateTimeOffset Stamp = Instant("2026-07-01T08:00:00Z");

    private static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static readonly string LongFrench =
        "Réservation à l'Institut de Duve : spectromètre de masse Orbitrap Exploris™ 480, étalonnage préalable, " +
        "échantillons conservés à −80 °C ; prévoir 2 × 45 min d'équilibrage, « contrôle qualité » inclus, coût à répartir " +
        "entre l'Université de Liège et l'ULB — créneau validé par Émilie Lefèvre. Œuvre collective 🧪🧬 ÇÀÉÈÊËÎÏÔÙÛÜŸ.";

    private static CalendarEvent Event(string summary = "Réservé", string? description = null, string? location = null) =>
        new("booking-7@biotope", Instant("2026-10-24T23:30:00Z"), Instant("2026-10-25T02:30:00Z"), summary)
        {
            Description = description,
            Location = location,
        };

    private static string Write(params CalendarEvent[] events) => new CalendarWriter().Write(new CalendarDocument("Confocal — réservations", Stamp, events));

    /// <summary>Undoes folding (RFC 5545 §3.1): a line break followed by one space or tab is removed.</summary>
    private static List<string> Unfold(string text) => [.. text.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal)
        .Split("\r\n").Where(l => l.Length > 0)];

    /// <summary>Reads a TEXT value back (§3.3.11).</summary>
    private static string Unescape(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] is 'n' or 'N' ? '\n' : value[i]);
            }
            else text.Append(value[i]);
        }
        return text.ToString();
    }

    private static string Property(string text, string name) => Unfold(text).Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];

    [Fact]
    public void A_calendar_has_the_publishing_header_and_an_event_in_UTC_with_its_fields()
    {
        var text = new CalendarWriter().Write(new CalendarDocument("Mes réservations", Stamp,
        [
            new CalendarEvent("booking-42@biotope", Instant("2026-10-25T01:30:00+02:00"), Instant("2026-10-25T03:30:00+01:00"), "Réservation : Confocal")
            {
                Status = EventStatus.Tentative,
                Location = "Hainaut-Biomed, Mons",
                Description = "En attente",
                Url = "https://biotope.example/bookings",
                LastModified = Instant("2026-06-30T12:15:05Z"),
                Sequence = 2,
            },
        ]));

        // Ical.Net writes a component's properties in its own order: each block is compared as a set, framed as RFC 5545 says.
        var lines = text.Split("\r\n")[..^1];
        Assert.Equal(("BEGIN:VCALENDAR", "END:VCALENDAR"), (lines[0], lines[^1]));
        var start = Array.IndexOf(lines, "BEGIN:VEVENT");
        var end = Array.IndexOf(lines, "END:VEVENT");
        Assert.Equal(
            new[] { "VERSION:2.0", "PRODID:-//Biotope//Platform calendar feeds//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                "X-WR-CALNAME:Mes réservations", "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H" }.Order(StringComparer.Ordinal),
            lines[1..start].Concat(lines[(end + 1)..^1]).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { "UID:booking-42@biotope", "DTSTAMP:20260701T080000Z", "DTSTART:20261024T233000Z", "DTEND:20261025T023000Z",
                "SEQUENCE:2", "STATUS:TENTATIVE", "TRANSP:OPAQUE", "SUMMARY:Réservation : Confocal", "LOCATION:Hainaut-Biomed\\, Mons",
                "DESCRIPTION:En attente", "URL:https://biotope.example/bookings", "LAST-MODIFIED:20260630T121505Z" }.Order(StringComparer.Ordinal),
            lines[(start + 1)..end].Order(StringComparer.Ordinal));
        Assert.EndsWith("END:VCALENDAR\r\n", text);
    }

    [Fact]
    public void Every_line_ends_with_CRLF_and_no_bare_line_feed_or_carriage_return_is_left()
    {
        var text = Write(Event(description: "ligne 1\nligne 2\r\nligne 3\rligne 4"));

        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(@"ligne 1\nligne 2\nligne 3\nligne 4", Property(text, "DESCRIPTION"));
    }

    [Theory]
    [InlineData(@"a\b", @"a\\b")]
    [InlineData("a;b", @"a\;b")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\r\nb", @"a\nb")]
    [InlineData(@"C:\data;runs,2026" + "\n" + "fin", @"C:\\data\;runs\,2026\nfin")]
    [InlineData("tab\there", "tab\there")]
    [InlineData("bell\u0007 and nul\0 dropped", "bell and nul dropped")]
    [InlineData("deux-points: et \"guillemets\" restent", "deux-points: et \"guillemets\" restent")]
    public void Text_values_escape_backslash_semicolon_comma_and_newlines(string value, string expected) =>
        Assert.Equal(expected, Property(Write(Event(summary: value)), "SUMMARY"));

    [Fact]
    public void Escaped_summary_location_and_description_read_back_as_written()
    {
        const string summary = "Cytométrie; tri, puis analyse \\ rapport";
        const string description = "Objet : essai\nStatut : confirmée, payée; fin";
        var text = Write(Event(summary, description, "Bâtiment B, local 2;3"));

        Assert.Equal(summary, Unescape(Property(text, "SUMMARY")));
        Assert.Equal(description, Unescape(Property(text, "DESCRIPTION")));
        Assert.Equal("Bâtiment B, local 2;3", Unescape(Property(text, "LOCATION")));
    }

    [Fact]
    public void Long_accented_French_text_is_folded_at_75_octets_and_unfolds_to_the_same_text()
    {
        var text = Write(Event(LongFrench, LongFrench + "\n" + LongFrench));
        var physical = text.Split("\r\n")[..^1];

        Assert.All(physical, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        Assert.Contains(physical, line => line.StartsWith(' '));
        Assert.Equal(LongFrench, Unescape(Property(text, "SUMMARY")));
        Assert.Equal(LongFrench + "\n" + LongFrench, Unescape(Property(text, "DESCRIPTION")));
        // Each physical line is valid UTF-8 by itself: no character's sequence was cut in two.
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var line in physical) Assert.Equal(line, strict.GetString(strict.GetBytes(line)));
        // Ical.Net may fold a little before the limit ahead of a multi-octet character (RFC 5545 allows it: "SHOULD NOT be
        // longer than 75 octets"); it never leaves a physical line empty.
        Assert.All(physical.Where(l => l.StartsWith(' ')), l => Assert.True(l.Length > 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(66)]
    [InlineData(67)]
    [InlineData(68)]
    [InlineData(66 + 74)]
    [InlineData(66 + 75)]
    public void Ascii_lines_fold_only_past_75_octets_and_unfold_to_the_same_text(int length)
    {
        // "SUMMARY:" is 8 octets: 67 characters fill the first line exactly.
        var summary = new string('x', length);
        var physical = Write(Event(summary)).Split("\r\n");
        var first = Array.FindIndex(physical, l => l.StartsWith("SUMMARY:", StringComparison.Ordinal));
        var lines = physical.Skip(first).TakeWhile((l, i) => i == 0 || l.StartsWith(' ')).ToList();

        Assert.Equal(length <= 67 ? 1 : 1 + (length - 67 + 73) / 74, lines.Count);
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75));
        Assert.Equal(summary, Property(Write(Event(summary)), "SUMMARY"));
    }

    [Fact]
    public void Empty_fields_are_left_out()
    {
        var text = Write(Event(description: "   ", location: null));

        Assert.DoesNotContain("DESCRIPTION", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LOCATION", text, StringComparison.Ordinal);
        Assert.DoesNotContain("URL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LAST-MODIFIED", text, StringComparison.Ordinal);
        // SEQUENCE has a default (0, RFC 5545 §3.8.7.4) that Ical.Net writes; a revision number given is written as given.
        Assert.Contains("\r\nSEQUENCE:0\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text.Split("\r\n")[..^1], line => line.EndsWith(':'));
    }

    [Theory]
    [InlineData(EventStatus.Tentative, "STATUS:TENTATIVE", "TRANSP:OPAQUE")]
    [InlineData(EventStatus.Confirmed, "STATUS:CONFIRMED", "TRANSP:OPAQUE")]
    [InlineData(EventStatus.Cancelled, "STATUS:CANCELLED", "TRANSP:TRANSPARENT")]
    public void Statuses_are_written_as_RFC_5545_names(EventStatus status, string expected, string transparency)
    {
        var text = Write(Event() with { Status = status });

        Assert.Contains("\r\n" + expected + "\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\n" + transparency + "\r\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-10-25T01:30:00+02:00", "20261024T233000Z")]
    [InlineData("2026-10-25T03:30:00+01:00", "20261025T023000Z")]
    [InlineData("2026-03-29T03:30:00+02:00", "20260329T013000Z")]
    [InlineData("2026-12-31T23:59:59-05:00", "20270101T045959Z")]
    public void Times_are_written_in_UTC(string instant, string expected) =>
        Assert.Equal(expected, Property(Write(new CalendarEvent("t@biotope", Instant(instant), Instant(instant).AddHours(1), "t")), "DTSTART"));
}
