using System.Security.Claims;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Biotope.Features.Accounts.SignUp;

/// <summary>Sign-up, e-mail confirmation, password reset by e-mail and join requests (ADR 020).</summary>
public static class SignUpApi
{
    public static RouteGroupBuilder MapSignUpApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts");
        auth.MapPost("/sign-up", SignUp).WithName(nameof(SignUp)).AllowAnonymous().RequireRateLimiting(RateLimits.SignUp)
            .WithSummary("Create an account and ask to join an organization of the directory (name, email, password, organizationId, message). Answers 202 whether or not the e-mail already has an account; a confirmation link is e-mailed, in the request's language. The organization's member admins (or staff) decide once the e-mail is confirmed.")
            .Produces(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/confirm-email", ConfirmEmail).WithName(nameof(ConfirmEmail)).AllowAnonymous().RequireRateLimiting(RateLimits.SignUp)
            .WithSummary("Confirm an e-mail address with the userId and token of the link sent at sign-up (valid 48 hours). A wrong or expired link answers 400 with code auth.confirm-link-invalid.")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/forgot-password", ForgotPassword).WithName(nameof(ForgotPassword)).AllowAnonymous().RequireRateLimiting(RateLimits.PasswordReset)
            .WithSummary("E-mail a password-reset link (valid 2 hours, once) to the address when it has an account. Always answers 202: the answer does not tell whether the address is known.")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/reset-password", ResetPassword).WithName(nameof(ResetPassword)).AllowAnonymous().RequireRateLimiting(RateLimits.PasswordReset)
            .WithSummary("Set a new password with the userId and token of a reset link. The link works once: the account's sign-ins and tokens end. A used, wrong or expired link answers 400 with code auth.reset-link-invalid.")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);

        var requests = api.MapGroup("/join-requests").WithTags("Accounts");
        requests.MapGet("", ListJoinRequests).WithName(nameof(ListJoinRequests)).RequireAuthorization()
            .WithSummary("Pending requests to join an organization, from people who confirmed their e-mail: a member admin sees their organization's, staff all. Other roles answer 403.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        requests.MapPost("/{id:long}/approve", ApproveJoinRequest).WithName(nameof(ApproveJoinRequest)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Approve a join request: the person becomes a Member of the organization (audited) and is told. 409 when it was already decided.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        requests.MapPost("/{id:long}/decline", DeclineJoinRequest).WithName(nameof(DeclineJoinRequest)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Decline a join request: the person is told and keeps an account without rights. 409 when it was already decided.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Accepted, ProblemHttpResult>> SignUp(SignUpInput input, AccountEmails emails, CancellationToken ct) =>
        await emails.SignUpAsync(input, ct) is { } failure ? failure.ToProblem() : TypedResults.Accepted((string?)null);

    public static async Task<Results<NoContent, ProblemHttpResult>> ConfirmEmail(ConfirmEmailInput input, AccountEmails emails, CancellationToken ct) =>
        await emails.ConfirmEmailAsync(input, ct) is { } failure ? failure.ToProblem() : TypedResults.NoContent();

    public static async Task<Accepted> ForgotPassword(ForgotPasswordInput input, AccountEmails emails, CancellationToken ct)
    {
        await emails.ForgotPasswordAsync(input, ct);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ResetPassword(ResetPasswordInput input, AccountEmails emails, CancellationToken ct) =>
        await emails.ResetPasswordAsync(input, ct) is { } failure ? failure.ToProblem() : TypedResults.NoContent();

    public static async Task<Results<Ok<List<JoinRequestDto>>, ProblemHttpResult>> ListJoinRequests(JoinRequests requests, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await requests.PendingAsync(user, Texts.Current.Language, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.Failure!.ToProblem();
    }

    public static Task<Results<Ok<JoinRequestDto>, ProblemHttpResult>> ApproveJoinRequest(long id, JoinRequests requests, ClaimsPrincipal user, CancellationToken ct) =>
        DecideAsync(requests, user, id, approve: true, ct);

    public static Task<Results<Ok<JoinRequestDto>, ProblemHttpResult>> DeclineJoinRequest(long id, JoinRequests requests, ClaimsPrincipal user, CancellationToken ct) =>
        DecideAsync(requests, user, id, approve: false, ct);

    private static async Task<Results<Ok<JoinRequestDto>, ProblemHttpResult>> DecideAsync(JoinRequests requests, ClaimsPrincipal user, long id, bool approve, CancellationToken ct)
    {
        var outcome = await requests.DecideAsync(user, id, approve, Texts.Current.Language, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }
}
