using Biotope.Features.Accounts.Tokens;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Biotope.Features.Accounts;

/// <summary>
/// Identity's user manager, with two duties wherever roles or lock-out change (web, API, CLI alike): the change is audited
/// (ADR 019), and it changes the security stamp so sign-in tokens and cookies end (ADR 018; Identity changes the stamp
/// only for passwords, e-mails and logins). Every saved change forgets the cached stamp.
/// </summary>
public sealed class BiotopeUserManager(
    IUserStore<AppUser> store, IOptions<IdentityOptions> options, IPasswordHasher<AppUser> hasher,
    IEnumerable<IUserValidator<AppUser>> userValidators, IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<AppUser>> logger,
    SecurityStamps stamps)
    : UserManager<AppUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    private readonly IServiceProvider provider = services;

    // Resolved on use: the audit writes through the same scope's DbContext.
    private AccountAudit Audit => provider.GetRequiredService<AccountAudit>();

    public override Task<IdentityResult> AddToRoleAsync(AppUser user, string role) => RolesChanged(user, AccountAudit.RoleAdded, [role], base.AddToRoleAsync(user, role));

    public override Task<IdentityResult> RemoveFromRoleAsync(AppUser user, string role) => RolesChanged(user, AccountAudit.RoleRemoved, [role], base.RemoveFromRoleAsync(user, role));

    public override Task<IdentityResult> AddToRolesAsync(AppUser user, IEnumerable<string> roles)
    {
        var list = roles.ToList();
        return RolesChanged(user, AccountAudit.RoleAdded, list, base.AddToRolesAsync(user, list));
    }

    public override Task<IdentityResult> RemoveFromRolesAsync(AppUser user, IEnumerable<string> roles)
    {
        var list = roles.ToList();
        return RolesChanged(user, AccountAudit.RoleRemoved, list, base.RemoveFromRolesAsync(user, list));
    }

    /// <summary>
    /// A first authenticator key, for an account that has none: nothing to end yet, so unlike Identity's
    /// ResetAuthenticatorKeyAsync the security stamp stays, and opening the two-factor page ends no session or token.
    /// </summary>
    public async Task CreateAuthenticatorKeyAsync(AppUser user)
    {
        await ((IUserAuthenticatorKeyStore<AppUser>)Store).SetAuthenticatorKeyAsync(user, GenerateNewAuthenticatorKey(), CancellationToken);
        await UpdateAsync(user);
    }

    public override Task<IdentityResult> SetLockoutEndDateAsync(AppUser user, DateTimeOffset? lockoutEnd) => ThenNewStamp(user, base.SetLockoutEndDateAsync(user, lockoutEnd));

    public override async Task<IdentityResult> DeleteAsync(AppUser user)
    {
        var result = await base.DeleteAsync(user);
        stamps.Forget(user.Id);
        return result;
    }

    protected override async Task<IdentityResult> UpdateUserAsync(AppUser user)
    {
        var result = await base.UpdateUserAsync(user);
        stamps.Forget(user.Id);
        return result;
    }

    private async Task<IdentityResult> RolesChanged(AppUser user, string action, IReadOnlyList<string> roles, Task<IdentityResult> change)
    {
        var result = await change;
        if (!result.Succeeded) return result;
        foreach (var role in roles) await Audit.RoleAsync(action, user, role);
        return await UpdateSecurityStampAsync(user);
    }

    private async Task<IdentityResult> ThenNewStamp(AppUser user, Task<IdentityResult> change)
    {
        var result = await change;
        return result.Succeeded ? await UpdateSecurityStampAsync(user) : result;
    }
}
