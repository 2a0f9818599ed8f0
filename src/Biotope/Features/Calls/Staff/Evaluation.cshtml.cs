using System.Globalization;
using Biotope.Data;
using Biotope.Features.Calls.Assignment;
using Biotope.Features.Calls.Evaluation;
using Biotope.Features.Calls.Experts;
using Biotope.Features.Calls.Proposals;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Staff;

/// <summary>
/// A call's evaluation for staff: letters of intent, reopening, conflicts, the assignment with its pins and exclusions,
/// the ranking, consensus, decisions and appeals. Every change goes through the services the API uses.
/// </summary>
public class EvaluationModel(BiotopeDb db, ProposalService proposals, AssignmentRunner runner, EvaluationService evaluation, TimeProvider clock) : PageModel
{
    public sealed record ProposalRow(int Id, string Acronym, string Title, string Coordinator, ProposalStatus Status, DateTimeOffset? IntentSubmittedAt, DateTimeOffset? SubmittedAt,
        DecisionOutcome? Decision, string? DecisionNote, DateTimeOffset? DecidedAt, string? AppealReason, DateTimeOffset? AppealedAt, AppealOutcome? AppealOutcome, string? AppealNote, int? ProjectId, int Version);

    /// <summary>A review; <see cref="ConflictDeclaredAt"/> when its expert declared a conflict after submitting it (kept for staff to decide, ADR 017).</summary>
    public sealed record ReviewView(string Expert, ReviewStatus Status, IReadOnlyList<CriterionScore> Scores, string? OverallComment, DateTimeOffset? ConflictDeclaredAt = null, string? ConflictReason = null);

    /// <summary>The consensus form of one proposal, as stored, prefilled or typed.</summary>
    public sealed class ConsensusForm
    {
        public int ProposalId { get; set; }
        public Dictionary<int, string?> Scores { get; set; } = [];
        public Dictionary<int, string?> Comments { get; set; } = [];
        public string? Comment { get; set; }
        public int? Version { get; set; }
    }

    public Call Call { get; private set; } = null!;
    /// <summary>upcoming, intent, open or closed, by the server's clock.</summary>
    public string Phase { get; private set; } = "";
    public List<ProposalRow> Proposals { get; private set; } = [];
    public List<ConflictDto> Conflicts { get; private set; } = [];
    public AssignmentReport? Report { get; private set; }
    /// <summary>Whether <see cref="Report"/> comes from a run just now (it then says why proposals are uncovered).</summary>
    public bool ReportIsFresh { get; private set; }
    public List<OverrideDto> Overrides { get; private set; } = [];
    public List<(int Id, string Name)> Experts { get; private set; } = [];
    public List<RankingRow> Ranking { get; private set; } = [];
    public Dictionary<int, ConsensusForm> ConsensusForms { get; private set; } = [];
    /// <summary>Proposals whose consensus form is prefilled from the reviews rather than stored.</summary>
    public HashSet<int> Prefilled { get; private set; } = [];
    public ILookup<int, ReviewView> Reviews { get; private set; } = Array.Empty<ReviewView>().ToLookup(_ => 0);

    /// <summary>What the last action did, for the confirmation message.</summary>
    public string? Done { get; private set; }
    public Failure? Problem { get; private set; }
    /// <summary>The proposal the failed action was about: its section shows the message too.</summary>
    public int? ProblemProposalId { get; private set; }

    [BindProperty] public ConsensusForm Consensus { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Done = done;
        return Page();
    }

    // Every form sends the version it was read at (the proposal's, or the call's for pins and exclusions): a stale page does not overwrite.
    public async Task<IActionResult> OnPostIntentAsync(int id, int proposalId, bool invite, int? version, CancellationToken ct) =>
        await ActAsync(id, proposalId, async () => (await proposals.DecideIntentAsync(proposalId, invite, ReadVersion.Of(version), User, ct)).Failure, invite ? "invited" : "not-invited", ct);

    public async Task<IActionResult> OnPostReopenAsync(int id, int proposalId, int? version, CancellationToken ct) =>
        await ActAsync(id, proposalId, async () => (await proposals.ReopenAsync(proposalId, ReadVersion.Of(version), User, ct)).Failure, "reopened", ct);

