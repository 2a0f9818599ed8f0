using System.Text.Json;
using Biotope.Data;
using Biotope.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Biotope.Features.Accounts;

/// <summary>
/// Account events in the audit log, beside the row changes BiotopeDb records: sign-ins, failed sign-ins (the e-mail as
/// typed and the client address, never the password), lockouts and role changes, on the account's record ("AppUser").
/// </summary>
public sealed class AccountAudit(BiotopeDb db, AuditActor actor, TimeProvider clock)
{
    public const string SignedIn = "SignedIn", SignInFailed = "SignInFailed", LockedOut = "LockedOut", RoleAdded = "RoleAdded", RoleRemoved = "RoleRemoved";

    /// <summary>Who: the account when the e-mail names one, else the e-mail as typed (cut to 256 characters).</summary>
    public Task SignInAsync(string action, AppUser? user, string typedEmail, string client)
    {
        var typed = typedEmail.Length > 256 ? typedEmail[..256] : typedEmail;
        return WriteAsync(action, user?.Id, user?.Email ?? typed, user?.Id ?? typed, new() { ["ClientIp"] = client, ["Email"] = typed });
    }

    /// <summary>Who: the person (or command line) changing the role.</summary>
    public Task RoleAsync(string action, AppUser user, string role) =>
        WriteAsync(action, actor.UserId, actor.Email, user.Id, new() { ["Email"] = user.Email, ["Role"] = role });

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

/// <summary>Identity's user manager that also writes role changes to the audit log by name (the CLI's, the API's, the pages').</summary>
public sealed class AuditedUserManager(IUserStore<AppUser> store, IOptions<IdentityOptions> options, IPasswordHasher<AppUser> hasher,
    IEnumerable<IUserValidator<AppUser>> userValidators, IEnumerable<IPasswordValidator<AppUser>> passwordValidators, ILookupNormalizer normalizer,
    IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<AppUser>> logger)
    : UserManager<AppUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    private readonly IServiceProvider provider = services;

    private AccountAudit Audit => provider.GetRequiredService<AccountAudit>();

    public override async Task<IdentityResult> AddToRoleAsync(AppUser user, string role)
    {
        var result = await base.AddToRoleAsync(user, role);
        if (result.Succeeded) await Audit.RoleAsync(AccountAudit.RoleAdded, user, role);
        return result;
    }

    public override async Task<IdentityResult> RemoveFromRoleAsync(AppUser user, string role)
    {
        var result = await base.RemoveFromRoleAsync(user, role);
        if (result.Succeeded) await Audit.RoleAsync(AccountAudit.RoleRemoved, user, role);
        return result;
    }

    public override async Task<IdentityResult> AddToRolesAsync(AppUser user, IEnumerable<string> roles)
    {
        var list = roles.ToList();
        var result = await base.AddToRolesAsync(user, list);
        if (result.Succeeded) foreach (var role in list) await Audit.RoleAsync(AccountAudit.RoleAdded, user, role);
        return result;
    }

    public override async Task<IdentityResult> RemoveFromRolesAsync(AppUser user, IEnumerable<string> roles)
    {
        var list = roles.ToList();
        var result = await base.RemoveFromRolesAsync(user, list);
        if (result.Succeeded) foreach (var role in list) await Audit.RoleAsync(AccountAudit.RoleRemoved, user, role);
        return result;
    }
}
