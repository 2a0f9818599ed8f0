using Biotope.Data;
using Biotope.Features.Calls.Proposals;
using Biotope.Features.Notifications;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Experts;

/// <summary>An expert declares a conflict of interest (the API and My space both go through here).</summary>
public static class ConflictDeclarations
{
    /// <summary>
    /// Records the declaration, on a proposal assigned to the expert or on an organization, with its reason; withdraws the
    /// expert's assignments (and draft reviews) it concerns and tells staff, in one save.
    /// </summary>
    public static async Task<Outcome<ConflictDeclaration>> DeclareAsync(BiotopeDb db, Notifier notifier, DateTimeOffset now, Expert expert, DeclarationInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, Phrase[]>();
        if (string.IsNullOrWhiteSpace(input.Reason)) errors["reason"] = [Phrase.Of("conflict.reason.required")];
        if ((input.ProposalId is null) == (input.OrganizationId is null)) errors["proposalId"] = [Phrase.Of("conflict.target.one")];
        ReviewAssignment? assignment = null;
        if (input.ProposalId is { } proposalId)
        {
            assignment = await db.ReviewAssignments.SingleOrDefaultAsync(a => a.ProposalId == proposalId && a.ExpertId == expert.Id, ct);
            // Experts only learn of proposals assigned to them: any other id is simply not found.
            if (assignment is null) return ProposalService.NotFound(proposalId);
        }
        if (input.OrganizationId is { } organizationId && !await db.Organizations.AnyAsync(o => o.Id == organizationId, ct))
            errors["organizationId"] = [Phrase.Of("proposal.partner.not-in-directory", organizationId)];
        if (errors.Count > 0) return Failure.Invalid(errors);

        var declaration = new ConflictDeclaration { ExpertId = expert.Id, ProposalId = input.ProposalId, OrganizationId = input.OrganizationId, Reason = input.Reason.Trim(), DeclaredAt = now };
        db.ConflictDeclarations.Add(declaration);
        var withdrawn = new List<ReviewAssignment>();
        if (assignment is not null) withdrawn.Add(assignment);
        if (input.OrganizationId is { } declared)
            withdrawn.AddRange(await db.ReviewAssignments.Where(a => a.ExpertId == expert.Id && db.ProposalPartners.Any(pp => pp.ProposalId == a.ProposalId && pp.OrganizationId == declared && pp.Status != PartnerStatus.Declined)).ToListAsync(ct));
        var withdrawnIds = withdrawn.Select(a => a.Id).ToList();
        db.Reviews.RemoveRange(await db.Reviews.Where(r => withdrawnIds.Contains(r.AssignmentId)).ToListAsync(ct));
        db.ReviewAssignments.RemoveRange(withdrawn);
        if (withdrawn.Count > 0)
            await notifier.ToStaffAsync(Message.From("conflict-declared",
                Phrase.Of("notification.conflict.subject", expert.Name),
                Phrase.Plural("notification.conflict.body", withdrawn.Count, declaration.Reason), "/calls"), ct);
        await db.SaveChangesAsync(ct);
        return declaration;
    }
}
