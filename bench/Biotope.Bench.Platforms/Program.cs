using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Biotope.Bench.Platforms;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Week availability, concurrent booking on one instrument and the busiest organization's monthly statement,
// through the real API of a real server (in this process, on a loopback port) on a year of synthetic bookings.
const string Usage = """
    biotope-bench-platforms — availability, concurrent booking and statements on a year of bookings

    Usage:
      biotope-bench-platforms (--data-dir DIR | --database CONNECTION) [options]

      --data-dir DIR        a new SQLite database in DIR
      --database CONN       a new, empty PostgreSQL database
      --instruments N       instruments with a year of bookings (default 50)
      --seed N              random seed (default 42)
      --availability N      measured week-availability requests (default 2000, after 200 warm-up)
      --statements N        measured statement requests (default 30, after 3 warm-up)
      --clients N           concurrent booking clients (default 16)
      --attempts N          booking attempts per client (default 150)

    Prints a Markdown table on stdout; exits 1 if two active bookings of one instrument overlap.
    """;

var inv = CultureInfo.InvariantCulture;
string? dataDir = null, database = null;
int instruments = 50, availabilityRuns = 2000, statementRuns = 30, clients = 16, attempts = 150;
ulong seed = 42;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        int NextInt(int min) => int.TryParse(Next(), NumberStyles.None, inv, out var n) && n >= min ? n : throw new ArgumentException($"{args[i - 1]} needs a whole number >= {min}");
        switch (args[i])
        {
            case "-h" or "--help": Console.WriteLine(Usage); return 0;
            case "--data-dir": dataDir = Next(); break;
            case "--database": database = Next(); break;
            case "--instruments": instruments = NextInt(1); break;
            case "--seed": seed = (ulong)NextInt(0); break;
            case "--availability": availabilityRuns = NextInt(10); break;
            case "--statements": statementRuns = NextInt(3); break;
            case "--clients": clients = NextInt(1); break;
            case "--attempts": attempts = NextInt(1); break;
            default: throw new ArgumentException($"unexpected argument {args[i]}");
        }
    }
    if ((dataDir is null) == (database is null)) throw new ArgumentException("give exactly one of --data-dir and --database");
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"biotope-bench-platforms: {e.Message}\n\n{Usage}");
    return 2;
}

void Progress(string line) => Console.Error.WriteLine("  " + line);
string Ms(double ms) => ms.ToString("0.00", inv);
static double Percentile(List<double> samples, double p) => samples.Order().ElementAt(Math.Max(0, (int)Math.Ceiling(p / 100 * samples.Count) - 1));

// The bench's staff account signs in by script without a second factor (ADR 021: the requirement is off here only).
var settings = new BiotopeSettings(dataDir ?? Path.GetTempPath(), database) { StaffTwoFactorRequired = false };
var app = await BiotopeApp.CreateAsync(settings, "http://127.0.0.1:0", seedDemo: false, builder =>
{
    // Only errors reach the console (stderr): an unexpected 500 shows its exception. EF's own log of the
    // refused overlaps that the app turns into 409 is left out.
    builder.Logging.ClearProviders().AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Error).SetMinimumLevel(LogLevel.Error)
        .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
});
await app.StartAsync();
var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
var now = DateTimeOffset.UtcNow;

var seedWatch = Stopwatch.StartNew();
var seeded = await new SyntheticBookings(app.Services, instruments, seed).RunAsync(now, CancellationToken.None);
seedWatch.Stop();
Progress($"seeded {seeded.Bookings:N0} bookings on {instruments} instruments ({seeded.FirstDay:yyyy-MM-dd}..{seeded.LastDay:yyyy-MM-dd}) in {seedWatch.Elapsed.TotalSeconds:0.0} s");

async Task<HttpClient> ClientAsync(string role, int? organizationId)
{
    await using var scope = app.Services.CreateAsyncScope();
    var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@bench.biotope.be";
    var (created, errors) = await UserAccounts.CreateAsync(scope.ServiceProvider, email, role, organizationId, "Bench-password-42");
    if (created is null) throw new InvalidOperationException(string.Join("; ", errors.SelectMany(e => e.Value)));
    var anonymous = new HttpClient { BaseAddress = new Uri(baseUrl) };
    var token = await (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "Bench-password-42" })).EnsureSuccessStatusCode()
        .Content.ReadFromJsonAsync<TokenResponse>();
    var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri(baseUrl) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
    return client;
}

