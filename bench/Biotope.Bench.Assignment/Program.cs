using System.Diagnostics;
using System.Globalization;
using Biotope.Bench.Assignment;
using Biotope.Features.Calls.Assignment;
using Biotope.Features.Calls.Evaluation;

// Times the reviewer assignment and the ranking on a synthetic call, and checks the assignment's total against cbc.
const string Usage = """
    biotope-bench-assignment — ReviewerAssignment.Solve and Ranking.Rank on a synthetic call, checked against cbc

    Usage:
      biotope-bench-assignment [--seed N] [--runs N] [--warmup N] [--ranking-runs N] [--cbc PATH] [--work DIR]

      --seed N          seed of the synthetic call (default 42)
      --runs N          measured Solve runs after the warm-up (default 9, at least 5)
      --warmup N        unmeasured Solve runs after the first, cold one (default 2)
      --ranking-runs N  measured Rank runs (default 200)
      --cbc PATH        the cbc program (default cbc, from PATH); "none" skips the check
      --work DIR        where the LP and solution files go (default a new temp folder, removed at exit)

    Prints a Markdown table on stdout; exits 1 when cbc's optimum and Solve's total differ by more than 1e-6 (relative).
    """;

var inv = CultureInfo.InvariantCulture;
ulong seed = 42;
int runs = 9, warmup = 2, rankingRuns = 200;
string cbc = "cbc";
string? workDir = null;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        int NextInt(int min) => int.TryParse(Next(), NumberStyles.None, inv, out var n) && n >= min ? n : throw new ArgumentException($"{args[i - 1]} needs a whole number >= {min}");
        switch (args[i])
        {
            case "-h" or "--help": Console.WriteLine(Usage); return 0;
            case "--seed": seed = ulong.TryParse(Next(), NumberStyles.None, inv, out var s) ? s : throw new ArgumentException("--seed needs a whole number"); break;
            case "--runs": runs = NextInt(5); break;
            case "--warmup": warmup = NextInt(0); break;
            case "--ranking-runs": rankingRuns = NextInt(1); break;
            case "--cbc": cbc = Next(); break;
            case "--work": workDir = Next(); break;
            default: throw new ArgumentException($"unexpected argument {args[i]}");
        }
    }
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"biotope-bench-assignment: {e.Message}\n\n{Usage}");
    return 2;
}

string Ms(double ms) => ms.ToString("0.0", inv);
static double Median(List<double> samples) => samples.Order().ElementAt(samples.Count / 2);
void Progress(string line) => Console.Error.WriteLine("  " + line);

// ---- Reviewer assignment ----

var problem = SyntheticCall.Problem(seed);
var pairCount = problem.ProposalCount * problem.ExpertCount;
var pinCount = problem.Allowed.Count(p => p.Pinned);
Progress($"instance: {problem.ProposalCount} proposals x {problem.ExpertCount} experts, {problem.Allowed.Count} allowed pairs, {pinCount} pinned");

// The first call in the process includes loading and JIT-compiling the solver.
var clock = Stopwatch.StartNew();
var result = ReviewerAssignment.Solve(problem);
var coldMs = clock.Elapsed.TotalMilliseconds;
Progress($"cold Solve: {Ms(coldMs)} ms, total score {result.TotalScore}, {result.Assigned.Count} pairs, complete: {result.Complete}");
for (var i = 0; i < warmup; i++) ReviewerAssignment.Solve(problem);
var solveSamples = new List<double>();
for (var i = 0; i < runs; i++)
{
    clock.Restart();
    var again = ReviewerAssignment.Solve(problem);
    solveSamples.Add(clock.Elapsed.TotalMilliseconds);
    if (again.TotalScore != result.TotalScore || !again.Assigned.SequenceEqual(result.Assigned))
    {
        await Console.Error.WriteLineAsync("biotope-bench-assignment: Solve gave a different answer on the same problem");
        return 1;
    }
}
Progress($"warm Solve: median {Ms(Median(solveSamples))} ms over {runs} runs");

// ---- The same problem through cbc ----

