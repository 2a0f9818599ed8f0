using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Proposals;

/// <summary>What the current user is to a proposal. Someone who is nothing to it gets 404, so a confidential proposal's existence never leaks.</summary>
public sealed record ProposalAccess(bool Staff, bool Coordinator, int? PartnerOrganizationId, PartnerStatus? PartnerStatus, int? ExpertId, int? AssignmentId)
{
    public bool CanRead => Staff || Coordinator || PartnerOrganizationId is not null || AssignmentId is not null;
    /// <summary>Members of the coordinator's organization and of partners who accepted.</summary>
    public bool InConsortium => Coordinator || PartnerStatus == Calls.PartnerStatus.Accepted;
    public bool AssignedExpert => AssignmentId is not null;
    /// <summary>Budgets (and the eligibility report that quotes them): not for a partner that was invited and has not accepted (ADR 017).</summary>
    public bool ReadsBudgets => Staff || InConsortium || AssignedExpert;

    public static async Task<ProposalAccess> ForAsync(BiotopeDb db, ClaimsPrincipal user, Proposal proposal, CancellationToken ct)
    {
        var staff = user.IsStaff();
        var organizationId = user.OrganizationId();
        var isMember = user.IsInRole(Roles.Member) || user.IsInRole(Roles.MemberAdmin);
        var coordinator = isMember && organizationId == proposal.CoordinatorOrganizationId;
        var partner = isMember && organizationId is not null
            ? proposal.Partners.FirstOrDefault(p => p.OrganizationId == organizationId && !p.IsCoordinator && p.Status != Calls.PartnerStatus.Declined)
            : null;
        int? expertId = null, assignmentId = null;
        if (user.IsInRole(Roles.Expert) && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
        {
            expertId = await db.Experts.Where(e => e.UserId == userId).Select(e => (int?)e.Id).FirstOrDefaultAsync(ct);
            if (expertId is not null)
                assignmentId = await db.ReviewAssignments.Where(a => a.ProposalId == proposal.Id && a.ExpertId == expertId).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        }
        return new ProposalAccess(staff, coordinator, partner?.OrganizationId, partner?.Status, expertId, assignmentId);
    }
}
