using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Biotope.Features.Accounts;

public sealed record TokenRequest(string Email, string Password);

public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", CreateToken).WithName(nameof(CreateToken)).WithTags("Accounts")
            .WithSummary("Exchange an e-mail and password for a bearer token (accessToken, expiresIn; no refresh token). Repeated failures lock the account. The token stops when the password, the roles or the lock change, or on sign-out everywhere.")
            .Produces<Tokens.BearerTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return api;
    }

    public static async Task<Results<EmptyHttpResult, ProblemHttpResult>> CreateToken(TokenRequest request, SignInManager<AppUser> signIn)
    {
        // The bearer handler writes the token response itself during sign-in.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(request.Email ?? "", request.Password ?? "", isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return TypedResults.Empty;
        return TypedResults.Problem(
            title: result.IsLockedOut ? "Account locked" : "Sign-in failed",
            detail: result.IsLockedOut ? "Too many failed attempts: try again in 15 minutes." : "The e-mail or password is wrong.",
            statusCode: StatusCodes.Status401Unauthorized);
    }
}
