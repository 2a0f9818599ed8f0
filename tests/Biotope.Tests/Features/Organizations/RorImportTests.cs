using System.Text.Json.Nodes;
using Biotope.Data;
using Biotope.Features.Organizations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Organizations;

public class RorImportTests
{
    private const int RecordCount = 94;
    private const int RelationsBetweenRecords = 10;

    private static readonly string RorRecordsDir = Path.Combine(TestPaths.SharedDir, "data", "ror-be");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Imports_every_record_with_its_real_values()
    {
        await using var connection = await OpenDatabaseAsync();
        var log = new StringWriter();

        var report = await ImportAsync(connection, RorRecordsDir, dryRun: false, log);

        Assert.Equal((RecordCount, 0, 0, RelationsBetweenRecords), (report.Created, report.Updated, report.Unchanged, report.RelationsAdded));
        Assert.Empty(report.Failures);
        await using var db = NewContext(connection);
        Assert.Equal(RecordCount, await db.Organizations.CountAsync(Ct));
        Assert.Contains("create 02495e989 UCLouvain", log.ToString());
        Assert.EndsWith($"ROR import: 94 created, 0 updated, 0 unchanged, {RelationsBetweenRecords} relations added, 0 failed", log.ToString().TrimEnd());

        var uclouvain = await db.Organizations.SingleAsync(o => o.RorId == "02495e989", Ct);
        Assert.Equal("UCLouvain", uclouvain.Name);
        Assert.Equal("uclouvain", uclouvain.Slug);
        Assert.Equal("UCLouvain", uclouvain.NameFr);
        Assert.Equal("Catholic University of Louvain", uclouvain.NameEn);
        Assert.Null(uclouvain.NameNl);
        Assert.Null(uclouvain.Acronym);
        Assert.Equal(["Université catholique de Belgique", "Université catholique de Louvain"], uclouvain.Aliases);
        Assert.Equal(OrganizationType.University, uclouvain.Type);
        Assert.Equal("Louvain-la-Neuve", uclouvain.City);
        Assert.Equal("BE", uclouvain.Country);
        Assert.Equal("BE3", uclouvain.NutsCode);
        Assert.Equal("https://uclouvain.be", uclouvain.Website);
        Assert.Equal(1425, uclouvain.FoundedYear);
        Assert.Equal(
            [("fundref", "501100005041"), ("grid", "grid.7942.8"), ("isni", "0000 0001 2294 713X"), ("wikidata", "Q378134")],
            uclouvain.ExternalIds.Select(e => (e.Scheme, e.Value)));
        Assert.Equal(1, uclouvain.Version);
        Assert.Contains("catholic university of louvain", uclouvain.SearchText);

        var ghent = await db.Organizations.SingleAsync(o => o.RorId == "00cv9y106", Ct);
        Assert.Equal(("Ghent University", "Université de Gand", "Ghent University", "Universiteit Gent"), (ghent.Name, ghent.NameFr, ghent.NameEn, ghent.NameNl));
        Assert.Equal(["UGent"], ghent.Aliases);
        Assert.Equal(("Ghent", "BE2", OrganizationType.University), (ghent.City, ghent.NutsCode, ghent.Type));

        var argenx = await db.Organizations.SingleAsync(o => o.RorId == "04spfxf63", Ct);
        Assert.Equal(("Argenx (Belgium)", "argenx-belgium", OrganizationType.Sme, "Ghent", "BE2", 2009), (argenx.Name, argenx.Slug, argenx.Type, argenx.City, argenx.NutsCode, argenx.FoundedYear));

        var istar = await db.Organizations.SingleAsync(o => o.RorId == "03xzrvz30", Ct);
        Assert.Equal((OrganizationType.Sme, "Wavre", "BE3"), (istar.Type, istar.City, istar.NutsCode));
        Assert.Equal(["iSTAR Medical", "iSTAR Medical SA"], istar.Aliases);

        var commission = await db.Organizations.SingleAsync(o => o.RorId == "00k4n6c32", Ct);
        Assert.Equal((OrganizationType.PublicAgency, "BE1", "EC", "Commission européenne", "Europese Commissie"),
            (commission.Type, commission.NutsCode, commission.Acronym, commission.NameFr, commission.NameNl));
        Assert.Contains("Europäische Kommission", commission.Aliases);

        // A second acronym is kept as an alias so that it stays searchable.
        var nuclearCentre = await db.Organizations.SingleAsync(o => o.RorId == "020xs5r81", Ct);
        Assert.Equal((OrganizationType.ResearchInstitute, "CEN", "Mol"), (nuclearCentre.Type, nuclearCentre.Acronym, nuclearCentre.City));
        Assert.Equal(["Studienzentrum für Kernenergie", "SCK"], nuclearCentre.Aliases);

        Assert.Equal(OrganizationType.Other, (await db.Organizations.SingleAsync(o => o.RorId == "039grzt84", Ct)).Type); // funder + nonprofit
        Assert.Equal(OrganizationType.Hospital, (await db.Organizations.SingleAsync(o => o.RorId == "05pvs7q85", Ct)).Type); // Epicura
        Assert.Equal(OrganizationType.Other, (await db.Organizations.SingleAsync(o => o.RorId == "031kxs331", Ct)).Type); // archive
    }