// ---- Week availability: random instrument and week of the year, one client, sequential ----
var random = new Random(7);
var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri(baseUrl) };
string RandomWeekUrl()
{
    var id = seeded.EquipmentIds[random.Next(seeded.EquipmentIds.Length)];
    var day = seeded.FirstDay.AddDays(random.Next(seeded.LastDay.DayNumber - seeded.FirstDay.DayNumber - 7)).ToDateTime(TimeOnly.MinValue);
    return $"/api/v1/equipment/{id}/availability?week={ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}";
}
for (var i = 0; i < 200; i++) (await http.GetAsync(RandomWeekUrl())).EnsureSuccessStatusCode();
var availability = new List<double>();
for (var i = 0; i < availabilityRuns; i++)
{
    var url = RandomWeekUrl();
    var watch = Stopwatch.StartNew();
    using var response = await http.GetAsync(url);
    await response.Content.ReadAsByteArrayAsync();
    watch.Stop();
    response.EnsureSuccessStatusCode();
    availability.Add(watch.Elapsed.TotalMilliseconds);
}
Progress($"availability p50 {Ms(Percentile(availability, 50))} ms, p99 {Ms(Percentile(availability, 99))} ms");

// ---- The busiest organization's statement for last month ----
var staff = await ClientAsync(Roles.ClusterStaff, null);
var lastMonth = BrusselsTime.Date(now).AddMonths(-1);
var statementUrl = $"/api/v1/statements?organization={seeded.BusiestOrganizationId}&month={lastMonth:yyyy-MM}";
var statementLines = 0;
for (var i = 0; i < 3; i++) (await staff.GetAsync(statementUrl)).EnsureSuccessStatusCode();
var statements = new List<double>();
for (var i = 0; i < statementRuns; i++)
{
    var watch = Stopwatch.StartNew();
    using var response = await staff.GetAsync(statementUrl);
    var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    watch.Stop();
    response.EnsureSuccessStatusCode();
    statementLines = body.GetProperty("lines").GetArrayLength();
    statements.Add(watch.Elapsed.TotalMilliseconds);
}
Progress($"statement ({statementLines} lines) p50 {Ms(Percentile(statements, 50))} ms, max {Ms(statements.Max())} ms");

// ---- Concurrent booking of one instrument: fresh slots, and a fifth of attempts on a slot just taken ----
int concurrentId;
await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<BiotopeDb>();
    var instrument = new Equipment
    {
        PlatformId = seeded.PlatformId,
        Name = "Concurrency instrument",
        Rules = new BookingRules
        {
            MinDurationMinutes = 30,
            MaxDurationMinutes = 60,
            SlotMinutes = 30,
            MaxAdvanceDays = 365,
            OpeningHours = [.. Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours { Day = d, Opens = new TimeOnly(0, 0), Closes = new TimeOnly(23, 30) })],
        },
        Rates = [.. Enum.GetValues<UserCategory>().Select(c => new RateCard { Category = c, HourlyRate = 60m, ValidFrom = new DateOnly(2020, 1, 1) })],
    };
    db.Equipment.Add(instrument);
    await db.SaveChangesAsync();
    concurrentId = instrument.Id;
}
var bookers = new List<HttpClient>();
var organizationIds = await UsingDbAsync(db => db.Organizations.OrderBy(o => o.Id).Select(o => o.Id).Take(clients).ToListAsync());
foreach (var organizationId in organizationIds) bookers.Add(await ClientAsync(Roles.Member, organizationId));
var firstSlotDay = BrusselsTime.Date(now).AddDays(2);
const int SlotsPerDay = 47; // half-hours starting 00:00 to 23:00, each ending by the 23:30 closing
string SlotLocal(int k, int plusMinutes = 0) => firstSlotDay.AddDays(k / SlotsPerDay).ToDateTime(new TimeOnly(0, 0)).AddMinutes(30 * (k % SlotsPerDay) + plusMinutes).ToString("yyyy-MM-dd'T'HH:mm", inv);
var nextSlot = -1;
var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
var bookingWatch = Stopwatch.StartNew();
await Task.WhenAll(bookers.Select((client, c) => Task.Run(async () =>
{
    var mine = new Random(c);
    for (var a = 0; a < attempts; a++)
    {
        var taken = Volatile.Read(ref nextSlot);
        var slot = mine.Next(5) == 0 && taken >= 0 ? taken : Interlocked.Increment(ref nextSlot);
        using var response = await client.PostAsJsonAsync("/api/v1/bookings", new { equipmentId = concurrentId, startsAt = SlotLocal(slot), endsAt = SlotLocal(slot, 30) });
        statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
    }
})));
bookingWatch.Stop();
var created = statuses.GetValueOrDefault(HttpStatusCode.Created);
var overlaps = await UsingDbAsync(db => db.Bookings.CountAsync(a => a.EquipmentId == concurrentId && (a.Status == BookingStatus.Pending || a.Status == BookingStatus.Confirmed)
    && db.Bookings.Any(b => b.Id != a.Id && b.EquipmentId == a.EquipmentId && (b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed)
        && b.StartsAt < a.BlockedUntil && a.StartsAt < b.BlockedUntil)));
