using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Proposals;

public sealed record InvitePartnerInput(int OrganizationId);

public sealed record IntentDecisionInput(bool Invite);

public static class ProposalsApi
{
    public static RouteGroupBuilder MapProposalsApi(this RouteGroupBuilder api)
    {
        var calls = api.MapGroup("/calls/{callId:int}/proposals").WithTags("Proposals").RequireAuthorization(AccountsSetup.ApiWriter);
        calls.MapGet("/", ListProposals).WithName(nameof(ListProposals))
            .WithSummary("Staff see every proposal of the call; members their organization's; experts those assigned to them.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        calls.MapPost("/", StartProposal).WithName(nameof(StartProposal))
            .WithSummary("Start a proposal in an open call; the member's organization coordinates it.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var group = api.MapGroup("/proposals/{id:int}").WithTags("Proposals").RequireAuthorization(AccountsSetup.ApiWriter);
        group.MapGet("/", GetProposal).WithName(nameof(GetProposal))
            .WithSummary("A proposal: readable by its consortium, its assigned experts and staff; 404 for everyone else.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/", UpdateProposal).WithName(nameof(UpdateProposal))
            .WithSummary("Replace the proposal's content (coordinator). Send If-Match with the ETag, or the 'version' you read.")
            .ProducesValidationProblem().Produces412And409();
        group.MapGet("/eligibility", GetEligibility).WithName(nameof(GetEligibility))
            .WithSummary("The live eligibility report: every rule of the call, passed or failed, with the reason (not for an invited partner that has not accepted: 403).")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/budget", GetBudget).WithName(nameof(GetBudget))
            .WithSummary("Every partner's budget lines and the consortium totals (staff, the consortium, assigned experts; an invited partner that has not accepted gets 403).")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/partners", InvitePartner).WithName(nameof(InvitePartner)).WithSummary("Invite an organization of the directory (coordinator). If-Match with the proposal's ETag is required (none: 428, stale: 412).")
            .ProducesValidationProblem().RequiresVersion();
        group.MapDelete("/partners/{organizationId:int}", RemovePartner).WithName(nameof(RemovePartner)).WithSummary("Remove an invited or partner organization from the consortium (coordinator). If-Match with the proposal's ETag is required (none: 428, stale: 412).").RequiresVersion();
        group.MapPost("/partners/{organizationId:int}/accept", AcceptInvitation).WithName(nameof(AcceptInvitation))
            .WithSummary("The invited organization's member admin accepts.").Produces412And409();
        group.MapPost("/partners/{organizationId:int}/decline", DeclineInvitation).WithName(nameof(DeclineInvitation))
            .WithSummary("The invited organization's member admin declines.").Produces412And409();
        group.MapPut("/partners/{organizationId:int}/budget", UpdateBudget).WithName(nameof(UpdateBudget))
            .WithSummary("A partner's budget lines (the coordinator, or the partner itself). If-Match with the proposal's ETag is required (none: 428, stale: 412).").ProducesValidationProblem().RequiresVersion();
        group.MapPost("/submit", SubmitProposal).WithName(nameof(SubmitProposal))
            .WithSummary("Submit (coordinator): only when eligible and before the deadline by the server's clock. A two-stage call's first submission is the letter of intent. If-Match with the proposal's ETag is required (none: 428, stale: 412).")
            .RequiresVersion();
        group.MapPost("/withdraw", WithdrawProposal).WithName(nameof(WithdrawProposal)).WithSummary("Withdraw (coordinator). If-Match with the proposal's ETag is required (none: 428, stale: 412).").RequiresVersion();
        group.MapPost("/reopen", ReopenProposal).WithName(nameof(ReopenProposal)).WithSummary("Reopen a submitted proposal for editing (staff). If-Match with the proposal's ETag is required (none: 428, stale: 412).").RequiresVersion();
        group.MapPost("/intent-decision", DecideIntent).WithName(nameof(DecideIntent))
            .WithSummary("Two-stage calls: invite the consortium to write the full proposal, or not (staff). If-Match with the proposal's ETag is required (none: 428, stale: 412).").RequiresVersion();
        group.MapGet("/attachments", ListAttachments).WithName(nameof(ListAttachments)).WithSummary("The proposal's attached PDFs.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/attachments", UploadAttachment).WithName(nameof(UploadAttachment)).DisableAntiforgery()
            .WithSummary($"Attach a PDF (multipart field 'file', optional 'document' naming the required document it answers; at most 10 MB).")
            .ProducesValidationProblem().Produces412And409();
        group.MapGet("/attachments/{attachmentId:int}", DownloadAttachment).WithName(nameof(DownloadAttachment)).WithSummary("Download one attached PDF.")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/attachments/{attachmentId:int}", DeleteAttachment).WithName(nameof(DeleteAttachment)).WithSummary("Remove an attached PDF (the consortium). If-Match with the proposal's ETag is required (none: 428, stale: 412).").RequiresVersion();
        return group;
    }

    /// <summary>The problem responses of a write that takes the version it changes (If-Match).</summary>
    public static RouteHandlerBuilder RequiresVersion(this RouteHandlerBuilder builder) =>
        builder.Produces412And409().ProducesProblem(StatusCodes.Status428PreconditionRequired);

    /// <summary>The problem responses of a write on a proposal.</summary>
    public static RouteHandlerBuilder Produces412And409(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Results<Ok<List<ProposalSummary>>, ProblemHttpResult>> ListProposals(int callId, BiotopeDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null || (!call.Published && !user.IsStaff())) return Failure.NotFound(Phrase.Of("call.not-found", callId)).ToProblem();
        var query = db.Proposals.AsNoTracking().Where(p => p.CallId == callId);
        if (!user.IsStaff())
        {
            var organizationId = user.OrganizationId() ?? -1;
            var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
            query = query.Where(p => p.CoordinatorOrganizationId == organizationId
                || p.Partners.Any(x => x.OrganizationId == organizationId && x.Status != PartnerStatus.Declined)
                || db.ReviewAssignments.Any(a => a.ProposalId == p.Id && db.Experts.Any(e => e.Id == a.ExpertId && e.UserId == userId)));
        }
        var language = Language.Current;
        var rows = await query.OrderBy(p => p.Acronym).Select(p => new { p.Id, p.CallId, p.Acronym, p.TitleEn, p.TitleFr, p.Status, p.CoordinatorOrganizationId, p.SubmittedAt, p.Decision }).ToListAsync(ct);
        var names = await db.Organizations.AsNoTracking().Where(o => rows.Select(r => r.CoordinatorOrganizationId).Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.DisplayName(language), ct);
        return TypedResults.Ok(rows.Select(r => new ProposalSummary(r.Id, r.CallId, r.Acronym, new Bilingual(r.TitleFr, r.TitleEn).In(language).Text is { Length: > 0 } title ? title : r.Acronym, r.Status, names.GetValueOrDefault(r.CoordinatorOrganizationId, ""), r.SubmittedAt, r.Decision)).ToList());
    }

    public static async Task<Results<Created<ProposalDetails>, ProblemHttpResult>> StartProposal(int callId, ProposalInput input, ProposalService proposals, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await proposals.CreateAsync(callId, input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = $"\"{outcome.Value!.Proposal.Version}\"";
        return TypedResults.Created($"/api/v1/proposals/{outcome.Value.Proposal.Id}", outcome.Value.ToDetails(Language.Current));
    }

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> GetProposal(int id, ProposalService proposals, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        Respond(await proposals.LoadAsync(id, user, ct), http);

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> UpdateProposal(int id, ProposalInput input, ProposalService proposals, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await proposals.UpdateAsync(id, input, ifMatch, user, ct), http);

    public static async Task<Results<Ok<EligibilityDto>, ProblemHttpResult>> GetEligibility(int id, ProposalService proposals, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(id, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!.ToProblem();
        // The report quotes the consortium's budget and requested funding.
        if (!loaded.Value!.Access.ReadsBudgets) return Failure.Forbidden(Phrase.Of("proposal.budget.read.not-accepted")).ToProblem();
        return TypedResults.Ok(loaded.Value.Eligibility().ToDto(Texts.Current));
    }

    public static async Task<Results<Ok<ProposalBudget>, ProblemHttpResult>> GetBudget(int id, ProposalService proposals, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(id, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!.ToProblem();
        if (!loaded.Value!.Access.ReadsBudgets) return Failure.Forbidden(Phrase.Of("proposal.budget.read.not-accepted")).ToProblem();
        var details = loaded.Value.ToDetails(Language.Current);
        return TypedResults.Ok(new ProposalBudget(details.Partners, details.Budget!));
    }

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> InvitePartner(int id, InvitePartnerInput input, ProposalService proposals, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await proposals.InvitePartnerAsync(id, input.OrganizationId, ReadVersion.Header(ifMatch), user, ct), http);

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> RemovePartner(int id, int organizationId, ProposalService proposals, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await proposals.RemovePartnerAsync(id, organizationId, ReadVersion.Header(ifMatch), user, ct), http);

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> AcceptInvitation(int id, int organizationId, ProposalService proposals, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        Respond(await proposals.RespondAsync(id, organizationId, accept: true, user, ct), http);

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> DeclineInvitation(int id, int organizationId, ProposalService proposals, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
        Respond(await proposals.RespondAsync(id, organizationId, accept: false, user, ct), http);

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> UpdateBudget(int id, int organizationId, BudgetInput input, ProposalService proposals, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await proposals.UpdateBudgetAsync(id, organizationId, input, ReadVersion.Header(ifMatch), user, ct), http);

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> SubmitProposal(int id, ProposalService proposals, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await proposals.SubmitAsync(id, ReadVersion.Header(ifMatch), user, ct), http);

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> WithdrawProposal(int id, ProposalService proposals, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await proposals.WithdrawAsync(id, ReadVersion.Header(ifMatch), user, ct), http);

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> ReopenProposal(int id, ProposalService proposals, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await proposals.ReopenAsync(id, ReadVersion.Header(ifMatch), user, ct), http);

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> DecideIntent(int id, IntentDecisionInput input, ProposalService proposals, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await proposals.DecideIntentAsync(id, input.Invite, ReadVersion.Header(ifMatch), user, ct), http);

    public static async Task<Results<Ok<List<AttachmentDto>>, ProblemHttpResult>> ListAttachments(int id, Attachments attachments, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await attachments.ListAsync(id, user, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Created<AttachmentDto>, ProblemHttpResult>> UploadAttachment(int id, IFormFile? file, [FromForm] string? document, Attachments attachments, ClaimsPrincipal user, CancellationToken ct)
    {
        if (file is null) return Failure.Invalid("file", Phrase.Of("attachment.file.missing-field")).ToProblem();
        if (file.Length > Attachments.MaxBytes) return Failure.Invalid("file", Attachments.TooLarge()).ToProblem();
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var outcome = await attachments.UploadAsync(id, file.FileName, document, buffer.ToArray(), user, ct);
        return outcome.Succeeded ? TypedResults.Created($"/api/v1/proposals/{id}/attachments/{outcome.Value!.Id}", outcome.Value) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAttachment(int id, int attachmentId, Attachments attachments, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await attachments.GetAsync(id, attachmentId, user, ct);
        return outcome.Succeeded ? TypedResults.File(outcome.Value!.Content, "application/pdf", outcome.Value.FileName) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAttachment(int id, int attachmentId, Attachments attachments, ClaimsPrincipal user,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        await attachments.DeleteAsync(id, attachmentId, ReadVersion.Header(ifMatch), user, ct) is { } failure ? failure.ToProblem() : TypedResults.NoContent();

    private static Results<Ok<ProposalDetails>, ProblemHttpResult> Respond(Outcome<LoadedProposal> outcome, HttpContext http)
    {
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = $"\"{outcome.Value!.Proposal.Version}\"";
        return TypedResults.Ok(outcome.Value.ToDetails(Language.Current));
    }
}