double? cbcObjective = null, cbcSeconds = null, relativeDifference = null;
var ownWorkDir = workDir is null;
workDir ??= Directory.CreateTempSubdirectory("biotope-assignment-").FullName;
try
{
    if (cbc != "none")
    {
        if (!result.Complete)
        {
            await Console.Error.WriteLineAsync("biotope-bench-assignment: the synthetic call cannot be fully covered; the LP's equalities would be infeasible");
            return 1;
        }
        var lpPath = Path.Combine(workDir, "assignment.lp");
        var solutionPath = Path.Combine(workDir, "assignment.sol");
        LpFile.Write(problem, lpPath);
        Progress($"cbc: solving {lpPath} ({new FileInfo(lpPath).Length / 1024} KiB)");
        var start = new ProcessStartInfo(cbc) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { lpPath, "solve", "solution", solutionPath }) start.ArgumentList.Add(argument);
        clock.Restart();
        using (var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {cbc}"))
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            cbcSeconds = clock.Elapsed.TotalSeconds;
            await File.WriteAllTextAsync(Path.Combine(workDir, "cbc.log"), await output + await errors);
            if (process.ExitCode != 0)
            {
                await Console.Error.WriteLineAsync($"biotope-bench-assignment: cbc exited with {process.ExitCode}:\n{await output}{await errors}");
                return 1;
            }
        }
        // cbc's solution file starts with "Optimal - objective value 12345.00000000".
        var status = File.ReadLines(solutionPath).FirstOrDefault() ?? "";
        const string Marker = "objective value";
        var at = status.IndexOf(Marker, StringComparison.Ordinal);
        if (!status.StartsWith("Optimal", StringComparison.Ordinal) || at < 0
            || !double.TryParse(status[(at + Marker.Length)..].Trim(), NumberStyles.Float, inv, out var objective))
        {
            await Console.Error.WriteLineAsync($"biotope-bench-assignment: cbc did not report an optimum: {status}");
            return 1;
        }
        cbcObjective = objective;
        relativeDifference = Math.Abs(objective - result.TotalScore) / Math.Max(1.0, Math.Abs(objective));
        Progress($"cbc: objective {objective.ToString("0.######", inv)} in {cbcSeconds.Value.ToString("0.00", inv)} s");
    }
}
finally
{
    if (ownWorkDir) Directory.Delete(workDir, recursive: true);
}

// ---- Ranking ----

var (criteria, proposals) = SyntheticCall.Ranking(seed);
clock.Restart();
var ranked = Ranking.Rank(criteria, proposals);
var rankingColdMs = clock.Elapsed.TotalMilliseconds;
var rankingSamples = new List<double>();
for (var i = 0; i < rankingRuns; i++)
{
    clock.Restart();
    Ranking.Rank(criteria, proposals);
    rankingSamples.Add(clock.Elapsed.TotalMilliseconds);
}
Progress($"ranking: median {Ms(Median(rankingSamples))} ms; {ranked.Count(r => r.Passed)} passed, {ranked.Count(r => !r.Scored)} unscored");

// ---- Report ----

var agree = relativeDifference is null || relativeDifference <= 1e-6;
var conflictShare = 1.0 - (double)problem.Allowed.Count / pairCount;
Console.WriteLine("| figure | value |");
Console.WriteLine("|---|---:|");
Console.WriteLine($"| instance (seed {seed}) | {problem.ProposalCount} proposals × {problem.ExpertCount} experts, {problem.ReviewersPerProposal} reviewers each, load {problem.ExpertLoad.Max()} |");
Console.WriteLine($"| allowed pairs (conflicts) | {problem.Allowed.Count.ToString("N0", inv)} ({conflictShare.ToString("0.0%", inv)}) |");
Console.WriteLine($"| pinned pairs | {pinCount} |");
Console.WriteLine($"| `Solve`, first (cold) call, ms | {Ms(coldMs)} |");
Console.WriteLine($"| `Solve`, median of {runs} after {warmup} warm-up, ms (min – max) | **{Ms(Median(solveSamples))}** ({Ms(solveSamples.Min())} – {Ms(solveSamples.Max())}) |");
Console.WriteLine($"| slots filled | {result.Assigned.Count} of {problem.ProposalCount * problem.ReviewersPerProposal} (complete: {(result.Complete ? "yes" : "no")}) |");
Console.WriteLine($"| total score, `Solve` | {result.TotalScore} |");
if (cbcObjective is { } cbcValue)
{
    Console.WriteLine($"| total score, cbc (optimal) | {cbcValue.ToString("0.######", inv)} |");
    Console.WriteLine($"| relative difference | {(relativeDifference == 0 ? "0" : relativeDifference!.Value.ToString("0.###E+0", inv))} ({(agree ? "agree" : "DISAGREE")}) |");
    Console.WriteLine($"| cbc wall time (read LP + solve + write), s | {cbcSeconds!.Value.ToString("0.00", inv)} |");
}
Console.WriteLine($"| `Rank`, {proposals.Length} proposals × {criteria.Length} criteria, first call, ms | {Ms(rankingColdMs)} |");
Console.WriteLine($"| `Rank`, median of {rankingRuns}, ms | **{rankingSamples.Order().ElementAt(rankingSamples.Count / 2).ToString("0.00", inv)}** |");

if (!agree)
{
    await Console.Error.WriteLineAsync($"biotope-bench-assignment: Solve's total {result.TotalScore} differs from cbc's optimum {cbcObjective}");
    return 1;
}
return 0;
