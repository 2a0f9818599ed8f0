using Biotope.Features.Calls.Assignment;

namespace Biotope.Tests.Features.Calls.Assignment;

public class ReviewerAssignmentTests
{
    // ---- Hand-made instances with a known optimum ----

    [Fact]
    public void Takes_the_best_total_where_picking_the_best_pair_first_would_not()
    {
        // Greedy takes (0,0)=10 and is left with (1,1)=0; the optimum swaps to 9 + 8.
        var result = ReviewerAssignment.Solve(Problem(2, 2, 1, [1, 1],
            Pair(0, 0, 10), Pair(0, 1, 9), Pair(1, 0, 8), Pair(1, 1, 0)));

        Assert.Equal(17, result.TotalScore);
        Assert.Equal([(0, 1), (1, 0)], Pairs(result));
        Assert.True(result.Complete);
    }

    [Fact]
    public void Covers_every_slot_before_it_looks_at_scores()
    {
        // Giving proposal 0 its best expert (10) would leave proposal 1 without anyone.
        var result = ReviewerAssignment.Solve(Problem(2, 2, 1, [1, 1],
            Pair(0, 0, 10), Pair(0, 1, 1), Pair(1, 0, 1)));

        Assert.Equal(2, result.TotalScore);
        Assert.Equal([(0, 1), (1, 0)], Pairs(result));
        Assert.True(result.Complete);
        Assert.Equal([0, 0], result.ShortfallPerProposal);
    }

    [Fact]
    public void Reroutes_along_a_chain_of_experts_to_fit_the_last_proposal()
    {
        // Proposal 2 can only take expert 0; making room means moving 0's earlier proposals along the chain.
        var result = ReviewerAssignment.Solve(Problem(3, 3, 1, [1, 1, 1],
            Pair(0, 0, 9), Pair(0, 1, 5),
            Pair(1, 1, 9), Pair(1, 2, 5),
            Pair(2, 0, 1)));

        Assert.True(result.Complete);
        Assert.Equal([(0, 1), (1, 2), (2, 0)], Pairs(result));
        Assert.Equal(11, result.TotalScore);
    }

    [Fact]
    public void Spreads_two_reviewers_per_proposal_across_loads()
    {
        // Expert 0 is everyone's favourite but reviews only two proposals; the third goes to the others.
        var result = ReviewerAssignment.Solve(Problem(3, 3, 2, [2, 2, 2],
            Pair(0, 0, 5), Pair(0, 1, 4), Pair(0, 2, 0),
            Pair(1, 0, 5), Pair(1, 1, 0), Pair(1, 2, 4),
            Pair(2, 0, 5), Pair(2, 1, 3), Pair(2, 2, 3)));

        // Optimum: 0 takes proposals 0 and 1 (5 + 5); then 0←1 (4), 1←2 (4), 2←1 and 2←2 (3 + 3) = 24.
        Assert.Equal(24, result.TotalScore);
        Assert.Equal([(0, 0), (0, 1), (1, 0), (1, 2), (2, 1), (2, 2)], Pairs(result));
    }

    [Fact]
    public void Pinned_pairs_are_kept_and_count_against_need_and_load()
    {
        // Staff pinned expert 1 (score 0) on proposal 0 and expert 0 has room for one proposal only.
        var result = ReviewerAssignment.Solve(Problem(2, 3, 2, [1, 1, 2],
            Pair(0, 0, 9), Pair(0, 1, 0, pinned: true), Pair(0, 2, 8),
            Pair(1, 0, 7), Pair(1, 1, 9), Pair(1, 2, 1)));

        // Expert 1's single slot is the pin, so proposal 1 needs experts 0 and 2, and proposal 0 gets 2 instead of 0.
        Assert.Equal([(0, 1), (0, 2), (1, 0), (1, 2)], Pairs(result));
        Assert.Equal(0 + 8 + 7 + 1, result.TotalScore);
        Assert.True(result.Complete);
        Assert.Contains(result.Assigned, p => p is { Proposal: 0, Expert: 1, Pinned: true });
    }

