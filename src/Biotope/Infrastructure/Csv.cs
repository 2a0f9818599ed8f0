namespace Biotope.Infrastructure;

/// <summary>
/// The one CSV writer (RFC 4180) of every export: each cell is guarded against formula injection, then quoted when needed.
/// Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula; a leading quote makes it
/// text (OWASP's CSV injection advice). Plain numbers ("-12.5") are left as they are.
/// </summary>
public static class Csv
{
    /// <summary>One record, ending with CRLF.</summary>
    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    public static string Cell(string? field) => Escape(Guard(field));

    public static string? Guard(string? cell) =>
        cell is { Length: > 0 } && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(cell) ? "'" + cell : cell;

    private static bool IsNumber(string cell) =>
        decimal.TryParse(cell, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
            System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>RFC 4180: quote fields holding a comma, quote, CR or LF, doubling inner quotes.</summary>
    private static string Escape(string? field)
    {
        if (string.IsNullOrEmpty(field)) return "";
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
