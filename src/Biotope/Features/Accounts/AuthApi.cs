using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Biotope.Features.Accounts;

public sealed record TokenRequest(string Email, string Password);

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", CreateToken).WithName(nameof(CreateToken)).WithTags("Accounts")
            .WithSummary("Exchange an e-mail and password for a bearer token (accessToken, expiresIn; no refresh token). Every wrong case answers 401 with code auth.invalid-credentials; repeated failures from one client answer 429 (ADR 019). The token stops when the password, the roles or the lock change, or on sign-out everywhere.")
            .Produces<Tokens.BearerTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(Infrastructure.RateLimits.SignIn);
        SignUp.SignUpApi.MapSignUpApi(api);
        return api;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> CreateToken(TokenRequest request, SignInManager<AppUser> signIn, PasswordSignIn passwords, HttpContext context)
    {
        // The bearer handler writes the token response itself during sign-in.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var answer = await passwords.SignInAsync(context, request.Email ?? "", request.Password ?? "", persistent: false);
        if (answer.Succeeded) return TypedResults.Empty;
        answer.WriteRetryAfter(context.Response);
        return answer.Failure!.ToProblem();
    }
}
