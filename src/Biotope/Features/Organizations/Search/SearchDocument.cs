using System.Data.Common;
using Biotope.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Biotope.Features.Organizations.Search;

/// <summary>What the full-text index holds for one organization.</summary>
public static class SearchDocument
{
    /// <summary>Raise when <see cref="Text"/> changes: rows written with an older version are rewritten on migration (ADR 011).</summary>
    public const int Version = 1;

    private const int RewriteBatchSize = 1000;

    public static string Text(Organization o)
    {
        IEnumerable<string?> parts =
        [
            o.Name, o.NameFr, o.NameEn, o.NameNl, o.Acronym, .. o.Aliases, o.City,
            .. o.Areas.SelectMany(code => Labels(Taxonomy.Areas, code)),
            .. o.Capabilities.SelectMany(code => Labels(Taxonomy.Capabilities, code)),
            o.DescriptionEn, o.DescriptionFr,
        ];
        return TextNormalizer.IndexText(string.Join(' ', parts.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct()));
    }

    /// <summary>Writes the organization's search text and the version that wrote it.</summary>
    public static void Apply(Organization o)
    {
        o.SearchText = Text(o);
        o.SearchVersion = Version;
    }

    private static IEnumerable<string> Labels(IReadOnlyList<Term> terms, string code) =>
        terms.FirstOrDefault(t => t.Code == code) is { } t ? [t.En, t.Fr] : [];

    /// <summary>
    /// Rewrites the search text of every row written by an older <see cref="Version"/>, in batches, and returns how
    /// many. Plain SQL: neither updated_at, the row version nor the audit log changes, as the organization did not.
    /// </summary>
    public static async Task<int> RewriteStaleAsync(BiotopeDb db, CancellationToken ct = default)
    {
        var rewritten = 0;
        var after = 0;
        while (true)
        {
            var batch = await db.Organizations.AsNoTracking().IgnoreQueryFilters()
                .Where(o => o.SearchVersion < Version && o.Id > after)
                .OrderBy(o => o.Id)
                .Take(RewriteBatchSize)
                .Select(o => new Organization
                {
                    Id = o.Id,
                    Slug = o.Slug,
                    Name = o.Name,
                    NameFr = o.NameFr,
                    NameEn = o.NameEn,
                    NameNl = o.NameNl,
                    Acronym = o.Acronym,
                    Aliases = o.Aliases,
                    City = o.City,
                    Areas = o.Areas,
                    Capabilities = o.Capabilities,
                    DescriptionEn = o.DescriptionEn,
                    DescriptionFr = o.DescriptionFr,
                })
                .ToListAsync(ct);
            if (batch.Count == 0) return rewritten;
            await WriteAsync(db, [.. batch.Select(o => (o.Id, Text(o)))], ct);
            rewritten += batch.Count;
            after = batch[^1].Id;
        }
    }

    private static async Task WriteAsync(BiotopeDb db, List<(int Id, string Text)> rows, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (connection is NpgsqlConnection npgsql)
        {
            // One statement per batch: a round trip per row would take minutes over 100,000 rows.
            await using var update = new NpgsqlCommand(
                "UPDATE organizations AS o SET search_text = v.text, search_version = @version FROM unnest(@ids, @texts) AS v(id, text) WHERE o.id = v.id",
                npgsql, (NpgsqlTransaction)tx);
            update.Parameters.AddWithValue("version", Version);
            update.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Integer, rows.Select(r => r.Id).ToArray());
            update.Parameters.AddWithValue("texts", NpgsqlDbType.Array | NpgsqlDbType.Text, rows.Select(r => r.Text).ToArray());
            await update.ExecuteNonQueryAsync(ct);
        }
        else
        {
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "UPDATE organizations SET search_text = $text, search_version = $version WHERE id = $id";
            var id = Parameter(command, "$id");
            var text = Parameter(command, "$text");
            Parameter(command, "$version").Value = Version;
            foreach (var row in rows)
            {
                id.Value = row.Id;
                text.Value = row.Text;
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        await tx.CommitAsync(ct);
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
