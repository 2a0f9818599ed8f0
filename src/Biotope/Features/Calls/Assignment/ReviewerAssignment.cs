namespace Biotope.Features.Calls.Assignment;

/// <summary>An expert allowed to review a proposal, how well they match, and whether staff forced the pair.</summary>
public sealed record AssignmentPair(int Proposal, int Expert, int Score, bool Pinned = false);

/// <summary>
/// Who may review what. Proposals and experts are 0-based indexes. Pairs absent from <see cref="Allowed"/>
/// (conflicts of interest, staff exclusions) are never used.
/// </summary>
public sealed record AssignmentProblem(
    int ProposalCount,
    int ExpertCount,
    int ReviewersPerProposal,
    IReadOnlyList<int> ExpertLoad,
    IReadOnlyList<AssignmentPair> Allowed);

/// <summary>
/// The chosen pairs (pinned ones included), ordered by proposal then expert; their total score;
/// how many review slots each proposal still lacks; and whether none lacks any.
/// </summary>
public sealed record AssignmentResult(
    IReadOnlyList<AssignmentPair> Assigned,
    long TotalScore,
    IReadOnlyList<int> ShortfallPerProposal,
    bool Complete);

/// <summary>
/// Optimal reviewer assignment. First fills as many review slots as the constraints allow, then, among all
/// assignments that fill that many, takes one of greatest total score. Exact: a minimum-cost maximum flow
/// source → proposal (need) → expert (one arc per allowed pair, cost MaxScore − score) → sink (load).
/// Every unit of flow crosses exactly one proposal → expert arc, so the least cost at maximum flow is the
/// greatest total score. Pinned pairs are assigned up front and taken off the need and the load.
/// </summary>
public static class ReviewerAssignment
{
    public static AssignmentResult Solve(AssignmentProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var pairs = ValidatedPairsInOrder(problem);

        int proposals = problem.ProposalCount, experts = problem.ExpertCount;
        var need = new int[proposals];
        Array.Fill(need, problem.ReviewersPerProposal);
        var capacity = new int[experts];
        for (var e = 0; e < experts; e++) capacity[e] = problem.ExpertLoad[e];
        var maxScore = 0;
        var free = 0;
        foreach (var pair in pairs)
        {
            if (pair.Pinned)
            {
                need[pair.Proposal]--;
                capacity[pair.Expert]--;
            }
            else
            {
                free++;
                maxScore = Math.Max(maxScore, pair.Score);
            }
        }

        // Nodes: proposals 0..P-1, experts P..P+E-1, then source and sink.
        int source = proposals + experts, sink = source + 1;
        var arcCount = proposals + free + experts;
        var tails = new int[arcCount];
        var heads = new int[arcCount];
        var capacities = new int[arcCount];
        var costs = new long[arcCount];
        var arc = 0;
        for (var p = 0; p < proposals; p++, arc++)
        {
            tails[arc] = source;
            heads[arc] = p;
            capacities[arc] = need[p];
        }
        var firstPairArc = arc;
        foreach (var pair in pairs)
        {
            if (pair.Pinned) continue;
            tails[arc] = pair.Proposal;
            heads[arc] = proposals + pair.Expert;
            capacities[arc] = 1;
            costs[arc] = maxScore - pair.Score;
            arc++;
        }
        for (var e = 0; e < experts; e++, arc++)
        {
            tails[arc] = proposals + e;
            heads[arc] = sink;
            capacities[arc] = capacity[e];
        }

        var network = new MinCostMaxFlow(proposals + experts + 2, tails, heads, capacities, costs);
        network.Run(source, sink);

        // Pairs are already in (proposal, expert) order, so filtering keeps the result ordered.
        var assigned = new List<AssignmentPair>();
        long totalScore = 0;
        var pairArc = firstPairArc;
        foreach (var pair in pairs)
        {
            // Pinned pairs have no arc; the others have theirs in the same order.
            if (!pair.Pinned)
            {
                var used = network.FlowOn(pairArc++) == 1;
                if (!used) continue;
            }
            assigned.Add(pair);
            totalScore += pair.Score;
        }
        var shortfall = new int[proposals];
        var complete = true;
        for (var p = 0; p < proposals; p++)
        {
            shortfall[p] = need[p] - network.FlowOn(p);
            complete &= shortfall[p] == 0;
        }
        return new AssignmentResult(assigned, totalScore, shortfall, complete);
    }

