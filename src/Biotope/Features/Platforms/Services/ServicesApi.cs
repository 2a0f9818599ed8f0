using System.Security.Claims;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Biotope.Features.Platforms.Services;

/// <summary>The platforms' catalogues of analyses.</summary>
public static class ServicesApi
{
    public static RouteGroupBuilder MapServicesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Services");
        group.MapGet("/platforms/{id:int}/services", ListServices).WithName(nameof(ListServices))
            .WithSummary("A platform's catalogue of analyses with price per unit and turnaround in working days. Everyone sees the active ones; the platform's managers and staff also the inactive ones.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/platforms/{id:int}/services", CreateService).WithName(nameof(CreateService)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Add an analysis to a platform's catalogue (its managers, cluster staff).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/services/{id:int}", GetService).WithName(nameof(GetService))
            .WithSummary("One analysis of a catalogue; an inactive one only for the platform's managers and staff. The ETag is its version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/services/{id:int}", UpdateService).WithName(nameof(UpdateService)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace an analysis (the platform's managers, cluster staff); 'active: false' takes it out of the catalogue. Send If-Match with the ETag you read (or a 'version' field): a stale write gets 412 (or 409).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return group;
    }

    public static async Task<Results<Ok<List<OfferingDto>>, ProblemHttpResult>> ListServices(int id, ServiceCatalogue catalogue, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await catalogue.ListAsync(id, user, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!.Select(OfferingDto.From).ToList()) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Created<OfferingDto>, ProblemHttpResult>> CreateService(int id, OfferingInput input, ServiceCatalogue catalogue, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await catalogue.CreateAsync(id, input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = ETag(outcome.Value!);
        return TypedResults.Created($"/api/v1/services/{outcome.Value!.Id}", OfferingDto.From(outcome.Value));
    }

    public static async Task<Results<Ok<OfferingDto>, ProblemHttpResult>> GetService(int id, ServiceCatalogue catalogue, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        Respond(await catalogue.GetAsync(id, user, ct), http);

    public static async Task<Results<Ok<OfferingDto>, ProblemHttpResult>> UpdateService(int id, OfferingInput input, ServiceCatalogue catalogue, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await catalogue.UpdateAsync(id, input, ifMatch, user, ct), http);

    private static Results<Ok<OfferingDto>, ProblemHttpResult> Respond(Outcome<ServiceOffering> outcome, HttpContext http)
    {
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = ETag(outcome.Value!);
        return TypedResults.Ok(OfferingDto.From(outcome.Value!));
    }

    private static string ETag(ServiceOffering offering) => $"\"{offering.Version}\"";
}
