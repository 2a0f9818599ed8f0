namespace Biotope.Features.Platforms.Statements;

/// <summary>Why a booking is billed: used as booked, booked but not used (no-show), or cancelled too late.</summary>
public enum StatementLineKind
{
    Booking,
    NoShow,
    LateCancellation,
}

/// <summary>
/// One billed booking. <c>Date</c>, <c>Start</c> and <c>End</c> are Brussels wall-clock time; <c>StartsAt</c>/<c>EndsAt</c> the UTC instants.
/// Booked hours are the real elapsed time (right across daylight-saving changes); actual hours run from check-in to check-out,
/// null when either was not recorded. The amount is the frozen price (booking, no-show) or the cancellation charge.
/// </summary>
public sealed record StatementLine(long BookingId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Date, string Start, string End,
    int EquipmentId, string Equipment, int PlatformId, string Platform, string User, int OrganizationId, string Organization,
    string Category, decimal BookedHours, decimal? ActualHours, decimal HourlyRate, decimal Amount, StatementLineKind Kind);

/// <summary>Lines, hours and amount of one platform or one organization within the statement.</summary>
public sealed record StatementSubtotal(int Id, string Name, int Count, decimal BookedHours, decimal ActualHours, decimal Amount);

/// <summary>Sums of the lines: every figure is the exact sum of the lines' figures (hours as shown, rounded to the hundredth).</summary>
public sealed record StatementTotals(int Count, decimal BookedHours, decimal ActualHours, decimal Amount);

/// <summary>
/// A month's usage statement of an organization, a platform, or an organization on one platform. <c>LimitedToPlatformIds</c> is set
/// when the reader manages only some platforms: the lines are those platforms' only. <c>Provisional</c>: the month is not over, so
/// bookings still to come are included at their price.
/// </summary>
public sealed record Statement(string Month, DateTimeOffset From, DateTimeOffset To, OrganizationRef? Organization, PlatformRef? Platform,
    IReadOnlyList<int>? LimitedToPlatformIds, bool Provisional, IReadOnlyList<StatementLine> Lines,
    IReadOnlyList<StatementSubtotal> Platforms, IReadOnlyList<StatementSubtotal> Organizations, StatementTotals Totals);
