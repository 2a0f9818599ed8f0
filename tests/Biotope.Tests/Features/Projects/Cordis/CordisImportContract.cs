using Biotope.Data;
using Biotope.Features.Organizations;
using Biotope.Features.Projects;
using Biotope.Features.Projects.Cordis;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Projects.Cordis;

/// <summary>
/// The CORDIS import, asserted identically on SQLite and on PostgreSQL (the two subclasses below), each test on a fresh
/// database with the Wallonia demo directory. The fixtures follow the published CORDIS format; their ids, PICs and
/// amounts are illustrative.
/// </summary>
public abstract class CordisImportContract
{
    private static readonly string FixturesDir = Path.Combine(AppContext.BaseDirectory, "Features", "Projects", "Cordis", "Fixtures");
    private static readonly string ProjectsFile = Path.Combine(FixturesDir, "project.csv");
    private static readonly string OrganizationsFile = Path.Combine(FixturesDir, "organization.csv");

    // What the fixtures reject: a project with a bad date, a bad amount, that project's participation and an orphan.
    private static readonly CordisImportProblem[] FixtureProblems =
    [
        new("project.csv", 7, "startDate \"2024-09-31\" is not a date (yyyy-MM-dd)"),
        new("organization.csv", 7, "ecContribution \"4O1250,00\" is not an amount"),
        new("organization.csv", 15, "its project 101112233 was rejected (project.csv line 7)"),
        new("organization.csv", 16, "project 101000001 is neither in project.csv nor in the database"),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<TestApp> StartAppAsync();

    [Fact]
    public async Task Imports_the_projects_with_their_partners_matched_by_each_rule_or_created()
    {
        await using var app = await StartAppAsync();
        await GiveUcbItsEnterpriseNumberAsync(app);
        var log = new StringWriter();

        var report = await ImportAsync(app, log: log);

        Assert.Equal((3, 0, 0, 0), (report.ProjectsCreated, report.ProjectsUpdated, report.ProjectsUnchanged, report.ProjectsFailed));
        Assert.Equal(Matched(pic: 0, vat: 1, ror: 1, name: 4), report.OrganizationsMatched);
        Assert.Equal(4, report.OrganizationsCreated);
        Assert.Equal(FixtureProblems, report.Problems);
        Assert.Contains("match \"UNIVERSITE CATHOLIQUE DE LOUVAIN\" (PIC 999976290) to uclouvain by Ror", log.ToString());
        Assert.Contains("match \"BAXTER S.A.\" (PIC 953117524) to baxter by Name", log.ToString());
        Assert.Contains("match \"UCB BIOPHARMA SRL\" (PIC 999864342) to ucb by Vat", log.ToString());
        Assert.EndsWith("CORDIS import: projects 3 created, 0 updated, 0 unchanged, 0 failed; organizations matched 0 by PIC, 1 by VAT, 1 by ROR, 4 by name, 4 created; 4 rows rejected",
            log.ToString().TrimEnd());

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BiotopeDb>();
        var immunolight = await ProjectAsync(db, "101080123");
        Assert.Equal(("cordis-101080123", ProjectSource.Cordis, "IMMUNOLIGHT", "Light-activated immunotherapies for solid tumours"),
            (immunolight.Slug, immunolight.Source, immunolight.Acronym, immunolight.TitleEn));
        Assert.Equal((ProjectStatus.Active, new DateOnly(2023, 1, 1), new DateOnly(2026, 12, 31), "European Commission", "HORIZON (HORIZON-RIA)"),
            (immunolight.Status, immunolight.StartDate, immunolight.EndDate, immunolight.Funder, immunolight.Programme));
        Assert.StartsWith("Solid tumours escape the immune system; light-activated \"photo-immunotherapy\" can turn them into targets.\nIMMUNOLIGHT will", immunolight.SummaryEn);
        Assert.EndsWith("in Belgium, Sweden and Switzerland.", immunolight.SummaryEn);
        // The participation with a bad amount is left out; the project is imported with the others.
        Assert.Equal(
            [
                ("uliege", "coordinator", 1567500m, 1567500m),
                ("uclouvain", "participant", 1204375.5m, 1204375.5m),
                ("karolinska-institutet", "participant", 987500m, 987500m),
                ("baxter", "participant", 412000m, 0m),
                ("eidgenoessische-technische-hochschule-zuerich", "associatedPartner", 612500m, 0m),
            ],
            immunolight.Partners.OrderBy(p => p.Id).Select(p => (p.Organization!.Slug, p.Role!, p.Budget!.Value, p.Funding!.Value)));

        var nuclimage = await ProjectAsync(db, "825123");
        Assert.Equal((ProjectStatus.Completed, "H2020 (RIA)"), (nuclimage.Status, nuclimage.Programme));
        Assert.Equal(["umons", "ulb", "university-college-london", "nucleotide-solutions-srl"], nuclimage.Partners.OrderBy(p => p.Id).Select(p => p.Organization!.Slug));
        var tracecare = await ProjectAsync(db, "101057654");
        Assert.Equal(ProjectStatus.Terminated, tracecare.Status);
        Assert.Equal([("ucb", "coordinator"), ("uliege", "participant")], tracecare.Partners.OrderBy(p => p.Id).Select(p => (p.Organization!.Slug, p.Role!)));
        Assert.False(await db.Projects.AnyAsync(p => p.CordisId == "101112233" || p.CordisId == "101000001", Ct));

        // Matched organizations now carry their PIC, and nothing else of theirs changed.
        foreach (var (slug, pic) in new[] { ("uliege", "999984059"), ("uclouvain", "999976290"), ("baxter", "953117524"), ("umons", "999842536"), ("ulb", "999904416"), ("ucb", "999864342") })
        {
            var organization = await db.Organizations.SingleAsync(o => o.Slug == slug, Ct);
            Assert.Contains(organization.ExternalIds, e => e.Scheme == "cordis-pic" && e.Value == pic);
        }
        var uliege = await db.Organizations.SingleAsync(o => o.Slug == "uliege", Ct);
        Assert.Equal(("Université de Liège", "BE332", (string?)null), (uliege.Name, uliege.NutsCode, uliege.EnterpriseNumber));

        // UCL's short name is an alias of UCLouvain, but in another country: a new organization.
        var ucl = await db.Organizations.SingleAsync(o => o.Slug == "university-college-london", Ct);
        Assert.Equal(("UNIVERSITY COLLEGE LONDON", "UCL", OrganizationType.University, "GB", "London", (string?)null),
            (ucl.Name, ucl.Acronym, ucl.Type, ucl.Country, ucl.City, ucl.NutsCode));
        var karolinska = await db.Organizations.SingleAsync(o => o.Slug == "karolinska-institutet", Ct);
        Assert.Equal(("SE", "171 77", "Nobels Väg 5", "http://ki.se", (string?)null, (string?)null),
            (karolinska.Country, karolinska.PostalCode, karolinska.StreetAddress, karolinska.Website, karolinska.NutsCode, karolinska.EnterpriseNumber));
        Assert.Equal([("cordis-pic", "999905126")], karolinska.ExternalIds.Select(e => (e.Scheme, e.Value)));
        var sme = await db.Organizations.SingleAsync(o => o.Slug == "nucleotide-solutions-srl", Ct);
        Assert.Equal((OrganizationType.Sme, "0712.345.630", "BE310", "Rue Louis Pasteur 12\nParc scientifique Einstein", "http://www.nucleosol.be", "NUCLEOSOL"),
            (sme.Type, sme.EnterpriseNumber, sme.NutsCode, sme.StreetAddress, sme.Website, sme.Acronym));
        Assert.False(await db.Organizations.AnyAsync(o => o.Name.StartsWith("FRAUNHOFER"), Ct));
    }

    [Fact]
    public async Task A_second_run_changes_nothing()
    {
        await using var app = await StartAppAsync();
        await GiveUcbItsEnterpriseNumberAsync(app);
        await ImportAsync(app);
        var before = await SnapshotAsync(app);

        var report = await ImportAsync(app);

        Assert.Equal((0, 0, 3, 0), (report.ProjectsCreated, report.ProjectsUpdated, report.ProjectsUnchanged, report.ProjectsFailed));
        Assert.Equal(Matched(pic: 10, vat: 0, ror: 0, name: 0), report.OrganizationsMatched);
        Assert.Equal(0, report.OrganizationsCreated);
        Assert.Equal(FixtureProblems, report.Problems);
        Assert.Equal(before, await SnapshotAsync(app));
    }

    [Fact]
    public async Task A_changed_row_updates_its_project_and_partner_and_a_project_known_from_a_previous_run_needs_no_project_row()
    {
        await using var app = await StartAppAsync();
        await ImportAsync(app);
        var auditEntries = await app.WithDbAsync(db => db.AuditEntries.CountAsync(Ct));
        var folder = Directory.CreateTempSubdirectory("cordis-import-").FullName;
        try
        {
            var projects = File.ReadAllLines(ProjectsFile)
                .Where(line => !line.StartsWith("\"101057654\"", StringComparison.Ordinal)) // TRACECARE: only its participations remain
                .Select(line => line.StartsWith("\"825123\"", StringComparison.Ordinal) ? line.Replace("\"2022-06-30\"", "\"2022-12-31\"", StringComparison.Ordinal) : line);
            var organizations = File.ReadAllLines(OrganizationsFile)
                .Select(line => line.Contains("\"UNIVERSITE DE MONS\"", StringComparison.Ordinal) ? line.Replace("\"1296875.75\"", "\"1300000,00\"", StringComparison.Ordinal) : line);
            await File.WriteAllLinesAsync(Path.Combine(folder, "project.csv"), projects, Ct);
            await File.WriteAllLinesAsync(Path.Combine(folder, "organization.csv"), organizations, Ct);
            var log = new StringWriter();

            var report = await ImportAsync(app, projects: Path.Combine(folder, "project.csv"), organizations: Path.Combine(folder, "organization.csv"), log: log);

            Assert.Equal((0, 1, 2, 0), (report.ProjectsCreated, report.ProjectsUpdated, report.ProjectsUnchanged, report.ProjectsFailed));
            Assert.Contains("update project 825123 NUCLIMAGE: EndDate, partner umons Budget, Funding", log.ToString());
            var nuclimage = await app.WithDbAsync(db => ProjectAsync(db, "825123"));
            Assert.Equal((new DateOnly(2022, 12, 31), 2), (nuclimage.EndDate, nuclimage.Version));
            var umons = nuclimage.Partners.Single(p => p.Organization!.Slug == "umons");
            Assert.Equal((1300000m, 1300000m), (umons.Budget, umons.Funding));
            var tracecare = await app.WithDbAsync(db => ProjectAsync(db, "101057654"));
            Assert.Equal((1, 2), (tracecare.Version, tracecare.Partners.Count));
            // One entry for the project, one for the partner.
            Assert.Equal(auditEntries + 2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(Ct)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_dry_run_reports_what_it_would_do_and_writes_nothing()
    {
        await using var app = await StartAppAsync();
        await GiveUcbItsEnterpriseNumberAsync(app);
        var before = await SnapshotAsync(app);
        var log = new StringWriter();

        var report = await ImportAsync(app, dryRun: true, log: log);

        Assert.Equal((3, 0, 0, 0), (report.ProjectsCreated, report.ProjectsUpdated, report.ProjectsUnchanged, report.ProjectsFailed));
        Assert.Equal(Matched(pic: 0, vat: 1, ror: 1, name: 4), report.OrganizationsMatched);
        Assert.Equal(4, report.OrganizationsCreated);
        Assert.Equal(FixtureProblems, report.Problems);
        Assert.Contains("create project 101080123 IMMUNOLIGHT: 5 partners; skipped organization.csv line 7", log.ToString());
        Assert.Contains("create organization \"KAROLINSKA INSTITUTET\" (PIC 999905126) as karolinska-institutet (University)", log.ToString());
        Assert.Contains("record PIC 999984059 on uliege", log.ToString());
        Assert.EndsWith("(dry run: nothing written)", log.ToString().TrimEnd());
        Assert.Equal(before, await SnapshotAsync(app));
    }

    [Fact]
    public async Task Unreadable_records_are_reported_by_line_and_the_rest_imported()
    {
        await using var app = await StartAppAsync();
        var folder = Directory.CreateTempSubdirectory("cordis-import-").FullName;
        try
        {
            var organizations = Path.Combine(folder, "organization.csv");
            File.Copy(OrganizationsFile, organizations);
            // Line 17: too few fields. Line 18: a quote never closed, which swallows the rest of the file; line 19 is read again.
            await File.AppendAllTextAsync(organizations,
                "\"825123\";\"NUCLIMAGE\";\"999842536\"\n"
                + "\"825123\";\"NUCLIMAGE\";\"999000001\";\"\";\"NAME WITHOUT ITS CLOSING QUOTE\n"
                + "\"825123\";\"NUCLIMAGE\";\"999975711\";\"\";\"UNIVERSITY COLLEGE LONDON\";\"UCL\";\"false\";\"HES\";\"Gower Street\";\"WC1E 6BT\";\"London\";\"UK\";\"UKI31\";\"\";\"\";\"\";\"\";\"\";\"3\";\"participant\";\"998750\";\"998750\";\"998750\";\"false\";\"true\"\n",
                Ct);

            var report = await ImportAsync(app, organizations: organizations);

            Assert.Equal(3, report.ProjectsCreated);
            Assert.Equal(
                [.. FixtureProblems, new("organization.csv", 17, "3 fields where the header has 25"), new("organization.csv", 18, "unterminated quote: the field opened on line 18 is never closed"),
                    new("organization.csv", 19, "UNIVERSITY COLLEGE LONDON is the same organization (university-college-london) as line 10 in project 825123")],
                report.Problems);
            Assert.Equal(4, (await app.WithDbAsync(db => ProjectAsync(db, "825123"))).Partners.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_name_two_organizations_bear_rejects_the_row_rather_than_guess()
    {
        await using var app = await StartAppAsync();
        await app.WithDbAsync(async db =>
        {
            db.Organizations.Add(new Organization { Slug = "umons-hainaut", Name = "UMONS Hainaut", Aliases = ["Université de Mons"], Type = OrganizationType.University });
            return await db.SaveChangesAsync(Ct);
        });

        var report = await ImportAsync(app);

        Assert.Contains(new CordisImportProblem("organization.csv", 8,
            "\"UNIVERSITE DE MONS\" (PIC 999842536) matches 2 organizations by name (umons, umons-hainaut): add the external id cordis-pic 999842536 to the right one"),
            report.Problems);
        var nuclimage = await app.WithDbAsync(db => ProjectAsync(db, "825123"));
        Assert.Equal(["ulb", "university-college-london", "nucleotide-solutions-srl"], nuclimage.Partners.OrderBy(p => p.Id).Select(p => p.Organization!.Slug));
    }

    [Fact]
    public async Task A_database_failure_leaves_nothing_of_that_project_and_the_others_are_imported()
    {
        await using var app = await StartAppAsync();
        // A hand-made project already holds the slug the import gives CORDIS project 825123: its insert fails on the unique key.
        await app.WithDbAsync(async db =>
        {
            db.Projects.Add(new Project { Slug = "cordis-825123", Acronym = "HAND", TitleEn = "Typed by hand", Source = ProjectSource.Manual });
            return await db.SaveChangesAsync(Ct);
        });
        var organizationCount = await app.WithDbAsync(db => db.Organizations.CountAsync(Ct));

        var report = await ImportAsync(app);

        Assert.Equal((2, 0, 0, 1), (report.ProjectsCreated, report.ProjectsUpdated, report.ProjectsUnchanged, report.ProjectsFailed));
        var failure = Assert.Single(report.Problems, p => p.Line == 5);
        Assert.Equal("project.csv", failure.File);
        Assert.StartsWith("project 825123 not saved, nothing of it was written: ", failure.Reason);
        // Its two new organizations and the PICs recorded on UMONS and ULB were in the project's transaction, and rolled back with it.
        Assert.Equal(organizationCount + 3, await app.WithDbAsync(db => db.Organizations.CountAsync(Ct))); // Karolinska, ETH, UCB Biopharma
        Assert.Equal(3, report.OrganizationsCreated);
        await app.WithDbAsync(async db =>
        {
            Assert.False(await db.Organizations.AnyAsync(o => o.Slug == "university-college-london" || o.Slug == "nucleotide-solutions-srl", Ct));
            var umonsAndUlb = await db.Organizations.Where(o => o.Slug == "umons" || o.Slug == "ulb").ToListAsync(Ct);
            Assert.All(umonsAndUlb, o => Assert.Empty(o.ExternalIds));
            Assert.All(umonsAndUlb, o => Assert.Equal(1, o.Version));
            var handMade = await db.Projects.Include(p => p.Partners).SingleAsync(p => p.Slug == "cordis-825123", Ct);
            Assert.Equal(("HAND", (string?)null, 1), (handMade.Acronym, handMade.CordisId, handMade.Version));
            Assert.Empty(handMade.Partners);
            Assert.Equal(2, await db.Projects.CountAsync(p => p.Source == ProjectSource.Cordis, Ct));
            return 0;
        });
    }

    private static async Task<CordisImportReport> ImportAsync(TestApp app, bool dryRun = false, string? projects = null, string? organizations = null, TextWriter? log = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BiotopeDb>();
        return await new CordisImporter(db, log ?? TextWriter.Null).ImportAsync(projects ?? ProjectsFile, organizations ?? OrganizationsFile, dryRun, Ct);
    }

    // The demo directory does not know UCB's enterprise number; the VAT rule needs one to match.
    private static Task GiveUcbItsEnterpriseNumberAsync(TestApp app) => app.WithDbAsync(async db =>
    {
        var ucb = await db.Organizations.SingleAsync(o => o.Slug == "ucb", Ct);
        ucb.EnterpriseNumber = "0402.040.254";
        return await db.SaveChangesAsync(Ct);
    });

    private static Dictionary<OrganizationMatch, int> Matched(int pic, int vat, int ror, int name) => new()
    {
        [OrganizationMatch.Pic] = pic,
        [OrganizationMatch.Vat] = vat,
        [OrganizationMatch.Ror] = ror,
        [OrganizationMatch.Name] = name,
    };

    private static Task<Project> ProjectAsync(BiotopeDb db, string cordisId) =>
        db.Projects.Include(p => p.Partners).ThenInclude(p => p.Organization).SingleAsync(p => p.CordisId == cordisId, Ct);

    /// <summary>Everything an import could change, as comparable text: rows, versions, partners' amounts and the audit count.</summary>
    private static Task<string> SnapshotAsync(TestApp app) => app.WithDbAsync(async db =>
    {
        var organizations = await db.Organizations.OrderBy(o => o.Id).Select(o => new { o.Id, o.Version, o.UpdatedAt }).ToListAsync(Ct);
        var projects = await db.Projects.OrderBy(p => p.Id).Select(p => new { p.Id, p.Version, p.UpdatedAt }).ToListAsync(Ct);
        var partners = await db.ProjectPartners.OrderBy(p => p.Id).Select(p => new { p.Id, p.OrganizationId, p.Role, p.Budget, p.Funding }).ToListAsync(Ct);
        var auditEntries = await db.AuditEntries.CountAsync(Ct);
        return string.Join("\n", organizations) + "\n" + string.Join("\n", projects) + "\n" + string.Join("\n", partners) + $"\naudit entries: {auditEntries}";
    });
}

public sealed class SqliteCordisImportTests : CordisImportContract
{
    protected override Task<TestApp> StartAppAsync() => TestApp.StartSqliteAsync(seedDemo: true);
}

public sealed class PostgresCordisImportTests(PostgresServer server) : CordisImportContract
{
    protected override Task<TestApp> StartAppAsync()
    {
        server.RequireOrSkip();
        return TestApp.StartPostgresAsync(server, seedDemo: true);
    }
}
