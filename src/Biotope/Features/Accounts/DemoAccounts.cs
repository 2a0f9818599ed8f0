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
    public const string ExpertEmail = "expert@demo.biotope.be";

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
            (ExpertEmail, Roles.Expert, null),
        ];
        foreach (var (email, role, organization) in accounts)
        {
            if (await db.Users.AnyAsync(u => u.Email == email)) continue;
            var (user, _) = await UserAccounts.CreateAsync(services, email, role, organization, Password);
            // The demo expert's profile is illustrative: a reviewer for the demo call, no real person.
            if (role == Roles.Expert && user is not null)
            {
                db.Experts.Add(new Calls.Expert
                {
                    UserId = user.User.Id,
                    Name = "Demo expert (illustrative)",
                    Email = email,
                    Areas = ["cell-therapy", "monoclonal-antibodies", "in-vitro-diagnostics"],
                    Keywords = ["immunology", "bioprocess", "imaging"],
                    Languages = ["fr", "en"],
                    MaxLoad = 6,
                });
                await db.SaveChangesAsync();
            }
        }
    }
}
