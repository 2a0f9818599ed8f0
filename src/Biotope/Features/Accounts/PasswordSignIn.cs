using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Biotope.Features.Accounts;

/// <summary>How a sign-in ended: signed in, refused with one answer for every wrong case, or this client must wait.</summary>
public sealed record SignInAnswer(bool Succeeded, Failure? Failure, TimeSpan? RetryAfter)
{
    public static Failure EmailNotConfirmed { get; } = new(FailureKind.Forbidden, Phrase.Of("auth.sign-in-failed"), Phrase.Of("auth.email-not-confirmed"));

    public static Failure InvalidCredentials { get; } = new(FailureKind.Unauthorized, Phrase.Of("auth.sign-in-failed"), Phrase.Of("auth.invalid-credentials"));

    /// <summary>Tells a refused client when to try again (whole seconds).</summary>
    public void WriteRetryAfter(HttpResponse response)
    {
        if (RetryAfter is { } wait) response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static SignInAnswer Refused(TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return new(false, new Failure(FailureKind.TooManyRequests, Phrase.Of("auth.too-many-attempts.title"), Phrase.Of("auth.too-many-attempts", minutes)), wait);
    }
}

/// <summary>
/// The one password sign-in of the page and the API (ADR 019): an unknown e-mail, a wrong password and a locked account
/// get the same answer after the same work (a password hash is always checked); failures are counted per (e-mail, client)
/// by <see cref="SignInThrottle"/>, and sign-ins, failures and lockouts go to the audit log.
/// </summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, SignInThrottle throttle, AccountAudit audit)
{
    private static string? dummyHash;

    /// <summary>The work of checking a password, against no account: answers that must not tell accounts apart spend it too.</summary>
    public static void SpendHashWork(UserManager<AppUser> users, string password)
    {
        dummyHash ??= users.PasswordHasher.HashPassword(new AppUser(), Guid.NewGuid().ToString());
        users.PasswordHasher.VerifyHashedPassword(new AppUser(), dummyHash, password);
    }

    public async Task<SignInAnswer> SignInAsync(HttpContext context, string email, string password, bool persistent)
    {
        email = email.Trim();
        var client = RateLimits.ClientAddress(context);
        if (throttle.RefusedFor(email, client) is { } wait) return SignInAnswer.Refused(wait);

        var users = signIn.UserManager;
        var user = await users.FindByEmailAsync(email);
        var result = SignInResult.Failed;
        if (user is null || await users.IsLockedOutAsync(user))
        {
            // The same hashing work as a real check, so the time does not tell an unknown or locked account apart.
            SpendHashWork(users, password);
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, password, persistent, lockoutOnFailure: true);
        }

        // Identity refuses an unconfirmed e-mail before it looks at the password: only someone who knows the password is
        // told to confirm the address (ADR 020); anyone else gets the answer of every wrong case.
        if (result.IsNotAllowed && user is not null && !user.EmailConfirmed && await users.CheckPasswordAsync(user, password))
        {
            throttle.Succeeded(email, client);
            return new SignInAnswer(false, SignInAnswer.EmailNotConfirmed, null);
        }

        if (result.Succeeded)
        {
            throttle.Succeeded(email, client);
            await audit.SignInAsync(AccountAudit.SignedIn, user, email, client);
            return new SignInAnswer(true, null, null);
        }
        var refused = throttle.Failed(email, client);
        await audit.SignInAsync(AccountAudit.SignInFailed, user, email, client);
        if (result.IsLockedOut) await audit.SignInAsync(AccountAudit.LockedOut, user, email, client);
        return refused ? SignInAnswer.Refused(throttle.RefusedFor(email, client) ?? SignInThrottle.FirstRefusal) : new SignInAnswer(false, SignInAnswer.InvalidCredentials, null);
    }
}
