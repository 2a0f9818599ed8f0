using System.Security.Claims;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Biotope.Features.Accounts.Tokens;

/// <summary>Registration of the stamped sign-in tokens and of personal tokens (ADR 018).</summary>
public static class TokensSetup
{
    public static IServiceCollection AddBiotopeTokens(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<SecurityStamps>();
        services.AddScoped<PersonalTokens>();
        // Endpoints that ask only for a signed-in user hold read tokens to their scope too, not just the ApiWriter ones.
        services.AddAuthorization(o => o.DefaultPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new TokenScopeRequirement()).Build());
        // Cookies look at the stamp as often as bearer tokens do, by the machine's clock like the cookies' own expiry
        // (the business clock, which tests move, would otherwise decide when a session is checked).
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = SecurityStamps.Window;
            o.TimeProvider = TimeProvider.System;
        });
        return services;
    }

    /// <summary>API writes: a sign-in or personal bearer token, and a personal token of the write scope.</summary>
    public static AuthorizationPolicyBuilder RequireWritingToken(this AuthorizationPolicyBuilder policy) =>
        policy.AddAuthenticationSchemes(IdentityConstants.BearerScheme, PersonalTokenHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new TokenScopeRequirement());
}

public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Accounts");
        me.MapPost("/sign-out-everywhere", SignOutEverywhere).WithName(nameof(SignOutEverywhere)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("End all your sign-ins: every bearer token from /auth/token and every signed-in browser stops within 30 seconds (at once on this server). Personal tokens go on until revoked or expired.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        me.MapGet("/tokens", ListPersonalTokens).WithName(nameof(ListPersonalTokens)).RequireAuthorization()
            .WithSummary("Your personal API tokens, newest first, with their scope, creation, expiry and last use (to the minute); never their values. revoked=true includes the revoked ones.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        me.MapPost("/tokens", CreatePersonalToken).WithName(nameof(CreatePersonalToken)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Make a personal API token: a name, scope Read (GET and HEAD only) or Write, expiresInDays 1 to 366 (90 when left out). The answer holds the token (bio_…) once: only its SHA-256 is kept. Send it as 'Authorization: Bearer bio_…'.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        me.MapDelete("/tokens/{id:long}", RevokePersonalToken).WithName(nameof(RevokePersonalToken)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Revoke one of your personal tokens: it answers 401 (code token.revoked) from now on.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        return me;
    }

    public static async Task<Results<NoContent, UnauthorizedHttpResult>> SignOutEverywhere(ClaimsPrincipal user, UserManager<AppUser> users)
    {
        var account = await users.GetUserAsync(user);
        if (account is null) return TypedResults.Unauthorized();
        await users.UpdateSecurityStampAsync(account);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<List<PersonalTokenDto>>> ListPersonalTokens(PersonalTokens tokens, ClaimsPrincipal user, CancellationToken ct, bool revoked = false) =>
        TypedResults.Ok(await tokens.MineAsync(user.UserId()!, revoked, ct));

    public static async Task<Results<Created<CreatedPersonalToken>, ProblemHttpResult>> CreatePersonalToken(
        PersonalTokenInput input, PersonalTokens tokens, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await tokens.CreateAsync(user.UserId()!, input, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created("/api/v1/me/tokens", outcome.Value);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokePersonalToken(long id, PersonalTokens tokens, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await tokens.RevokeAsync(user.UserId()!, id, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Failure!.ToProblem();
    }
}