    [Fact]
    public void Proposal_fully_pinned_needs_nothing_more()
    {
        var result = ReviewerAssignment.Solve(Problem(1, 3, 2, [1, 1, 1],
            Pair(0, 0, 0, pinned: true), Pair(0, 1, 0, pinned: true), Pair(0, 2, 10)));

        Assert.Equal([(0, 0), (0, 1)], Pairs(result));
        Assert.Equal(0, result.TotalScore);
        Assert.True(result.Complete);
    }

    // ---- Infeasible instances ----

    [Fact]
    public void Reports_the_slots_each_proposal_is_left_without()
    {
        // Proposal 0 has three candidates, proposal 1 one, proposal 2 none (all in conflict).
        var result = ReviewerAssignment.Solve(Problem(3, 3, 2, [3, 3, 3],
            Pair(0, 0, 1), Pair(0, 1, 1), Pair(0, 2, 1), Pair(1, 1, 1)));

        Assert.False(result.Complete);
        Assert.Equal([0, 1, 2], result.ShortfallPerProposal);
        Assert.Equal(3, result.Assigned.Count);
    }

    [Fact]
    public void When_load_runs_out_the_better_match_gets_the_reviewer()
    {
        var result = ReviewerAssignment.Solve(Problem(2, 1, 1, [1], Pair(0, 0, 3), Pair(1, 0, 5)));

        Assert.False(result.Complete);
        Assert.Equal([1, 0], result.ShortfallPerProposal);
        Assert.Equal([(1, 0)], Pairs(result));
        Assert.Equal(5, result.TotalScore);
    }

    [Fact]
    public void Empty_and_trivial_problems_solve()
    {
        var none = ReviewerAssignment.Solve(Problem(0, 0, 3, []));
        Assert.Empty(none.Assigned);
        Assert.Empty(none.ShortfallPerProposal);
        Assert.True(none.Complete);

        var zeroReviewers = ReviewerAssignment.Solve(Problem(2, 1, 0, [5], Pair(0, 0, 4), Pair(1, 0, 4)));
        Assert.Empty(zeroReviewers.Assigned);
        Assert.True(zeroReviewers.Complete);

        var noExperts = ReviewerAssignment.Solve(Problem(2, 0, 1, []));
        Assert.Equal([1, 1], noExperts.ShortfallPerProposal);
        Assert.False(noExperts.Complete);
    }

    // ---- Exactness against exhaustive search and a textbook solver ----

    [Fact]
    public void Matches_exhaustive_search_on_many_random_tiny_instances()
    {
        var random = new Random(20260311);
        for (var instance = 0; instance < 300; instance++)
        {
            var problem = RandomProblem(random, random.Next(1, 5), random.Next(1, 6), random.Next(1, 3),
                maxLoad: 3, maxScore: random.Next(1, 6), conflictRate: 0.3, pinRate: 0.1);
            var (bestCoverage, bestScore) = ExhaustiveBest(problem);

            var result = ReviewerAssignment.Solve(problem);

            AssertFeasible(problem, result);
            Assert.True(bestCoverage == result.Assigned.Count, $"instance {instance}: coverage {result.Assigned.Count}, best {bestCoverage}");
            Assert.True(bestScore == result.TotalScore, $"instance {instance}: score {result.TotalScore}, best {bestScore}");
        }
    }

    [Fact]
    public void Matches_exhaustive_search_on_4_proposals_5_experts_2_reviewers()
    {
        var random = new Random(45);
        for (var instance = 0; instance < 300; instance++)
        {
            var problem = RandomProblem(random, 4, 5, 2, maxLoad: 3, maxScore: 4, conflictRate: 0.2, pinRate: 0.05);
            var (bestCoverage, bestScore) = ExhaustiveBest(problem);

            var result = ReviewerAssignment.Solve(problem);

            AssertFeasible(problem, result);
            Assert.Equal(bestCoverage, result.Assigned.Count);
            Assert.Equal(bestScore, result.TotalScore);
        }
    }

