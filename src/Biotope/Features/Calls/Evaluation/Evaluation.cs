using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Calls.Proposals;
using Biotope.Features.Notifications;
using Biotope.Features.Projects;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Evaluation;

/// <summary>A criterion's score and comment; a draft may leave the score empty (null), never 0 by default.</summary>
public sealed record ScoreInput(int CriterionId, decimal? Score, string? Comment);

public sealed record ReviewInput(List<ScoreInput> Scores, string? OverallComment, int? Version = null);

public sealed record ScoreDto(int CriterionId, string Criterion, decimal? Score, string Comment);

public sealed record ReviewDto(int? Id, string Reviewer, ReviewStatus Status, IReadOnlyList<ScoreDto> Scores, string? OverallComment, DateTimeOffset? SubmittedAt, int Version);

public sealed record ConsensusDto(IReadOnlyList<ScoreDto> Scores, string? Comment, DateTimeOffset UpdatedAt, int Version);

public sealed record DecisionInput(DecisionOutcome Outcome, string? Note);

/// <summary>A decision not yet taken: the letter as it would be sent, the coordinator it goes to and the people told.</summary>
public sealed record DecisionPreview(DecisionLetter Letter, string Coordinator, IReadOnlyList<string> Recipients);

public sealed record AppealInput(string Reason);

public sealed record AppealDecisionInput(AppealOutcome Outcome, string? Note);

public sealed record RankingRow(int Rank, int ProposalId, string Acronym, decimal WeightedTotal, bool Passed, IReadOnlyList<string> FailedCriteria, bool Scored, string ScoreSource, DecisionOutcome? Decision, decimal RequestedFunding, IReadOnlyList<int> FailedCriteriaIds);

/// <summary>Reviews, consensus, ranking, decisions with their letters, and appeals.</summary>
public sealed class EvaluationService(BiotopeDb db, ProposalService proposals, TimeProvider clock, Notifier notifier)
{
    public async Task<Outcome<ReviewDto>> GetOwnReviewAsync(int proposalId, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        if (!loaded.Value!.Access.AssignedExpert) return Failure.Forbidden(Phrase.Of("review.forbidden"));
        var review = await db.Reviews.AsNoTracking().SingleOrDefaultAsync(r => r.AssignmentId == loaded.Value.Access.AssignmentId, ct);
        var language = Language.Current;
        return review is null
            ? new ReviewDto(null, "", ReviewStatus.Draft, [.. loaded.Value.Call.Criteria.OrderBy(c => c.Position).Select(c => new ScoreDto(c.Id, c.Name(language), null, ""))], null, null, 0)
            : ToDto(review, "", loaded.Value.Call, language);
    }

    public async Task<Outcome<ReviewDto>> SaveReviewAsync(int proposalId, ReviewInput input, bool submit, ClaimsPrincipal user, string? ifMatch, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (proposal, call, access, _) = loaded.Value!;
        if (!access.AssignedExpert) return Failure.Forbidden(Phrase.Of("review.forbidden"));
        if (proposal.Status != ProposalStatus.Submitted) return Failure.Conflict(Phrase.Of("evaluation.closed.title"), Phrase.Of("review.closed", ProposalService.Status(proposal.Status)));
        var review = await db.Reviews.SingleOrDefaultAsync(r => r.AssignmentId == access.AssignmentId, ct);
        if (review is { Status: ReviewStatus.Submitted }) return Failure.Conflict(Phrase.Of("review.submitted.title"), Phrase.Of("review.already-submitted"));
        if (ValidateScores(call, input.Scores, complete: submit) is { } invalid) return invalid;
        // The first save has nothing to be stale against; every later one names the version it read.
        if (review is not null && Concurrency.Check(review.Version, ifMatch, input.Version) is { } stale) return stale;
        if (review is null)
        {
            review = new Review { AssignmentId = access.AssignmentId!.Value, ProposalId = proposalId, ExpertId = access.ExpertId!.Value };
            db.Reviews.Add(review);
        }
        review.Scores = [.. input.Scores.Select(s => new CriterionScore { CriterionId = s.CriterionId, Score = s.Score, Comment = s.Comment?.Trim() ?? "" })];
        review.OverallComment = input.OverallComment?.Trim();
        if (submit)
        {
            review.Status = ReviewStatus.Submitted;
            review.SubmittedAt = clock.GetUtcNow();
        }
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return ToDto(review, "", call, Language.Current);
    }

