using System.Globalization;
using System.Text;
using Biotope.Features.Projects;
using Biotope.Infrastructure;

namespace Biotope.Features.Platforms.Statements;

/// <summary>A statement as CSV (RFC 4180, UTF-8 with a byte-order mark): one row per line, then the total row.</summary>
public static class StatementCsv
{
    public static readonly IReadOnlyList<string> Header =
    [
        "booking_id", "date", "start", "end", "starts_at_utc", "instrument", "platform", "user", "organization", "category", "kind",
        "booked_hours", "actual_hours", "hourly_rate_eur", "amount_eur",
    ];

    public static byte[] Bytes(Statement statement) =>
        [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Write(statement))];

    public static string FileName(Statement statement) =>
        $"statement-{statement.Organization?.Slug ?? statement.Platform?.Slug}{(statement.Organization is not null && statement.Platform is not null ? "-" + statement.Platform.Slug : "")}-{statement.Month}.csv";

    public static string Write(Statement statement)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Header)).Append("\r\n");
        foreach (var l in statement.Lines)
        {
            string?[] fields =
            [
                l.BookingId.ToString(CultureInfo.InvariantCulture), l.Date, l.Start, l.End, l.StartsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture),
                ProjectCsv.Guard(l.Equipment), ProjectCsv.Guard(l.Platform), ProjectCsv.Guard(l.User), ProjectCsv.Guard(l.Organization), l.Category, l.Kind.ToString(),
                Number(l.BookedHours), l.ActualHours is { } actual ? Number(actual) : null, Number(l.HourlyRate), Number(l.Amount),
            ];
            csv.Append(string.Join(',', fields.Select(Csv.Escape))).Append("\r\n");
        }
        var t = statement.Totals;
        string?[] total = ["total", null, null, null, null, null, null, null, null, null, null, Number(t.BookedHours), Number(t.ActualHours), null, Number(t.Amount)];
        csv.Append(string.Join(',', total.Select(Csv.Escape))).Append("\r\n");
        return csv.ToString();
    }

    // Invariant decimal point, always two decimals: amounts are cents and hours are shown to the hundredth.
    private static string Number(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