    [Fact]
    public async Task Links_records_whose_other_end_is_in_the_directory()
    {
        await using var connection = await OpenDatabaseAsync();

        await ImportAsync(connection, RorRecordsDir, dryRun: false);

        await using var db = NewContext(connection);
        var relations = await db.OrganizationRelations
            .Select(r => new { From = r.FromOrganization!.RorId, To = r.ToOrganization!.RorId, r.Kind })
            .ToListAsync(Ct);
        Assert.Equal(RelationsBetweenRecords, relations.Count);
        Assert.Contains(new { From = (string?)"0027txx50", To = (string?)"00cv9y106", Kind = RelationKind.PartOf }, relations); // UGCT, part of Ghent University
        Assert.Contains(new { From = (string?)"01mt46z25", To = (string?)"05f950310", Kind = RelationKind.PartOf }, relations); // Leuven Stem Cell Institute, part of KU Leuven
        Assert.Contains(new { From = (string?)"00k4n6c32", To = (string?)"019w4f821", Kind = RelationKind.PartOf }, relations); // European Commission, part of the EU
        Assert.Equal(6, relations.Count(r => r.To == "00k4n6c32" && r.Kind == RelationKind.PartOf)); // the Commission's directorates and agencies
        // ILCOR and the European Resuscitation Council name each other: one RelatedTo for the pair.
        Assert.Single(relations, r => r.Kind == RelationKind.RelatedTo && new[] { r.From, r.To }.Order().SequenceEqual(["050yn5k40", "05s6r7486"]));
    }

    [Fact]
    public async Task A_second_run_changes_nothing()
    {
        await using var connection = await OpenDatabaseAsync();
        await ImportAsync(connection, RorRecordsDir, dryRun: false);
        var before = await SnapshotAsync(connection);

        var report = await ImportAsync(connection, RorRecordsDir, dryRun: false);

        Assert.Equal((0, 0, RecordCount, 0), (report.Created, report.Updated, report.Unchanged, report.RelationsAdded));
        Assert.Empty(report.Failures);
        var after = await SnapshotAsync(connection);
        Assert.Equal(before.Versions, after.Versions);
        Assert.All(after.Versions, v => Assert.Equal(1, v.Version));
        Assert.Equal(before.RelationCount, after.RelationCount);
        Assert.Equal(before.AuditEntryCount, after.AuditEntryCount);
    }

    [Fact]
    public async Task A_dry_run_reports_the_changes_and_writes_nothing()
    {
        await using var connection = await OpenDatabaseAsync();
        var log = new StringWriter();

        var report = await ImportAsync(connection, RorRecordsDir, dryRun: true, log);

        Assert.Equal((RecordCount, 0, 0, RelationsBetweenRecords), (report.Created, report.Updated, report.Unchanged, report.RelationsAdded));
        Assert.Empty(report.Failures);
        Assert.Contains("create 02495e989 UCLouvain", log.ToString());
        Assert.Contains("relate 0027txx50 PartOf 00cv9y106", log.ToString());
        Assert.Contains("(dry run: nothing written)", log.ToString());
        var stored = await SnapshotAsync(connection);
        Assert.Empty(stored.Versions);
        Assert.Equal(0, stored.RelationCount);
        Assert.Equal(0, stored.AuditEntryCount);
    }