    [Fact]
    public void Matches_a_one_unit_at_a_time_solver_on_larger_random_instances()
    {
        var random = new Random(7);
        for (var instance = 0; instance < 60; instance++)
        {
            var problem = RandomProblem(random, random.Next(5, 31), random.Next(3, 21), random.Next(1, 4),
                maxLoad: 5, maxScore: random.Next(1, 12), conflictRate: random.NextDouble() * 0.6, pinRate: 0.03);
            var (coverage, score) = ReferenceSolver.Best(problem);

            var result = ReviewerAssignment.Solve(problem);

            AssertFeasible(problem, result);
            Assert.Equal(coverage, result.Assigned.Count);
            Assert.Equal(score, result.TotalScore);
        }
    }

    // ---- Determinism ----

    [Fact]
    public void Same_problem_in_any_order_gives_the_same_result()
    {
        var random = new Random(99);
        var problem = RandomProblem(random, 25, 15, 3, maxLoad: 6, maxScore: 3, conflictRate: 0.1, pinRate: 0.02);
        var shuffled = problem with { Allowed = [.. problem.Allowed.OrderBy(_ => random.Next())] };

        var first = ReviewerAssignment.Solve(problem);
        var again = ReviewerAssignment.Solve(problem);
        var fromShuffled = ReviewerAssignment.Solve(shuffled);

        Assert.Equal(first.Assigned, again.Assigned);
        Assert.Equal(first.Assigned, fromShuffled.Assigned);
        Assert.Equal(first.ShortfallPerProposal, fromShuffled.ShortfallPerProposal);
        Assert.Equal(first.Assigned.OrderBy(p => p.Proposal).ThenBy(p => p.Expert), first.Assigned);
    }

    // ---- Validation ----

    public static TheoryData<string, AssignmentProblem> InvalidProblems => new()
    {
        { "ProposalCount must not be negative", Problem(-1, 1, 1, [1]) },
        { "ExpertCount must not be negative", Problem(1, -1, 1, []) },
        { "ReviewersPerProposal must not be negative", Problem(1, 1, -2, [1]) },
        { "ExpertLoad has 1 entries for 2 experts", Problem(1, 2, 1, [1]) },
        { "Expert 1 has a negative load (-3)", Problem(1, 2, 1, [1, -3]) },
        { "Allowed[1] names proposal 2; proposals are 0..1", Problem(2, 2, 1, [1, 1], Pair(0, 0, 1), Pair(2, 0, 1)) },
        { "Allowed[0] names expert -1; experts are 0..1", Problem(2, 2, 1, [1, 1], Pair(0, -1, 1)) },
        { "Allowed[0] (proposal 1, expert 0) has a negative score (-5)", Problem(2, 2, 1, [1, 1], Pair(1, 0, -5)) },
        { "Proposal 1 and expert 1 are allowed twice (Allowed[0] and Allowed[2])", Problem(2, 2, 1, [1, 1], Pair(1, 1, 3), Pair(0, 1, 1), Pair(1, 1, 4)) },
        { "Proposal 0 has 2 pinned experts but needs only 1 reviewers", Problem(1, 2, 1, [1, 1], Pair(0, 0, 1, pinned: true), Pair(0, 1, 1, pinned: true)) },
        { "Expert 0 has 2 pinned proposals but a load of 1", Problem(2, 1, 1, [1], Pair(0, 0, 1, pinned: true), Pair(1, 0, 1, pinned: true)) },
    };

    [Theory]
    [MemberData(nameof(InvalidProblems))]
    public void Invalid_problems_are_rejected_with_the_reason(string expected, AssignmentProblem problem)
    {
        var error = Assert.Throws<ArgumentException>(() => ReviewerAssignment.Solve(problem));
        Assert.Contains(expected, error.Message);
    }

