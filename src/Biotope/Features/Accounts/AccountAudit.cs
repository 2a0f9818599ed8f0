using System.Text.Json;
using Biotope.Data;
using Biotope.Features.Audit;

namespace Biotope.Features.Accounts;

/// <summary>
/// Account events in the audit log, beside the row changes BiotopeDb records: sign-ins, failed sign-ins (the e-mail as
/// typed and the client address, never the password), lockouts, role changes, the second factor and passkeys (ADR 021), on the account's record ("AppUser").
/// </summary>
public sealed class AccountAudit(BiotopeDb db, AuditActor actor, TimeProvider clock)
{
    public const string SignedIn = "SignedIn", SignInFailed = "SignInFailed", LockedOut = "LockedOut", RoleAdded = "RoleAdded", RoleRemoved = "RoleRemoved";
    // The second factor and passkeys (ADR 021).
    public const string TwoFactorEnabled = "TwoFactorEnabled", TwoFactorDisabled = "TwoFactorDisabled", RecoveryCodesRenewed = "RecoveryCodesRenewed",
        RecoveryCodeUsed = "RecoveryCodeUsed", PasskeyAdded = "PasskeyAdded", PasskeyRemoved = "PasskeyRemoved", PasswordChanged = "PasswordChanged";

    /// <summary>Who: the account when the e-mail names one, else the e-mail as typed (cut to 256 characters).</summary>
    public Task SignInAsync(string action, AppUser? user, string typedEmail, string client)
    {
        var typed = typedEmail.Length > 256 ? typedEmail[..256] : typedEmail;
        return WriteAsync(action, user?.Id, user?.Email ?? typed, user?.Id ?? typed, new() { ["ClientIp"] = client, ["Email"] = typed });
    }

    /// <summary>Who: the person (or command line) changing the role.</summary>
    public Task RoleAsync(string action, AppUser user, string role) =>
        WriteAsync(action, actor.UserId, actor.Email, user.Id, new() { ["Email"] = user.Email, ["Role"] = role });

    /// <summary>Who: the account itself, changing its own sign-in (second factor, passkey, password); never a secret.</summary>
    public Task AccountAsync(string action, AppUser user, string? detail = null)
    {
        var after = new SortedDictionary<string, string?> { ["Email"] = user.Email };
        if (detail is not null) after["Name"] = detail;
        return WriteAsync(action, user.Id, user.Email, user.Id, after);
    }

    private async Task WriteAsync(string action, string? userId, string? userEmail, string entityId, SortedDictionary<string, string?> after)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = userId,
            UserEmail = userEmail,
            EntityType = nameof(AppUser),
            EntityId = entityId,
            Action = action,
            After = JsonSerializer.Serialize(after),
        });
        await db.SaveChangesAsync();
    }
}
