namespace Biotope.Features.Platforms.Bookings;

/// <summary>
/// A booking request. <paramref name="StartsAt"/> and <paramref name="EndsAt"/> are Brussels wall-clock times
/// ("2026-11-30T09:00") or ISO 8601 times with an offset ("2026-11-30T08:00Z").
/// </summary>
public sealed record BookingInput(int EquipmentId, string? StartsAt, string? EndsAt, string? Purpose = null);

/// <summary>An optional note with an approval or a rejection, shown to the booker.</summary>
public sealed record DecisionInput(string? Note);

/// <summary>What a booking would cost: the category, rate and price <see cref="BookingService"/> freezes on the booking.</summary>
public sealed record Quote(
    int EquipmentId,
    string EquipmentName,
    int PlatformId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    // Brussels wall-clock with offset, e.g. "2026-10-25T01:30+02:00".
    string StartsAtLocal,
    string EndsAtLocal,
    // The span in words, Brussels time, in the language asked for.
    string When,
    // Real elapsed minutes: across the autumn change 01:30–03:30 is 180.
    int DurationMinutes,
    UserCategory Category,
    decimal HourlyRate,
    decimal Price,
    bool ApprovalRequired,
    int BufferMinutes,
    DateTimeOffset BlockedUntil,
    // Cancelling before this instant is free.
    DateTimeOffset FreeCancellationUntil,
    decimal LateCancellationPercent,
    // What a later cancellation costs, to the cent.
    decimal LateCancellationCharge,
    string CancellationTerms);

public sealed record BookingDto(
    long Id,
    int EquipmentId,
    string EquipmentName,
    int PlatformId,
    string UserId,
    string? BookedBy,
    int OrganizationId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset BlockedUntil,
    string StartsAtLocal,
    string EndsAtLocal,
    int DurationMinutes,
    BookingStatus Status,
    // Confirmed, ended and never checked in (ADR 010: charged in full).
    bool NoShow,
    string? Purpose,
    UserCategory Category,
    decimal HourlyRate,
    decimal Price,
    DateTimeOffset FreeCancellationUntil,
    // What the booker would pay to cancel now (null when it can no longer be cancelled).
    decimal? CancellationChargeNow,
    DateTimeOffset? CancelledAt,
    decimal CancellationCharge,
    string? DecisionNote,
    DateTimeOffset? CheckedInAt,
    DateTimeOffset? CheckedOutAt,
    int Version,
    DateTimeOffset CreatedAt);

/// <summary>One busy span: a booking (with its buffer) or a closure. Public: it never says who booked.</summary>
public sealed record BusyInterval(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string StartsAtLocal, string EndsAtLocal, string Kind, bool Pending, bool Mine)
{
    public const string Booking = "booking";
    public const string Closure = "closure";
}

public sealed record FreeInterval(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string StartsAtLocal, string EndsAtLocal);

/// <summary>One Brussels calendar day: it lasts 23, 24 or 25 hours (<see cref="Minutes"/>).</summary>
public sealed record AvailabilityDay(
    DateOnly Date,
    DayOfWeek DayOfWeek,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Minutes,
    List<FreeInterval> Open,
    List<BusyInterval> Busy,
    List<FreeInterval> Free);

public sealed record Availability(
    int EquipmentId,
    string EquipmentName,
    int PlatformId,
    EquipmentStatus Status,
    // "2026-W44" when a whole ISO week was asked for.
    string? Week,
    DateOnly From,
    int SlotMinutes,
    int MinDurationMinutes,
    int MaxDurationMinutes,
    int BufferMinutes,
    bool ApprovalRequired,
    int? RequiredModuleId,
    List<AvailabilityDay> Days);
