using System.Security.Claims;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Biotope.Features.Platforms.Services;

/// <summary>Service requests: requested, quoted, accepted, samples received, in progress, results delivered, closed (or cancelled).</summary>
public static class ServiceRequestsApi
{
    public static RouteGroupBuilder MapServiceRequestsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/service-requests").WithTags("Service requests").RequireAuthorization(AccountsSetup.ApiWriter);
        group.MapPost("/", CreateServiceRequest).WithName(nameof(CreateServiceRequest))
            .WithSummary("Request an analysis of a catalogue (anyone signed in with an organization, which is billed): an active offering, a quantity of at least 1, a description of the samples.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListServiceRequests).WithName(nameof(ListServiceRequests))
            .WithSummary("Your requests; a platform manager also sees their platforms' requests, staff all. Filters: status, overdue=true (samples received, past due, results not delivered), platformId.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/{id:long}", GetServiceRequest).WithName(nameof(GetServiceRequest))
            .WithSummary("A request with its timeline and what you may do now: readable by the requester, the platform's managers and staff; 404 for everyone else. The ETag is its version.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/quote", QuoteServiceRequest).WithName(nameof(QuoteServiceRequest))
            .WithSummary("Quote (the platform): price, turnaround in working days, note; without them the list price × quantity and the catalogue's turnaround. May be revised until accepted. If-Match with the request's ETag, or its 'version', is required (none: 428, stale: 412 or 409).")
            .Transition().ProducesValidationProblem();
        group.MapPost("/{id:long}/accept", AcceptServiceRequest).WithName(nameof(AcceptServiceRequest))
            .WithSummary("Accept the quote (the requester; only when Quoted). If-Match with the request's ETag, or its 'version', is required (none: 428, stale: 412 or 409).").Transition();
        group.MapPost("/{id:long}/decline", DeclineServiceRequest).WithName(nameof(DeclineServiceRequest))
            .WithSummary("Decline the request (the platform, before the work starts), with a note for the requester. If-Match with the request's ETag, or its 'version', is required (none: 428, stale: 412 or 409).").Transition();
        group.MapPost("/{id:long}/withdraw", WithdrawServiceRequest).WithName(nameof(WithdrawServiceRequest))
            .WithSummary("Withdraw the request (the requester, before the samples are received). If-Match with the request's ETag, or its 'version', is required (none: 428, stale: 412 or 409).").Transition();
        group.MapPost("/{id:long}/samples-received", ReceiveServiceRequestSamples).WithName(nameof(ReceiveServiceRequestSamples))
            .WithSummary("Record that the samples arrived (the platform): results are due the quoted number of working days later (weekends skipped), at 18:00 Brussels time. If-Match with the request's ETag, or its 'version', is required (none: 428, stale: 412 or 409).").Transition();
        group.MapPost("/{id:long}/start", StartServiceRequest).WithName(nameof(StartServiceRequest))
            .WithSummary("Start the work (the platform). If-Match with the request's ETag, or its 'version', is required (none: 428, stale: 412 or 409).").Transition();
        group.MapPost("/{id:long}/results", DeliverServiceRequestResults).WithName(nameof(DeliverServiceRequestResults)).DisableAntiforgery()
            .WithSummary("Deliver the results (the platform): one file as the multipart field 'file', at most 25 MB; an optional field 'note', and 'version' unless If-Match is sent. Only the requester and the platform can download it. If-Match with the request's ETag, or its 'version', is required (none: 428, stale: 412 or 409).")
            .Transition().ProducesValidationProblem();
        group.MapGet("/{id:long}/results", DownloadServiceRequestResults).WithName(nameof(DownloadServiceRequestResults))
            .WithSummary("Download the results (the requester, the platform's managers, staff; 404 for everyone else).")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/close", CloseServiceRequest).WithName(nameof(CloseServiceRequest))
            .WithSummary("Close the request once the results are delivered (the requester or the platform). If-Match with the request's ETag, or its 'version', is required (none: 428, stale: 412 or 409).").Transition();
        return group;
    }

    /// <summary>The problems of a transition: an illegal move or a concurrent one is 409 (412 for a stale If-Match).</summary>
    private static RouteHandlerBuilder Transition(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);

