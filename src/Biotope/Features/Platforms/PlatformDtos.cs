using System.Globalization;

namespace Biotope.Features.Platforms;

public sealed record OrganizationRef(int Id, string Slug, string Name);

public sealed record PlatformRef(int Id, string Slug, string NameEn, string NameFr);

public sealed record ModuleRef(int Id, string Slug, string TitleEn, string TitleFr);

/// <summary>A platform in the public list; counts leave decommissioned instruments and withdrawn offerings out.</summary>
public sealed record PlatformSummary(int Id, string Slug, string NameEn, string NameFr, OrganizationRef Owner, string? Location,
    IReadOnlyList<string> QualityStandards, IReadOnlyList<string> ServicesEn, IReadOnlyList<string> ServicesFr, int InstrumentCount, int ServiceOfferingCount, bool Illustrative, string Url);

/// <summary>A platform's manager, shown to staff and the platform's managers only.</summary>
public sealed record ManagerDto(string UserId, string Name, string? Email);

public sealed record PlatformDetails(int Id, string Slug, string NameEn, string NameFr, string? DescriptionEn, string? DescriptionFr, OrganizationRef Owner,
    string? Location, string? ContactEmail, string? ContactPhone, IReadOnlyList<string> QualityStandards, IReadOnlyList<string> ServicesEn, IReadOnlyList<string> ServicesFr, bool Illustrative,
    IReadOnlyList<EquipmentSummary> Equipment, IReadOnlyList<ManagerDto>? Managers, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Url);

public sealed record EquipmentSummary(int Id, int PlatformId, string Name, string? Type, string? Modality, string? Manufacturer, string? Model, string Status,
    bool ApprovalRequired, ModuleRef? RequiredModule, bool Illustrative, string Url);

public sealed record OpeningHoursDto(string Day, string Opens, string Closes);

/// <summary>Booking rules: durations in minutes, notice in hours, advance in days, opening hours in Brussels wall-clock time.</summary>
public sealed record BookingRulesDto(int MinDurationMinutes, int MaxDurationMinutes, int SlotMinutes, int MinNoticeHours, int MaxAdvanceDays, int BufferMinutes,
    IReadOnlyList<OpeningHoursDto> OpeningHours, bool ApprovalRequired, int? MaxBookingsPerUserPerWeek, int FreeCancellationHours, decimal LateCancellationPercent);

/// <summary>An hourly rate in euros, valid from one Brussels date to another (inclusive; open-ended without an end).</summary>
public sealed record RateDto(int Id, string Category, decimal HourlyRate, DateOnly ValidFrom, DateOnly? ValidTo);

public sealed record ClosureDto(int Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Reason);

/// <summary>A closure as saved, with the bookings it overlaps: they are not cancelled, the manager decides.</summary>
public sealed record ClosureCreated(ClosureDto Closure, IReadOnlyList<long> OverlappingBookingIds);

/// <summary>
/// An instrument. <c>CurrentRates</c> are the cards valid today (Brussels); <c>AllRates</c>, serial and inventory numbers
/// are for staff and the platform's managers (null for everyone else). <c>Closures</c> are those not yet over (all of them for managers).
/// </summary>
public sealed record EquipmentDetails(int Id, PlatformRef Platform, string Name, string? Type, string? Modality, string? Manufacturer, string? Model,
    string? SerialNumber, string? InventoryNumber, string? DescriptionEn, string? DescriptionFr, string Status, BookingRulesDto Rules, ModuleRef? RequiredModule,
    IReadOnlyList<RateDto> CurrentRates, IReadOnlyList<RateDto>? AllRates, IReadOnlyList<ClosureDto> Closures, bool Illustrative,
    int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Url);

public static class PlatformMapping
{
    public static string ETag(int version) => $"\"{version}\"";

    public static string PagePath(Platform p) => $"/platforms/{p.Slug}";

    public static string EquipmentPath(int id) => $"/equipment/{id}";

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static ModuleRef ToRef(this TrainingModule m) => new(m.Id, m.Slug, m.TitleEn, m.TitleFr);

    public static PlatformRef ToRef(this Platform p) => new(p.Id, p.Slug, p.NameEn, p.NameFr);

    public static RateDto ToDto(this RateCard r) => new(r.Id, r.Category.ToString(), r.HourlyRate, r.ValidFrom, r.ValidTo);

    public static ClosureDto ToDto(this Closure c) => new(c.Id, c.StartsAt, c.EndsAt, c.Reason);

    public static BookingRulesDto ToDto(this BookingRules r) => new(r.MinDurationMinutes, r.MaxDurationMinutes, r.SlotMinutes, r.MinNoticeHours, r.MaxAdvanceDays,
        r.BufferMinutes, [.. r.OpeningHours.OrderBy(h => Weekday(h.Day)).Select(h => new OpeningHoursDto(h.Day.ToString(), Time(h.Opens), Time(h.Closes)))],
        r.ApprovalRequired, r.MaxBookingsPerUserPerWeek, r.FreeCancellationHours, r.LateCancellationPercent);

    /// <summary>Monday first, as Belgian calendars are.</summary>
    public static int Weekday(DayOfWeek day) => ((int)day + 6) % 7;

    public static EquipmentSummary ToSummary(this Equipment e, IReadOnlyDictionary<int, TrainingModule> modules, string baseUrl) =>
        new(e.Id, e.PlatformId, e.Name, e.Type, e.Modality, e.Manufacturer, e.Model, e.Status.ToString(), e.Rules.ApprovalRequired,
            e.RequiredModuleId is { } id && modules.TryGetValue(id, out var module) ? module.ToRef() : null, e.Illustrative, baseUrl + EquipmentPath(e.Id));

    /// <summary>The card of each category valid on <paramref name="day"/>, in the category order.</summary>
    public static List<RateCard> CurrentRates(this Equipment e, DateOnly day) =>
        [.. Enum.GetValues<UserCategory>().Select(c => Pricing.RateOn(e.Rates, c, day)).OfType<RateCard>()];
}
