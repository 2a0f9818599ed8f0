using System.Data;
using Biotope.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Biotope.Features.Organizations.Search;

/// <summary>
/// Directory search: the database's full-text index (FTS5 on SQLite, tsvector + GIN on PostgreSQL)
/// finds the ids matching the words; <see cref="DirectoryIndex"/> does facets, ranking and paging.
/// </summary>
public sealed class OrganizationSearch(BiotopeDb db, DirectoryIndex index)
{
    public async Task<SearchResult> SearchAsync(SearchQuery query, string language, CancellationToken ct = default)
    {
        await index.RefreshAsync(db, ct);
        var match = index.Parse(query.Q);
        int[]? positions = null;
        if (!match.IsEmpty) positions = await CachedRankedPositionsAsync(match, language, ct);
        return index.Evaluate(query, match, positions, language);
    }

    // Kept ranked, as index positions: paging, sorting and facets over the same words then neither look up nor score a hit again.
    private async Task<int[]> CachedRankedPositionsAsync(MatchQuery match, string language, CancellationToken ct)
    {
        // Ties are broken by the name as shown, which differs between languages.
        var key = match.ToFts5() + " " + language;
        if (index.Matches.TryGet(key, out var cached)) return cached;
        var generation = index.Matches.Generation;
        var positions = index.RankedPositionsOf(await MatchingIdsAsync(match, ct), match, language);
        index.Matches.Remember(key, positions, generation);
        return positions;
    }

    /// <summary>
    /// The matching ids, read with a plain command: a broad word matches tens of thousands of rows, where EF's
    /// per-row materialization took twice as long as the query. SQLite hands them over as one comma-separated
    /// text (group_concat), several times faster than stepping through the rows from .NET (bench/RESULTS.md).
    /// </summary>
    private async Task<List<int>> MatchingIdsAsync(MatchQuery match, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@match";
            command.Parameters.Add(parameter);
            if (!db.IsPostgres)
            {
                command.CommandText = "SELECT group_concat(rowid) FROM organizations_fts WHERE organizations_fts MATCH @match";
                parameter.Value = match.ToFts5();
                return ParseIds(await command.ExecuteScalarAsync(ct) as string);
            }
            command.CommandText = "SELECT id FROM organizations WHERE search_vector @@ to_tsquery('simple', @match)";
            parameter.Value = match.ToTsQuery();
            var ids = new List<int>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt32(0));
            return ids;
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Integers separated by commas, as group_concat writes them; null (no rows) is none.</summary>
    internal static List<int> ParseIds(string? text)
    {
        var ids = new List<int>(string.IsNullOrEmpty(text) ? 0 : text.Length / 4);
        if (string.IsNullOrEmpty(text)) return ids;
        foreach (var range in text.AsSpan().Split(','))
            ids.Add(int.Parse(text.AsSpan(range), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture));
        return ids;
    }
}
