using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Organizations;

/// <summary>A relation waiting for the other organization: <see cref="Incoming"/> when this organization is asked to confirm it.</summary>
public sealed record PendingRelation(int Id, string Kind, int FromOrganizationId, string From, int ToOrganizationId, string To, bool Incoming);

/// <summary>
/// A relation written by a member admin is proposed: it shows on no public page and no conflict detection uses it until
/// the other organization's member admin (or staff) confirms it (ADR 017). Declining deletes it.
/// </summary>
public static class Relations
{
    public static async Task<List<PendingRelation>> PendingAsync(BiotopeDb db, int organizationId, string language, CancellationToken ct)
    {
        var rows = await db.OrganizationRelations.AsNoTracking()
            .Where(r => r.Status == RelationStatus.Proposed && (r.FromOrganizationId == organizationId || r.ToOrganizationId == organizationId)
                && r.FromOrganization!.DeletedAt == null && r.ToOrganization!.DeletedAt == null)
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.Kind, From = r.FromOrganization!, To = r.ToOrganization! }).ToListAsync(ct);
        return [.. rows.Select(r => new PendingRelation(r.Id, r.Kind.ToString(), r.From.Id, r.From.DisplayName(language), r.To.Id, r.To.DisplayName(language), r.To.Id == organizationId))];
    }

    /// <summary>The other organization (the relation's target) or staff confirms or declines a proposed relation.</summary>
    public static async Task<Outcome<OrganizationRelation?>> AnswerAsync(BiotopeDb db, int relationId, bool confirm, ClaimsPrincipal user, CancellationToken ct)
    {
        var relation = await db.OrganizationRelations.SingleOrDefaultAsync(r => r.Id == relationId, ct);
        if (relation is null || !(user.IsStaff() || user.CanEditOrganization(relation.ToOrganizationId) || user.CanEditOrganization(relation.FromOrganizationId)))
            return Failure.NotFound(Phrase.Of("organization.relation.not-found", relationId));
        if (!user.CanEditOrganization(relation.ToOrganizationId)) return Failure.Forbidden(Phrase.Of("organization.relation.answer.forbidden"));
        if (relation.Status != RelationStatus.Proposed)
            return Failure.Conflict(Phrase.Of("organization.relation.answered.title"), Phrase.Of("organization.relation.answered"));
        if (confirm) relation.Status = RelationStatus.Confirmed;
        else db.OrganizationRelations.Remove(relation);
        await db.SaveChangesAsync(ct);
        return confirm ? relation : null;
    }
}