    public async Task<IActionResult> OnPostAssignAsync(int id, CancellationToken ct)
    {
        var outcome = await runner.RunAsync(id, ct);
        if (outcome.Failure is { Kind: FailureKind.NotFound }) return NotFound();
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!outcome.Succeeded) return Refused(outcome.Failure!, null);
        // The run's report is shown as it is: unlike the stored assignment, it says why a proposal lacks reviewers.
        Report = outcome.Value;
        ReportIsFresh = true;
        Done = "assigned";
        return Page();
    }

    public async Task<IActionResult> OnPostOverrideAsync(int id, int proposalId, int expertId, AssignmentOverrideKind kind, int? version, CancellationToken ct) =>
        await ActAsync(id, null, () => AssignmentOverrides.SetAsync(db, id, new OverrideInput(proposalId, expertId, kind), ReadVersion.Of(version), clock.GetUtcNow(), ct), kind == AssignmentOverrideKind.Pin ? "pinned" : "excluded", ct, "assignment");

    public async Task<IActionResult> OnPostRemoveOverrideAsync(int id, int proposalId, int expertId, int? version, CancellationToken ct) =>
        await ActAsync(id, null, () => AssignmentOverrides.RemoveAsync(db, id, proposalId, expertId, ReadVersion.Of(version), ct), "override-removed", ct, "assignment");

    public async Task<IActionResult> OnPostConsensusAsync(int id, CancellationToken ct)
    {
        var proposalId = Consensus.ProposalId;
        var unreadable = new Dictionary<string, Phrase[]>();
        var scores = new List<ScoreInput>();
        foreach (var (criterionId, text) in Consensus.Scores)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            if (decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var score))
                scores.Add(new ScoreInput(criterionId, score, Consensus.Comments.GetValueOrDefault(criterionId)));
            else unreadable[$"scores[{criterionId}].score"] = [Phrase.Of("form.score.expected")];
        }
        return await ActAsync(id, proposalId, async () =>
            unreadable.Count > 0 ? Failure.Invalid(unreadable)
            : (await evaluation.SaveConsensusAsync(proposalId, new ReviewInput(scores, Consensus.Comment, Consensus.Version), User, ifMatch: null, ct)).Failure,
            "consensus", ct);
    }

    public async Task<IActionResult> OnPostAppealAsync(int id, int proposalId, AppealOutcome outcome, string? note, int? version, CancellationToken ct) =>
        await ActAsync(id, proposalId, async () => (await evaluation.DecideAppealAsync(proposalId, new AppealDecisionInput(outcome, note), ReadVersion.Of(version), User, ct)).Failure, "appeal", ct);

    /// <summary>Runs an action on the call (and, when given, one of its proposals); back to the page with its message, or the page again with the failure.</summary>
    private async Task<IActionResult> ActAsync(int id, int? proposalId, Func<Task<Failure?>> action, string done, CancellationToken ct, string? anchor = null)
    {
        if (!await db.Calls.AnyAsync(c => c.Id == id, ct)) return NotFound();
        // Proposals are acted on from their own call's page only.
        if (proposalId is { } pid && !await db.Proposals.AnyAsync(p => p.Id == pid && p.CallId == id, ct)) return NotFound();
        var failure = await action();
        if (failure is null) return LocalRedirect($"/calls/{id}/evaluation?done={done}#{anchor ?? (proposalId is { } p ? $"p-{p}" : "main")}");
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        if (failure.Kind == FailureKind.NotFound) return NotFound();
        if (failure.Kind == FailureKind.Forbidden) return Forbid();
        // A refused consensus keeps what was typed; after someone else's save it takes their version, so that saving again is deliberate.
        if (done == "consensus" && proposalId is { } typed && ConsensusForms.TryGetValue(typed, out var stored))
        {
            if (failure.Errors is null) Consensus.Version = stored.Version;
            ConsensusForms[typed] = Consensus;
        }
        return Refused(failure, proposalId);
    }

    private PageResult Refused(Failure failure, int? proposalId)
    {
        Problem = failure;
        ProblemProposalId = proposalId;
        Response.StatusCode = Problems.StatusCode(failure.Kind);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var call = await db.LoadCallAsync(id, ct);
        if (call is null) return false;
        Call = call;
        var language = Language.Current;
        var now = clock.GetUtcNow();
        Phase = call.Phase(now);
        var rows = await db.Proposals.AsNoTracking().Where(p => p.CallId == id && p.Status != ProposalStatus.Draft).OrderBy(p => p.Acronym).ToListAsync(ct);
        var coordinatorIds = rows.Select(r => r.CoordinatorOrganizationId).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => coordinatorIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.DisplayName(language), ct);
        Proposals = [.. rows.Select(p => new ProposalRow(p.Id, p.Acronym, p.Title(language), names.GetValueOrDefault(p.CoordinatorOrganizationId, ""), p.Status,
            p.IntentSubmittedAt, p.SubmittedAt, p.Decision, p.DecisionNote, p.DecidedAt, p.AppealReason, p.AppealedAt, p.AppealOutcome, p.AppealNote, p.ProjectId, p.Version))];

        Conflicts = (await AssignmentOverrides.ConflictsAsync(db, id, now, ct)).Value ?? [];
        // Only proposals under evaluation or decided have reviewers; letters of intent and refused ones would only read as uncovered.
        var evaluated = rows.Where(p => p.Status is ProposalStatus.Submitted or ProposalStatus.Decided).Select(p => p.Id).ToHashSet();
        Report = (await runner.CurrentAsync(id, ct)).Value is { } current ? current with { Proposals = [.. current.Proposals.Where(p => evaluated.Contains(p.ProposalId))] } : null;
        Overrides = await AssignmentOverrides.ListAsync(db, id, ct);
        Experts = [.. (await db.Experts.AsNoTracking().Where(e => e.Active).OrderBy(e => e.Name).Select(e => new { e.Id, e.Name }).ToListAsync(ct)).Select(e => (e.Id, e.Name))];
        Ranking = call.Criteria.Count > 0 ? (await evaluation.RankAsync(id, ct)).Value ?? [] : [];

        var ranked = Ranking.Select(r => r.ProposalId).ToList();
        var reviews = await db.Reviews.AsNoTracking().Include(r => r.Assignment!).ThenInclude(a => a.Expert)
            .Where(r => ranked.Contains(r.ProposalId)).OrderBy(r => r.Id).ToListAsync(ct);
        Reviews = reviews.ToLookup(r => r.ProposalId, r => new ReviewView(r.Assignment!.Expert!.Name, r.Status, r.Scores, r.OverallComment, r.Assignment.ConflictDeclaredAt, r.Assignment.ConflictReason));
        var consensuses = await db.Consensuses.AsNoTracking().Where(c => ranked.Contains(c.ProposalId)).ToDictionaryAsync(c => c.ProposalId, ct);
        ConsensusForms = [];
        foreach (var proposalId in ranked)
        {
            var form = new ConsensusForm { ProposalId = proposalId };
            if (consensuses.TryGetValue(proposalId, out var stored))
            {
                form.Version = stored.Version;
                form.Comment = stored.Comment;
                foreach (var s in stored.Scores)
                {
                    form.Scores[s.CriterionId] = s.Score is { } score ? Number(score) : null;
                    form.Comments[s.CriterionId] = s.Comment;
                }
            }
            else
            {
                // No consensus yet: start from the mean of the submitted reviews, as the ranking does.
                var submitted = reviews.Where(r => r.ProposalId == proposalId && r.Status == ReviewStatus.Submitted).SelectMany(r => r.Scores).Where(s => s.Score is not null).ToList();
                foreach (var group in submitted.GroupBy(s => s.CriterionId))
                    form.Scores[group.Key] = Number(Math.Round(group.Average(s => s.Score!.Value), 2, MidpointRounding.AwayFromZero));
                if (submitted.Count > 0) Prefilled.Add(proposalId);
            }
            ConsensusForms[proposalId] = form;
        }
        return true;
    }

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
