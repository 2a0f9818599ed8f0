using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Biotope.Bench;

// Search latency from one warmed client: every query of the fixed mix, in order, one request at a time.
const string Usage = """
    biotope-bench — search API latency over a fixed mix of 200 queries

    Usage:
      biotope-bench BASE_URL [--warmup N] [--passes N] [--top N] [--summary FILE]
      biotope-bench --list                 print the query mix (category and query string)
      biotope-bench --paths FILE           write the mix's request paths, one a line (for wrk's Lua script)

      BASE_URL        e.g. http://127.0.0.1:5080
      --warmup N      unmeasured passes over the mix first (default 2)
      --passes N      measured passes over the mix (default 5: 1000 requests)
      --top N         how many of the slowest queries to list (default 10)
      --summary FILE  also write key=value figures (p50_ms, p95_ms, p99_ms, max_ms...) to FILE
    """;

var inv = CultureInfo.InvariantCulture;
string? baseUrl = null, summaryFile = null, pathsFile = null;
int warmup = 2, passes = 5, top = 10;
var list = false;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        int NextInt(int min) => int.TryParse(Next(), NumberStyles.None, inv, out var n) && n >= min ? n : throw new ArgumentException($"{args[i - 1]} needs a whole number >= {min}");
        switch (args[i])
        {
            case "-h" or "--help": Console.WriteLine(Usage); return 0;
            case "--list": list = true; break;
            case "--paths": pathsFile = Next(); break;
            case "--summary": summaryFile = Next(); break;
            case "--warmup": warmup = NextInt(0); break;
            case "--passes": passes = NextInt(1); break;
            case "--top": top = NextInt(0); break;
            case var a when a.StartsWith('-'): throw new ArgumentException($"unknown option {a}");
            case var a when baseUrl is null: baseUrl = a.TrimEnd('/'); break;
            default: throw new ArgumentException($"unexpected argument {args[i]}");
        }
    }
    if (!list && pathsFile is null && baseUrl is null) throw new ArgumentException("BASE_URL is required");
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"biotope-bench: {e.Message}\n\n{Usage}");
    return 2;
}

var mix = QueryMix.All;
if (list)
{
    foreach (var q in mix) Console.WriteLine($"{q.Category}\t{q.Display}");
    return 0;
}
if (pathsFile is not null)
{
    await File.WriteAllLinesAsync(pathsFile, mix.Select(q => q.Path), new UTF8Encoding(false));
    if (baseUrl is null) return 0;
}

using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = 1,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
})
{ BaseAddress = new Uri(baseUrl!), Timeout = TimeSpan.FromSeconds(60) };

// Warm-up: also records each query's hit count and checks every answer is a 200.
var totals = new int[mix.Count];
// The first pass asks every query for the first time since the server started: the match cache is cold.
var coldSamples = new double[mix.Count];
for (var pass = 0; pass < Math.Max(warmup, 1); pass++)
{
    for (var i = 0; i < mix.Count; i++)
    {
        var (status, body, coldMs) = await SendAsync(http, mix[i].Path);
        if (pass == 0) coldSamples[i] = coldMs;
        if (status != HttpStatusCode.OK)
        {
            await Console.Error.WriteLineAsync($"biotope-bench: {mix[i].Path} answered {(int)status}: {Encoding.UTF8.GetString(body)}");
            return 1;
        }
        if (pass == 0)
        {
            using var json = JsonDocument.Parse(body);
            totals[i] = json.RootElement.GetProperty("total").GetInt32();
        }
    }
}

// Measured passes: the mix in order, each request after the previous one's body was read in full.
var samples = new double[mix.Count][];
for (var i = 0; i < mix.Count; i++) samples[i] = new double[passes];
var errors = 0;
var wall = Stopwatch.StartNew();
for (var pass = 0; pass < passes; pass++)
{
    for (var i = 0; i < mix.Count; i++)
    {
        var (status, _, ms) = await SendAsync(http, mix[i].Path);
        if (status != HttpStatusCode.OK) errors++;
        samples[i][pass] = ms;
    }
}
wall.Stop();

var all = samples.SelectMany(s => s).Order().ToArray();
double P(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
string F(double ms) => ms.ToString("0.0", inv);

var cold = coldSamples.Order().ToArray();
Console.WriteLine($"First pass, every query new to the server (match cache cold): {mix.Count} requests, p50 {F(P(cold, 50))} / p95 {F(P(cold, 95))} / p99 {F(P(cold, 99))} / max {F(cold[^1])} ms.");
Console.WriteLine();
Console.WriteLine($"Search latency: {mix.Count} queries x {passes} passes = {all.Length} requests, one client, sequential, after {warmup} warm-up passes ({F(wall.Elapsed.TotalSeconds)} s).");
Console.WriteLine();
Console.WriteLine("| requests | p50 ms | p95 ms | p99 ms | max ms | mean ms | errors |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
Console.WriteLine($"| {all.Length} | {F(P(all, 50))} | {F(P(all, 95))} | {F(P(all, 99))} | {F(all[^1])} | {F(all.Average())} | {errors} |");
Console.WriteLine();
Console.WriteLine("By category:");
Console.WriteLine();
Console.WriteLine("| category | queries | p50 ms | p99 ms | max ms |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var group in mix.Select((q, i) => (q.Category, Samples: samples[i])).GroupBy(x => x.Category))
{
    var sorted = group.SelectMany(x => x.Samples).Order().ToArray();
    Console.WriteLine($"| {group.Key} | {group.Count()} | {F(P(sorted, 50))} | {F(P(sorted, 99))} | {F(sorted[^1])} |");
}
Console.WriteLine();
Console.WriteLine($"Slowest {top} queries (by their median over the {passes} passes):");
Console.WriteLine();
Console.WriteLine("| query | category | hits | median ms | max ms |");
Console.WriteLine("|---|---|---:|---:|---:|");
foreach (var (q, hits, median, max) in mix.Select((q, i) => (q, hits: totals[i], median: P([.. samples[i].Order()], 50), max: samples[i].Max()))
    .OrderByDescending(x => x.median).Take(top))
{
    Console.WriteLine($"| `{q.Display}` | {q.Category} | {hits} | {F(median)} | {F(max)} |");
}

if (summaryFile is not null)
{
    await File.WriteAllTextAsync(summaryFile, string.Join('\n',
        $"requests={all.Length}", $"errors={errors}", $"p50_ms={F(P(all, 50))}", $"p95_ms={F(P(all, 95))}", $"p99_ms={F(P(all, 99))}",
        $"max_ms={F(all[^1])}", $"mean_ms={F(all.Average())}") + "\n");
}
return errors == 0 ? 0 : 1;

static async Task<(HttpStatusCode Status, byte[] Body, double Ms)> SendAsync(HttpClient http, string path)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
    var body = await response.Content.ReadAsByteArrayAsync();
    return (response.StatusCode, body, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
}
