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
        if (string.IsNullOrEmpty(request.CurrentPassword) || !await users.CheckPasswordAsync(user, request.CurrentPassword))
            return Failure.Invalid("currentPassword", Phrase.Of("auth.current-password-wrong"));
        if (string.IsNullOrEmpty(request.NewPassword)) return Failure.Invalid("newPassword", Phrase.Of("auth.new-password-too-weak", users.Options.Password.RequiredLength));
        var result = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (!result.Succeeded) return Failure.Invalid("newPassword", Phrase.Of("auth.new-password-too-weak", users.Options.Password.RequiredLength));
        await audit.AccountAsync(AccountAudit.PasswordChanged, user);
        return null;
    }
}
