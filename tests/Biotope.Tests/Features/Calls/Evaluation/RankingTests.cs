using Biotope.Features.Calls.Evaluation;

namespace Biotope.Tests.Features.Calls.Evaluation;

public class RankingTests
{
    private static readonly DateTimeOffset Deadline = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // ---- Weighted totals ----

    [Fact]
    public void Weighted_total_is_the_weighted_mean_of_the_scores()
    {
        var ranked = Ranking.Rank(
            [new(1, 2m, 0m), new(2, 1m, 0m)],
            [Proposal(10, "A", (1, 4m), (2, 1m)), Proposal(11, "B", (1, 1m), (2, 0m))]);

        Assert.Equal(3.00m, Single(ranked, 10).WeightedTotal);      // (2·4 + 1·1) / 3
        Assert.Equal(0.67m, Single(ranked, 11).WeightedTotal);      // 2/3 rounded
    }

    [Fact]
    public void Weighted_total_rounds_half_away_from_zero()
    {
        var ranked = Ranking.Rank(
            [new(1, 1m, 0m), new(2, 1m, 0m)],
            [Proposal(1, "UP", (1, 1.00m), (2, 1.01m)), Proposal(2, "UP2", (1, 2.02m), (2, 2.03m))]);

        // 1.005 and 2.025 would go to the even neighbour (1.00, 2.02) under banker's rounding.
        Assert.Equal(1.01m, Single(ranked, 1).WeightedTotal);
        Assert.Equal(2.03m, Single(ranked, 2).WeightedTotal);
    }