    /// <summary>
    /// Checks the problem and returns its allowed pairs sorted by proposal then expert, so the result does not
    /// depend on the order the caller listed them in.
    /// </summary>
    private static AssignmentPair[] ValidatedPairsInOrder(AssignmentProblem problem)
    {
        int proposals = problem.ProposalCount, experts = problem.ExpertCount, perProposal = problem.ReviewersPerProposal;
        if (proposals < 0) throw new ArgumentException($"ProposalCount must not be negative (got {proposals}).", nameof(problem));
        if (experts < 0) throw new ArgumentException($"ExpertCount must not be negative (got {experts}).", nameof(problem));
        if (perProposal < 0)
            throw new ArgumentException($"ReviewersPerProposal must not be negative (got {perProposal}).", nameof(problem));
        if (problem.ExpertLoad is null) throw new ArgumentException("ExpertLoad is missing.", nameof(problem));
        if (problem.ExpertLoad.Count != experts)
            throw new ArgumentException($"ExpertLoad has {problem.ExpertLoad.Count} entries for {experts} experts.", nameof(problem));
        for (var e = 0; e < experts; e++)
        {
            if (problem.ExpertLoad[e] < 0)
                throw new ArgumentException($"Expert {e} has a negative load ({problem.ExpertLoad[e]}).", nameof(problem));
        }
        if (problem.Allowed is null) throw new ArgumentException("Allowed is missing.", nameof(problem));

        var allowed = problem.Allowed;
        var count = allowed.Count;
        for (var i = 0; i < count; i++)
        {
            var pair = allowed[i] ?? throw new ArgumentException($"Allowed[{i}] is null.", nameof(problem));
            if ((uint)pair.Proposal >= (uint)proposals)
                throw new ArgumentException($"Allowed[{i}] names proposal {pair.Proposal}; proposals are 0..{proposals - 1}.", nameof(problem));
            if ((uint)pair.Expert >= (uint)experts)
                throw new ArgumentException($"Allowed[{i}] names expert {pair.Expert}; experts are 0..{experts - 1}.", nameof(problem));
            if (pair.Score < 0)
                throw new ArgumentException($"Allowed[{i}] (proposal {pair.Proposal}, expert {pair.Expert}) has a negative score ({pair.Score}).", nameof(problem));
        }

        // Two stable counting sorts (by expert, then by proposal) order the pairs in linear time.
        var byExpert = CountingSort(Enumerable.Range(0, count).ToArray(), experts, i => allowed[i].Expert);
        var ordered = CountingSort(byExpert, proposals, i => allowed[i].Proposal);

        var pinsOnProposal = new int[proposals];
        var pinsOnExpert = new int[experts];
        var result = new AssignmentPair[count];
        for (var n = 0; n < count; n++)
        {
            var pair = allowed[ordered[n]];
            if (n > 0 && allowed[ordered[n - 1]] is var previous && previous.Proposal == pair.Proposal && previous.Expert == pair.Expert)
                throw new ArgumentException(
                    $"Proposal {pair.Proposal} and expert {pair.Expert} are allowed twice (Allowed[{ordered[n - 1]}] and Allowed[{ordered[n]}]).",
                    nameof(problem));
            if (pair.Pinned)
            {
                pinsOnProposal[pair.Proposal]++;
                pinsOnExpert[pair.Expert]++;
            }
            result[n] = pair;
        }
        for (var p = 0; p < proposals; p++)
        {
            if (pinsOnProposal[p] > perProposal)
                throw new ArgumentException(
                    $"Proposal {p} has {pinsOnProposal[p]} pinned experts but needs only {perProposal} reviewers.", nameof(problem));
        }
        for (var e = 0; e < experts; e++)
        {
            if (pinsOnExpert[e] > problem.ExpertLoad[e])
                throw new ArgumentException(
                    $"Expert {e} has {pinsOnExpert[e]} pinned proposals but a load of {problem.ExpertLoad[e]}.", nameof(problem));
        }
        return result;
    }

    private static int[] CountingSort(int[] items, int keyCount, Func<int, int> key)
    {
        var start = new int[keyCount + 1];
        foreach (var item in items) start[key(item) + 1]++;
        for (var k = 0; k < keyCount; k++) start[k + 1] += start[k];
        var sorted = new int[items.Length];
        foreach (var item in items) sorted[start[key(item)]++] = item;
        return sorted;
    }
}