    /// <summary>Staff see every review with its author; an assigned expert sees the others' only once theirs is submitted, without names.</summary>
    public async Task<Outcome<List<ReviewDto>>> ListReviewsAsync(int proposalId, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var access = loaded.Value!.Access;
        var language = Language.Current;
        var reviews = await db.Reviews.AsNoTracking().Include(r => r.Assignment!).ThenInclude(a => a.Expert).Where(r => r.ProposalId == proposalId).OrderBy(r => r.Id).ToListAsync(ct);
        if (access.Staff)
            return reviews.Select(r => ToDto(r, r.Assignment!.Expert!.Name, loaded.Value.Call, language)).ToList();
        if (!access.AssignedExpert) return Failure.Forbidden(Phrase.Of("review.confidential"));
        var own = reviews.FirstOrDefault(r => r.AssignmentId == access.AssignmentId);
        if (own is not { Status: ReviewStatus.Submitted }) return Failure.Forbidden(Phrase.Of("review.others-after-own"));
        var texts = Texts.Current;
        return reviews.Where(r => r.Status == ReviewStatus.Submitted)
            .Select((r, i) => ToDto(r, r.Id == own.Id ? texts["review.reviewer.you"] : texts["review.reviewer.anonymous", i + 1], loaded.Value.Call, language)).ToList();
    }

    public async Task<Outcome<ConsensusDto>> SaveConsensusAsync(int proposalId, ReviewInput input, ClaimsPrincipal user, string? ifMatch, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (proposal, call, access, _) = loaded.Value!;
        if (!access.Staff) return Failure.Forbidden(Phrase.Of("consensus.forbidden"));
        if (proposal.Status != ProposalStatus.Submitted) return Failure.Conflict(Phrase.Of("evaluation.closed.title"), Phrase.Of("consensus.closed", ProposalService.Status(proposal.Status)));
        if (ValidateScores(call, input.Scores, complete: true) is { } invalid) return invalid;
        var consensus = await db.Consensuses.SingleOrDefaultAsync(c => c.ProposalId == proposalId, ct);
        // Without a version the write is a first one: a consensus already written (by a request just before) is not overwritten.
        if (consensus is not null && string.IsNullOrWhiteSpace(ifMatch) && input.Version is null) return Concurrency.Duplicate;
        if (consensus is not null && Concurrency.Check(consensus.Version, ifMatch, input.Version) is { } stale) return stale;
        if (consensus is null)
        {
            consensus = new Consensus { ProposalId = proposalId };
            db.Consensuses.Add(consensus);
        }
        consensus.Scores = [.. input.Scores.Select(s => new CriterionScore { CriterionId = s.CriterionId, Score = s.Score, Comment = s.Comment?.Trim() ?? "" })];
        consensus.Comment = input.OverallComment?.Trim();
        consensus.WrittenByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return ToDto(consensus, call, Language.Current);
    }

    public async Task<Outcome<ConsensusDto?>> GetConsensusAsync(int proposalId, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        if (!loaded.Value!.Access.Staff) return Failure.Forbidden(Phrase.Of("consensus.read.forbidden"));
        var consensus = await db.Consensuses.AsNoTracking().SingleOrDefaultAsync(c => c.ProposalId == proposalId, ct);
        return new Outcome<ConsensusDto?>(consensus is null ? null : ToDto(consensus, loaded.Value.Call, Language.Current), null);
    }

    /// <summary>Weighted totals of the consensus (or, without one, of the mean of submitted reviews); thresholds fail; ties broken deterministically.</summary>
    public async Task<Outcome<List<RankingRow>>> RankAsync(int callId, CancellationToken ct)
    {
        var call = await db.LoadCallAsync(callId, ct);
        if (call is null) return Failure.NotFound(Phrase.Of("call.not-found", callId));
        var list = await db.Proposals.AsNoTracking().Include(p => p.Partners).ThenInclude(p => p.Organization)
            .Where(p => p.CallId == callId && (p.Status == ProposalStatus.Submitted || p.Status == ProposalStatus.Decided)).ToListAsync(ct);
        return await RankRowsAsync(call, list, Language.Current, ct);
    }

