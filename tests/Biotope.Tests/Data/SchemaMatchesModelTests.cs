using Biotope.Data;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Data;

/// <summary>The hand-written migrations must produce exactly the schema the EF model expects, on both databases.</summary>
public sealed class SchemaMatchesModelTests(PostgresServer postgres)
{
    // Columns that exist only for the database's own search machinery (ADR 003).
    private static readonly HashSet<(string, string)> DatabaseOnlyColumns = [("organizations", "search_vector")];

    [Fact]
    public async Task Sqlite_migrations_match_the_model()
    {
        var dir = Path.Combine(Path.GetTempPath(), "biotope-schema-" + Guid.NewGuid().ToString("N")[..8]);
        await using var db = new BiotopeSettings(dir, null).CreateDb();
        await AssertMigratedSchemaMatchesAsync(db, "SELECT m.name, p.name, p.\"notnull\" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'");
    }

    [Fact]
    public async Task Postgres_migrations_match_the_model()
    {
        var connection = await postgres.CreateDatabaseAsync("schema");
        await using var db = new BiotopeSettings(Path.GetTempPath(), connection).CreateDb();
        await AssertMigratedSchemaMatchesAsync(db,
            "SELECT table_name, column_name, CASE is_nullable WHEN 'NO' THEN 1 ELSE 0 END FROM information_schema.columns WHERE table_schema = 'public'");
    }

    [Fact]
    public async Task Migrating_twice_applies_nothing_the_second_time()
    {
        var dir = Path.Combine(Path.GetTempPath(), "biotope-schema-" + Guid.NewGuid().ToString("N")[..8]);
        await using var db = new BiotopeSettings(dir, null).CreateDb();
        var first = await Migrator.MigrateAsync(db, TestContext.Current.CancellationToken);
        var second = await Migrator.MigrateAsync(db, TestContext.Current.CancellationToken);
        Assert.Equal(Migrator.Available(postgres: false).Select(m => m.Id), first);
        Assert.Empty(second);
        Assert.Equal(first, await Migrator.AppliedAsync(db, TestContext.Current.CancellationToken));
    }

    private static async Task AssertMigratedSchemaMatchesAsync(BiotopeDb db, string columnsSql)
    {
        await Migrator.MigrateAsync(db, TestContext.Current.CancellationToken);
        var actual = new HashSet<(string Table, string Column, bool NotNull)>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = columnsSql;
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                var table = reader.GetString(0);
                if (table.StartsWith("organizations_fts", StringComparison.Ordinal) || table.StartsWith("sqlite_", StringComparison.Ordinal) || table == Migrator.HistoryTable) continue;
                actual.Add((table, reader.GetString(1), Convert.ToInt64(reader.GetValue(2)) == 1));
            }
        }

        var expected = new HashSet<(string Table, string Column, bool NotNull)>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null) continue;
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(store);
                if (column is null) continue;
                expected.Add((table, column, !property.IsColumnNullable(store)));
            }
            foreach (var navigation in entity.GetNavigations().Where(n => n.TargetEntityType.IsMappedToJson()))
            {
                expected.Add((table, navigation.TargetEntityType.GetContainerColumnName()!, false));
            }
        }

        var missing = expected.Where(e => !actual.Any(a => a.Table == e.Table && a.Column == e.Column)).ToList();
        var extra = actual.Where(a => !expected.Any(e => e.Table == a.Table && e.Column == a.Column) && !DatabaseOnlyColumns.Contains((a.Table, a.Column))).ToList();
        var nullability = expected.Where(e => !navigationColumn(e) && actual.Any(a => a.Table == e.Table && a.Column == e.Column && a.NotNull != e.NotNull)).ToList();
        Assert.True(missing.Count == 0, "Columns in the model but not in the migrated database: " + string.Join(", ", missing));
        Assert.True(extra.Count == 0, "Columns in the migrated database but not in the model: " + string.Join(", ", extra));
        Assert.True(nullability.Count == 0, "Columns whose nullability differs: " + string.Join(", ", nullability));

        bool navigationColumn((string Table, string Column, bool NotNull) c) =>
            db.Model.GetEntityTypes().Any(e => e.GetTableName() == c.Table && e.GetNavigations().Any(n => n.TargetEntityType.IsMappedToJson() && n.TargetEntityType.GetContainerColumnName() == c.Column));
    }
}