    [Fact]
    public async Task A_dry_run_after_an_import_lists_the_fields_it_would_update()
    {
        await using var connection = await OpenDatabaseAsync();
        await ImportAsync(connection, RorRecordsDir, dryRun: false);
        await using (var db = NewContext(connection))
        {
            var uclouvain = await db.Organizations.SingleAsync(o => o.RorId == "02495e989", Ct);
            uclouvain.NameEn = null;
            uclouvain.Website = null;
            await db.SaveChangesAsync(Ct);
        }
        var log = new StringWriter();

        var report = await ImportAsync(connection, RorRecordsDir, dryRun: true, log);

        Assert.Equal((0, 1, RecordCount - 1, 0), (report.Created, report.Updated, report.Unchanged, report.RelationsAdded));
        Assert.Contains("update 02495e989 UCLouvain: NameEn, Website", log.ToString());
        await using var check = NewContext(connection);
        Assert.Null((await check.Organizations.SingleAsync(o => o.RorId == "02495e989", Ct)).NameEn);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("ftp://ftp.uclouvain.be")]
    public async Task A_website_that_is_not_http_is_dropped_and_said_in_the_report(string website)
    {
        var folder = Directory.CreateTempSubdirectory("ror-import-").FullName;
        try
        {
            var record = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RorRecordsDir, "02495e989.json"), Ct))!;
            foreach (var link in record["links"]!.AsArray())
                if ((string?)link!["type"] == "website") link["value"] = website;
            await File.WriteAllTextAsync(Path.Combine(folder, "02495e989.json"), record.ToJsonString(), Ct);
            await using var connection = await OpenDatabaseAsync();
            var log = new StringWriter();

            var report = await ImportAsync(connection, folder, dryRun: false, log);

            Assert.Equal(1, report.Created);
            Assert.Contains($"drop website \"{website}\" of 02495e989: not an absolute http(s) address", log.ToString());
            await using var db = NewContext(connection);
            Assert.Null((await db.Organizations.SingleAsync(o => o.RorId == "02495e989", Ct)).Website);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Malformed_files_are_reported_and_the_others_imported()
    {
        var folder = Directory.CreateTempSubdirectory("ror-import-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(RorRecordsDir))
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            await File.WriteAllTextAsync(Path.Combine(folder, "broken.json"), """{ "id": "https://ror.org/02495e989", "names": [ """, Ct);
            var record = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RorRecordsDir, "02495e989.json"), Ct))!;
            record["id"] = "https://ror.org/02495e998"; // check digits of 02495e989 swapped
            await File.WriteAllTextAsync(Path.Combine(folder, "badchecksum.json"), record.ToJsonString(), Ct);
            await using var connection = await OpenDatabaseAsync();
            var log = new StringWriter();

            var report = await ImportAsync(connection, folder, dryRun: false, log);

            Assert.Equal(RecordCount, report.Created);
            Assert.Equal(["badchecksum.json", "broken.json"], report.Failures.Select(f => f.File));
            Assert.Contains("check digits", report.Failures[0].Reason);
            Assert.StartsWith("invalid JSON", report.Failures[1].Reason);
            Assert.Contains("fail broken.json: invalid JSON", log.ToString());
            Assert.Contains("94 created, 0 updated, 0 unchanged, 10 relations added, 2 failed", log.ToString());
            await using var db = NewContext(connection);
            Assert.Equal(RecordCount, await db.Organizations.CountAsync(Ct));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("no display name", "no name of type ror_display")]
    [InlineData("no id", "missing id")]
    [InlineData("not a ROR URL", "id \"https://example.org/00cv9y106\" is not a ROR URL (https://ror.org/ followed by 9 characters)")]
    [InlineData("unknown status", "unknown status \"closed\"")]
    [InlineData("withdrawn", "00cv9y106 is withdrawn from ROR (a retired or duplicate record): not imported")]
    [InlineData("control character", "names[0].value holds a control character (as the API refuses it)")]
    public async Task An_invalid_record_is_rejected_with_its_reason(string defect, string reason)
    {
        var folder = Directory.CreateTempSubdirectory("ror-import-").FullName;
        try
        {
            var record = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RorRecordsDir, "00cv9y106.json"), Ct))!.AsObject();
            switch (defect)
            {
                case "no display name":
                    foreach (var name in record["names"]!.AsArray()) name!["types"] = new JsonArray("label");
                    break;
                case "no id": record.Remove("id"); break;
                case "not a ROR URL": record["id"] = "https://example.org/00cv9y106"; break;
                case "unknown status": record["status"] = "closed"; break;
                case "withdrawn": record["status"] = "withdrawn"; break;
                case "control character": record["names"]![0]!["value"] = "Ghent\u0000University"; break;
            }
            var file = Path.Combine(folder, "defective.json");
            await File.WriteAllTextAsync(file, record.ToJsonString(), Ct);
            await using var connection = await OpenDatabaseAsync();

            var report = await ImportAsync(connection, file, dryRun: false);

            Assert.Equal(0, report.Created);
            Assert.Equal(new RorImportFailure("defective.json", reason), Assert.Single(report.Failures));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_hand_made_organization_with_the_same_name_is_enriched_not_duplicated()
    {
        await using var connection = await OpenDatabaseAsync();
        int handMadeId;
        await using (var db = NewContext(connection))
        {
            var handMade = new Organization
            {
                Slug = "issep",
                Name = "Institut Scientifique de Service Public",
                Type = OrganizationType.PublicAgency,
                DescriptionFr = "Organisme scientifique de la Région wallonne.",
                Sectors = ["diagnostics"],
                Membership = MembershipStatus.Active,
                NutsCode = "BE332",
                Aliases = ["Institut wallon"],
                ExternalIds = [new ExternalId { Scheme = "kbo", Value = "0123.456.789" }],
            };
            db.Organizations.Add(handMade);
            await db.SaveChangesAsync(Ct);
            handMadeId = handMade.Id;
        }

        var report = await ImportAsync(connection, RorRecordsDir, dryRun: false);

        Assert.Equal((RecordCount - 1, 1, 0), (report.Created, report.Updated, report.Unchanged));
        await using var check = NewContext(connection);
        Assert.Equal(RecordCount, await check.Organizations.CountAsync(Ct));
        var enriched = await check.Organizations.SingleAsync(o => o.RorId == "01gcdtm70", Ct);
        Assert.Equal(handMadeId, enriched.Id);
        Assert.Equal("issep", enriched.Slug);
        Assert.Equal(OrganizationType.PublicAgency, enriched.Type); // ROR says nonprofit
        Assert.Equal("Organisme scientifique de la Région wallonne.", enriched.DescriptionFr);
        Assert.Equal(["diagnostics"], enriched.Sectors);
        Assert.Equal(MembershipStatus.Active, enriched.Membership);
        Assert.Equal("BE332", enriched.NutsCode); // more precise than ROR's BE3
        Assert.Equal(("Liège", "ISSeP", "https://www.issep.be", 1990), (enriched.City, enriched.Acronym, enriched.Website, enriched.FoundedYear));
        Assert.Equal(["Institut wallon"], enriched.Aliases);
        Assert.Equal(["kbo", "grid", "isni"], enriched.ExternalIds.Select(e => e.Scheme));
        Assert.Equal(2, enriched.Version);

        var again = await ImportAsync(connection, RorRecordsDir, dryRun: false);
        Assert.Equal((0, 0, RecordCount), (again.Created, again.Updated, again.Unchanged));
    }

    private static async Task<RorImportReport> ImportAsync(SqliteConnection connection, string path, bool dryRun, TextWriter? log = null)
    {
        await using var db = NewContext(connection);
        return await new RorImporter(db, log ?? TextWriter.Null).ImportAsync(path, dryRun, Ct);
    }

    private static async Task<(List<(int Id, int Version)> Versions, int RelationCount, int AuditEntryCount)> SnapshotAsync(SqliteConnection connection)
    {
        await using var db = NewContext(connection);
        var versions = (await db.Organizations.OrderBy(o => o.Id).Select(o => new { o.Id, o.Version }).ToListAsync(Ct))
            .Select(o => (o.Id, o.Version)).ToList();
        return (versions, await db.OrganizationRelations.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct));
    }

    // Until the real migrations land, the schema comes from the model on an in-memory SQLite database.
    private static async Task<SqliteConnection> OpenDatabaseAsync()
    {
        var connection = new SqliteConnection("DataSource=:memory:");
        await connection.OpenAsync(Ct);
        await using var db = NewContext(connection);
        await Migrator.MigrateAsync(db, Ct);
        return connection;
    }

    private static BiotopeDb NewContext(SqliteConnection connection) =>
        new(new DbContextOptionsBuilder<BiotopeDb>().UseSqlite(connection).Options);
}
