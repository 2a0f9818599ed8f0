using System.Text.Json.Nodes;
using Biotope.Data;
using Biotope.Features.Demo;
using Biotope.Features.Organizations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Demo;

public sealed class DemoSeederTests : IAsyncLifetime
{
    private SqliteConnection connection = null!;
    private BiotopeDb db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (connection, db) = await CreateDatabaseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await db.DisposeAsync();
        await connection.DisposeAsync();
    }

    // The one place that decides how the test database is created; swap for the real migrations
    // once they exist.
    private static async Task<(SqliteConnection, BiotopeDb)> CreateDatabaseAsync()
    {
        var sqlite = new SqliteConnection("DataSource=:memory:");
        await sqlite.OpenAsync();
        var context = new BiotopeDb(new DbContextOptionsBuilder<BiotopeDb>().UseSqlite(sqlite).Options);
        await Biotope.Data.Migrator.MigrateAsync(context);
        return (sqlite, context);
    }

    private Task<Organization> OrganizationAsync(string slug) =>
        db.Organizations.AsNoTracking().SingleAsync(o => o.Slug == slug, Ct);

    private async Task<List<string>> PartOfSlugsAsync(string academySlug) =>
        await db.OrganizationRelations.AsNoTracking()
            .Where(r => r.Kind == RelationKind.PartOf && r.ToOrganization!.Slug == academySlug)
            .Select(r => r.FromOrganization!.Slug)
            .OrderBy(s => s)
            .ToListAsync(Ct);

    [Fact]
    public void The_file_loads_and_validates()
    {
        var file = DemoSeeder.Load();

        Assert.NotEmpty(file.Organizations);
        Assert.All(file.Organizations, o =>
        {
            Assert.All(o.Sectors, c => Assert.True(Taxonomy.IsSector(c), c));
            Assert.All(o.Areas, c => Assert.True(Taxonomy.IsArea(c), c));
            Assert.All(o.Stages, c => Assert.True(Taxonomy.IsStage(c), c));
            Assert.All(o.Capabilities, c => Assert.True(Taxonomy.IsCapability(c), c));
            if (o.NutsCode is not null) Assert.True(Nuts.IsKnown(o.NutsCode), o.NutsCode);
        });
    }

    [Fact]
    public void Every_organization_project_and_the_region_name_a_declared_source()
    {
        var file = DemoSeeder.Load();
        var declared = file.Sources.Select(s => s.File).ToHashSet();

        Assert.All(file.Organizations, o => Assert.NotEmpty(o.Sources));
        Assert.All(file.Projects, p => Assert.NotEmpty(p.Sources));
        Assert.NotEmpty(file.Region.Sources);
        Assert.All(file.Organizations.SelectMany(o => o.Sources).Concat(file.Projects.SelectMany(p => p.Sources)).Concat(file.Region.Sources),
            s => Assert.Contains(s, declared));
        // The five seed documents are all used.
        Assert.Equal(5, declared.Count(s => s.EndsWith(".txt", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("sectors", "biotech-things", "unknown sector 'biotech-things'")]
    [InlineData("areas", "alchemy", "unknown area 'alchemy'")]
    [InlineData("stages", "marketing", "unknown stage 'marketing'")]
    [InlineData("capabilities", "teleportation", "unknown capability 'teleportation'")]
    public void An_unknown_code_is_rejected_with_a_clear_message(string field, string code, string expected)
    {
        var json = Mutate(root => root["organizations"]![0]![field] = new JsonArray(code));

        var e = Assert.Throws<InvalidDataException>(() => DemoSeeder.Parse(json));
        Assert.Contains(expected, e.Message);
        Assert.Contains("organization 'biowin'", e.Message);
    }

    [Fact]
    public void Unknown_nuts_type_relation_partner_and_parent_keys_are_rejected()
    {
        var json = Mutate(root =>
        {
            var biowin = root["organizations"]![0]!;
            biowin["nutsCode"] = "BE999";
            biowin["relations"]!.AsArray().Add(new JsonObject { ["kind"] = "PartOf", ["to"] = "nowhere" });
            root["projects"]![0]!["partners"]!.AsArray().Add(new JsonObject { ["org"] = "ghost" });
            root["projects"]![1]!["parent"] = "no-such-project";
        });

        var e = Assert.Throws<InvalidDataException>(() => DemoSeeder.Parse(json));
        Assert.Contains("unknown NUTS code 'BE999'", e.Message);
        Assert.Contains("unknown organization 'nowhere'", e.Message);
        Assert.Contains("partner 'ghost'", e.Message);
        Assert.Contains("parent 'no-such-project'", e.Message);

        var badType = Mutate(root => root["organizations"]![0]!["type"] = "Guild");
        Assert.Throws<InvalidDataException>(() => DemoSeeder.Parse(badType));
        var noSources = Mutate(root => root["organizations"]![0]!["sources"] = new JsonArray());
        Assert.Contains("has no source", Assert.Throws<InvalidDataException>(() => DemoSeeder.Parse(noSources)).Message);
    }

    [Fact]
    public async Task BioWin_is_the_cluster_and_AWEX_a_public_agency()
    {
        await DemoSeeder.SeedAsync(db, Ct);

        var biowin = await OrganizationAsync("biowin");
        Assert.Equal(OrganizationType.Cluster, biowin.Type);
        Assert.Equal(MembershipStatus.None, biowin.Membership);
        Assert.Equal(["pharma", "diagnostics", "medical-devices"], biowin.Sectors);
        Assert.Contains("cell-therapy", biowin.Areas);
        Assert.Contains("biowin", biowin.SearchText);

        var awex = await OrganizationAsync("awex");
        Assert.Equal(OrganizationType.PublicAgency, awex.Type);
        Assert.Equal("Wallonia Export-Investment Agency", awex.NameEn);
        Assert.Contains("export-investment", awex.Capabilities);
    }

    [Fact]
    public async Task The_three_academies_hold_their_universities()
    {
        await DemoSeeder.SeedAsync(db, Ct);

        Assert.Equal(["ulb"], await PartOfSlugsAsync("academie-wallonie-bruxelles"));
        Assert.Equal(["uliege"], await PartOfSlugsAsync("academie-wallonie-europe"));
        Assert.Equal(["uclouvain"], await PartOfSlugsAsync("academie-louvain"));
        Assert.Equal("Académie universitaire Wallonie-Bruxelles", (await OrganizationAsync("academie-wallonie-bruxelles")).Name);
        foreach (var university in new[] { "ulb", "uliege", "uclouvain", "umons" })
            Assert.Equal(OrganizationType.University, (await OrganizationAsync(university)).Type);
    }

    [Fact]
    public async Task Universities_carry_their_location_and_ROR_identity()
    {
        await DemoSeeder.SeedAsync(db, Ct);

        var uliege = await OrganizationAsync("uliege");
        Assert.Equal("Liège", uliege.City);
        Assert.Equal("BE332", uliege.NutsCode);
        Assert.Contains("ULg", uliege.Aliases);

        var umons = await OrganizationAsync("umons");
        Assert.Equal(("Mons", "BE323"), (umons.City, umons.NutsCode));

        var uclouvain = await OrganizationAsync("uclouvain");
        Assert.Equal("02495e989", uclouvain.RorId);
        Assert.Contains(uclouvain.ExternalIds, e => e.Scheme == "grid" && e.Value == "grid.7942.8");

        var ewi = await OrganizationAsync("ewi");
        Assert.Equal(("Koning Albert II-laan 35", "1030", "Brussels"), (ewi.StreetAddress, ewi.PostalCode, ewi.City));
    }

    [Fact]
    public async Task Hainaut_Biomed_has_its_researchers_partners_and_sub_projects()
    {
        await DemoSeeder.SeedAsync(db, Ct);

        var project = await db.Projects.AsNoTracking().Include(p => p.Partners).ThenInclude(p => p.Organization)
            .SingleAsync(p => p.Slug == "hainaut-biomed", Ct);
        Assert.Equal(19, project.ResearchersToHire);
        Assert.Null(project.ParentProjectId);
        Assert.Equal(["academie-wallonie-bruxelles", "biowin", "ulb", "umons"],
            project.Partners.Select(p => p.Organization!.Slug).Order().ToList());

        foreach (var child in new[] { "ocpam", "pseudart" })
            Assert.Equal(project.Id, (await db.Projects.AsNoTracking().SingleAsync(p => p.Slug == child, Ct)).ParentProjectId);
        Assert.Equal("Optimization of a Monoclonal Antibody Production Chain",
            (await db.Projects.AsNoTracking().SingleAsync(p => p.Slug == "ocpam", Ct)).TitleEn);
    }

    [Fact]
    public async Task Hainaut_Biomed_has_the_three_strands_of_seed_003_and_states_no_status()
    {
        await DemoSeeder.SeedAsync(db, Ct);

        var projects = await db.Projects.AsNoTracking().ToDictionaryAsync(p => p.Slug, Ct);
        var hainaut = projects["hainaut-biomed"];
        Assert.Equal([1, 2, 3], hainaut.Strands.Select(s => s.Number));
        Assert.All(hainaut.Strands, s => Assert.False(string.IsNullOrWhiteSpace(s.TitleFr)));
        Assert.Contains("imaging", hainaut.Strands[0].TitleEn);
        Assert.Equal([projects["ocpam"].Id, projects["pseudart"].Id], hainaut.Strands[1].SubProjectIds.Order());
        Assert.Contains("ImmuneHealth", hainaut.Strands[2].TitleEn);
        Assert.Contains("immunological analyses", hainaut.Strands[2].DescriptionEn);

        // The seed gives no status, dates, funder or amounts: none is stored as a fact.
        Assert.All(projects.Values, p =>
        {
            Assert.Equal(Biotope.Features.Projects.ProjectSource.Demo, p.Source);
            Assert.False(p.StatusStated);
            Assert.Null(p.StartDate);
            Assert.Null(p.Funder);
        });
        Assert.All(await db.ProjectPartners.AsNoTracking().ToListAsync(Ct), x => Assert.Null(x.Budget));
    }

    [Fact]
    public void A_strand_naming_a_project_that_is_not_a_sub_project_is_rejected()
    {
        var json = Mutate(root => root["projects"]![0]!["strands"]![0]!["subProjects"] = new JsonArray("hainaut-biomed"));

        var e = Assert.Throws<InvalidDataException>(() => DemoSeeder.Parse(json));
        Assert.Contains("strand 1 names 'hainaut-biomed', which is not a sub-project of 'hainaut-biomed'", e.Message);
    }

    [Fact]
    public async Task The_Walloon_region_profile_is_saved()
    {
        var result = await DemoSeeder.SeedAsync(db, Ct);
        Assert.True(result.RegionSaved);

        var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == "BE3", Ct);
        var population = Assert.Single(region.Indicators, i => i.Key == "population");
        Assert.Equal(("3643996", 2019), (population.Value, population.Year));
        Assert.Contains(region.Indicators, i => i.Key == "population-density" && i.Value == "216" && i.Year == 2017);
        Assert.Contains(region.Indicators, i => i.Key == "population-over-65" && i.Value == "18.51" && i.Year == null);
        Assert.Contains(region.Indicators, i => i.Key == "innovation-performance-group" && i.Value == "Strong" && i.Year == 2019);

        var tagged = Assert.Single(region.Priorities, p => p.Nace.Count > 0);
        Assert.Equal(["C21", "Q", "M"], tagged.Nace);
        Assert.Equal(["NABS06", "NABS07", "NABS09", "NABS12", "NABS13"], tagged.Nabs);
        Assert.Equal(["D", "G"], tagged.PolicyObjectives);

        Assert.Equal(21, region.Networks.Count);
        Assert.Contains(region.Networks, n => n.Network == "Regions4PM region" && n.Status == "Not yet");
        Assert.Contains(region.Networks, n => n.Network == "1M+Genome initiative" && n.Status == "country level member");
        Assert.Equal(3, region.PolicyDocuments.Count);
        Assert.Equal(3, region.PolicyTopics.Count);
    }

    [Fact]
    public async Task The_result_counts_what_the_file_describes()
    {
        var file = DemoSeeder.Load();

        var result = await DemoSeeder.SeedAsync(db, Ct);

        Assert.Equal(file.Organizations.Count, result.Organizations);
        Assert.Equal(file.Projects.Count, result.Projects);
        Assert.Equal(file.Organizations.Sum(o => o.Relations.Count), result.Relations);
        Assert.Equal(result.Organizations, await db.Organizations.CountAsync(Ct));
        Assert.Equal(result.Relations, await db.OrganizationRelations.CountAsync(Ct));
    }

    [Fact]
    public async Task Seeding_twice_changes_nothing()
    {
        var first = await DemoSeeder.SeedAsync(db, Ct);
        var audit = await db.AuditEntries.CountAsync(Ct);
        Assert.True(audit > first.Organizations, $"audit={audit}");
        var partners = await db.ProjectPartners.CountAsync(Ct);

        db.ChangeTracker.Clear();
        var second = await DemoSeeder.SeedAsync(db, Ct);

        Assert.Equal(first, second);
        Assert.Equal(first.Organizations, await db.Organizations.CountAsync(Ct));
        Assert.Equal(first.Projects, await db.Projects.CountAsync(Ct));
        Assert.Equal(first.Relations, await db.OrganizationRelations.CountAsync(Ct));
        Assert.Equal(partners, await db.ProjectPartners.CountAsync(Ct));
        Assert.Equal(1, await db.Regions.CountAsync(Ct));
        Assert.Equal(audit, await db.AuditEntries.CountAsync(Ct)); // nothing was modified
        Assert.All(await db.Organizations.AsNoTracking().ToListAsync(Ct), o => Assert.Equal(1, o.Version));
    }

    [Fact]
    public async Task Seeding_updates_an_existing_row_and_keeps_what_the_file_does_not_know()
    {
        db.Organizations.Add(new Organization
        {
            Slug = "uliege",
            Name = "ULg",
            Type = OrganizationType.Other,
            Website = "https://www.uliege.be",
        });
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();

        await DemoSeeder.SeedAsync(db, Ct);

        var uliege = await OrganizationAsync("uliege");
        Assert.Equal("Université de Liège", uliege.Name);
        Assert.Equal(OrganizationType.University, uliege.Type);
        Assert.Equal("https://www.uliege.be", uliege.Website); // the file has no website: unknown, kept
        Assert.Equal(1, await db.Organizations.CountAsync(o => o.Slug == "uliege", Ct));
    }

    [Fact]
    public async Task A_row_created_by_a_ROR_import_is_enriched_not_duplicated()
    {
        db.Organizations.Add(new Organization
        {
            Slug = "universite-catholique-de-louvain",
            Name = "UCLouvain",
            Type = OrganizationType.University,
            RorId = "02495e989",
        });
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();

        await DemoSeeder.SeedAsync(db, Ct);

        var row = await db.Organizations.AsNoTracking().SingleAsync(o => o.RorId == "02495e989", Ct);
        Assert.Equal("Louvain-la-Neuve", row.City);
        Assert.False(await db.Organizations.AnyAsync(o => o.Slug == "uclouvain", Ct));
        Assert.Equal(["universite-catholique-de-louvain"], await PartOfSlugsAsync("academie-louvain"));
    }

    private static string Mutate(Action<JsonNode> change)
    {
        var original = DemoSeederResource.Json();
        var root = JsonNode.Parse(original)!;
        change(root);
        return root.ToJsonString();
    }
}

/// <summary>Reads the embedded demo file as text, for tests that break it on purpose.</summary>
internal static class DemoSeederResource
{
    public static string Json()
    {
        var assembly = typeof(DemoSeeder).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Features.Demo.wallonia.json", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }
}
