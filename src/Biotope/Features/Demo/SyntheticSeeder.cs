using System.Data.Common;
using System.Text.Json;
using Biotope.Data;
using Biotope.Features.Audit;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace Biotope.Features.Demo;

/// <summary>
/// Deterministic synthetic organizations for benchmarks and load tests: the same N and seed always give
/// the same rows. Names mix French, Dutch and English words with accents; types, areas and places follow
/// a plausible spread. Rows go in with plain SQL in one transaction (ADR 004): one summary audit entry,
/// not 100,000. Re-running with the same N and seed adds nothing (slugs carry the seed and the index).
/// </summary>
public static class SyntheticSeeder
{
    private static readonly string[] FrenchWords = ["Laboratoire", "Institut", "Centre", "Clinique", "Société", "Thérapies", "Génomique", "Médical", "Santé", "Pharmaceutique", "Diagnostic", "Imagerie", "Recherche", "Innovation", "Cellulaire", "Immunologie", "Biologie", "Protéines", "Vaccins", "Régénération", "Chirurgie", "Oncologie", "Cardiologie", "Ophtalmique", "Nucléaire", "Moléculaire", "Précision", "Biomatériaux", "Études", "Hôpital"];
    private static readonly string[] DutchWords = ["Ziekenhuis", "Onderzoek", "Geneesmiddelen", "Zorg", "Gezondheid", "Laboratorium", "Technologie", "Beeldvorming", "Celtherapie", "Diagnostiek", "Genetica", "Kliniek", "Ontwikkeling", "Wetenschap"];
    private static readonly string[] EnglishWords = ["Therapeutics", "Biosciences", "Diagnostics", "Medical", "Devices", "Labs", "Health", "Bio", "Pharma", "Imaging", "Analytics", "Solutions", "Biotech", "Genomics", "Vision", "Isotopes", "Antibodies", "Cell", "Gene", "Robotics", "Sensors", "Care", "Digital", "Research"];
    private static readonly string[] ProperWords = ["Meuse", "Sambre", "Ardenne", "Condroz", "Hesbaye", "Famenne", "Gaume", "Fagne", "Brabant", "Lumière", "Étoile", "Phénix", "Orée", "Sève", "Hélix", "Aurore", "Cèdre", "Opale", "Argos", "Nova", "Vesdre", "Ourthe", "Lesse", "Semois", "Dyle", "Haine", "Senne", "Amblève", "Hoëgne", "Molignée"];
    private static readonly (string City, string Nuts, int Weight)[] Places =
    [
        ("Liège", "BE332", 14), ("Seraing", "BE332", 3), ("Herstal", "BE332", 2), ("Namur", "BE352", 8), ("Gembloux", "BE352", 3),
        ("Charleroi", "BE32B", 8), ("Gosselies", "BE32B", 6), ("Mons", "BE323", 6), ("La Louvière", "BE329", 2), ("Tournai", "BE328", 3),
        ("Mouscron", "BE328", 1), ("Ath", "BE32A", 1), ("Soignies", "BE32C", 1), ("Thuin", "BE32D", 1), ("Louvain-la-Neuve", "BE310", 9),
        ("Wavre", "BE310", 5), ("Mont-Saint-Guibert", "BE310", 4), ("Nivelles", "BE310", 3), ("Braine-l'Alleud", "BE310", 2),
        ("Marche-en-Famenne", "BE343", 2), ("Marloie", "BE343", 1), ("Arlon", "BE341", 2), ("Bastogne", "BE342", 1), ("Libramont-Chevigny", "BE344", 1),
        ("Virton", "BE345", 1), ("Huy", "BE331", 2), ("Waremme", "BE334", 1), ("Verviers", "BE335", 2), ("Eupen", "BE336", 1),
        ("Dinant", "BE351", 1), ("Philippeville", "BE353", 1), ("Bruxelles", "BE100", 7), ("Anderlecht", "BE100", 2), ("Gent", "BE2", 2), ("Leuven", "BE2", 2),
    ];
    private static readonly (OrganizationType Type, int Weight)[] Types =
    [
        (OrganizationType.Sme, 30), (OrganizationType.StartUp, 18), (OrganizationType.UniversitySpinOff, 12), (OrganizationType.LargeCompany, 5),
        (OrganizationType.ResearchInstitute, 8), (OrganizationType.ServiceProvider, 8), (OrganizationType.Hospital, 6), (OrganizationType.University, 1),
        (OrganizationType.Incubator, 2), (OrganizationType.Investor, 4), (OrganizationType.PublicAgency, 3), (OrganizationType.Other, 3),
    ];
    private static readonly string[] Leaves = [.. Taxonomy.AreaGroups.SelectMany(g => g.Children!).Select(c => c.Code)];

    public sealed record Result(int Requested, int Inserted, TimeSpan Elapsed);

