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

    /// <summary>Identity wants an upper-case letter, a lower-case letter and a digit: "Bt" and the final digit make sure of them.</summary>
    public static string GeneratePassword() =>
        "Bt-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y') + RandomNumberGenerator.GetInt32(10);
}
