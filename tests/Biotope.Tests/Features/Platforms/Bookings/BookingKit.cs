using System.Globalization;
using System.Net.Http.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Platforms.Bookings;

/// <summary>An instrument made for one test: its platform, owner and rates.</summary>
public sealed record Instrument(int PlatformId, int EquipmentId, int OwnerOrganizationId);

/// <summary>A signed-in API client and who it is.</summary>
public sealed record Booker(HttpClient Client, string UserId, string Email, string Password, int? OrganizationId);

/// <summary>
/// Platform test data written straight into the database (the platforms CRUD belongs to another feature): a platform,
/// one instrument with rules and rate cards, members of organizations, platform managers, certificates.
/// </summary>
public static class BookingKit
{
    /// <summary>Hourly rates of <see cref="InstrumentAsync"/>'s cards, valid from 2020 without end.</summary>
    public static readonly IReadOnlyDictionary<UserCategory, decimal> Rates = new Dictionary<UserCategory, decimal>
    {
        [UserCategory.Academic] = 60m,
        [UserCategory.MemberCompany] = 90m,
        [UserCategory.NonMemberCompany] = 120m,
        [UserCategory.Internal] = 30m,
    };

    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    /// <summary>Open every day 00:00–24:00 (Brussels), 30-minute slots, 30 min to 8 h, no notice, a year ahead, no buffer, 48 h free cancellation then 50 %.</summary>
    public static BookingRules AllDayRules() => new()
    {
        MinDurationMinutes = 30,
        MaxDurationMinutes = 8 * 60,
        SlotMinutes = 30,
        MinNoticeHours = 0,
        MaxAdvanceDays = 365,
        BufferMinutes = 0,
        OpeningHours = [.. Enum.GetValues<DayOfWeek>().Select(d => new OpeningHours { Day = d, Opens = TimeOnly.MinValue, Closes = TimeOnly.MinValue })],
        FreeCancellationHours = 48,
        LateCancellationPercent = 50,
    };

    public static async Task<Instrument> InstrumentAsync(this TestApp app, Action<BookingRules>? rules = null, Action<Equipment>? equipment = null, string? name = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var owner = await app.AddOrganizationAsync("Imaging centre " + suffix, OrganizationType.ResearchInstitute, "BE323");
        return await app.WithDbAsync(async db =>
        {
            var platform = new Platform { Slug = "platform-" + suffix, NameEn = "Imaging " + suffix, NameFr = "Imagerie " + suffix, OwnerOrganizationId = owner };
            db.Platforms.Add(platform);
            var bookingRules = AllDayRules();
            rules?.Invoke(bookingRules);
            var item = new Equipment { Platform = platform, Name = name ?? "MRI 7T " + suffix, Modality = "MRI", Status = EquipmentStatus.Active, Rules = bookingRules };
            foreach (var (category, rate) in Rates) item.Rates.Add(new RateCard { Category = category, HourlyRate = rate, ValidFrom = new DateOnly(2020, 1, 1) });
            equipment?.Invoke(item);
            db.Equipment.Add(item);
            await db.SaveChangesAsync();
            return new Instrument(platform.Id, item.Id, owner);
        });
    }

    /// <summary>A member of a new organization (a university by default: the academic rate).</summary>
    public static async Task<Booker> MemberAsync(this TestApp app, OrganizationType type = OrganizationType.University, MembershipStatus membership = MembershipStatus.None)
    {
        var organization = await app.AddOrganizationAsync("Lab " + Guid.NewGuid().ToString("N")[..8], type, "BE331");
        if (membership != MembershipStatus.None)
        {
            await app.WithDbAsync(async db =>
            {
                var o = await db.Organizations.SingleAsync(x => x.Id == organization);
                o.Membership = membership;
                return await db.SaveChangesAsync();
            });
        }
        return await app.SignedInAsync(Roles.Member, organization);
    }

    /// <summary>A platform manager bound to <paramref name="platformId"/> (no organization of their own).</summary>
    public static async Task<Booker> ManagerAsync(this TestApp app, int platformId)
    {
        var manager = await app.SignedInAsync(Roles.PlatformManager, null);
        await app.WithDbAsync(async db =>
        {
            db.PlatformManagers.Add(new PlatformManager { PlatformId = platformId, UserId = manager.UserId });
            return await db.SaveChangesAsync();
        });
        return manager;
    }

    public static async Task<Booker> SignedInAsync(this TestApp app, string role, int? organizationId)
    {
        var (email, password) = await app.CreateUserAsync(role, organizationId);
        var response = await app.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString();
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return new Booker(app.NewClient(token), userId, email, password, organizationId);
    }

    /// <summary>A training module required by the instrument; returns its id.</summary>
    public static Task<int> RequireModuleAsync(this TestApp app, Instrument instrument, string titleEn, string titleFr) =>
        app.WithDbAsync(async db =>
        {
            var module = new TrainingModule { Slug = "module-" + Guid.NewGuid().ToString("N")[..8], TitleEn = titleEn, TitleFr = titleFr, PlatformId = instrument.PlatformId, ValidityMonths = 12 };
            db.TrainingModules.Add(module);
            await db.SaveChangesAsync();
            var equipment = await db.Equipment.SingleAsync(e => e.Id == instrument.EquipmentId);
            equipment.RequiredModuleId = module.Id;
            await db.SaveChangesAsync();
            return module.Id;
        });

    public static Task CertifyAsync(this TestApp app, string userId, int moduleId, DateOnly issuedOn, DateOnly? expiresOn) =>
        app.WithDbAsync(async db =>
        {
            db.Certificates.Add(new Certificate { UserId = userId, ModuleId = moduleId, IssuedOn = issuedOn, ExpiresOn = expiresOn });
            return await db.SaveChangesAsync();
        });

    public static Task ChangeRulesAsync(this TestApp app, Instrument instrument, Action<Equipment> change) =>
        app.WithDbAsync(async db =>
        {
            var equipment = await db.Equipment.Include(e => e.Rates).Include(e => e.Closures).SingleAsync(e => e.Id == instrument.EquipmentId);
            change(equipment);
            // The rules are one JSON value: a changed copy is what EF sees as a change.
            equipment.Rules = System.Text.Json.JsonSerializer.Deserialize<BookingRules>(System.Text.Json.JsonSerializer.Serialize(equipment.Rules))!;
            return await db.SaveChangesAsync();
        });

    public static object Body(Instrument instrument, string startsAt, string endsAt, string? purpose = null) =>
        new { equipmentId = instrument.EquipmentId, startsAt, endsAt, purpose };
}