    /// <summary>Ranks the given proposals of a call: one letter needs its own row only, not the whole call's ranking.</summary>
    private async Task<List<RankingRow>> RankRowsAsync(Call call, IReadOnlyList<Proposal> list, string language, CancellationToken ct)
    {
        var ids = list.Select(p => p.Id).ToList();
        var consensuses = await db.Consensuses.AsNoTracking().Where(c => ids.Contains(c.ProposalId)).ToDictionaryAsync(c => c.ProposalId, ct);
        var reviews = (await db.Reviews.AsNoTracking().Where(r => ids.Contains(r.ProposalId) && r.Status == ReviewStatus.Submitted).ToListAsync(ct)).ToLookup(r => r.ProposalId);
        var sources = new Dictionary<int, string>();
        var scores = list.Select(p =>
        {
            Dictionary<int, decimal> values;
            if (consensuses.TryGetValue(p.Id, out var c))
            {
                values = c.Scores.Where(s => s.Score is not null).ToDictionary(s => s.CriterionId, s => s.Score!.Value);
                sources[p.Id] = "consensus";
            }
            else
            {
                values = reviews[p.Id].SelectMany(r => r.Scores).Where(s => s.Score is not null).GroupBy(s => s.CriterionId).ToDictionary(g => g.Key, g => g.Average(s => s.Score!.Value));
                sources[p.Id] = reviews[p.Id].Any() ? "reviews" : "none";
            }
            return new ProposalScores(p.Id, p.Acronym, p.SubmittedAt, values);
        }).ToList();
        var criteria = call.Criteria.OrderBy(c => c.Position).ToList();
        var ranked = Ranking.Rank([.. criteria.Select(c => new RankingCriterion(c.Id, c.Weight, c.PassThreshold))], scores);
        var byId = list.ToDictionary(p => p.Id);
        return ranked.Select(r =>
        {
            var p = byId[r.ProposalId];
            var funding = Budget.Summarize(p.Partners.Where(x => x.CountsInConsortium).Select(x => (x, x.Organization!.Type)), call.Rules).RequestedFunding;
            return new RankingRow(r.Rank, r.ProposalId, r.Acronym, r.WeightedTotal, r.Passed, [.. r.FailedCriteria.Select(id => criteria.First(c => c.Id == id).Name(language))], r.Scored, sources[r.ProposalId], p.Decision, funding, r.FailedCriteria);
        }).ToList();
    }

    /// <summary>
    /// Why a proposal cannot be decided now, or null: staff only; a submitted proposal (or one whose appeal was upheld);
    /// never while the call still takes submissions; never without a consensus, which the letter quotes.
    /// </summary>
    private async Task<Failure?> DecisionRefusalAsync(LoadedProposal loaded, DecisionOutcome outcome, CancellationToken ct)
    {
        var (proposal, call, access, _) = loaded;
        if (!access.Staff) return Failure.Forbidden(Phrase.Of("decision.forbidden"));
        var redecide = proposal.Status == ProposalStatus.Decided && proposal.AppealOutcome == AppealOutcome.Upheld && proposal.Decision != outcome;
        if (proposal.Status != ProposalStatus.Submitted && !redecide)
            return Failure.Conflict(Phrase.Of("decision.refused.title"), Phrase.Of("decision.refused", ProposalService.Status(proposal.Status)));
        if (clock.GetUtcNow() < call.ClosesAt)
            return Failure.Conflict(Phrase.Of("decision.call-still-open.title"), Phrase.Of("decision.call-still-open", call.ClosesAt))
                with
            { Extensions = new Dictionary<string, object?> { ["closesAt"] = call.ClosesAt } };
        if (!await db.Consensuses.AnyAsync(c => c.ProposalId == proposal.Id, ct))
            return Failure.Conflict(Phrase.Of("decision.consensus-missing.title"), Phrase.Of("decision.consensus-missing", proposal.Acronym));
        return null;
    }

    /// <summary>What a decision would do, before staff confirm it: the letter as it would read and who receives it. Nothing is stored.</summary>
    public async Task<Outcome<DecisionPreview>> PreviewDecisionAsync(int proposalId, DecisionInput input, string language, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        if (await DecisionRefusalAsync(loaded.Value!, input.Outcome, ct) is { } refused) return refused;
        var (proposal, call, _, _) = loaded.Value!;
        // The proposal is read untracked: giving it the decision here only writes the letter, it saves nothing.
        proposal.Decision = input.Outcome;
        proposal.DecisionNote = input.Note?.Trim();
        proposal.DecidedAt = clock.GetUtcNow();
        var coordinator = proposal.Partners.First(p => p.IsCoordinator).Organization!;
        var recipients = await db.Users.AsNoTracking().Where(u => u.OrganizationId == coordinator.Id).OrderBy(u => u.Email)
            .Select(u => u.DisplayName ?? u.Email ?? "").ToListAsync(ct);
        return new DecisionPreview(await ComposeLetterAsync(proposal, call, language, ct), coordinator.DisplayName(language), recipients);
    }

