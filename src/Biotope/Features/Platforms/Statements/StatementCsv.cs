using System.Globalization;
using System.Text;
using Biotope.Infrastructure;

namespace Biotope.Features.Platforms.Statements;

/// <summary>
/// A statement as CSV (RFC 4180, UTF-8 with a byte-order mark): one row per line, then the total row. Headers, dates,
/// hours, money, categories and kinds are written in the reader's language, as on the statement page.
/// </summary>
public static class StatementCsv
{
    /// <summary>The columns; each header is the resource "statement.csv.{column}".</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "booking_id", "date", "start", "end", "starts_at_utc", "instrument", "platform", "user", "organization", "category", "kind",
        "booked_hours", "actual_hours", "hourly_rate_eur", "amount_eur",
    ];

    public static IEnumerable<string> Header(Texts texts) => Columns.Select(c => texts[$"statement.csv.{c}"]);

    public static byte[] Bytes(Statement statement, Texts texts) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Write(statement, texts))];

    public static string FileName(Statement statement) =>
        $"statement-{statement.Organization?.Slug ?? statement.Platform?.Slug}{(statement.Organization is not null && statement.Platform is not null ? "-" + statement.Platform.Slug : "")}-{statement.Month}.csv";

    public static string Write(Statement statement, Texts texts)
    {
        var csv = new StringBuilder();
        csv.Append(Csv.Line(Header(texts)));
        string Number(decimal value) => PlatformFormat.Hours(value, texts);
        foreach (var l in statement.Lines)
        {
            string?[] fields =
            [
                l.BookingId.ToString(CultureInfo.InvariantCulture), texts.Date(DateOnly.ParseExact(l.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture)), l.Start, l.End, l.StartsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture),
                (l.Equipment), (l.Platform), (l.User), (l.Organization), PlatformFormat.Category(l.Category, texts),
                PlatformFormat.Kind(l.Kind, texts), Number(l.BookedHours), l.ActualHours is { } actual ? Number(actual) : null, texts.Money(l.HourlyRate), texts.Money(l.Amount),
            ];
            csv.Append(Csv.Line(fields));
        }
        var t = statement.Totals;
        string?[] total = [texts["statement.csv.total"], null, null, null, null, null, null, null, null, null, null, Number(t.BookedHours), Number(t.ActualHours), null, texts.Money(t.Amount)];
        csv.Append(Csv.Line(total));
        return csv.ToString();
    }
}
