using System.Data.Common;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Bench.Platforms;

/// <summary>
/// A platform with <c>instruments</c> instruments and a year of bookings around now: on each opening day (Mon–Sat,
/// 08:00–20:00 Brussels) each instrument gets back-to-back bookings of 1–3 hours with gaps, about 5.5 a day.
/// Organizations book with a skewed frequency, so one is clearly the busiest.
/// </summary>
public sealed class SyntheticBookings(IServiceProvider services, int instruments, ulong seed)
{
    public sealed record Seeded(int PlatformId, int[] EquipmentIds, int BusiestOrganizationId, int Bookings, DateOnly FirstDay, DateOnly LastDay);

    private readonly Random random = new((int)(seed % int.MaxValue));

    public async Task<Seeded> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BiotopeDb>();

        var organizations = Enumerable.Range(1, 120).Select(i => new Organization
        {
            Slug = $"bench-org-{i}",
            Name = $"Bench organization {i}",
            Type = (i % 4) switch { 0 => OrganizationType.University, 1 => OrganizationType.Sme, 2 => OrganizationType.LargeCompany, _ => OrganizationType.StartUp },
            Membership = i % 3 == 0 ? MembershipStatus.None : MembershipStatus.Active,
        }).ToList();
        db.Organizations.AddRange(organizations);
        await db.SaveChangesAsync(ct);

        // Users without passwords: creating them is cheap, and the bookings only need their ids.
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var bookers = new List<(string UserId, int OrganizationId)>();
        foreach (var organization in organizations)
        {
            var user = new AppUser { UserName = $"booker-{organization.Id}@bench.biotope.be", Email = $"booker-{organization.Id}@bench.biotope.be", OrganizationId = organization.Id };
            var created = await userManager.CreateAsync(user);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
            bookers.Add((user.Id, organization.Id));
        }

        var platform = new Platform { Slug = "bench-platform", NameEn = "Bench platform", NameFr = "Plateforme de banc d'essai", OwnerOrganizationId = organizations[0].Id };
        db.Platforms.Add(platform);
        await db.SaveChangesAsync(ct);
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday };
        var equipment = Enumerable.Range(1, instruments).Select(i => new Equipment
        {
            PlatformId = platform.Id,
            Name = $"Instrument {i:00}",
            Modality = Modalities.Known[i % Modalities.Known.Count],
            Rules = new BookingRules
            {
                MinDurationMinutes = 30,
                MaxDurationMinutes = 4 * 60,
                SlotMinutes = 30,
                MaxAdvanceDays = 200,
                BufferMinutes = i % 5 == 0 ? 15 : 0,
                OpeningHours = [.. weekdays.Select(d => new OpeningHours { Day = d, Opens = new TimeOnly(8, 0), Closes = new TimeOnly(20, 0) })],
            },
            Rates = [.. Enum.GetValues<UserCategory>().Select(c => new RateCard { Category = c, HourlyRate = 40m + 15m * (int)c + i, ValidFrom = new DateOnly(2020, 1, 1) })],
        }).ToList();
        db.Equipment.AddRange(equipment);
        await db.SaveChangesAsync(ct);

        var today = BrusselsTime.Date(now);
        var firstDay = today.AddDays(-182);
        var lastDay = today.AddDays(182);
        var rows = new List<object?[]>();
        var busiest = new Dictionary<int, int>();
        foreach (var instrument in equipment)
        {
            var buffer = TimeSpan.FromMinutes(instrument.Rules.BufferMinutes);
            for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
            {
                if (day.DayOfWeek == DayOfWeek.Sunday) continue;
                var cursor = BrusselsTime.FromLocal(day.ToDateTime(new TimeOnly(8, 0)));
                var closes = BrusselsTime.FromLocal(day.ToDateTime(new TimeOnly(20, 0)));
                while (true)
                {
                    cursor += TimeSpan.FromMinutes(30 * random.Next(0, 2));
                    var end = cursor + TimeSpan.FromMinutes(30 * random.Next(2, 5));
                    if (end > closes) break;
                    // Skewed: low indexes book far more often (the busiest organization is the first booker).
                    var (userId, organizationId) = bookers[(int)(bookers.Count * Math.Pow(random.NextDouble(), 3))];
                    var cancelled = random.Next(20) == 0;
                    var category = Pricing.CategoryOf(organizations.First(o => o.Id == organizationId), platform);
                    var rate = instrument.Rates.First(r => r.Category == category).HourlyRate;
                    var price = Pricing.Price(cursor, end, rate);
                    rows.Add([instrument.Id, userId, organizationId, cursor, end, end + buffer, cancelled ? "Cancelled" : "Confirmed", category.ToString(), rate, price,
                        cancelled ? end - TimeSpan.FromDays(3) : null, 0m, end < now && !cancelled && random.Next(10) > 0 ? cursor : null, end < now && !cancelled ? end : null]);
                    busiest[organizationId] = busiest.GetValueOrDefault(organizationId) + 1;
                    cursor = end + buffer;
                }
            }
        }
        await InsertAsync(db, rows, now, ct);
        return new Seeded(platform.Id, [.. equipment.Select(e => e.Id)], busiest.MaxBy(b => b.Value).Key, rows.Count, firstDay, lastDay);
    }

    private static readonly string[] Columns =
        ["equipment_id", "user_id", "organization_id", "starts_at", "ends_at", "blocked_until", "status", "category", "hourly_rate", "price",
         "cancelled_at", "cancellation_charge", "checked_in_at", "checked_out_at"];

    /// <summary>Multi-row INSERTs in one transaction: the audit log and change tracking are not what is measured.</summary>
    private static async Task InsertAsync(BiotopeDb db, List<object?[]> rows, DateTimeOffset now, CancellationToken ct)
    {
        var ticks = new DateTimeOffsetToBinaryConverter();
        object Value(object? value) => value switch
        {
            null => DBNull.Value,
            DateTimeOffset t when !db.IsPostgres => ticks.ConvertToProvider(t)!,
            DateTimeOffset t => t.ToUniversalTime(),
            _ => value,
        };
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        const int perStatement = 200;
        var allColumns = string.Join(", ", Columns) + ", version, created_at, updated_at";
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            var values = new List<string>();
            foreach (var (row, r) in rows.Skip(start).Take(perStatement).Select((row, r) => (row, r)))
            {
                var names = new List<string>();
                for (var c = 0; c < row.Length; c++)
                {
                    var name = $"@p{r}_{c}";
                    names.Add(name);
                    Add(command, name, Value(row[c]));
                }
                names.Add("1");
                names.Add($"@now{r}");
                names.Add($"@now{r}");
                Add(command, $"@now{r}", Value(now));
                values.Add("(" + string.Join(", ", names) + ")");
            }
            command.CommandText = $"INSERT INTO bookings ({allColumns}) VALUES {string.Join(", ", values)}";
            await command.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        await connection.CloseAsync();
        if (db.IsPostgres) await db.Database.ExecuteSqlRawAsync("ANALYZE bookings", ct);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