    /// <summary>Staff decide; a labelled proposal becomes a portfolio project; the coordinator is told and gets the letter.</summary>
    public async Task<Outcome<LoadedProposal>> DecideAsync(int proposalId, DecisionInput input, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        if (await DecisionRefusalAsync(loaded.Value!, input.Outcome, ct) is { } refused) return refused;
        var (proposal, call, _, _) = loaded.Value!;
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        proposal.Status = ProposalStatus.Decided;
        proposal.Decision = input.Outcome;
        proposal.DecisionNote = input.Note?.Trim();
        proposal.DecidedAt = clock.GetUtcNow();
        if (input.Outcome == DecisionOutcome.Labelled && proposal.ProjectId is null)
        {
            var consortium = proposal.Partners.Where(p => p.CountsInConsortium)
                .Select(p => (Partner: p, Budget: Budget.ForPartner(p, p.Organization!.Type, call.Rules)))
                .Select(x => (x.Partner.OrganizationId, x.Partner.IsCoordinator, x.Budget.Total, x.Budget.RequestedFunding, x.Partner.ResearchersToHire)).ToList();
            var project = await Portfolio.CreateFromLabelledProposalAsync(db, proposal, consortium, call.Funder().In("en").Text, call.Programme() is { IsEmpty: false } programme ? programme.In("en").Text : null, ct);
            await db.SaveChangesAsync(ct);
            proposal.ProjectId = project.Id;
        }
        await notifier.ToOrganizationsAsync([proposal.CoordinatorOrganizationId], Message.From("decision",
            Phrase.Of("notification.decision.subject", proposal.Acronym),
            Phrase.Of(input.Outcome == DecisionOutcome.Labelled ? "notification.decision.labelled" : "notification.decision.not-labelled", proposal.Acronym),
            $"/proposals/{proposal.Id}/letter"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        if (transaction is not null) await transaction.CommitAsync(ct);
        return await proposals.LoadAsync(proposalId, user, ct);
    }

    public async Task<Outcome<DecisionLetter>> LetterAsync(int proposalId, string language, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (proposal, call, access, _) = loaded.Value!;
        if (!access.Staff && !access.InConsortium) return Failure.Forbidden(Phrase.Of("letter.forbidden"));
        if (proposal.Status != ProposalStatus.Decided) return Failure.NotFound(Phrase.Of("letter.not-yet"));
        return await ComposeLetterAsync(proposal, call, language, ct);
    }

    private async Task<DecisionLetter> ComposeLetterAsync(Proposal proposal, Call call, string language, CancellationToken ct)
    {
        var consensus = await db.Consensuses.AsNoTracking().SingleOrDefaultAsync(c => c.ProposalId == proposal.Id, ct);
        var row = (await RankRowsAsync(call, [proposal], language, ct)).Single();
        return DecisionLetter.Compose(proposal, call, proposal.Partners.First(p => p.IsCoordinator).Organization!, consensus, row, language);
    }

    public async Task<Outcome<LoadedProposal>> AppealAsync(int proposalId, AppealInput input, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        if (!loaded.Value.Access.Coordinator) return Failure.Forbidden(Phrase.Of("appeal.forbidden"));
        if (proposal.Status != ProposalStatus.Decided) return Failure.Conflict(Phrase.Of("appeal.no-decision.title"), Phrase.Of("proposal.status-is", ProposalService.Status(proposal.Status)));
        if (proposal.AppealedAt is not null) return Failure.Conflict(Phrase.Of("appeal.already.title"), Phrase.Of("appeal.already"));
        if (string.IsNullOrWhiteSpace(input.Reason)) return Failure.Invalid("reason", Phrase.Of("appeal.reason.required"));
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        proposal.AppealReason = input.Reason.Trim();
        proposal.AppealedAt = clock.GetUtcNow();
        await notifier.ToStaffAsync(Message.From("appeal", Phrase.Of("notification.appeal.subject", proposal.Acronym),
            Phrase.Of("notification.appeal.body", proposal.AppealReason), $"/proposals/{proposal.Id}"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await proposals.LoadAsync(proposalId, user, ct);
    }

    public async Task<Outcome<LoadedProposal>> DecideAppealAsync(int proposalId, AppealDecisionInput input, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(proposalId, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        if (!loaded.Value.Access.Staff) return Failure.Forbidden(Phrase.Of("appeal.decide.forbidden"));
        if (proposal.AppealedAt is null) return Failure.Conflict(Phrase.Of("appeal.none.title"), Phrase.Of("appeal.none"));
        if (proposal.AppealOutcome is not null) return Failure.Conflict(Phrase.Of("appeal.decided.title"), Phrase.Of("appeal.decided"));
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        proposal.AppealOutcome = input.Outcome;
        proposal.AppealNote = input.Note?.Trim();
        proposal.AppealDecidedAt = clock.GetUtcNow();
        await notifier.ToOrganizationsAsync([proposal.CoordinatorOrganizationId], Message.From("appeal-outcome",
            Phrase.Of("notification.appeal-outcome.subject", proposal.Acronym),
            Phrase.Of(input.Outcome == AppealOutcome.Upheld ? "notification.appeal-outcome.upheld" : "notification.appeal-outcome.rejected"),
            $"/proposals/{proposal.Id}"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await proposals.LoadAsync(proposalId, user, ct);
    }

    /// <summary>
    /// Scores on the call's scale; a draft may leave scores and comments empty, a submitted review (or a consensus) scores
    /// every criterion with a comment. Each criterion's message is its own field error, so pages show it by the criterion.
    /// </summary>
    private static Failure? ValidateScores(Call call, List<ScoreInput>? scores, bool complete)
    {
        scores ??= [];
        var errors = new Dictionary<string, Phrase[]>();
        var criteria = call.Criteria.ToDictionary(c => c.Id);
        static Bilingual Name(EvaluationCriterion c) => new(c.NameFr, c.NameEn);
        foreach (var s in scores)
        {
            if (!criteria.TryGetValue(s.CriterionId, out var c)) errors[$"scores[{s.CriterionId}]"] = [Phrase.Of("review.criterion.unknown", s.CriterionId)];
            else if (s.Score is { } score && (score < c.ScaleMin || score > c.ScaleMax)) errors[$"scores[{s.CriterionId}].score"] = [Phrase.Of("review.score.out-of-scale", Name(c), c.ScaleMin, c.ScaleMax)];
            else if (complete && s.Score is null) errors[$"scores[{s.CriterionId}].score"] = [Phrase.Of("review.score.required", Name(c), c.ScaleMin, c.ScaleMax)];
            if (complete && c is not null && string.IsNullOrWhiteSpace(s.Comment)) errors[$"scores[{s.CriterionId}].comment"] = [Phrase.Of("review.score.comment-required", Name(c))];
        }
        if (scores.Select(s => s.CriterionId).Distinct().Count() != scores.Count) errors["scores"] = [Phrase.Of("review.score.twice")];
        else if (complete)
            foreach (var c in criteria.Values.OrderBy(c => c.Position).Where(c => scores.All(s => s.CriterionId != c.Id)))
                errors[$"scores[{c.Id}].score"] = [Phrase.Of("review.score.required", Name(c), c.ScaleMin, c.ScaleMax)];
        return errors.Count > 0 ? Failure.Invalid(errors) : null;
    }

    private static ReviewDto ToDto(Review r, string reviewer, Call call, string language) =>
        new(r.Id, reviewer, r.Status, [.. r.Scores.Select(s => new ScoreDto(s.CriterionId, call.Criteria.FirstOrDefault(c => c.Id == s.CriterionId)?.Name(language) ?? "", s.Score, s.Comment))], r.OverallComment, r.SubmittedAt, r.Version);

    private static ConsensusDto ToDto(Consensus c, Call call, string language) =>
        new([.. c.Scores.Select(s => new ScoreDto(s.CriterionId, call.Criteria.FirstOrDefault(x => x.Id == s.CriterionId)?.Name(language) ?? "", s.Score, s.Comment))], c.Comment, c.UpdatedAt, c.Version);
}
