using System.Security.Claims;
using System.Text.Encodings.Web;
using Biotope.Data;
using Biotope.Features.Platforms;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Biotope.Features.Accounts.Tokens;

/// <summary>
/// The stored security stamp and lock state of each account, kept <see cref="Window"/> per user (ADR 018) and forgotten at
/// once when this process changes the account, so a bearer token signed with an old stamp stops at its next request.
/// </summary>
public sealed class SecurityStamps(IMemoryCache cache)
{
    /// <summary>How long another process's change (the CLI, a second server) may take to end tokens and cookies here.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    /// <summary>A user's stamp and the end of their lock-out; null when the account no longer exists.</summary>
    public sealed record Account(string? Stamp, DateTimeOffset? LockoutEnd)
    {
        public bool IsActive(DateTimeOffset now) => LockoutEnd is not { } end || end <= now;
    }

    private static string Key(string userId) => "security-stamp:" + userId;

    public async Task<Account?> GetAsync(string userId, BiotopeDb db, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(userId), out Account? known)) return known;
        var account = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Account(u.SecurityStamp, u.LockoutEnd)).SingleOrDefaultAsync(ct);
        cache.Set(Key(userId), account, Window);
        return account;
    }

    public void Forget(string userId) => cache.Remove(Key(userId));

    /// <summary>Whether the principal's stamp is the account's current one and the account is neither locked nor erased.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal, string stampClaimType, BiotopeDb db, CancellationToken ct)
    {
        if (principal.UserId() is not { } userId) return false;
        var account = await GetAsync(userId, db, ct);
        return account is not null && account.IsActive(TimeProvider.System.GetUtcNow())
            && account.Stamp is not null && string.Equals(account.Stamp, principal.FindFirstValue(stampClaimType), StringComparison.Ordinal);
    }
}

/// <summary>What POST /api/v1/auth/token answers: a bearer token and its lifetime in seconds; no refresh token (ADR 018).</summary>
public sealed record BearerTokenResponse(string TokenType, string AccessToken, long ExpiresIn);

/// <summary>
/// The bearer scheme of sign-in tokens: Identity's bearer handler (under <see cref="Ticket"/>) reads and dates the token,
/// this one then refuses it when the account's security stamp changed, or the account is locked or erased.
/// </summary>
public sealed class StampedBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptionsMonitor<BearerTokenOptions> bearerOptions, IOptions<IdentityOptions> identity, SecurityStamps stamps)
    : SignInAuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme of Identity's own bearer handler, which this one wraps.</summary>
    public const string Ticket = "Identity.Bearer.Ticket";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var inner = await Context.AuthenticateAsync(Ticket);
        if (!inner.Succeeded) return inner.None ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(inner.Failure!);
        var db = Context.RequestServices.GetRequiredService<BiotopeDb>();
        if (!await stamps.IsCurrentAsync(inner.Principal, identity.Value.ClaimsIdentity.SecurityStampClaimType, db, Context.RequestAborted))
            return AuthenticateResult.Fail("The token's security stamp is out of date, or the account is locked or erased.");
        return AuthenticateResult.Success(new AuthenticationTicket(inner.Principal, inner.Properties, Scheme.Name));
    }

    protected override async Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        var bearer = bearerOptions.Get(Ticket);
        properties ??= new AuthenticationProperties();
        properties.ExpiresUtc = TimeProvider.System.GetUtcNow() + bearer.BearerTokenExpiration;
        var token = bearer.BearerTokenProtector.Protect(new AuthenticationTicket(user, properties, $"{Ticket}:AccessToken"));
        Response.Headers.CacheControl = "no-store";
        await Response.WriteAsJsonAsync(new BearerTokenResponse("Bearer", token, (long)bearer.BearerTokenExpiration.TotalSeconds), Context.RequestAborted);
    }

    protected override Task HandleSignOutAsync(AuthenticationProperties? properties) => Task.CompletedTask;

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Context.ChallengeAsync(Ticket, properties);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Context.ForbidAsync(Ticket, properties);
}
