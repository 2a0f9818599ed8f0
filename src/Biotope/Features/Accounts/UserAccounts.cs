using System.Security.Cryptography;
using Biotope.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Accounts;

/// <summary>Creating accounts, shared by the CLI, the demo seed and the tests.</summary>
public static class UserAccounts
{
    public sealed record Created(AppUser User, string Password);

    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
    }

    /// <summary>Creates a user with one role; returns the errors as field messages when it cannot.</summary>
    public static async Task<(Created? Created, IReadOnlyDictionary<string, string[]> Errors)> CreateAsync(
        IServiceProvider services, string email, string role, int? organizationId, string? password)
    {
        var errors = new Dictionary<string, string[]>();
        var canonicalRole = Roles.All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
        if (canonicalRole is null) errors["role"] = [$"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}."];
        if (canonicalRole is Roles.MemberAdmin or Roles.Member && organizationId is null)
            errors["organization"] = [$"A {canonicalRole} belongs to one organization: give --organization ID."];
        var db = services.GetRequiredService<BiotopeDb>();
        if (organizationId is { } orgId && !await db.Organizations.AnyAsync(o => o.Id == orgId && o.DeletedAt == null))
            errors["organization"] = [$"No organization has id {orgId}."];
        if (errors.Count > 0) return (null, errors);

        await EnsureRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());
        var users = services.GetRequiredService<UserManager<AppUser>>();
        password ??= GeneratePassword();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, OrganizationId = organizationId };
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded) result = await users.AddToRoleAsync(user, canonicalRole!);
        if (!result.Succeeded)
        {
            return (null, result.Errors
                .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "email")
                .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }
        await tx.CommitAsync();
        return (new Created(user, password), errors);
    }

    /// <summary>
    /// A strong password a person can read and type: four groups of four, no look-alike characters (0/O, 1/l/I),
    /// about 77 random bits. It opens with an upper-case letter and ends with a digit, so Identity's rules always hold.
    /// </summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnpqrstuvwxyz23456789", digits = "23456789";
        var chars = new char[16];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        for (var i = 1; i < 15; i++) chars[i] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[15] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        return string.Join('-', chars.Chunk(4).Select(group => new string(group)));
    }

    /// <summary>What Identity's password rules say against <paramref name="password"/>; empty when it is accepted.</summary>
    public static async Task<string[]> PasswordProblemsAsync(UserManager<AppUser> users, AppUser user, string password)
    {
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }
        return [.. problems];
    }

    /// <summary>
    /// Gives the account at <paramref name="email"/> a new password (generated when null), clears a lock-out, and
    /// changes the security stamp so the sessions signed in with the old password end. Returns the password, or why not.
    /// </summary>
    public static async Task<(string? Password, string[] Errors)> ResetPasswordAsync(IServiceProvider services, string email, string? password)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null) return (null, [$"No account has the e-mail {email}."]);
        password ??= GeneratePassword();
        var problems = await PasswordProblemsAsync(users, user, password);
        if (problems.Length > 0) return (null, problems);
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.AccessFailedCount = 0;
        user.LockoutEnd = null;
        // Saves the user: a new stamp makes the cookies signed in before it fail their next check.
        var saved = await users.UpdateSecurityStampAsync(user);
        return saved.Succeeded ? (password, []) : (null, [.. saved.Errors.Select(e => e.Description)]);
    }
}
