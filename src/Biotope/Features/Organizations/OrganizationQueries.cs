using Biotope.Data;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Organizations;

/// <summary>Reads shared by the API and the pages.</summary>
public static class OrganizationQueries
{
    public static Task<Organization?> LoadAsync(this BiotopeDb db, int id, CancellationToken ct = default) =>
        db.Organizations.AsNoTracking().Include(o => o.People).Include(o => o.Relations)
            .AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Id == id && o.DeletedAt == null, ct);

    /// <summary>
    /// Confirmed relations in both directions: "part of X" and "X is part of this". With <paramref name="ownProposals"/>
    /// (for those who edit the organization) its own proposed relations too, marked "proposed" (ADR 017).
    /// </summary>
    public static async Task<List<RelationDto>> RelationsAsync(this BiotopeDb db, int id, string language, CancellationToken ct = default, bool ownProposals = false)
    {
        var outgoing = await db.OrganizationRelations.AsNoTracking()
            .Where(r => r.FromOrganizationId == id && r.ToOrganization!.DeletedAt == null && (r.Status == RelationStatus.Confirmed || ownProposals))
            .Select(r => new { r.Kind, r.Status, Other = r.ToOrganization! }).ToListAsync(ct);
        var incoming = await db.OrganizationRelations.AsNoTracking()
            .Where(r => r.ToOrganizationId == id && r.FromOrganization!.DeletedAt == null && r.Status == RelationStatus.Confirmed)
            .Select(r => new { r.Kind, r.Status, Other = r.FromOrganization! }).ToListAsync(ct);
        return
        [
            .. outgoing.Select(r => new RelationDto(r.Kind.ToString(), r.Other.Id, r.Other.DisplayName(language), "outgoing", Status(r.Status))),
            .. incoming.Select(r => new RelationDto(r.Kind.ToString(), r.Other.Id, r.Other.DisplayName(language), "incoming", Status(r.Status))),
        ];
    }

    private static string Status(RelationStatus status) => status == RelationStatus.Confirmed ? "confirmed" : "proposed";

    /// <summary>Loads the rows of one result page, keeping the ranked order.</summary>
    /// <remarks>
    /// The ids go as one array parameter (json_each on SQLite, = ANY on PostgreSQL), not one parameter each
    /// (EF 10's default): the SQL is then the same for every page size, so EF does not rebuild it per search.
    /// </remarks>
    public static async Task<List<Organization>> PageAsync(this BiotopeDb db, IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        var rows = await db.Organizations.AsNoTracking().Where(o => EF.Parameter(ids).Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        return [.. ids.Where(rows.ContainsKey).Select(id => rows[id])];
    }
}
