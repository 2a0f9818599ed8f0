using Biotope.Features.Calls.Assignment;
using Biotope.Features.Calls.Evaluation;

namespace Biotope.Bench.Assignment;

/// <summary>
/// A synthetic call, the same for a given seed on every machine and .NET version: proposals and experts each
/// draw 1–3 of 13 research areas and 3–6 of 60 keywords; a pair scores 3 per shared area plus 1 per shared
/// keyword (many zeros and ties, as in real calls); about 5% of pairs are conflicts of interest.
/// </summary>
public static class SyntheticCall
{
    public const int Areas = 13;
    public const int Keywords = 60;

    public static AssignmentProblem Problem(ulong seed, int proposals = 500, int experts = 300, int reviewersPerProposal = 3,
        int load = 6, double conflictRate = 0.05, int pins = 25)
    {
        var random = new SplitMix64(seed);
        var proposalProfiles = Enumerable.Range(0, proposals).Select(_ => Profile.Draw(random)).ToArray();
        var expertProfiles = Enumerable.Range(0, experts).Select(_ => Profile.Draw(random)).ToArray();

        var allowed = new List<AssignmentPair>(proposals * experts);
        for (var p = 0; p < proposals; p++)
        {
            for (var e = 0; e < experts; e++)
            {
                if (random.NextDouble() < conflictRate) continue;
                allowed.Add(new AssignmentPair(p, e, proposalProfiles[p].Score(expertProfiles[e])));
            }
        }

        // Staff pins: random allowed pairs, as long as the proposal and the expert still have room.
        var pinsOnProposal = new int[proposals];
        var pinsOnExpert = new int[experts];
        for (var placed = 0; placed < pins && allowed.Count > 0;)
        {
            var index = random.Next(allowed.Count);
            var pair = allowed[index];
            if (pair.Pinned || pinsOnProposal[pair.Proposal] == reviewersPerProposal || pinsOnExpert[pair.Expert] == load) continue;
            allowed[index] = pair with { Pinned = true };
            pinsOnProposal[pair.Proposal]++;
            pinsOnExpert[pair.Expert]++;
            placed++;
        }
        return new AssignmentProblem(proposals, experts, reviewersPerProposal, Enumerable.Repeat(load, experts).ToArray(), allowed);
    }

    /// <summary>
    /// Five criteria (weights 30/25/20/15/10, thresholds 3 or 2.5 on a 0–5 scale) and proposals scored by the
    /// mean of three reviews in half points (so thirds and sixths: repeating decimals); about 2% miss one criterion's score.
    /// </summary>
    public static (RankingCriterion[] Criteria, ProposalScores[] Proposals) Ranking(ulong seed, int proposals = 500)
    {
        var random = new SplitMix64(seed);
        RankingCriterion[] criteria =
        [
            new(1, 0.30m, 3m), new(2, 0.25m, 3m), new(3, 0.20m, 2.5m), new(4, 0.15m, 2.5m), new(5, 0.10m, 2.5m),
        ];
        var deadline = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var scored = new ProposalScores[proposals];
        for (var i = 0; i < proposals; i++)
        {
            // A proposal's quality (1.5–4.5) plus each reviewer's ±1 point of opinion, in half points.
            var quality = 3 + random.Next(7);
            var scores = new Dictionary<int, decimal>();
            foreach (var criterion in criteria)
            {
                if (random.NextDouble() < 0.004) continue;
                var halfPoints = 0;
                for (var review = 0; review < 3; review++) halfPoints += Math.Clamp(quality + random.Next(5) - 2, 0, 10);
                scores[criterion.CriterionId] = halfPoints / 6m;
            }
            scored[i] = new ProposalScores(1000 + i, $"PRJ{random.Next(10_000):D4}", deadline.AddMinutes(-random.Next(20_000)), scores);
        }
        return (criteria, scored);
    }

    private sealed record Profile(ulong AreaMask, ulong KeywordMask)
    {
        public static Profile Draw(SplitMix64 random) =>
            new(Subset(random, Areas, 1 + random.Next(3)), Subset(random, Keywords, 3 + random.Next(4)));

        public int Score(Profile other) =>
            3 * (int)ulong.PopCount(AreaMask & other.AreaMask) + (int)ulong.PopCount(KeywordMask & other.KeywordMask);

        private static ulong Subset(SplitMix64 random, int universe, int size)
        {
            ulong mask = 0;
            while (ulong.PopCount(mask) < (ulong)size) mask |= 1UL << random.Next(universe);
            return mask;
        }
    }
}

/// <summary>SplitMix64: a tiny generator whose sequence is fixed by its seed, unlike System.Random's across versions.</summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A whole number in 0 .. bound − 1 (the modulo bias is negligible for the small bounds used here).</summary>
    public int Next(int bound) => (int)(NextUInt64() % (ulong)bound);

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
}
