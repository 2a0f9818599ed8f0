using Biotope.Data;
using Microsoft.EntityFrameworkCore;

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
        IReadOnlyCollection<int>? ids = null;
        if (!match.IsEmpty) ids = await MatchingIdsAsync(match, ct);
        return index.Evaluate(query, match, ids, language);
    }

    private async Task<List<int>> MatchingIdsAsync(MatchQuery match, CancellationToken ct) => db.IsPostgres
        ? await db.Database.SqlQuery<int>($"SELECT id AS \"Value\" FROM organizations WHERE search_vector @@ to_tsquery('simple', {match.ToTsQuery()})").ToListAsync(ct)
        : await db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM organizations_fts WHERE organizations_fts MATCH {match.ToFts5()}").ToListAsync(ct);
}