    public static async Task<Results<Created<ServiceRequestDto>, ProblemHttpResult>> CreateServiceRequest(ServiceRequestInput input, ServiceRequestWorkflow workflow,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await workflow.CreateAsync(input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = ETag(outcome.Value!);
        return TypedResults.Created($"/api/v1/service-requests/{outcome.Value!.Request.Id}", await workflow.DetailsAsync(outcome.Value, ct));
    }

    public static async Task<Results<Ok<List<ServiceRequestSummary>>, ProblemHttpResult>> ListServiceRequests(ServiceRequestWorkflow workflow, ClaimsPrincipal user, CancellationToken ct,
        string? status = null, bool overdue = false, int? platformId = null)
    {
        var outcome = await workflow.ListAsync(user, status, overdue, platformId, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> GetServiceRequest(long id, ServiceRequestWorkflow workflow, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        await RespondAsync(await workflow.LoadAsync(id, user, ct), workflow, http, ct);

    public static async Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> QuoteServiceRequest(long id, QuoteInput? input, ServiceRequestWorkflow workflow, ClaimsPrincipal user,
        HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        await RespondAsync(await workflow.QuoteAsync(id, input ?? new QuoteInput(), ifMatch, user, ct), workflow, http, ct);

    public static Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> AcceptServiceRequest(long id, TransitionInput? input, ServiceRequestWorkflow workflow, ClaimsPrincipal user,
        HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) => MoveAsync(id, ServiceAction.Accept, input, workflow, user, http, ifMatch, ct);

    public static Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> DeclineServiceRequest(long id, TransitionInput? input, ServiceRequestWorkflow workflow, ClaimsPrincipal user,
        HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) => MoveAsync(id, ServiceAction.Decline, input, workflow, user, http, ifMatch, ct);

    public static Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> WithdrawServiceRequest(long id, TransitionInput? input, ServiceRequestWorkflow workflow, ClaimsPrincipal user,
        HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) => MoveAsync(id, ServiceAction.Withdraw, input, workflow, user, http, ifMatch, ct);

    public static Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> ReceiveServiceRequestSamples(long id, TransitionInput? input, ServiceRequestWorkflow workflow, ClaimsPrincipal user,
        HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) => MoveAsync(id, ServiceAction.ReceiveSamples, input, workflow, user, http, ifMatch, ct);

    public static Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> StartServiceRequest(long id, TransitionInput? input, ServiceRequestWorkflow workflow, ClaimsPrincipal user,
        HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) => MoveAsync(id, ServiceAction.Start, input, workflow, user, http, ifMatch, ct);

    public static Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> CloseServiceRequest(long id, TransitionInput? input, ServiceRequestWorkflow workflow, ClaimsPrincipal user,
        HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) => MoveAsync(id, ServiceAction.Close, input, workflow, user, http, ifMatch, ct);

    public static async Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> DeliverServiceRequestResults(long id, IFormFile? file, [FromForm] string? note, [FromForm] int? version,
        ServiceRequestWorkflow workflow, ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (file is null) return Failure.Invalid("file", Phrase.Of("service-request.file.missing")).ToProblem();
        if (ServiceRequestWorkflow.CheckFile(file.Length) is { } invalid) return invalid.ToProblem();
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var result = new ResultFile(file.FileName, file.ContentType, buffer.ToArray());
        return await RespondAsync(await workflow.DeliverResultsAsync(id, result, new TransitionInput { Note = note, Version = version }, ifMatch, user, ct), workflow, http, ct);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadServiceRequestResults(long id, ServiceRequestWorkflow workflow, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await workflow.ResultAsync(id, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        // Always a download, never rendered by the browser as if it were part of the site.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(outcome.Value!.Content, outcome.Value.ContentType, outcome.Value.FileName);
    }

    private static async Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> MoveAsync(long id, ServiceAction action, TransitionInput? input, ServiceRequestWorkflow workflow,
        ClaimsPrincipal user, HttpContext http, string? ifMatch, CancellationToken ct) =>
        await RespondAsync(await workflow.MoveAsync(id, action, input ?? new TransitionInput(), ifMatch, user, ct), workflow, http, ct);

    private static async Task<Results<Ok<ServiceRequestDto>, ProblemHttpResult>> RespondAsync(Outcome<LoadedRequest> outcome, ServiceRequestWorkflow workflow, HttpContext http, CancellationToken ct)
    {
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = ETag(outcome.Value!);
        return TypedResults.Ok(await workflow.DetailsAsync(outcome.Value!, ct));
    }

    private static string ETag(LoadedRequest loaded) => $"\"{loaded.Request.Version}\"";
}
