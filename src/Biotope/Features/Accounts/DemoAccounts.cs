using Biotope.Data;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Accounts;

/// <summary>
/// Accounts that let a visitor try every role on a demo database (ADR 005). They are created only
/// together with the demo ecosystem on a brand-new database, never on an existing one. They share one
/// password, generated at that moment unless the operator gives one (ADR 014): no password is known in advance.
/// </summary>
public static class DemoAccounts
{
    /// <summary>The file in the data folder that keeps the demo accounts' e-mails, roles and password (owner-only).</summary>
    public const string CredentialsFileName = "demo-accounts.txt";
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

    /// <summary>Every demo account: e-mail, role, display name.</summary>
    public static readonly IReadOnlyList<(string Email, string Role, string Name)> All =
    [
        (AdminEmail, Roles.Administrator, "Demo administrator"),
        (StaffEmail, Roles.ClusterStaff, "Demo cluster staff"),
        (MemberAdminEmail, Roles.MemberAdmin, "Demo member admin of ULiège"),
        (CompanyAdminEmail, Roles.MemberAdmin, "Demo member admin of IBA"),
        (ExpertEmail, Roles.Expert, "Demo expert"),
        (ManagerEmail, Roles.PlatformManager, "Demo platform manager"),
        (TrainerEmail, Roles.Trainer, "Demo trainer"),
        (ResearcherEmail, Roles.Member, "Demo researcher"),
    ];

    /// <summary>Creates the demo accounts that do not exist yet, all with <paramref name="password"/>.</summary>
    public static async Task EnsureAsync(IServiceProvider services, string password)
    {
        var db = services.GetRequiredService<BiotopeDb>();
        var organizationId = await db.Organizations.Where(o => o.Slug == MemberAdminOrganizationSlug).Select(o => (int?)o.Id).FirstOrDefaultAsync()
            ?? await db.Organizations.OrderBy(o => o.Id).Select(o => (int?)o.Id).FirstOrDefaultAsync();
        var companyOrganization = await db.Organizations.Where(o => o.Slug == CompanyAdminOrganizationSlug).Select(o => (int?)o.Id).FirstOrDefaultAsync() ?? organizationId;
        var researcherOrganization = await db.Organizations.Where(o => o.Slug == ResearcherOrganizationSlug).Select(o => (int?)o.Id).FirstOrDefaultAsync() ?? organizationId;
        foreach (var (email, role, name) in All)
        {
            if (await db.Users.AnyAsync(u => u.Email == email)) continue;
            int? organization = email switch
            {
                MemberAdminEmail => organizationId,
                CompanyAdminEmail => companyOrganization,
                ResearcherEmail => researcherOrganization,
                _ => null,
            };
            var (user, errors) = await UserAccounts.CreateAsync(services, email, role, organization, password);
            if (user is null)
                throw new InvalidOperationException($"The demo account {email} cannot be created: {string.Join("; ", errors.SelectMany(e => e.Value))}");
            user.User.DisplayName = name;
            await db.SaveChangesAsync();
            // The demo expert's profile is illustrative: a reviewer for the demo call, no real person.
            if (role == Roles.Expert)
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
        await AddDemoPeopleAsync(db);
        // The demo manager runs the demo platforms (bound again if someone removed a binding).
        if (await db.Users.Where(u => u.Email == ManagerEmail).Select(u => u.Id).FirstOrDefaultAsync() is { } managerId)
            await Demo.DemoPlatforms.BindManagerAsync(db, managerId);
    }

    /// <summary>
    /// Illustrative people on the demo organizations' profiles, linked to their demo accounts (ADR 022): ULiège's member admin
    /// consented (themselves) and IBA's through a written consent staff recorded, so public pages show them; the researcher
    /// of UMons did not, so only staff and UMons's member admins see that entry.
    /// </summary>
    private static async Task AddDemoPeopleAsync(BiotopeDb db)
    {
        var consentAt = DateTimeOffset.UtcNow;
        (string Email, string Name, string Role, Organizations.ConsentSource? Consent)[] people =
        [
            (MemberAdminEmail, "Demo member admin of ULiège (illustrative)", "Research liaison", Organizations.ConsentSource.Self),
            (CompanyAdminEmail, "Demo member admin of IBA (illustrative)", "Partnerships manager", Organizations.ConsentSource.Staff),
            (ResearcherEmail, "Demo researcher of UMons (illustrative)", "Researcher", null),
        ];
        var staffId = await db.Users.Where(u => u.Email == StaffEmail).Select(u => u.Id).FirstOrDefaultAsync();
        foreach (var (email, name, role, consent) in people)
        {
            var user = await db.Users.Where(u => u.Email == email).Select(u => new { u.Id, u.OrganizationId }).FirstOrDefaultAsync();
            if (user?.OrganizationId is not { } organizationId || await db.People.AnyAsync(p => p.UserId == user.Id)) continue;
            db.People.Add(new Organizations.Person
            {
                OrganizationId = organizationId,
                Name = name,
                Role = role,
                UserId = user.Id,
                PublicConsentAt = consent is null ? null : consentAt,
                PublicConsentBy = consent,
                PublicConsentRecordedBy = consent == Organizations.ConsentSource.Self ? user.Id : consent is null ? null : staffId,
            });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Writes <see cref="CredentialsFileName"/> in <paramref name="dataDir"/>, readable by its owner only, and returns its text
    /// (the server prints it once).
    /// </summary>
    public static async Task<string> WriteCredentialsAsync(string dataDir, string password, DateTimeOffset createdAt)
    {
        var text = new System.Text.StringBuilder()
            .AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Biotope demo accounts, created {createdAt:yyyy-MM-dd HH:mm} UTC with the demo data.")
            .AppendLine("They all share this password; sign in at /account/login. Remove or re-key them before real use (biotope users reset-password).")
            .AppendLine();
        var width = All.Max(a => a.Email.Length) + 2;
        text.AppendLine($"{"E-mail".PadRight(width)}{"Role".PadRight(17)}Password");
        foreach (var (email, role, _) in All) text.AppendLine($"{email.PadRight(width)}{role.PadRight(17)}{password}");
        Directory.CreateDirectory(dataDir);
        var path = Path.Combine(dataDir, CredentialsFileName);
        // Created afresh so the owner-only mode applies (a create mode is ignored for a file that exists).
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using (var file = new StreamWriter(path, new System.Text.UTF8Encoding(false), options))
            await file.WriteAsync(text.ToString());
        return text.ToString();
    }
}
