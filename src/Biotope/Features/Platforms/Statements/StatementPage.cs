using System.Globalization;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Platforms.Statements;

/// <summary>What the statement pages share: the month asked for (the current Brussels month by default), the statement, its CSV.</summary>
public abstract class StatementPage(StatementReader reader) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public int? Organization { get; set; }

    public Statement Statement { get; protected set; } = null!;
    /// <summary>Shown when the month typed was not understood (the current month is shown instead).</summary>
    public string? MonthError { get; private set; }
    public DateTime First { get; private set; }
    /// <summary>Some lines are the demo's illustrative bookings: the page says they are examples.</summary>
    public bool Illustrative { get; private set; }

    /// <summary>Reads the statement, or the page's answer when it cannot (403, 404).</summary>
    protected async Task<IActionResult?> ReadAsync(int? organizationId, int? platformId, CancellationToken ct)
    {
        if (!StatementReader.TryParseMonth(Month, out var first))
        {
            if (!string.IsNullOrWhiteSpace(Month)) MonthError = Month;
            Month = reader.CurrentMonth;
            StatementReader.TryParseMonth(Month, out first);
        }
        First = first;
        var outcome = await reader.ReadAsync(User, organizationId, platformId, Month, ct);
        if (outcome.Failure is { } failure) return failure.Kind == FailureKind.Forbidden ? Forbid() : NotFound();
        Statement = outcome.Value!;
        Illustrative = await reader.HasIllustrativeLinesAsync(Statement, ct);
        return null;
    }

    protected FileContentResult Csv() => File(StatementCsv.Bytes(Statement, Texts.Current), StatementsApi.CsvContentType, StatementCsv.FileName(Statement));

    public string MonthOf(int offset) => First.AddMonths(offset).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>This page's query string for another month, keeping the organization.</summary>
    public string Query(string month, string? handler = null) =>
        "?" + string.Join("&", new[] { handler is null ? null : $"handler={handler}", $"month={month}", Organization is { } o ? $"organization={o.ToString(CultureInfo.InvariantCulture)}" : null }.OfType<string>());
}

/// <summary>What the shared tables partial shows: the statement, and which columns are not already fixed by the page.</summary>
public sealed record StatementTables(Statement Statement, bool ShowPlatform, bool ShowOrganization);
