using System.Security.Claims;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Biotope.Features.Platforms.Statements;

public static class StatementsApi
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static RouteGroupBuilder MapStatementsApi(this RouteGroupBuilder api)
    {
        const string who = "Staff read any statement; an organization's people their own; a platform's managers their platform's, and an organization's restricted to the platforms they manage (see limitedToPlatformIds). Others get 403.";
        api.MapGet("/statements", GetStatement).WithName(nameof(GetStatement)).WithTags("Statements").RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("A monthly usage statement: ?organization=ID and/or ?platform=ID, &month=2026-11 (the Brussels month). Lines are the bookings starting in the month: confirmed ones at their price (no-shows flagged), late cancellations at their charge; pending, rejected and free cancellations are left out. Subtotals per platform and organization; totals are the exact sums of the lines. " + who)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/statements.csv", ExportStatementCsv).WithName(nameof(ExportStatementCsv)).WithTags("Statements").RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("The same statement as CSV (RFC 4180, UTF-8 with a byte-order mark, decimal point): one row per line, then a 'total' row. " + who)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<Statement>, ProblemHttpResult>> GetStatement(StatementReader reader, ClaimsPrincipal user, CancellationToken ct,
        int? organization = null, int? platform = null, string? month = null)
    {
        var outcome = await reader.ReadAsync(user, organization, platform, month, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportStatementCsv(StatementReader reader, ClaimsPrincipal user, CancellationToken ct,
        int? organization = null, int? platform = null, string? month = null)
    {
        var outcome = await reader.ReadAsync(user, organization, platform, month, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        return TypedResults.File(StatementCsv.Bytes(outcome.Value!, Texts.Current), CsvContentType, StatementCsv.FileName(outcome.Value!));
    }
}