    public static IEnumerable<Organization> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= count; i++)
        {
            var type = Pick(random, Types, t => t.Weight).Type;
            var place = Pick(random, Places, p => p.Weight);
            var name = MakeName(random, type, place.City);
            var areas = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Leaves[random.Next(Leaves.Length)]).Distinct().ToList();
            var sectors = Enumerable.Range(0, random.Next(1, 3)).Select(_ => Taxonomy.Sectors[random.Next(Taxonomy.Sectors.Count)].Code).Distinct().ToList();
            var stages = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Taxonomy.Stages[random.Next(Taxonomy.Stages.Count)].Code).Distinct().ToList();
            var capabilities = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Taxonomy.Capabilities[random.Next(Taxonomy.Capabilities.Count)].Code).Distinct().ToList();
            var member = random.NextDouble() < 0.3;
            var organization = new Organization
            {
                Slug = $"{TextNormalizer.Slug(name)}-{seed}-{i}",
                Name = name,
                NameFr = random.NextDouble() < 0.3 ? name : null,
                Acronym = random.NextDouble() < 0.4 ? Acronym(name) : null,
                Type = type,
                Sectors = sectors,
                Areas = areas,
                Stages = stages,
                Capabilities = capabilities,
                City = place.City,
                NutsCode = place.Nuts,
                FoundedYear = 1950 + random.Next(76),
                Workforce = type == OrganizationType.LargeCompany ? 250 + random.Next(5000) : random.Next(1, 250),
                RdSharePercent = Math.Round((decimal)(random.NextDouble() * 60), 1),
                Membership = member ? MembershipStatus.Active : MembershipStatus.None,
                MemberSince = member ? new DateOnly(2006 + random.Next(20), 1 + random.Next(12), 1) : null,
                DescriptionFr = Describe(random, areas, "fr", place.City),
                DescriptionEn = Describe(random, areas, "en", place.City),
                CreatedAt = now,
                UpdatedAt = now.AddMinutes(i),
            };
            SearchDocument.Apply(organization);
            yield return organization;
        }
    }

    private static string MakeName(Random random, OrganizationType type, string city) => random.Next(6) switch
    {
        0 => $"{FrenchWords[random.Next(FrenchWords.Length)]} {ProperWords[random.Next(ProperWords.Length)]}",
        1 => $"{ProperWords[random.Next(ProperWords.Length)]} {EnglishWords[random.Next(EnglishWords.Length)]}",
        2 => $"{FrenchWords[random.Next(FrenchWords.Length)]} de {city}",
        3 => $"{DutchWords[random.Next(DutchWords.Length)]} {ProperWords[random.Next(ProperWords.Length)]}",
        4 => type == OrganizationType.Hospital ? $"Centre hospitalier {ProperWords[random.Next(ProperWords.Length)]}" : $"{ProperWords[random.Next(ProperWords.Length)]}{EnglishWords[random.Next(EnglishWords.Length)].ToLowerInvariant()}",
        _ => $"{EnglishWords[random.Next(EnglishWords.Length)]} {FrenchWords[random.Next(FrenchWords.Length)]} {ProperWords[random.Next(ProperWords.Length)]}",
    };

    private static string Acronym(string name) =>
        new([.. TextNormalizer.Tokens(name).Where(t => t.Length > 2).Select(t => char.ToUpperInvariant(t[0]))]);

    private static string Describe(Random random, List<string> areas, string language, string city)
    {
        var area = areas.Count > 0 ? Taxonomy.Label(Taxonomy.Areas, areas[0], language) : null;
        var word = language == "fr" ? FrenchWords[random.Next(FrenchWords.Length)].ToLowerInvariant() : EnglishWords[random.Next(EnglishWords.Length)].ToLowerInvariant();
        return language == "fr"
            ? $"Organisation synthétique basée à {city}{(area is null ? "" : $", active en {area.ToLowerInvariant()}")} ({word})."
            : $"Synthetic organization based in {city}{(area is null ? "" : $", working in {area.ToLowerInvariant()}")} ({word}).";
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items, Func<T, int> weight)
    {
        var roll = random.Next(items.Sum(weight));
        foreach (var item in items)
        {
            if (roll < weight(item)) return item;
            roll -= weight(item);
        }
        return items[^1];
    }

    public static async Task<Result> SeedAsync(BiotopeDb db, int count, int seed, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var inserted = db.IsPostgres
                ? await InsertPostgresAsync((NpgsqlConnection)connection, (NpgsqlTransaction)tx, Generate(count, seed), ct)
                : await InsertSqliteAsync(connection, tx, Generate(count, seed), ct);
            db.Database.UseTransaction(tx);
            db.AuditEntries.Add(new AuditEntry
            {
                At = DateTimeOffset.UtcNow,
                UserEmail = "cli",
                EntityType = nameof(Organization),
                EntityId = "*",
                Action = "SyntheticSeed",
                After = JsonSerializer.Serialize(new { count, seed, inserted }),
            });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.Database.UseTransaction(null);
            return new Result(count, inserted, started.Elapsed);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private const string Columns = "slug, name, name_fr, acronym, aliases, type, sectors, areas, stages, capabilities, nace_codes, city, country, nuts_code, founded_year, workforce, rd_share_percent, membership, member_since, description_fr, description_en, search_text, search_version, version, created_at, updated_at";

    private static async Task<int> InsertSqliteAsync(DbConnection connection, DbTransaction tx, IEnumerable<Organization> organizations, CancellationToken ct)
    {
        var names = Columns.Split(", ");
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO organizations ({Columns}) VALUES ({string.Join(", ", names.Select(n => "$" + n))}) ON CONFLICT (slug) DO NOTHING";
        var parameters = names.Select(n => { var p = command.CreateParameter(); p.ParameterName = "$" + n; command.Parameters.Add(p); return p; }).ToArray();
        await command.PrepareAsync(ct);
        var toBinary = new DateTimeOffsetToBinaryConverter();
        var inserted = 0;
        foreach (var o in organizations)
        {
            object?[] values = [o.Slug, o.Name, o.NameFr, o.Acronym, Json(o.Aliases), o.Type.ToString(), Json(o.Sectors), Json(o.Areas), Json(o.Stages),
                Json(o.Capabilities), Json(o.NaceCodes), o.City, o.Country, o.NutsCode, o.FoundedYear, o.Workforce, o.RdSharePercent?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                o.Membership.ToString(), o.MemberSince?.ToString("yyyy-MM-dd"), o.DescriptionFr, o.DescriptionEn, o.SearchText, o.SearchVersion, o.Version,
                toBinary.ConvertToProvider(o.CreatedAt), toBinary.ConvertToProvider(o.UpdatedAt)];
            for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
            inserted += await command.ExecuteNonQueryAsync(ct);
        }
        return inserted;
    }

    private static async Task<int> InsertPostgresAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IEnumerable<Organization> organizations, CancellationToken ct)
    {
        // COPY into a temporary table, then one INSERT ... ON CONFLICT: fast and idempotent.
        await using (var create = new NpgsqlCommand($"CREATE TEMP TABLE synthetic_organizations ON COMMIT DROP AS SELECT {Columns} FROM organizations WITH NO DATA", connection, tx))
            await create.ExecuteNonQueryAsync(ct);
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY synthetic_organizations ({Columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var o in organizations)
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(o.Slug, NpgsqlDbType.Varchar, ct);
                await importer.WriteAsync(o.Name, NpgsqlDbType.Varchar, ct);
                await WriteNullable(importer, o.NameFr, NpgsqlDbType.Text, ct);
                await WriteNullable(importer, o.Acronym, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(o.Aliases.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await importer.WriteAsync(o.Type.ToString(), NpgsqlDbType.Varchar, ct);
                foreach (var list in new[] { o.Sectors, o.Areas, o.Stages, o.Capabilities, o.NaceCodes })
                    await importer.WriteAsync(list.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await WriteNullable(importer, o.City, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(o.Country, NpgsqlDbType.Text, ct);
                await WriteNullable(importer, o.NutsCode, NpgsqlDbType.Text, ct);
                await WriteNullable(importer, o.FoundedYear, NpgsqlDbType.Integer, ct);
                await WriteNullable(importer, o.Workforce, NpgsqlDbType.Integer, ct);
                await WriteNullable(importer, o.RdSharePercent, NpgsqlDbType.Numeric, ct);
                await importer.WriteAsync(o.Membership.ToString(), NpgsqlDbType.Varchar, ct);
                await WriteNullable(importer, o.MemberSince, NpgsqlDbType.Date, ct);
                await WriteNullable(importer, o.DescriptionFr, NpgsqlDbType.Text, ct);
                await WriteNullable(importer, o.DescriptionEn, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(o.SearchText, NpgsqlDbType.Text, ct);
                await importer.WriteAsync(o.SearchVersion, NpgsqlDbType.Integer, ct);
                await importer.WriteAsync(o.Version, NpgsqlDbType.Integer, ct);
                await importer.WriteAsync(o.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await importer.WriteAsync(o.UpdatedAt, NpgsqlDbType.TimestampTz, ct);
            }
            await importer.CompleteAsync(ct);
        }
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO organizations ({Columns}) SELECT {Columns} FROM synthetic_organizations ORDER BY updated_at ON CONFLICT (slug) DO NOTHING", connection, tx);
        var inserted = await insert.ExecuteNonQueryAsync(ct);
        await using var analyze = new NpgsqlCommand("ANALYZE organizations", connection, tx);
        await analyze.ExecuteNonQueryAsync(ct);
        return inserted;
    }

    private static async Task WriteNullable<T>(NpgsqlBinaryImporter importer, T? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null) await importer.WriteNullAsync(ct);
        else await importer.WriteAsync(value, type, ct);
    }

    private static string Json(List<string> values) => JsonSerializer.Serialize(values);
}
