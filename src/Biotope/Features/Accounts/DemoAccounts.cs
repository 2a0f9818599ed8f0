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
    /// <summary>The member admin of a company (IBA): coordinates the demo proposals, so the invitation to ULiège waits for <see cref="MemberAdminEmail"/>.</summary>
    public const string CompanyAdminEmail = "companyadmin@demo.biotope.be";
    public const string CompanyAdminOrganizationSlug = "iba";
    public const string ExpertEmail = "expert@demo.biotope.be";
    /// <summary>Manages both demo platforms (the Hainaut-Biomed imaging centre and ImmuneHealth).</summary>
    public const string ManagerEmail = "manager@demo.biotope.be";
    public const string TrainerEmail = "trainer@demo.biotope.be";
    /// <summary>A member of the Université de Mons who books instruments and enrols in trainings.</summary>
    public const string ResearcherEmail = "researcher@demo.biotope.be";
    public const string ResearcherOrganizationSlug = "umons";

    public static async Task EnsureAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<BiotopeDb>();
        var organizationId = await db.Organizations.Where(o => o.Slug == MemberAdminOrganizationSlug).Select(o => (int?)o.Id).FirstOrDefaultAsync()
            ?? await db.Organizations.OrderBy(o => o.Id).Select(o => (int?)o.Id).FirstOrDefaultAsync();
        var companyOrganization = await db.Organizations.Where(o => o.Slug == CompanyAdminOrganizationSlug).Select(o => (int?)o.Id).FirstOrDefaultAsync() ?? organizationId;
        var researcherOrganization = await db.Organizations.Where(o => o.Slug == ResearcherOrganizationSlug).Select(o => (int?)o.Id).FirstOrDefaultAsync() ?? organizationId;
        (string Email, string Role, int? Organization, string? Name)[] accounts =
        [
            (AdminEmail, Roles.Administrator, null, "Demo administrator"),
            (StaffEmail, Roles.ClusterStaff, null, "Demo cluster staff"),
            (MemberAdminEmail, Roles.MemberAdmin, organizationId, "Demo member admin of ULiège"),
            (CompanyAdminEmail, Roles.MemberAdmin, companyOrganization, "Demo member admin of IBA"),
            (ExpertEmail, Roles.Expert, null, "Demo expert"),
            (ManagerEmail, Roles.PlatformManager, null, "Demo platform manager"),
            (TrainerEmail, Roles.Trainer, null, "Demo trainer"),
            (ResearcherEmail, Roles.Member, researcherOrganization, "Demo researcher"),
        ];
        foreach (var (email, role, organization, name) in accounts)
        {
            if (await db.Users.AnyAsync(u => u.Email == email)) continue;
            var (user, _) = await UserAccounts.CreateAsync(services, email, role, organization, Password);
            if (name is not null && user is not null)
            {
                user.User.DisplayName = name;
                await db.SaveChangesAsync();
            }
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
                    Illustrative = true,
                });
                await db.SaveChangesAsync();
            }
        }
        // The demo manager runs the demo platforms (bound again if someone removed a binding).
        if (await db.Users.Where(u => u.Email == ManagerEmail).Select(u => u.Id).FirstOrDefaultAsync() is { } managerId)
            await Demo.DemoPlatforms.BindManagerAsync(db, managerId);
    }
}
