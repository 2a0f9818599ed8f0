using System.Text.Json.Serialization;
using Biotope.Data;
using Biotope.Features.Calls.Experts;
using Biotope.Features.Notifications;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Assignment;

public sealed record AssignedExpert(int ExpertId, string Name, int MatchScore, bool Pinned, bool ReviewStarted);

/// <summary>A proposal's reviewers; <see cref="Why"/> says why some are missing (known right after a run).</summary>
public sealed record ProposalAssignment(int ProposalId, string Acronym, IReadOnlyList<AssignedExpert> Experts, int Missing, [property: JsonIgnore] Phrase? Why)
{
    /// <summary>How many reviewers are missing, and why when known.</summary>
    [JsonIgnore]
    public Phrase Shortfall => Why is null ? Phrase.Plural("assignment.missing", Missing, Acronym) : CallPhrases.Sentences([Phrase.Plural("assignment.missing", Missing, Acronym), Why]);

    /// <summary>Why reviewers are missing, in the request's language.</summary>
    public string? Reason => Why is null ? null : Texts.Current.Say(Why);

    public string? ReasonCode => Why?.Key;
}

public sealed record AssignmentReport(int CallId, int ReviewersPerProposal, bool Complete, long TotalScore, IReadOnlyList<ProposalAssignment> Proposals)
{
    /// <summary>The proposals short of reviewers, in the request's language.</summary>
    public IReadOnlyList<string> Uncovered => [.. Proposals.Where(p => p.Missing > 0).Select(p => Texts.Current.Say(p.Shortfall))];
}

/// <summary>Builds the call's assignment problem from the database, solves it exactly, and stores the answer.</summary>
public sealed class AssignmentRunner(BiotopeDb db, TimeProvider clock, Notifier notifier)
{
    public async Task<Outcome<AssignmentReport>> RunAsync(int callId, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null) return Failure.NotFound(Phrase.Of("call.not-found", callId));
        var proposals = await db.Proposals.AsNoTracking().Include(p => p.Partners)
            .Where(p => p.CallId == callId && p.Status == ProposalStatus.Submitted).OrderBy(p => p.Id).ToListAsync(ct);
        var experts = await db.Experts.AsNoTracking().Where(e => e.Active).OrderBy(e => e.Id).ToListAsync(ct);
        var proposalIds = proposals.Select(p => p.Id).ToList();
        var overrides = await db.AssignmentOverrides.AsNoTracking().Where(o => proposalIds.Contains(o.ProposalId)).ToListAsync(ct);
        var existing = await db.ReviewAssignments.Where(a => a.CallId == callId).ToListAsync(ct);
        var reviewed = (await db.Reviews.Where(r => proposalIds.Contains(r.ProposalId)).Select(r => r.AssignmentId).ToListAsync(ct)).ToHashSet();
        var conflicts = await Conflicts.DetectAsync(db, experts, proposals, clock.GetUtcNow(), ct);

        var proposalIndex = proposals.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var expertIndex = experts.Select((e, i) => (e.Id, i)).ToDictionary(x => x.Id, x => x.i);
        // An assignment whose review has begun stays, whatever the new optimum says.
        var kept = existing.Where(a => reviewed.Contains(a.Id)).Select(a => (a.ProposalId, a.ExpertId)).ToHashSet();
        var pinned = overrides.Where(o => o.Kind == AssignmentOverrideKind.Pin).Select(o => (o.ProposalId, o.ExpertId)).Concat(kept).ToHashSet();
        var excluded = overrides.Where(o => o.Kind == AssignmentOverrideKind.Exclude).Select(o => (o.ProposalId, o.ExpertId)).ToHashSet();

        var allowed = new List<AssignmentPair>();
        foreach (var p in proposals)
            foreach (var e in experts)
            {
                var pair = (p.Id, e.Id);
                // No conflict is ever assigned, not even pinned; a pin overrides an exclusion and the language check only.
                if (conflicts.Any(e.Id, p.Id) || (!pinned.Contains(pair) && (excluded.Contains(pair) || !ReadsLanguage(e, p)))) continue;
                allowed.Add(new AssignmentPair(proposalIndex[p.Id], expertIndex[e.Id], Conflicts.MatchScore(e, p), pinned.Contains(pair)));
            }
        var loads = experts.Select(e => e.MaxLoad).ToList();
        // More pins on an expert than their load: the load is raised rather than the staff's pins dropped.
        foreach (var group in allowed.Where(a => a.Pinned).GroupBy(a => a.Expert)) loads[group.Key] = Math.Max(loads[group.Key], group.Count());
        var result = ReviewerAssignment.Solve(new AssignmentProblem(proposals.Count, experts.Count, call.ReviewersPerProposal, loads, allowed));

