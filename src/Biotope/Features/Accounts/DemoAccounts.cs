using Biotope.Data;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Accounts;

/// <summary>
/// Accounts that let a visitor try every role on a demo database (ADR 005). They are created only
/// together with the demo ecosystem on a brand-new database, never on an existing one.
/// </summary>
public static class DemoAccounts
{
    public const string Password = "Biotope-demo-2026";
    public const string AdminEmail = "admin@demo.biotope.be";
    public const string StaffEmail = "staff@demo.biotope.be";
    public const string MemberAdminEmail = "memberadmin@demo.biotope.be";
    public const string MemberAdminOrganizationSlug = "uliege";

    public static async Task EnsureAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<BiotopeDb>();
        var organizationId = await db.Organizations.Where(o => o.Slug == MemberAdminOrganizationSlug).Select(o => (int?)o.Id).FirstOrDefaultAsync()
            ?? await db.Organizations.OrderBy(o => o.Id).Select(o => (int?)o.Id).FirstOrDefaultAsync();
        (string Email, string Role, int? Organization)[] accounts =
        [
            (AdminEmail, Roles.Administrator, null),
            (StaffEmail, Roles.ClusterStaff, null),
            (MemberAdminEmail, Roles.MemberAdmin, organizationId),
        ];
        foreach (var (email, role, organization) in accounts)
        {
            if (await db.Users.AnyAsync(u => u.Email == email)) continue;
            await UserAccounts.CreateAsync(services, email, role, organization, Password);
        }
    }
}
