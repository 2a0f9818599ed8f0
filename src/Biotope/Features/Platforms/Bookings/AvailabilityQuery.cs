using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>
/// When an instrument is open, busy and free, per Brussels day, in UTC with local labels. Two queries whatever the
/// window: the instrument with its closures in the window, and its active bookings by (equipment_id, starts_at).
/// </summary>
public sealed class AvailabilityQuery(BiotopeDb db, TimeProvider clock)
{
    public const int MaxDays = 31;

    /// <summary>Longest possible booking: one opening day, which lasts at most 25 hours (the autumn change).</summary>
    private static readonly TimeSpan LongestDay = TimeSpan.FromHours(25);

    /// <summary>Today in Brussels, by the application's clock.</summary>
    public DateOnly Today => BookingCalendar.DateOf(clock.GetUtcNow());

    /// <summary>The ISO week (Monday to Sunday) holding <paramref name="anyDay"/>.</summary>
    public async Task<Outcome<Availability>> WeekAsync(int equipmentId, DateOnly anyDay, string? userId = null, CancellationToken ct = default)
    {
        var monday = BookingCalendar.Monday(anyDay);
        var outcome = await DaysAsync(equipmentId, monday, 7, userId, ct);
        return outcome.Succeeded ? outcome.Value! with { Week = BookingCalendar.IsoWeek(monday) } : outcome;
    }

    /// <summary>
    /// <paramref name="days"/> Brussels days from <paramref name="from"/>. <see cref="BusyInterval.Mine"/> marks the
    /// bookings of <paramref name="userId"/> when given. Free intervals are where a booking fits: open, not busy, and
    /// ending early enough that its own buffer does not reach the next booking; notice and advance are not applied.
    /// </summary>
    public async Task<Outcome<Availability>> DaysAsync(int equipmentId, DateOnly from, int days, string? userId = null, CancellationToken ct = default)
    {
        if (days is < 1 or > MaxDays)
            return Failure.Invalid("days", Phrase.Of("booking.query.days", MaxDays));
        var window = new TimeRange(BookingCalendar.StartOf(from), BookingCalendar.StartOf(from.AddDays(days)));
        var equipment = await db.Equipment.AsNoTracking().Where(e => e.Id == equipmentId)
            .Select(e => new
            {
                e.Id,
                e.Name,
                e.PlatformId,
                e.Status,
                e.Rules,
                e.RequiredModuleId,
                Closures = e.Closures.Where(c => c.StartsAt < window.End && window.Start < c.EndsAt).Select(c => new TimeRange(c.StartsAt, c.EndsAt)).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (equipment is null) return Failure.NotFound(Phrase.Of("equipment.not-found", equipmentId));
        var rules = equipment.Rules;

        // A booking that started before the window can still block time in it: look back as far as one can last.
        var reach = (TimeSpan.FromMinutes(rules.MaxDurationMinutes) > LongestDay ? TimeSpan.FromMinutes(rules.MaxDurationMinutes) : LongestDay)
            + TimeSpan.FromMinutes(rules.BufferMinutes);
        var earliest = window.Start - reach;
        var latest = window.End + TimeSpan.FromMinutes(rules.BufferMinutes);
        var bookings = await BookingService.ActiveOnly(db.Bookings.AsNoTracking())
            .Where(b => b.EquipmentId == equipmentId && b.StartsAt >= earliest && b.StartsAt < latest)
            .OrderBy(b => b.StartsAt)
            .Select(b => new { b.StartsAt, b.BlockedUntil, b.Status, b.UserId })
            .ToListAsync(ct);
        var busy = bookings.Where(b => b.BlockedUntil > window.Start)
            .Select(b => (Range: new TimeRange(b.StartsAt, b.BlockedUntil), Kind: BusyInterval.Booking, Pending: b.Status == BookingStatus.Pending, Mine: userId is not null && b.UserId == userId))
            .Concat(equipment.Closures.Select(c => (Range: c, Kind: BusyInterval.Closure, Pending: false, Mine: false)))
            .OrderBy(b => b.Range.Start).ToList();
        var buffer = TimeSpan.FromMinutes(rules.BufferMinutes);
        var bookable = equipment.Status == EquipmentStatus.Active;

        var result = new List<AvailabilityDay>(days);
        for (var i = 0; i < days; i++)
        {
            var date = from.AddDays(i);
            var day = BookingCalendar.Day(date);
            var open = BookingCalendar.Opening(rules, date);
            var dayBusy = busy.Where(b => b.Range.Overlaps(day)).ToList();
            var free = new List<TimeRange>();
            if (bookable)
            {
                foreach (var interval in open) free.AddRange(FreeWithin(interval, busy.Select(b => (b.Range, IsBooking: b.Kind == BusyInterval.Booking)), buffer));
            }
            result.Add(new AvailabilityDay(date, date.DayOfWeek, day.Start, day.End, (int)day.Length.TotalMinutes,
                [.. open.Select(Free)],
                [.. dayBusy.Select(b =>
                {
                    var clipped = new TimeRange(Max(b.Range.Start, day.Start), Min(b.Range.End, day.End));
                    return new BusyInterval(clipped.Start, clipped.End, BookingCalendar.LocalIso(clipped.Start), BookingCalendar.LocalIso(clipped.End), b.Kind, b.Pending, b.Mine);
                })],
                [.. free.Select(Free)]));
        }
        return new Availability(equipment.Id, equipment.Name, equipment.PlatformId, equipment.Status, null, from, rules.SlotMinutes, rules.MinDurationMinutes,
            rules.MaxDurationMinutes, rules.BufferMinutes, rules.ApprovalRequired, equipment.RequiredModuleId, result);
    }

    /// <summary>
    /// The parts of an opening interval outside every busy span. A free part that runs up to a booking ends one buffer
    /// earlier: a new booking there would need that buffer after it, and it would reach the booking.
    /// </summary>
    private static IEnumerable<TimeRange> FreeWithin(TimeRange open, IEnumerable<(TimeRange Range, bool IsBooking)> busy, TimeSpan buffer)
    {
        var cursor = open.Start;
        // A booking starting just after closing still needs the buffer of one ending at closing kept clear.
        var reach = new TimeRange(open.Start, open.End + buffer);
        foreach (var (range, isBooking) in busy.Where(b => b.Range.Overlaps(b.IsBooking ? reach : open)).OrderBy(b => b.Range.Start))
        {
            var end = Min(isBooking ? range.Start - buffer : range.Start, open.End);
            if (end > cursor) yield return new TimeRange(cursor, end);
            if (range.End > cursor) cursor = range.End;
        }
        if (cursor < open.End) yield return new TimeRange(cursor, open.End);
    }

    private static FreeInterval Free(TimeRange range) => new(range.Start, range.End, BookingCalendar.LocalIso(range.Start), BookingCalendar.LocalIso(range.End));

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
