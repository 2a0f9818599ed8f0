using System.Security.Claims;
using System.Text.Encodings.Web;
using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Biotope.Features.Accounts.Tokens;

/// <summary>
/// "Authorization: Bearer bio_…": the token's owner with their roles as stored now, while the token is neither revoked nor
/// expired and the account neither locked nor erased. Refusals are 401 problem details whose code says why.
/// </summary>
public sealed class PersonalTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    SecurityStamps stamps, IUserClaimsPrincipalFactory<AppUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalToken";
    public const string ScopeClaim = "biotope:token-scope";
    private const string RefusalItem = "biotope:token-refusal";

    public static bool IsPersonal(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer " + PersonalTokens.Prefix, StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // The API only: a page is a browser's, and a read token must not reach a form that writes.
        if (!IsPersonal(Request) || !WebSetup.IsApi(Request)) return AuthenticateResult.NoResult();
        var presented = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var ct = Context.RequestAborted;
        var (token, refusal) = await Context.RequestServices.GetRequiredService<PersonalTokens>().CheckAsync(presented, ct);
        var db = Context.RequestServices.GetRequiredService<BiotopeDb>();
        if (token is not null)
        {
            var account = await stamps.GetAsync(token.UserId, db, ct);
            if (account is null || !account.IsActive(TimeProvider.System.GetUtcNow())) refusal = "token.account-inactive";
        }
        if (refusal is not null)
        {
            Context.Items[RefusalItem] = refusal;
            return AuthenticateResult.Fail(refusal);
        }
        var user = await db.Users.FindAsync([token!.UserId], ct);
        var principal = await principals.CreateAsync(user!);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ScopeClaim, token.Scope.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (Context.Items[RefusalItem] is string refusal)
        {
            // Problem details know no 401 failure kind: the same text and code, with the status of a refused credential.
            var problem = new Failure(FailureKind.Invalid, Phrase.Of("token.refused"), Phrase.Of(refusal)).ToProblem().ProblemDetails;
            problem.Status = StatusCodes.Status401Unauthorized;
            problem.Type = "https://www.rfc-editor.org/rfc/rfc9110#status.401";
            await TypedResults.Problem(problem).ExecuteAsync(Context);
        }
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (!WritesWithReadToken(Context.User, Request)) Response.StatusCode = StatusCodes.Status403Forbidden;
        else await Failure.Forbidden(Phrase.Of("token.scope")).ToProblem().ExecuteAsync(Context);
    }

    public static bool WritesWithReadToken(ClaimsPrincipal user, HttpRequest request) =>
        user.FindFirstValue(ScopeClaim) == nameof(TokenScope.Read) && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
}

/// <summary>A read-only personal token does only GET and HEAD requests.</summary>
public sealed class TokenScopeRequirement : AuthorizationHandler<TokenScopeRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TokenScopeRequirement requirement)
    {
        var request = context.Resource switch
        {
            HttpContext http => http.Request,
            _ => null,
        };
        if (request is null || !PersonalTokenHandler.WritesWithReadToken(context.User, request)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
