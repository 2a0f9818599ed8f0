using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Biotope.Features.Calls.Proposals;

/// <summary>
/// The work plan as plain text, so it can be edited in one text area without JavaScript:
/// "WP1: Title (1-12)", then indented "M1: Title (12)" milestones and "D1.1: Title (12)" deliverables.
/// </summary>
public static partial class WorkPlanText
{
    [GeneratedRegex(@"^WP\s*(\d+)\s*[:.-]\s*(.+?)\s*\((\d+)\s*[-–]\s*(\d+)\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WorkPackageLine();

    [GeneratedRegex(@"^([MD][\w.]*)\s*[:]\s*(.+?)\s*\((\d+)\)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ItemLine();

    public static string Format(IEnumerable<WorkPackage> workPackages)
    {
        var text = new StringBuilder();
        foreach (var wp in workPackages)
        {
            text.Append(CultureInfo.InvariantCulture, $"WP{wp.Number}: {wp.Title} ({wp.StartMonth}-{wp.EndMonth})\n");
            foreach (var item in wp.Milestones.Concat(wp.Deliverables)) text.Append(CultureInfo.InvariantCulture, $"  {item.Code}: {item.Title} ({item.Month})\n");
        }
        return text.ToString();
    }

    /// <summary>The work packages, or the line that could not be read.</summary>
    public static (List<WorkPackage> WorkPackages, Infrastructure.Phrase? Error) Parse(string? text)
    {
        var result = new List<WorkPackage>();
        var lines = (text ?? "").Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            if (WorkPackageLine().Match(line) is { Success: true } wp)
            {
                result.Add(new WorkPackage
                {
                    Number = int.Parse(wp.Groups[1].Value, CultureInfo.InvariantCulture),
                    Title = wp.Groups[2].Value,
                    StartMonth = int.Parse(wp.Groups[3].Value, CultureInfo.InvariantCulture),
                    EndMonth = int.Parse(wp.Groups[4].Value, CultureInfo.InvariantCulture),
                });
            }
            else if (ItemLine().Match(line) is { Success: true } item && result.Count > 0)
            {
                var workItem = new WorkItem { Code = item.Groups[1].Value, Title = item.Groups[2].Value, Month = int.Parse(item.Groups[3].Value, CultureInfo.InvariantCulture) };
                (char.ToUpperInvariant(workItem.Code[0]) == 'M' ? result[^1].Milestones : result[^1].Deliverables).Add(workItem);
            }
            else return (result, Infrastructure.Phrase.Of("proposal.work-plan.unreadable", i + 1, line));
        }
        return (result, null);
    }
}