    // ---- Helpers ----

    private static AssignmentPair Pair(int proposal, int expert, int score, bool pinned = false) => new(proposal, expert, score, pinned);

    private static AssignmentProblem Problem(int proposals, int experts, int perProposal, int[] loads, params AssignmentPair[] allowed) =>
        new(proposals, experts, perProposal, loads, allowed);

    private static (int Proposal, int Expert)[] Pairs(AssignmentResult result) =>
        [.. result.Assigned.Select(p => (p.Proposal, p.Expert))];

    private static AssignmentProblem RandomProblem(Random random, int proposals, int experts, int perProposal,
        int maxLoad, int maxScore, double conflictRate, double pinRate)
    {
        var loads = Enumerable.Range(0, experts).Select(_ => random.Next(0, maxLoad + 1)).ToArray();
        var pinsOnProposal = new int[proposals];
        var pinsOnExpert = new int[experts];
        var allowed = new List<AssignmentPair>();
        for (var p = 0; p < proposals; p++)
        {
            for (var e = 0; e < experts; e++)
            {
                if (random.NextDouble() < conflictRate) continue;
                var pinned = random.NextDouble() < pinRate && pinsOnProposal[p] < perProposal && pinsOnExpert[e] < loads[e];
                if (pinned)
                {
                    pinsOnProposal[p]++;
                    pinsOnExpert[e]++;
                }
                allowed.Add(new AssignmentPair(p, e, random.Next(0, maxScore + 1), pinned));
            }
        }
        return new AssignmentProblem(proposals, experts, perProposal, loads, allowed);
    }

    private static void AssertFeasible(AssignmentProblem problem, AssignmentResult result)
    {
        var allowed = problem.Allowed.ToDictionary(p => (p.Proposal, p.Expert));
        var perProposal = new int[problem.ProposalCount];
        var perExpert = new int[problem.ExpertCount];
        var seen = new HashSet<(int, int)>();
        foreach (var pair in result.Assigned)
        {
            Assert.True(allowed.TryGetValue((pair.Proposal, pair.Expert), out var original), $"({pair.Proposal},{pair.Expert}) is not allowed");
            Assert.Equal(original, pair);
            Assert.True(seen.Add((pair.Proposal, pair.Expert)), "an expert appears twice on one proposal");
            perProposal[pair.Proposal]++;
            perExpert[pair.Expert]++;
        }
        foreach (var pin in problem.Allowed.Where(p => p.Pinned)) Assert.Contains(pin, result.Assigned);
        for (var e = 0; e < problem.ExpertCount; e++) Assert.True(perExpert[e] <= problem.ExpertLoad[e], $"expert {e} over load");
        for (var p = 0; p < problem.ProposalCount; p++)
        {
            Assert.True(perProposal[p] <= problem.ReviewersPerProposal, $"proposal {p} has too many reviewers");
            Assert.Equal(problem.ReviewersPerProposal - perProposal[p], result.ShortfallPerProposal[p]);
        }
        Assert.Equal(result.ShortfallPerProposal.All(s => s == 0), result.Complete);
        Assert.Equal(result.Assigned.Sum(p => (long)p.Score), result.TotalScore);
        Assert.Equal(result.Assigned.OrderBy(p => p.Proposal).ThenBy(p => p.Expert), result.Assigned);
    }