var stored = await UsingDbAsync(db => db.Bookings.CountAsync(b => b.EquipmentId == concurrentId));
Progress($"booking: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}×{s.Value}"))} in {bookingWatch.Elapsed.TotalSeconds:0.00} s; overlaps {overlaps}");

await app.StopAsync();

var machine = $"{Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b)}";
Console.WriteLine($"Database: {(database is null ? "SQLite" : "PostgreSQL")}; {seeded.Bookings:N0} bookings on {instruments} instruments over {seeded.FirstDay:yyyy-MM-dd}..{seeded.LastDay:yyyy-MM-dd}, seeded in {seedWatch.Elapsed.TotalSeconds:0.0} s; {machine}");
Console.WriteLine();
Console.WriteLine("| figure | target | measured |");
Console.WriteLine("|---|---|---:|");
Console.WriteLine($"| week availability p50 / p95 / p99 / max, ms ({availabilityRuns} requests, 1 client, after 200 warm-up) | p99 ≤ 10 ms | {Ms(Percentile(availability, 50))} / {Ms(Percentile(availability, 95))} / **{Ms(Percentile(availability, 99))}** / {Ms(availability.Max())} |");
Console.WriteLine($"| busiest organization's statement ({statementLines} lines) p50 / max, ms ({statementRuns} requests) | ≤ 200 ms | **{Ms(Percentile(statements, 50))}** / {Ms(statements.Max())} |");
Console.WriteLine($"| booking, {clients} concurrent clients on one instrument: created per second ({created} created in {bookingWatch.Elapsed.TotalSeconds:0.00} s) | ≥ 200/s on PostgreSQL | **{created / bookingWatch.Elapsed.TotalSeconds:0}** |");
Console.WriteLine($"| booking attempts per second (all answers: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key} × {s.Value}"))}) | | {clients * attempts / bookingWatch.Elapsed.TotalSeconds:0} |");
Console.WriteLine($"| overlapping active bookings after the run ({stored} stored) | 0 | **{overlaps}** |");
var unexpected = statuses.Keys.Where(s => s is not (HttpStatusCode.Created or HttpStatusCode.Conflict)).ToList();
if (unexpected.Count > 0) await Console.Error.WriteLineAsync($"unexpected answers: {string.Join(", ", unexpected)}");
return overlaps == 0 && unexpected.Count == 0 && created == stored ? 0 : 1;

async Task<T> UsingDbAsync<T>(Func<BiotopeDb, Task<T>> work)
{
    await using var scope = app.Services.CreateAsyncScope();
    return await work(scope.ServiceProvider.GetRequiredService<BiotopeDb>());
}

internal sealed record TokenResponse(string AccessToken);