        var chosen = result.Assigned.Select(a => (ProposalId: proposals[a.Proposal].Id, ExpertId: experts[a.Expert].Id, a.Score, a.Pinned)).ToList();
        var chosenKeys = chosen.Select(c => (c.ProposalId, c.ExpertId)).ToHashSet();
        var existingIds = existing.Select(a => a.Id).ToList();
        // A submitted review is never deleted (a conflict declared after it flags the assignment for staff, ADR 017): its assignment stays.
        var submitted = (await db.Reviews.Where(r => existingIds.Contains(r.AssignmentId) && r.Status == ReviewStatus.Submitted).Select(r => r.AssignmentId).ToListAsync(ct)).ToHashSet();
        // Proposals no longer under evaluation (decided, withdrawn) keep their assignments and reviews as they are.
        var dropped = existing.Where(a => proposalIds.Contains(a.ProposalId) && !chosenKeys.Contains((a.ProposalId, a.ExpertId)) && !submitted.Contains(a.Id)).ToList();
        var droppedIds = dropped.Select(a => a.Id).ToList();
        // Only a draft begun before a conflict came to light can be here: it goes with its assignment.
        db.Reviews.RemoveRange(await db.Reviews.Where(r => droppedIds.Contains(r.AssignmentId)).ToListAsync(ct));
        db.ReviewAssignments.RemoveRange(dropped);
        var now = clock.GetUtcNow();
        var added = new List<(int ProposalId, int ExpertId)>();
        foreach (var c in chosen)
        {
            var row = existing.FirstOrDefault(a => a.ProposalId == c.ProposalId && a.ExpertId == c.ExpertId);
            if (row is null)
            {
                db.ReviewAssignments.Add(new ReviewAssignment { CallId = callId, ProposalId = c.ProposalId, ExpertId = c.ExpertId, MatchScore = c.Score, Pinned = c.Pinned, AssignedAt = now });
                added.Add((c.ProposalId, c.ExpertId));
            }
            else
            {
                row.MatchScore = c.Score;
                row.Pinned = c.Pinned;
            }
        }
        foreach (var group in added.GroupBy(a => a.ExpertId))
        {
            var userId = experts[expertIndex[group.Key]].UserId;
            if (userId is null) continue;
            var acronyms = new PhraseList([.. group.Select(a => (object?)proposals[proposalIndex[a.ProposalId]].Acronym)]);
            await notifier.ToUsersAsync([userId], Message.From("assignment",
                Phrase.Of("notification.assignment.subject", new Bilingual(call.TitleFr, call.TitleEn)),
                Phrase.Plural("notification.assignment.body", group.Count(), acronyms), "/reviews"), ct);
        }
        // Two runs at once: the one that saves second is told, and its rows are not half written.
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;

        var rows = proposals.Select((p, i) =>
        {
            var missing = result.ShortfallPerProposal[i];
            Phrase? reason = null;
            if (missing > 0)
            {
                var free = allowed.Count(a => a.Proposal == i);
                var conflicted = experts.Count(e => conflicts.Any(e.Id, p.Id));
                var excludedCount = experts.Count(e => excluded.Contains((p.Id, e.Id)));
                reason = free < call.ReviewersPerProposal
                    ? Phrase.Plural(free == 0 ? "assignment.why.no-expert" : "assignment.why.few-experts", free, Phrase.Plural("assignment.why.conflicted", conflicted), Phrase.Plural("assignment.why.excluded", excludedCount),
                        Phrase.Plural("assignment.why.language", experts.Count - free - conflicted - excludedCount), Phrase.Plural("assignment.why.active", experts.Count))
                    : Phrase.Plural("assignment.why.full-load", free);
            }
            var experts_ = chosen.Where(c => c.ProposalId == p.Id)
                .Select(c => new AssignedExpert(c.ExpertId, experts[expertIndex[c.ExpertId]].Name, c.Score, c.Pinned, kept.Contains((c.ProposalId, c.ExpertId)))).ToList();
            return new ProposalAssignment(p.Id, p.Acronym, experts_, missing, reason);
        }).ToList();
        return new AssignmentReport(callId, call.ReviewersPerProposal, result.Complete, result.TotalScore, rows);
    }

    /// <summary>An expert with no stated languages reads both; otherwise they must read one the proposal is written in.</summary>
    public static bool ReadsLanguage(Expert expert, Proposal proposal)
    {
        if (expert.Languages.Count == 0) return true;
        var written = new List<string>();
        if (proposal.SummaryFr is not null || proposal.TitleFr is not null) written.Add("fr");
        if (proposal.SummaryEn is not null || proposal.TitleEn is not null) written.Add("en");
        return written.Count == 0 || written.Any(l => expert.Languages.Contains(l, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The current assignment of a call, without solving again.</summary>
    public async Task<Outcome<AssignmentReport>> CurrentAsync(int callId, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null) return Failure.NotFound(Phrase.Of("call.not-found", callId));
        var proposals = await db.Proposals.AsNoTracking().Where(p => p.CallId == callId && p.Status != ProposalStatus.Draft && p.Status != ProposalStatus.Withdrawn)
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.Acronym }).ToListAsync(ct);
        var assignments = await db.ReviewAssignments.AsNoTracking().Include(a => a.Expert).Where(a => a.CallId == callId).ToListAsync(ct);
        var reviewed = (await db.Reviews.AsNoTracking().Where(r => r.Assignment!.CallId == callId).Select(r => r.AssignmentId).ToListAsync(ct)).ToHashSet();
        var rows = proposals.Select(p =>
        {
            var list = assignments.Where(a => a.ProposalId == p.Id).OrderBy(a => a.ExpertId)
                .Select(a => new AssignedExpert(a.ExpertId, a.Expert!.Name, a.MatchScore, a.Pinned, reviewed.Contains(a.Id))).ToList();
            return new ProposalAssignment(p.Id, p.Acronym, list, Math.Max(0, call.ReviewersPerProposal - list.Count), null);
        }).ToList();
        return new AssignmentReport(callId, call.ReviewersPerProposal, rows.All(r => r.Missing == 0), assignments.Sum(a => (long)a.MatchScore), rows);
    }
}
