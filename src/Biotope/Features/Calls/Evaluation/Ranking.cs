namespace Biotope.Features.Calls.Evaluation;

/// <summary>An evaluation criterion of a call: its weight in the total and the least score that passes it.</summary>
public sealed record RankingCriterion(int CriterionId, decimal Weight, decimal PassThreshold);

/// <summary>A proposal's score per criterion id (the consensus score, or the mean of its reviews).</summary>
public sealed record ProposalScores(int ProposalId, string Acronym, DateTimeOffset? SubmittedAt, IReadOnlyDictionary<int, decimal> Scores);

/// <summary>
/// A proposal's place in the ranking. <see cref="WeightedTotal"/> is rounded to 2 decimals for display;
/// <see cref="FailedCriteria"/> lists the criteria scored below their threshold, in the order the criteria were given.
/// </summary>
public sealed record RankedProposal(
    int Rank,
    int ProposalId,
    string Acronym,
    decimal WeightedTotal,
    bool Passed,
    IReadOnlyList<int> FailedCriteria,
    bool Scored);

/// <summary>
/// Ranks the proposals of a call. Scored proposals (a score on every criterion) come first: those that pass
/// every threshold, then those that fail one; each group by weighted total (Σ weight·score / Σ weight)
/// descending, compared unrounded. Ties go to the higher score on the heaviest criterion (then the next,
/// equal weights by criterion id), then to the earlier submission (unsubmitted last), then to the ordinal
/// acronym, then to the proposal id. Unscored proposals follow, with a total of 0 and not passed, in order of
/// submission, acronym and id. Ranks run 1..n with no two alike. Decimal arithmetic throughout.
/// </summary>
public static class Ranking
{
    public static IReadOnlyList<RankedProposal> Rank(IReadOnlyList<RankingCriterion> criteria, IReadOnlyList<ProposalScores> proposals)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(proposals);
        Validate(criteria, proposals);

        var weightSum = 0m;
        foreach (var criterion in criteria) weightSum += criterion.Weight;
        var tieBreakCriteria = criteria
            .OrderByDescending(c => c.Weight)
            .ThenBy(c => c.CriterionId)
            .Select(c => c.CriterionId)
            .ToArray();

        var evaluated = new Evaluated[proposals.Count];
        for (var i = 0; i < proposals.Count; i++) evaluated[i] = Evaluate(proposals[i], criteria, tieBreakCriteria);
        Array.Sort(evaluated, Compare);

        var ranked = new RankedProposal[evaluated.Length];
        for (var i = 0; i < evaluated.Length; i++)
        {
            var e = evaluated[i];
            var total = e.Scored ? Math.Round(e.WeightedSum / weightSum, 2, MidpointRounding.AwayFromZero) : 0m;
            ranked[i] = new RankedProposal(i + 1, e.Source.ProposalId, e.Source.Acronym, total, e.Passed, e.Failed, e.Scored);
        }
        return ranked;
    }

    // WeightedSum is Σ weight·score: every proposal shares the divisor, so comparing it compares the exact totals.
    private sealed record Evaluated(ProposalScores Source, bool Scored, decimal WeightedSum, bool Passed, int[] Failed, decimal[] TieBreakScores);

    private static Evaluated Evaluate(ProposalScores proposal, IReadOnlyList<RankingCriterion> criteria, int[] tieBreakCriteria)
    {
        var scored = true;
        var weightedSum = 0m;
        var failed = new List<int>();
        foreach (var criterion in criteria)
        {
            if (!proposal.Scores.TryGetValue(criterion.CriterionId, out var score))
            {
                scored = false;
                continue;
            }
            weightedSum += criterion.Weight * score;
            if (score < criterion.PassThreshold) failed.Add(criterion.CriterionId);
        }
        var tieBreakScores = new decimal[tieBreakCriteria.Length];
        if (scored)
        {
            for (var i = 0; i < tieBreakCriteria.Length; i++) tieBreakScores[i] = proposal.Scores[tieBreakCriteria[i]];
        }
        return new Evaluated(proposal, scored, scored ? weightedSum : 0m, scored && failed.Count == 0, [.. failed], tieBreakScores);
    }

    private static int Compare(Evaluated a, Evaluated b)
    {
        if (a.Scored != b.Scored) return a.Scored ? -1 : 1;
        if (a.Passed != b.Passed) return a.Passed ? -1 : 1;
        var order = b.WeightedSum.CompareTo(a.WeightedSum);
        if (order != 0) return order;
        for (var i = 0; i < a.TieBreakScores.Length; i++)
        {
            order = b.TieBreakScores[i].CompareTo(a.TieBreakScores[i]);
            if (order != 0) return order;
        }
        order = (a.Source.SubmittedAt, b.Source.SubmittedAt) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } x, { } y) => x.CompareTo(y),
        };
        if (order != 0) return order;
        order = string.CompareOrdinal(a.Source.Acronym, b.Source.Acronym);
        if (order != 0) return order;
        return a.Source.ProposalId.CompareTo(b.Source.ProposalId);
    }

    private static void Validate(IReadOnlyList<RankingCriterion> criteria, IReadOnlyList<ProposalScores> proposals)
    {
        if (criteria.Count == 0) throw new ArgumentException("At least one criterion is needed to rank proposals.", nameof(criteria));
        var criterionIds = new HashSet<int>();
        var weightSum = 0m;
        for (var i = 0; i < criteria.Count; i++)
        {
            var criterion = criteria[i] ?? throw new ArgumentException($"Criterion {i} is null.", nameof(criteria));
            if (!criterionIds.Add(criterion.CriterionId))
                throw new ArgumentException($"Criterion {criterion.CriterionId} is listed twice.", nameof(criteria));
            if (criterion.Weight < 0)
                throw new ArgumentException($"Criterion {criterion.CriterionId} has a negative weight ({criterion.Weight}).", nameof(criteria));
            weightSum += criterion.Weight;
        }
        if (weightSum == 0) throw new ArgumentException("The criteria's weights add up to 0.", nameof(criteria));

        var proposalIds = new HashSet<int>();
        for (var i = 0; i < proposals.Count; i++)
        {
            var proposal = proposals[i] ?? throw new ArgumentException($"Proposal {i} is null.", nameof(proposals));
            if (!proposalIds.Add(proposal.ProposalId))
                throw new ArgumentException($"Proposal {proposal.ProposalId} is listed twice.", nameof(proposals));
            if (proposal.Acronym is null) throw new ArgumentException($"Proposal {proposal.ProposalId} has no acronym.", nameof(proposals));
            if (proposal.Scores is null) throw new ArgumentException($"Proposal {proposal.ProposalId} has no scores.", nameof(proposals));
        }
    }
}
