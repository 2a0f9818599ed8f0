using System.Data;
using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Data;

/// <summary>
/// Applies the hand-written, versioned SQL migrations for the current provider (ADR 002):
/// embedded files Data/Migrations/{Sqlite|Postgres}/NNNN_name.sql, in name order, each in its own
/// transaction, recorded in __biotope_migrations; then rows whose search text an older normalizer wrote
/// are rewritten (ADR 011).
/// </summary>
public static class Migrator
{
    public const string HistoryTable = "__biotope_migrations";

    public sealed record Migration(string Id, string Sql);

    public static IReadOnlyList<Migration> Available(bool postgres)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"Biotope.Data.Migrations.{(postgres ? "Postgres" : "Sqlite")}.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new Migration(n[prefix.Length..^4], Read(assembly, n)))];
    }

    /// <summary>Applies pending migrations; returns the ids applied now.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(BiotopeDb db, CancellationToken ct = default)
    {
        var postgres = db.IsPostgres;
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            if (!postgres)
            {
                // WAL lets readers work while a writer commits; it persists in the file.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
            }
            await ExecuteAsync(connection, null, $"CREATE TABLE IF NOT EXISTS {HistoryTable} (id VARCHAR(200) NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL);", ct);
            var applied = new List<string>();
            foreach (var migration in Available(postgres))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                // Serialize concurrent migrators: the advisory lock (PostgreSQL) or the write lock (SQLite) is held until commit.
                await ExecuteAsync(connection, tx, postgres ? "SELECT pg_advisory_xact_lock(7262021);" : $"DELETE FROM {HistoryTable} WHERE 0;", ct);
                var exists = await ScalarAsync(connection, tx, $"SELECT COUNT(*) FROM {HistoryTable} WHERE id = '{migration.Id}'", ct);
                if (Convert.ToInt64(exists) > 0)
                {
                    await tx.RollbackAsync(ct);
                    continue;
                }
                await ExecuteAsync(connection, tx, migration.Sql, ct);
                await ExecuteAsync(connection, tx, $"INSERT INTO {HistoryTable} (id, applied_at) VALUES ('{migration.Id}', '{DateTimeOffset.UtcNow:O}');", ct);
                await tx.CommitAsync(ct);
                applied.Add(migration.Id);
            }
            // Data that the schema cannot compute: search texts written by an older normalizer (ADR 011).
            await Features.Organizations.Search.SearchDocument.RewriteStaleAsync(db, ct);
            return applied;
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }

    public static async Task<IReadOnlyList<string>> AppliedAsync(BiotopeDb db, CancellationToken ct = default) =>
        await db.Database.SqlQueryRaw<string>($"SELECT id AS \"Value\" FROM {HistoryTable} ORDER BY id").ToListAsync(ct);

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