    /// <summary>Best (slots filled, total score), lexicographically, over every feasible assignment.</summary>
    private static (int Coverage, long Score) ExhaustiveBest(AssignmentProblem problem)
    {
        var load = problem.ExpertLoad.ToArray();
        var pinned = new List<AssignmentPair>[problem.ProposalCount];
        var free = new List<AssignmentPair>[problem.ProposalCount];
        for (var p = 0; p < problem.ProposalCount; p++)
        {
            pinned[p] = [.. problem.Allowed.Where(a => a.Proposal == p && a.Pinned)];
            free[p] = [.. problem.Allowed.Where(a => a.Proposal == p && !a.Pinned)];
            foreach (var pin in pinned[p]) load[pin.Expert]--;
        }
        var pinScores = pinned.Select(pins => pins.Sum(a => (long)a.Score)).ToArray();
        (int, long) best = (-1, -1);

        void Visit(int proposal, int coverage, long score)
        {
            if (proposal == problem.ProposalCount)
            {
                if (coverage > best.Item1 || (coverage == best.Item1 && score > best.Item2)) best = (coverage, score);
                return;
            }
            var room = problem.ReviewersPerProposal - pinned[proposal].Count;
            var pinScore = pinScores[proposal];
            // Every subset of the free candidates with at most `room` members.
            void Choose(int from, int taken, int addedCoverage, long addedScore)
            {
                Visit(proposal + 1, coverage + pinned[proposal].Count + addedCoverage, score + pinScore + addedScore);
                if (taken == room) return;
                for (var i = from; i < free[proposal].Count; i++)
                {
                    var candidate = free[proposal][i];
                    if (load[candidate.Expert] == 0) continue;
                    load[candidate.Expert]--;
                    Choose(i + 1, taken + 1, addedCoverage + 1, addedScore + candidate.Score);
                    load[candidate.Expert]++;
                }
            }
            Choose(0, 0, 0, 0);
        }

        Visit(0, 0, 0);
        return best;
    }

    /// <summary>
    /// Textbook successive shortest paths: one Bellman-Ford per unit of flow on an adjacency matrix,
    /// independent of the solver under test. Slow, but fine for a few dozen nodes.
    /// </summary>
    private static class ReferenceSolver
    {
        public static (int Coverage, long Score) Best(AssignmentProblem problem)
        {
            int proposals = problem.ProposalCount, experts = problem.ExpertCount;
            int source = proposals + experts, sink = source + 1, nodes = sink + 1;
            var capacity = new int[nodes, nodes];
            var cost = new long[nodes, nodes];
            int coverage = 0;
            long score = 0;
            var need = new int[proposals];
            Array.Fill(need, problem.ReviewersPerProposal);
            var room = problem.ExpertLoad.ToArray();
            const long Top = 1000;
            foreach (var pair in problem.Allowed)
            {
                if (pair.Pinned)
                {
                    need[pair.Proposal]--;
                    room[pair.Expert]--;
                    coverage++;
                    score += pair.Score;
                    continue;
                }
                capacity[pair.Proposal, proposals + pair.Expert] = 1;
                cost[pair.Proposal, proposals + pair.Expert] = Top - pair.Score;
                cost[proposals + pair.Expert, pair.Proposal] = pair.Score - Top;
            }
            for (var p = 0; p < proposals; p++) capacity[source, p] = need[p];
            for (var e = 0; e < experts; e++) capacity[proposals + e, sink] = room[e];

            while (true)
            {
                var distance = new long[nodes];
                var previous = new int[nodes];
                Array.Fill(distance, long.MaxValue);
                Array.Fill(previous, -1);
                distance[source] = 0;
                var changed = true;
                for (var round = 0; round < nodes && changed; round++)
                {
                    changed = false;
                    for (var u = 0; u < nodes; u++)
                    {
                        if (distance[u] == long.MaxValue) continue;
                        for (var v = 0; v < nodes; v++)
                        {
                            if (capacity[u, v] > 0 && distance[u] + cost[u, v] < distance[v])
                            {
                                distance[v] = distance[u] + cost[u, v];
                                previous[v] = u;
                                changed = true;
                            }
                        }
                    }
                }
                if (distance[sink] == long.MaxValue) return (coverage, score);
                for (var v = sink; v != source; v = previous[v])
                {
                    capacity[previous[v], v]--;
                    capacity[v, previous[v]]++;
                }
                coverage++;
                score += Top - distance[sink];
            }
        }
    }
}
