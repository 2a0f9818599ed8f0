using System.Globalization;
using System.Text;
using Biotope.Features.Calls.Assignment;

namespace Biotope.Bench.Assignment;

/// <summary>
/// Writes an assignment problem as a CPLEX LP file for an independent solver (cbc): one binary x_p_e per
/// allowed pair; maximize Σ score·x; each proposal gets exactly its reviewers; each expert at most its load;
/// pinned pairs fixed to 1.
/// </summary>
public static class LpFile
{
    // CoinLpIO reads long lines, but short ones keep the file readable and within every reader's limits.
    private const int TermsPerLine = 8;

    public static void Write(AssignmentProblem problem, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        var inv = CultureInfo.InvariantCulture;
        static string X(AssignmentPair pair) => string.Create(CultureInfo.InvariantCulture, $"x{pair.Proposal}_{pair.Expert}");

        writer.WriteLine(@"\ Reviewer assignment written by biotope-bench-assignment");
        writer.WriteLine("Maximize");
        writer.Write(" score:");
        WriteSum(writer, problem.Allowed.Where(p => p.Score > 0).Select(p => string.Create(inv, $"{p.Score} {X(p)}")));
        writer.WriteLine("Subject To");

        var byProposal = problem.Allowed.ToLookup(p => p.Proposal);
        for (var p = 0; p < problem.ProposalCount; p++)
        {
            writer.Write(string.Create(inv, $" proposal{p}:"));
            WriteSum(writer, byProposal[p].Select(X), string.Create(inv, $"= {problem.ReviewersPerProposal}"));
        }
        var byExpert = problem.Allowed.ToLookup(p => p.Expert);
        for (var e = 0; e < problem.ExpertCount; e++)
        {
            if (!byExpert[e].Any()) continue;
            writer.Write(string.Create(inv, $" expert{e}:"));
            WriteSum(writer, byExpert[e].Select(X), string.Create(inv, $"<= {problem.ExpertLoad[e]}"));
        }
        foreach (var pin in problem.Allowed.Where(p => p.Pinned))
            writer.WriteLine(string.Create(inv, $" pin{pin.Proposal}_{pin.Expert}: {X(pin)} = 1"));

        writer.WriteLine("Binaries");
        foreach (var line in problem.Allowed.Select(X).Chunk(TermsPerLine)) writer.WriteLine(" " + string.Join(' ', line));
        writer.WriteLine("End");
    }

    private static void WriteSum(StreamWriter writer, IEnumerable<string> terms, string? rightHandSide = null)
    {
        var count = 0;
        foreach (var term in terms)
        {
            if (count > 0 && count % TermsPerLine == 0) writer.Write("\n   ");
            writer.Write(count == 0 ? " " : " + ");
            writer.Write(term);
            count++;
        }
        if (count == 0) writer.Write(" 0 x_empty"); // an empty row is not valid LP syntax
        if (rightHandSide is not null) writer.Write(" " + rightHandSide);
        writer.Write('\n');
    }
}
