using System.Security.Claims;
using Biotope.Features.Accounts;
using Biotope.Features.Calls.Proposals;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Biotope.Features.Calls.Evaluation;

public static class EvaluationApi
{
    public static RouteGroupBuilder MapEvaluationApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/proposals/{id:int}").WithTags("Evaluation").RequireAuthorization(AccountsSetup.ApiWriter);
        group.MapGet("/review", GetMyReview).WithName(nameof(GetMyReview)).WithSummary("The signed-in expert's review of an assigned proposal (a blank one if not started).").Produces412And409();
        group.MapPut("/review", SaveMyReview).WithName(nameof(SaveMyReview)).WithSummary("Save the review as a draft (assigned expert). Once it exists, its 'version' (or If-Match with it) is required (none: 428, stale: 409 or 412).").ProducesValidationProblem().RequiresVersion();
        group.MapPost("/review/submit", SubmitMyReview).WithName(nameof(SubmitMyReview))
            .WithSummary("Submit the review: every criterion scored on the call's scale, each with a comment. Once a draft exists, its 'version' (or If-Match with it) is required (none: 428, stale: 409 or 412).").ProducesValidationProblem().RequiresVersion();
        group.MapGet("/reviews", ListReviews).WithName(nameof(ListReviews))
            .WithSummary("Staff read every review; an assigned expert reads the others' only after submitting their own, without names.").Produces412And409();
        group.MapGet("/consensus", GetConsensus).WithName(nameof(GetConsensus)).WithSummary("The proposal's consensus, once written.").Produces412And409();
        group.MapPut("/consensus", SaveConsensus).WithName(nameof(SaveConsensus)).WithSummary("Write the consensus (staff).").ProducesValidationProblem().Produces412And409();
        group.MapPost("/decision", Decide).WithName(nameof(Decide))
            .WithSummary("Decide: labelled or not (staff). A labelled proposal becomes a portfolio project; the coordinator gets a letter. If-Match with the proposal's ETag is required (none: 428, stale: 412).").RequiresVersion();
        group.MapGet("/letter", GetLetter).WithName(nameof(GetLetter)).WithSummary("The decision letter, in French or English (?language=fr|en). It never names a reviewer.").Produces412And409();
        group.MapPost("/appeal", Appeal).WithName(nameof(Appeal)).WithSummary("Appeal the decision once, with a reason (coordinator). If-Match with the proposal's ETag is required (none: 428, stale: 412).").ProducesValidationProblem().RequiresVersion();
        group.MapPost("/appeal/decision", DecideAppeal).WithName(nameof(DecideAppeal)).WithSummary("Record the outcome of the appeal (staff). If-Match with the proposal's ETag is required (none: 428, stale: 412).").RequiresVersion();

        api.MapGet("/calls/{callId:int}/ranking", GetRanking).WithName(nameof(GetRanking)).WithTags("Evaluation").RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("The call's ranking (staff): weighted totals, any criterion below its threshold fails, ties broken deterministically.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Ok<ReviewDto>, ProblemHttpResult>> GetMyReview(int id, EvaluationService evaluation, ClaimsPrincipal user, CancellationToken ct) =>
        Respond(await evaluation.GetOwnReviewAsync(id, user, ct));

    public static async Task<Results<Ok<ReviewDto>, ProblemHttpResult>> SaveMyReview(int id, ReviewInput input, EvaluationService evaluation, ClaimsPrincipal user,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await evaluation.SaveReviewAsync(id, input, submit: false, user, ifMatch, ct));

    public static async Task<Results<Ok<ReviewDto>, ProblemHttpResult>> SubmitMyReview(int id, ReviewInput input, EvaluationService evaluation, ClaimsPrincipal user,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await evaluation.SaveReviewAsync(id, input, submit: true, user, ifMatch, ct));

    public static async Task<Results<Ok<List<ReviewDto>>, ProblemHttpResult>> ListReviews(int id, EvaluationService evaluation, ClaimsPrincipal user, CancellationToken ct) =>
        Respond(await evaluation.ListReviewsAsync(id, user, ct));

    public static async Task<Results<Ok<ConsensusDto?>, ProblemHttpResult>> GetConsensus(int id, EvaluationService evaluation, ClaimsPrincipal user, CancellationToken ct) =>
        Respond(await evaluation.GetConsensusAsync(id, user, ct));

    public static async Task<Results<Ok<ConsensusDto>, ProblemHttpResult>> SaveConsensus(int id, ReviewInput input, EvaluationService evaluation, ClaimsPrincipal user,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Respond(await evaluation.SaveConsensusAsync(id, input, user, ifMatch, ct));

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> Decide(int id, DecisionInput input, EvaluationService evaluation, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Details(await evaluation.DecideAsync(id, input, ReadVersion.Header(ifMatch), user, ct), http);

    public static async Task<Results<Ok<DecisionLetter>, ProblemHttpResult>> GetLetter(int id, EvaluationService evaluation, ClaimsPrincipal user, CancellationToken ct, string? language = null) =>
        Respond(await evaluation.LetterAsync(id, language is "en" or "fr" ? language : Language.Current, user, ct));

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> Appeal(int id, AppealInput input, EvaluationService evaluation, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Details(await evaluation.AppealAsync(id, input, ReadVersion.Header(ifMatch), user, ct), http);

    public static async Task<Results<Ok<ProposalDetails>, ProblemHttpResult>> DecideAppeal(int id, AppealDecisionInput input, EvaluationService evaluation, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        Details(await evaluation.DecideAppealAsync(id, input, ReadVersion.Header(ifMatch), user, ct), http);

    public static async Task<Results<Ok<List<RankingRow>>, ProblemHttpResult>> GetRanking(int callId, EvaluationService evaluation, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("ranking.forbidden")).ToProblem();
        return Respond(await evaluation.RankAsync(callId, ct));
    }

    private static Results<Ok<T>, ProblemHttpResult> Respond<T>(Outcome<T> outcome) =>
        outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();

    private static Results<Ok<ProposalDetails>, ProblemHttpResult> Details(Outcome<LoadedProposal> outcome, HttpContext http)
    {
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = $"\"{outcome.Value!.Proposal.Version}\"";
        return TypedResults.Ok(outcome.Value.ToDetails(Language.Current));
    }
}
