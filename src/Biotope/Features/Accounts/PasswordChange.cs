using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Biotope.Features.Accounts;

public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// A new password, on the current one (ADR 021), for the page and <c>POST /api/v1/me/password</c>. Identity renews the
/// security stamp: every other session and sign-in token ends (ADR 018). Audited, never with a password.
/// </summary>
public static class PasswordChange
{
    public static async Task<Failure?> ChangeAsync(UserManager<AppUser> users, AccountAudit audit, AppUser user, PasswordChangeRequest request)
    {
        if (!await ConfirmsCurrentPasswordAsync(users, user, request.CurrentPassword))
            return Failure.Invalid("currentPassword", Phrase.Of("auth.current-password-wrong"));
        if (string.IsNullOrEmpty(request.NewPassword)) return Failure.Invalid("newPassword", Phrase.Of("auth.new-password-too-weak", users.Options.Password.RequiredLength));
        var result = await users.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword);
        if (!result.Succeeded) return Failure.Invalid("newPassword", Phrase.Of("auth.new-password-too-weak", users.Options.Password.RequiredLength));
        await audit.AccountAsync(AccountAudit.PasswordChanged, user);
        return null;
    }

    /// <summary>
    /// The current password, asked again before a change (the password, the second factor, an erasure). A wrong one counts
    /// towards the lockout like a failed sign-in, and a locked account is refused, so a borrowed session cannot guess it.
    /// </summary>
    public static async Task<bool> ConfirmsCurrentPasswordAsync(UserManager<AppUser> users, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length > 512 || await users.IsLockedOutAsync(user)) return false;
        if (await users.CheckPasswordAsync(user, password)) return true;
        await users.AccessFailedAsync(user);
        return false;
    }
}
