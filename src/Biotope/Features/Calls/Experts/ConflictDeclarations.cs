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
    /// expert's assignments (and draft reviews) it concerns, flags those whose review was submitted (kept), and tells staff, in one save.
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
            // A decided proposal's evaluation is closed: its reviews and assignments never change again.
            if (await db.Proposals.AnyAsync(p => p.Id == proposalId && p.Status == ProposalStatus.Decided, ct))
                return Failure.Conflict(Phrase.Of("evaluation.closed.title"), Phrase.Of("conflict.proposal-decided"));
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
        // Decided proposals stay as they are; a submitted review is never deleted: its assignment is flagged for staff instead (ADR 017).
        var ids = withdrawn.Select(a => a.Id).ToList();
        var decided = await db.ReviewAssignments.Where(a => ids.Contains(a.Id) && db.Proposals.Any(p => p.Id == a.ProposalId && p.Status == ProposalStatus.Decided)).Select(a => a.Id).ToListAsync(ct);
        var reviews = await db.Reviews.Where(r => ids.Contains(r.AssignmentId) && !decided.Contains(r.AssignmentId)).ToListAsync(ct);
        var submitted = reviews.Where(r => r.Status == ReviewStatus.Submitted).Select(r => r.AssignmentId).ToHashSet();
        var flagged = withdrawn.Where(a => submitted.Contains(a.Id)).ToList();
        foreach (var a in flagged) (a.ConflictDeclaredAt, a.ConflictReason) = (now, declaration.Reason);
        var removed = withdrawn.Where(a => !submitted.Contains(a.Id) && !decided.Contains(a.Id)).ToList();
        db.Reviews.RemoveRange(reviews.Where(r => r.Status != ReviewStatus.Submitted));
        db.ReviewAssignments.RemoveRange(removed);
        if (removed.Count > 0)
            await notifier.ToStaffAsync(Message.From("conflict-declared",
                Phrase.Of("notification.conflict.subject", expert.Name),
                Phrase.Plural("notification.conflict.body", removed.Count, declaration.Reason), "/calls"), ct);
        if (flagged.Count > 0)
            await notifier.ToStaffAsync(Message.From("conflict-declared",
                Phrase.Of("notification.conflict.subject", expert.Name),
                Phrase.Plural("notification.conflict.after-review", flagged.Count, declaration.Reason), "/calls"), ct);
        await db.SaveChangesAsync(ct);
        return declaration;
    }
}
