using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls;

public static class CallsApi
{
    public static RouteGroupBuilder MapCallsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/calls").WithTags("Calls");
        group.MapGet("/", ListCalls).WithName(nameof(ListCalls)).WithSummary("Published calls (staff also see unpublished ones).");
        group.MapGet("/{id:int}", GetCall).WithName(nameof(GetCall)).WithSummary("A call with its criteria, eligibility rules and deadlines.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateCall).WithName(nameof(CreateCall)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Create a call (cluster staff). Times without an offset are Brussels wall-clock time.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:int}", UpdateCall).WithName(nameof(UpdateCall)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace a call (cluster staff). Send If-Match with the ETag, or the 'version' you read.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return group;
    }

    public static async Task<Ok<List<CallSummary>>> ListCalls(BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var staff = user.IsStaff();
        var calls = await db.Calls.AsNoTracking().Where(c => staff || c.Published).OrderByDescending(c => c.ClosesAt).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(calls.Select(c => c.ToSummary(Language.Current, now)).ToList());
    }

    public static async Task<Results<Ok<CallDetails>, ProblemHttpResult>> GetCall(int id, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var call = await db.LoadCallAsync(id, ct);
        if (call is null || (!call.Published && !user.IsStaff())) return Failure.NotFound(Phrase.Of("call.not-found", id)).ToProblem();
        http.Response.Headers.ETag = $"\"{call.Version}\"";
        return TypedResults.Ok(call.ToDetails(Language.Current, clock.GetUtcNow()));
    }

    public static async Task<Results<Created<CallDetails>, ProblemHttpResult>> CreateCall(CallInput input, CallEditor editor, ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var outcome = await editor.CreateAsync(input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var call = outcome.Value!;
        http.Response.Headers.ETag = $"\"{call.Version}\"";
        return TypedResults.Created($"/api/v1/calls/{call.Id}", call.ToDetails(Language.Current, clock.GetUtcNow()));
    }

    public static async Task<Results<Ok<CallDetails>, ProblemHttpResult>> UpdateCall(int id, CallInput input, CallEditor editor, ClaimsPrincipal user, TimeProvider clock, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await editor.UpdateAsync(id, input, ifMatch, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var call = outcome.Value!;
        http.Response.Headers.ETag = $"\"{call.Version}\"";
        return TypedResults.Ok(call.ToDetails(Language.Current, clock.GetUtcNow()));
    }

    public static async Task<Call?> LoadCallAsync(this BiotopeDb db, int id, CancellationToken ct, bool tracked = false)
    {
        var query = db.Calls.Include(c => c.Criteria.OrderBy(x => x.Position)).Where(c => c.Id == id);
        return await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(ct);
    }
}
