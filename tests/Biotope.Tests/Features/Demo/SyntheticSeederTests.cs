using Biotope.Features.Demo;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Demo;

public sealed class SyntheticSeederTests(PostgresServer postgres)
{
    [Fact]
    public void The_same_seed_gives_the_same_organizations_and_another_seed_others()
    {
        var first = SyntheticSeeder.Generate(500, 7).Select(o => (o.Slug, o.Name, o.Type, o.City)).ToList();
        var again = SyntheticSeeder.Generate(500, 7).Select(o => (o.Slug, o.Name, o.Type, o.City)).ToList();
        var other = SyntheticSeeder.Generate(500, 8).Select(o => (o.Slug, o.Name, o.Type, o.City)).ToList();
        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(o => o.Name), other.Select(o => o.Name));
    }

    [Fact]
    public void The_spread_is_realistic()
    {
        var organizations = SyntheticSeeder.Generate(5000, 42).ToList();
        Assert.Equal(5000, organizations.Select(o => o.Slug).Distinct().Count());
        Assert.True(organizations.Select(o => o.Type).Distinct().Count() >= 10);
        Assert.True(organizations.Select(o => Biotope.Features.Organizations.Search.DirectoryIndex.ProvinceFacetValue(o.NutsCode)).Distinct().Count() >= 6);
        Assert.True(organizations.Count(o => o.Name.Any(c => "éèêëàâîïôöûüç".Contains(c))) > 500, "accented names");
        Assert.All(organizations, o => Assert.True(o.Areas.All(Taxonomy.IsArea) && o.Sectors.All(Taxonomy.IsSector)));
        Assert.All(organizations, o => Assert.False(string.IsNullOrEmpty(o.SearchText)));
        var sme = organizations.Count(o => o.Type == OrganizationType.Sme);
        var university = organizations.Count(o => o.Type == OrganizationType.University);
        Assert.True(sme > 10 * university, "SMEs far outnumber universities");
    }

    [Fact]
    public async Task Seeding_on_sqlite_is_searchable_and_idempotent() =>
        await SeedTwiceAndSearchAsync(new BiotopeSettings(Path.Combine(Path.GetTempPath(), "biotope-syn-" + Guid.NewGuid().ToString("N")[..8]), null));

    [Fact]
    public async Task Seeding_on_postgres_is_searchable_and_idempotent() =>
        await SeedTwiceAndSearchAsync(new BiotopeSettings(Path.GetTempPath(), await postgres.CreateDatabaseAsync("synthetic")));

    private static async Task SeedTwiceAndSearchAsync(BiotopeSettings settings)
    {
        await using var db = settings.CreateDb();
        await Biotope.Data.Migrator.MigrateAsync(db, TestContext.Current.CancellationToken);
        var first = await SyntheticSeeder.SeedAsync(db, 2000, 3, TestContext.Current.CancellationToken);
        var second = await SyntheticSeeder.SeedAsync(db, 2000, 3, TestContext.Current.CancellationToken);
        Assert.Equal(2000, first.Inserted);
        Assert.Equal(0, second.Inserted);
        Assert.Equal(2000, await db.Organizations.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "SyntheticSeed", TestContext.Current.CancellationToken));

        // Rows written with plain SQL read back through EF exactly as generated, and the full-text index has them.
        var expected = SyntheticSeeder.Generate(2000, 3).First(o => o.Acronym is not null && o.Areas.Count > 0);
        var stored = await db.Organizations.AsNoTracking().SingleAsync(o => o.Slug == expected.Slug, TestContext.Current.CancellationToken);
        Assert.Equal((expected.Name, expected.Type, expected.MemberSince, expected.RdSharePercent, expected.UpdatedAt, expected.SearchText),
            (stored.Name, stored.Type, stored.MemberSince, stored.RdSharePercent, stored.UpdatedAt, stored.SearchText));
        Assert.Equal(expected.Areas, stored.Areas);
        var index = new Biotope.Features.Organizations.Search.DirectoryIndex();
        var search = new Biotope.Features.Organizations.Search.OrganizationSearch(db, index);
        var word = Biotope.Features.Organizations.Search.TextNormalizer.Tokens(expected.Name).OrderByDescending(w => w.Length).First();
        var result = await search.SearchAsync(new() { Q = word, PageSize = 100 }, "en", TestContext.Current.CancellationToken);
        var texts = await db.Organizations.Select(o => o.SearchText).ToListAsync(TestContext.Current.CancellationToken);
        Assert.True(result.Total > 0);
        Assert.Equal(texts.Count(t => t.Split(' ').Any(token => token.StartsWith(word, StringComparison.Ordinal))), result.Total);
    }
}
