using Biotope.Data;
using Biotope.Features.Calls.Experts;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Assignment;

/// <summary>A staff pin or exclusion with the names to show it by.</summary>
public sealed record OverrideDto(int ProposalId, string Proposal, int ExpertId, string Expert, AssignmentOverrideKind Kind, DateTimeOffset CreatedAt);

/// <summary>
/// Staff's pins and exclusions, and the call's conflicts of interest: the rules the API and the staff pages share.
/// Callers check that the user is staff. Pins and exclusions are part of the call: a change takes the call's version
/// (<see cref="ReadVersion"/>) and makes a new one.
/// </summary>
public static class AssignmentOverrides
{
    public static async Task<Failure?> SetAsync(BiotopeDb db, int callId, OverrideInput input, ReadVersion read, DateTimeOffset now, CancellationToken ct)
    {
        var call = await db.Calls.SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null) return Failure.NotFound(Phrase.Of("call.not-found", callId));
        var proposal = await db.Proposals.AsNoTracking().Include(p => p.Partners).SingleOrDefaultAsync(p => p.Id == input.ProposalId && p.CallId == callId, ct);
        var expert = await db.Experts.AsNoTracking().SingleOrDefaultAsync(e => e.Id == input.ExpertId, ct);
        var errors = new Dictionary<string, Phrase[]>();
        if (proposal is null) errors["proposalId"] = [Phrase.Of("assignment.proposal.not-in-call", input.ProposalId, callId)];
        if (expert is null) errors["expertId"] = [Phrase.Of("expert.not-found", input.ExpertId)];
        if (errors.Count > 0) return Failure.Invalid(errors);
        if (input.Kind == AssignmentOverrideKind.Pin)
        {
            var conflicts = await Conflicts.DetectAsync(db, [expert!], [proposal!], now, ct);
            if (conflicts.All.Count > 0)
                return Failure.Conflict(Phrase.Of("assignment.pin.conflict.title"), Phrase.Of("assignment.pin.conflict", expert!.Name, proposal!.Acronym, conflicts.All[0].Reason));
        }
        if (Concurrency.Check(call.Version, read) is { } stale) return stale;
        var row = await db.AssignmentOverrides.SingleOrDefaultAsync(o => o.ProposalId == input.ProposalId && o.ExpertId == input.ExpertId, ct);
        if (row is null) db.AssignmentOverrides.Add(new AssignmentOverride { ProposalId = input.ProposalId, ExpertId = input.ExpertId, Kind = input.Kind, CreatedAt = now });
        else row.Kind = input.Kind;
        Touch(db, call);
        return await Concurrency.SaveAsync(db, ct);
    }

    public static async Task<Failure?> RemoveAsync(BiotopeDb db, int callId, int proposalId, int expertId, ReadVersion read, CancellationToken ct)
    {
        var call = await db.Calls.SingleOrDefaultAsync(c => c.Id == callId, ct);
        var row = call is null ? null
            : await db.AssignmentOverrides.SingleOrDefaultAsync(o => o.ProposalId == proposalId && o.ExpertId == expertId && db.Proposals.Any(p => p.Id == proposalId && p.CallId == callId), ct);
        if (call is null || row is null) return Failure.NotFound(Phrase.Of("assignment.override.not-found"));
        if (Concurrency.Check(call.Version, read) is { } stale) return stale;
        db.AssignmentOverrides.Remove(row);
        Touch(db, call);
        return await Concurrency.SaveAsync(db, ct);
    }

    /// <summary>A pin or an exclusion changes the call: a new version.</summary>
    private static void Touch(BiotopeDb db, Call call) => db.Entry(call).Property(c => c.UpdatedAt).IsModified = true;

    public static async Task<List<OverrideDto>> ListAsync(BiotopeDb db, int callId, CancellationToken ct)
    {
        var rows = await db.AssignmentOverrides.AsNoTracking()
            .Join(db.Proposals.Where(p => p.CallId == callId), o => o.ProposalId, p => p.Id, (o, p) => new { o.ProposalId, p.Acronym, o.ExpertId, o.Kind, o.CreatedAt })
            .Join(db.Experts, x => x.ExpertId, e => e.Id, (x, e) => new { x.ProposalId, x.Acronym, x.ExpertId, e.Name, x.Kind, x.CreatedAt })
            .ToListAsync(ct);
        return [.. rows.OrderBy(x => x.Acronym, StringComparer.Ordinal).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => new OverrideDto(x.ProposalId, x.Acronym, x.ExpertId, x.Name, x.Kind, x.CreatedAt))];
    }

    /// <summary>Every conflict of interest, declared or detected, between the active experts and the call's proposals past the draft.</summary>
    public static async Task<Outcome<List<ConflictDto>>> ConflictsAsync(BiotopeDb db, int callId, DateTimeOffset now, CancellationToken ct)
    {
        if (!await db.Calls.AnyAsync(c => c.Id == callId, ct)) return Failure.NotFound(Phrase.Of("call.not-found", callId));
        var proposals = await db.Proposals.AsNoTracking().Include(p => p.Partners).Where(p => p.CallId == callId && p.Status != ProposalStatus.Draft).ToListAsync(ct);
        var experts = await db.Experts.AsNoTracking().Where(e => e.Active).ToListAsync(ct);
        var map = await Conflicts.DetectAsync(db, experts, proposals, now, ct);
        var texts = Texts.Current;
        return map.All.OrderBy(c => c.ProposalId).ThenBy(c => c.ExpertId).ThenBy(c => c.Type)
            .Select(c => new ConflictDto(c.ExpertId, experts.First(e => e.Id == c.ExpertId).Name, c.ProposalId, proposals.First(p => p.Id == c.ProposalId).Acronym, c.Type, texts.Say(c.Reason), c.Reason.Key)).ToList();
    }
}