    [Fact]
    public void Higher_weighted_total_ranks_first()
    {
        var ranked = Ranking.Rank(
            [new(1, 3m, 0m), new(2, 1m, 0m)],
            [Proposal(1, "LOW", (1, 2m), (2, 5m)), Proposal(2, "HIGH", (1, 4m), (2, 1m)), Proposal(3, "MID", (1, 3m), (2, 3m))]);

        Assert.Equal(["HIGH", "MID", "LOW"], Acronyms(ranked));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Totals_are_compared_before_rounding()
    {
        // Both show 1.00, but A's 1.004 beats B's 1.001, though B would win every later tie-break.
        var ranked = Ranking.Rank(
            [new(1, 1m, 0m), new(2, 1m, 0m)],
            [Proposal(2, "A", Deadline.AddHours(1), (1, 1.000m), (2, 1.008m)), Proposal(1, "B", Deadline, (1, 1.002m), (2, 1.000m))]);

        Assert.Equal(["A", "B"], Acronyms(ranked));
        Assert.All(ranked, r => Assert.Equal(1.00m, r.WeightedTotal));
    }

    [Fact]
    public void Decimal_arithmetic_keeps_equal_totals_equal()
    {
        // In binary floating point 0.1 + 0.2 > 0.3, which would put A first; in decimal the totals tie
        // and B wins on the heaviest criterion (3).
        var ranked = Ranking.Rank(
            [new(1, 0.1m, 0m), new(2, 0.2m, 0m), new(3, 0.3m, 0m)],
            [Proposal(1, "A", (1, 1m), (2, 1m), (3, 0m)), Proposal(2, "B", (1, 0m), (2, 0m), (3, 1m))]);

        Assert.Equal(["B", "A"], Acronyms(ranked));
        Assert.All(ranked, r => Assert.Equal(0.5m, r.WeightedTotal));
    }

    [Fact]
    public void Scores_for_criteria_outside_the_call_are_ignored()
    {
        var ranked = Ranking.Rank([new(1, 1m, 0m)], [Proposal(1, "A", (1, 3m), (99, 100m))]);

        var only = Assert.Single(ranked);
        Assert.Equal(3m, only.WeightedTotal);
        Assert.True(only.Scored);
    }

    // ---- Thresholds ----

    [Fact]
    public void A_score_below_a_threshold_fails_and_ranks_after_every_pass()
    {
        var ranked = Ranking.Rank(
            [new(1, 1m, 3m), new(2, 1m, 2.5m), new(3, 1m, 0m)],
            [
                Proposal(1, "STRONG-BUT-FAILS", (1, 2.99m), (2, 5m), (3, 5m)),
                Proposal(2, "WEAK-PASS", (1, 3m), (2, 2.5m), (3, 0m)),
                Proposal(3, "FAILS-TWICE", (1, 1m), (2, 1m), (3, 5m)),
            ]);

        Assert.Equal(["WEAK-PASS", "STRONG-BUT-FAILS", "FAILS-TWICE"], Acronyms(ranked));
        var weak = Single(ranked, 2);
        Assert.True(weak.Passed);                 // a score equal to the threshold passes
        Assert.Empty(weak.FailedCriteria);
        Assert.Equal([1], Single(ranked, 1).FailedCriteria);
        Assert.False(Single(ranked, 1).Passed);
        Assert.Equal([1, 2], Single(ranked, 3).FailedCriteria);
    }

    [Fact]
    public void Failed_criteria_follow_the_order_the_criteria_were_given()
    {
        var ranked = Ranking.Rank([new(9, 1m, 5m), new(4, 1m, 5m)], [Proposal(1, "A", (9, 0m), (4, 0m))]);

        Assert.Equal([9, 4], Assert.Single(ranked).FailedCriteria);
    }

    // ---- Unscored ----

    [Fact]
    public void A_proposal_missing_a_score_is_unscored_and_ranks_last()
    {
        var ranked = Ranking.Rank(
            [new(1, 1m, 3m), new(2, 1m, 0m)],
            [
                Proposal(1, "PARTIAL", Deadline.AddDays(-5), (1, 10m)),
                Proposal(2, "FAILED", (1, 0m), (2, 0m)),
                Proposal(3, "NOTHING", Deadline.AddDays(-9)),
                Proposal(4, "PASSED", (1, 3m), (2, 3m)),
            ]);

        Assert.Equal(["PASSED", "FAILED", "NOTHING", "PARTIAL"], Acronyms(ranked));
        var partial = Single(ranked, 1);
        Assert.False(partial.Scored);
        Assert.False(partial.Passed);
        Assert.Equal(0m, partial.WeightedTotal);
        Assert.Empty(partial.FailedCriteria);
        Assert.True(Single(ranked, 2).Scored);
        Assert.Equal([3, 4], ranked.Where(r => !r.Scored).Select(r => r.Rank));
    }

    [Fact]
    public void Unscored_proposals_still_list_the_scores_they_failed()
    {
        var ranked = Ranking.Rank([new(1, 1m, 3m), new(2, 1m, 0m)], [Proposal(1, "A", (1, 2m))]);

        var only = Assert.Single(ranked);
        Assert.False(only.Scored);
        Assert.Equal([1], only.FailedCriteria);
    }

    // ---- Tie-breaks, level by level ----

    [Fact]
    public void Equal_totals_go_to_the_higher_score_on_the_heaviest_criterion()
    {
        // Both total 8 / 4 = 2; B leads on criterion 5 (weight 2), though A wins every later tie-break.
        var ranked = Ranking.Rank(
            [new(3, 1m, 0m), new(5, 2m, 0m), new(4, 1m, 0m)],
            [
                Proposal(2, "B-LATER", Deadline.AddDays(1), (5, 3m), (3, 1m), (4, 1m)),
                Proposal(1, "A-EARLIER", Deadline, (5, 2m), (3, 3m), (4, 1m)),
            ]);

        Assert.Equal(["B-LATER", "A-EARLIER"], Acronyms(ranked));
    }

    [Fact]
    public void Heavier_criterion_decides_before_a_lighter_one_with_a_lower_id()
    {
        // Totals tie at 8 / 3; criterion 1 (weight 1) favours A, criterion 2 (weight 2) favours B.
        var ranked = Ranking.Rank(
            [new(1, 1m, 0m), new(2, 2m, 0m)],
            [Proposal(1, "A", (1, 4m), (2, 2m)), Proposal(2, "B", (1, 2m), (2, 3m))]);

        Assert.Equal(["B", "A"], Acronyms(ranked));
    }

    [Fact]
    public void Criteria_of_equal_weight_break_ties_by_criterion_id()
    {
        // Criterion 2 comes before 7 although it is listed second; B leads on it.
        var ranked = Ranking.Rank(
            [new(7, 1m, 0m), new(2, 1m, 0m)],
            [Proposal(1, "A", (7, 5m), (2, 3m)), Proposal(2, "B", (7, 3m), (2, 5m))]);

        Assert.Equal(["B", "A"], Acronyms(ranked));
    }

    [Fact]
    public void Equal_scores_go_to_the_earlier_submission_and_unsubmitted_last()
    {
        var ranked = Ranking.Rank(
            [new(1, 1m, 0m)],
            [
                Proposal(1, "A-NEVER", null, (1, 4m)),
                Proposal(2, "B-LATE", Deadline.AddMinutes(1), (1, 4m)),
                // Same instant as B-LATE's minus a second, written in another offset.
                Proposal(3, "C-EARLY", new DateTimeOffset(2026, 3, 1, 14, 0, 59, TimeSpan.FromHours(2)), (1, 4m)),
            ]);

        Assert.Equal(["C-EARLY", "B-LATE", "A-NEVER"], Acronyms(ranked));
    }

    [Fact]
    public void Then_by_ordinal_acronym()
    {
        // Ordinally 'Z' (0x5A) sorts before 'a' (0x61); a culture-aware comparison would put "alpha" first.
        var ranked = Ranking.Rank(
            [new(1, 1m, 0m)],
            [Proposal(1, "alpha", Deadline, (1, 4m)), Proposal(2, "Zeta", Deadline, (1, 4m)), Proposal(3, "Beta", Deadline, (1, 4m))]);

        Assert.Equal(["Beta", "Zeta", "alpha"], Acronyms(ranked));
    }

    [Fact]
    public void Then_by_proposal_id()
    {
        var ranked = Ranking.Rank(
            [new(1, 1m, 0m)],
            [Proposal(30, "SAME", Deadline, (1, 4m)), Proposal(10, "SAME", Deadline, (1, 4m)), Proposal(20, "SAME", Deadline, (1, 4m))]);

        Assert.Equal([10, 20, 30], ranked.Select(r => r.ProposalId));
        Assert.Equal([1, 2, 3], ranked.Select(r => r.Rank));
    }

    [Fact]
    public void Random_proposals_get_distinct_ranks_in_the_same_order_whatever_the_input_order()
    {
        var random = new Random(5);
        RankingCriterion[] criteria = [new(1, 0.4m, 2m), new(2, 0.35m, 1m), new(3, 0.25m, 0m)];
        var proposals = Enumerable.Range(1, 200).Select(id => new ProposalScores(
            id,
            $"P{random.Next(0, 50)}",
            random.Next(0, 4) == 0 ? null : Deadline.AddMinutes(-random.Next(0, 30)),
            Enumerable.Range(1, 3).Where(_ => random.Next(0, 20) != 0).ToDictionary(c => c, _ => random.Next(0, 11) / 2m))).ToList();

        var ranked = Ranking.Rank(criteria, proposals);
        var reversed = Ranking.Rank(criteria, [.. Enumerable.Reverse(proposals)]);

        Assert.Equal(Enumerable.Range(1, 200), ranked.Select(r => r.Rank));
        Assert.Equal(ranked.Select(r => r.ProposalId), reversed.Select(r => r.ProposalId));
        // Groups in order: passed, failed, unscored; within scored groups totals never increase.
        var group = ranked.Select(r => r.Scored ? (r.Passed ? 0 : 1) : 2).ToList();
        Assert.Equal(group.Order(), group);
        foreach (var (upper, lower) in ranked.Zip(ranked.Skip(1)).Where(t => t.First.Scored && t.Second.Scored && t.First.Passed == t.Second.Passed))
            Assert.True(upper.WeightedTotal >= lower.WeightedTotal, $"{upper.ProposalId} above {lower.ProposalId}");
    }

    [Fact]
    public void No_proposals_give_an_empty_ranking() =>
        Assert.Empty(Ranking.Rank([new(1, 1m, 0m)], []));

    // ---- Validation ----

    [Fact]
    public void Invalid_criteria_and_proposals_are_rejected_with_the_reason()
    {
        ProposalScores[] one = [Proposal(1, "A", (1, 1m))];
        Assert.Contains("At least one criterion", Reject([], one));
        Assert.Contains("Criterion 1 is listed twice", Reject([new(1, 1m, 0m), new(1, 2m, 0m)], one));
        Assert.Contains("Criterion 2 has a negative weight (-1)", Reject([new(1, 1m, 0m), new(2, -1m, 0m)], one));
        Assert.Contains("weights add up to 0", Reject([new(1, 0m, 0m)], one));
        Assert.Contains("Proposal 1 is listed twice", Reject([new(1, 1m, 0m)], [Proposal(1, "A"), Proposal(1, "B")]));
    }

    // ---- Helpers ----

    private static ProposalScores Proposal(int id, string acronym, params (int Criterion, decimal Score)[] scores) =>
        Proposal(id, acronym, Deadline, scores);

    private static ProposalScores Proposal(int id, string acronym, DateTimeOffset? submittedAt, params (int Criterion, decimal Score)[] scores) =>
        new(id, acronym, submittedAt, scores.ToDictionary(s => s.Criterion, s => s.Score));

    private static RankedProposal Single(IReadOnlyList<RankedProposal> ranked, int proposalId) =>
        Assert.Single(ranked, r => r.ProposalId == proposalId);

    private static string[] Acronyms(IReadOnlyList<RankedProposal> ranked) => [.. ranked.Select(r => r.Acronym)];

    private static string Reject(RankingCriterion[] criteria, ProposalScores[] proposals) =>
        Assert.Throws<ArgumentException>(() => Ranking.Rank(criteria, proposals)).Message;
}
