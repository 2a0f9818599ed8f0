using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Biotope.Features.Accounts;

/// <summary>How a sign-in ended: signed in, refused with one answer for every wrong case, or this client must wait.</summary>
public sealed record SignInAnswer(bool Succeeded, Failure? Failure, TimeSpan? RetryAfter)
{
    public static Failure EmailNotConfirmed { get; } = new(FailureKind.Forbidden, Phrase.Of("auth.sign-in-failed"), Phrase.Of("auth.email-not-confirmed"));

    public static Failure InvalidCredentials { get; } = new(FailureKind.Unauthorized, Phrase.Of("auth.sign-in-failed"), Phrase.Of("auth.invalid-credentials"));

    /// <summary>The password is right and the account has two-factor sign-in: a code from the app or a recovery code must come with it.</summary>
    public static Failure TwoFactorRequired { get; } = new(FailureKind.Unauthorized, Phrase.Of("auth.sign-in-failed"), Phrase.Of("auth.two-factor-required"));

    /// <summary>Staff without two-factor sign-in get no token: they enrol on the site first (ADR 021).</summary>
    public static Failure EnrolmentRequired { get; } = new(FailureKind.Forbidden, Phrase.Of("problem.forbidden"), Phrase.Of("auth.two-factor-enrolment-required"));

    /// <summary>Page sign-in: the password was right, the second step (/account/login/two-factor) asks for the code.</summary>
    public bool NeedsSecondFactor { get; init; }

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
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, SignInThrottle throttle, AccountAudit audit, TwoFactor twoFactor)
{
    private static string? dummyHash;

    /// <summary>The work of checking a password, against no account: answers that must not tell accounts apart spend it too.</summary>
    public static void SpendHashWork(UserManager<AppUser> users, string password)
    {
        dummyHash ??= users.PasswordHasher.HashPassword(new AppUser(), Guid.NewGuid().ToString());
        users.PasswordHasher.VerifyHashedPassword(new AppUser(), dummyHash, password);
    }

    /// <param name="bearer">The API's token: the second factor comes in the same request (<paramref name="twoFactorCode"/>),
    /// and staff without two-factor sign-in are refused (ADR 021). Pages ask for the code in a second step.</param>
    public async Task<SignInAnswer> SignInAsync(HttpContext context, string email, string password, bool persistent, string? twoFactorCode = null, bool bearer = false)
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
        else if (!bearer)
        {
            result = await signIn.PasswordSignInAsync(user, password, persistent, lockoutOnFailure: true);
            if (result.RequiresTwoFactor) return new SignInAnswer(false, null, null) { NeedsSecondFactor = true };
        }
        else
        {
            result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
            if (result.Succeeded && user.TwoFactorEnabled)
            {
                if (string.IsNullOrWhiteSpace(twoFactorCode)) return new SignInAnswer(false, SignInAnswer.TwoFactorRequired, null);
                if (!await twoFactor.VerifyAsync(user, twoFactorCode))
                {
                    await users.AccessFailedAsync(user);
                    result = await users.IsLockedOutAsync(user) ? SignInResult.LockedOut : SignInResult.Failed;
                }
            }
            else if (result.Succeeded && twoFactor.MustEnrol(user, await users.GetRolesAsync(user)))
            {
                return new SignInAnswer(false, SignInAnswer.EnrolmentRequired, null);
            }
            if (result.Succeeded) await signIn.SignInAsync(user, persistent);
        }

        // Identity refuses an unconfirmed e-mail before it looks at the password: only someone who knows the password is
        // told to confirm the address (ADR 020); anyone else gets the answer of every wrong case.
        if (result.IsNotAllowed && user is not null && !user.EmailConfirmed && await users.CheckPasswordAsync(user, password))
        {
            throttle.Succeeded(email, client);
            return new SignInAnswer(false, SignInAnswer.EmailNotConfirmed, null);
        }

        return await AnswerAsync(result, user, email, client);
    }

    /// <summary>The page's second step: a code from the app or a recovery code, for the account whose password was just right.</summary>
    public async Task<SignInAnswer> SecondFactorAsync(HttpContext context, string? code, bool persistent)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return new SignInAnswer(false, SignInAnswer.InvalidCredentials, null);
        var email = user.Email ?? "";
        var client = RateLimits.ClientAddress(context);
        if (throttle.RefusedFor(email, client) is { } wait) return SignInAnswer.Refused(wait);
        var text = TwoFactor.Normalize(code);
        SignInResult result;
        if (TwoFactor.IsAuthenticatorCode(text))
        {
            result = await signIn.TwoFactorAuthenticatorSignInAsync(text, persistent, rememberClient: false);
        }
        else
        {
            result = text.Length == 0 ? SignInResult.Failed : await signIn.TwoFactorRecoveryCodeSignInAsync(TwoFactor.RecoveryCode(code));
            if (result.Succeeded) await audit.AccountAsync(AccountAudit.RecoveryCodeUsed, user);
        }
        return await AnswerAsync(result, user, email, client);
    }

    /// <summary>A passkey sign-in (ADR 021): the browser's signed answer to the challenge of <see cref="SignInManager{TUser}.MakePasskeyRequestOptionsAsync"/>.</summary>
    public async Task<SignInAnswer> PasskeyAsync(HttpContext context, string? credentialJson, bool persistent)
    {
        var client = RateLimits.ClientAddress(context);
        var assertion = string.IsNullOrWhiteSpace(credentialJson) ? null : await signIn.PerformPasskeyAssertionAsync(credentialJson);
        var user = assertion is { Succeeded: true } ? assertion.User : null;
        if (user is null || assertion?.Passkey is null || await signIn.UserManager.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user))
        {
            await audit.SignInAsync(AccountAudit.SignInFailed, user, user?.Email ?? "passkey", client);
            return new SignInAnswer(false, SignInAnswer.InvalidCredentials, null);
        }
        // The signature counter moved on: keep it, so a cloned authenticator shows.
        await signIn.UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey);
        await signIn.SignInWithClaimsAsync(user, persistent, [new System.Security.Claims.Claim("amr", "pop")]);
        return await AnswerAsync(SignInResult.Success, user, user.Email ?? "", client);
    }

    private async Task<SignInAnswer> AnswerAsync(SignInResult result, AppUser? user, string email, string client)
    {
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
