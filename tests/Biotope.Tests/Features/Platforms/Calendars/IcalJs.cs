using System.Text.Json;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Platforms.Calendars;

/// <summary>One event as ical.js read it; times are ISO 8601 UTC instants from toJSDate().toISOString().</summary>
public sealed record ParsedEvent(string Uid, string? Summary, string? Status, string Start, string End, string? Location, string? Description, string? Url);

public sealed record ParsedCalendar(string? Name, string? Method, List<ParsedEvent> Events)
{
    public ParsedEvent Single(string uid) => Assert.Single(Events, e => e.Uid == uid);

    public bool Has(string uid) => Events.Any(e => e.Uid == uid);
}

/// <summary>
/// Parses feeds with ical.js, a real RFC 5545 parser (tests/Biotope.Tests/ics-parse.mjs under node). Without node or
/// ical.js the test is skipped, or fails when services are required (CI=true).
/// </summary>
public static class IcalJs
{
    private static readonly string TestsDir = Path.Combine(TestPaths.RepoRoot, "tests", "Biotope.Tests");
    private static readonly string Script = Path.Combine(TestsDir, "ics-parse.mjs");
    private static readonly string Package = Path.Combine(TestsDir, "node_modules", "ical.js", "package.json");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ParsedCalendar> ParseAsync(string ics)
    {
        if (!File.Exists(Package)) Unavailable($"ical.js is not installed ({Package}); run scripts/test (or npm ci in tests/Biotope.Tests).");
        var result = await ProcessRunner.RunAsync("node", [Script], TestsDir, TimeSpan.FromSeconds(60), standardInput: ics);
        if (result.ExitCode == -1 && result.Output.StartsWith("could not start", StringComparison.Ordinal)) Unavailable($"node is not installed: {result.Output}");
        Assert.True(result.Succeeded, $"ical.js could not read the feed: {result.Output}\n--- feed ---\n{ics}");
        var json = result.Output.Split('\n').Last(line => line.StartsWith('{'));
        return JsonSerializer.Deserialize<ParsedCalendar>(json, Json)!;
    }

    private static void Unavailable(string reason)
    {
        if (ServiceRequirement.Required) throw new InvalidOperationException(reason + " (services are required in this run)");
        Assert.Skip(reason);
    }
}
