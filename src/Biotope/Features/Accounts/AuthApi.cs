using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Biotope.Features.Accounts;

/// <param name="TwoFactorCode">For an account with two-factor sign-in: the app's six-digit code or one of its recovery codes.</param>
public sealed record TokenRequest(string Email, string Password, string? TwoFactorCode = null);

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", CreateToken).WithName(nameof(CreateToken)).WithTags("Accounts")
            .WithSummary("Exchange an e-mail and password for a bearer token (accessToken, expiresIn; no refresh token). Every wrong case answers 401 with code auth.invalid-credentials; an account with two-factor sign-in also sends twoFactorCode (the app's code or a recovery code), and without it answers 401 with code auth.two-factor-required; administrators and cluster staff without two-factor sign-in answer 403 auth.two-factor-enrolment-required (enrol at /account/two-factor, ADR 021); repeated failures from one client answer 429 (ADR 019). The token stops when the password, the roles or the lock change, or on sign-out everywhere.")
            .Produces<Tokens.BearerTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(Infrastructure.RateLimits.SignIn);
        SignUp.SignUpApi.MapSignUpApi(api);
        // A sign-in token only: neither a browser's cookie (no cross-site writes) nor a personal token changes the password.
        api.MapPost("/me/password", ChangePassword).WithName(nameof(ChangePassword)).WithTags("Accounts")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser())
            .WithSummary("Change your password: currentPassword and newPassword (10 characters at least). 204 on success; every sign-in token, yours included, and every browser session end (sign in again). A wrong current password is a field error on currentPassword.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .RequireRateLimiting(Infrastructure.RateLimits.SignIn);
        return api;
    }

    public static async Task<Results<NoContent, UnauthorizedHttpResult, ProblemHttpResult>> ChangePassword(PasswordChangeRequest request, System.Security.Claims.ClaimsPrincipal principal, UserManager<AppUser> users, AccountAudit audit)
    {
        if (await users.GetUserAsync(principal) is not { } user) return TypedResults.Unauthorized();
        var failure = await PasswordChange.ChangeAsync(users, audit, user, request);
        return failure is null ? TypedResults.NoContent() : failure.ToProblem();
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> CreateToken(TokenRequest request, SignInManager<AppUser> signIn, PasswordSignIn passwords, HttpContext context)
    {
        // The bearer handler writes the token response itself during sign-in.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var answer = await passwords.SignInAsync(context, request.Email ?? "", request.Password ?? "", persistent: false, request.TwoFactorCode, bearer: true);
        if (answer.Succeeded) return TypedResults.Empty;
        answer.WriteRetryAfter(context.Response);
        return answer.Failure!.ToProblem();
    }
}
