using Biotope.Data;
using Biotope.Features.Platforms.Services;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>One page of a longer list: its rows, which page it is and how many there are.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, int Number, int Total, int Size)
{
    public int Pages => Math.Max(1, (Total + Size - 1) / Size);
}

/// <summary>A service request that waits for the platform, with the step it waits for.</summary>
public sealed record RequestToHandle(long Id, string OfferingFr, string OfferingEn, ServiceRequestStatus Status, ServiceAction Next, int Quantity, string? RequestedBy, DateTimeOffset CreatedAt);

/// <summary>
/// What a platform manager has to do, for the platforms they run: bookings awaiting approval, the bookings to come from today
/// (Brussels) on, and the service requests waiting for the platform. "Manage bookings" and My space read the same lists.
/// </summary>
public static class ManagerAgenda
{
    /// <summary>Awaiting approval and not yet over, soonest first.</summary>
    public static async Task<ListPage<BookingDto>> ApprovalsAsync(this BiotopeDb db, IReadOnlyCollection<int> platformIds, DateTimeOffset now, int page, int size, CancellationToken ct = default) =>
        await PageOfBookingsAsync(db, db.Bookings.AsNoTracking().Where(b => platformIds.Contains(b.Equipment!.PlatformId) && b.Status == BookingStatus.Pending && b.EndsAt > now), now, page, size, ct);

    /// <summary>Confirmed and pending bookings that end after the start of today in Brussels: today's (to check in and out) and every later one.</summary>
    public static async Task<ListPage<BookingDto>> ToComeAsync(this BiotopeDb db, IReadOnlyCollection<int> platformIds, DateTimeOffset now, int page, int size, CancellationToken ct = default)
    {
        var today = BookingCalendar.Day(BookingCalendar.DateOf(now)).Start;
        return await PageOfBookingsAsync(db, BookingService.ActiveOnly(db.Bookings.AsNoTracking()).Where(b => platformIds.Contains(b.Equipment!.PlatformId) && b.EndsAt > today), now, page, size, ct);
    }

    /// <summary>Requests waiting for a quote or for the platform's next step, oldest first.</summary>
    public static async Task<ListPage<RequestToHandle>> RequestsToHandleAsync(this BiotopeDb db, IReadOnlyCollection<int> platformIds, int page, int size, CancellationToken ct = default)
    {
        var waiting = ServiceTransitions.AwaitingPlatform;
        var query = db.ServiceRequests.AsNoTracking().Where(r => platformIds.Contains(r.PlatformId) && waiting.Contains(r.Status));
        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + size - 1) / size));
        var rows = await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Skip((page - 1) * size).Take(size)
            .Select(r => new { r.Id, r.Offering!.NameFr, r.Offering.NameEn, r.Status, r.Quantity, r.CreatedAt, By = db.Users.Where(u => u.Id == r.RequesterUserId).Select(u => u.DisplayName ?? u.Email).FirstOrDefault() })
            .ToListAsync(ct);
        return new ListPage<RequestToHandle>([.. rows.Select(r => new RequestToHandle(r.Id, r.NameFr, r.NameEn, r.Status, ServiceTransitions.NextForPlatform(r.Status), r.Quantity, r.By, r.CreatedAt))],
            page, total, size);
    }

    /// <summary>When the booker (or the manager) can check in: <see cref="BookingService.CheckInOpensBefore"/> before the start.</summary>
    public static DateTimeOffset CheckInOpens(BookingDto booking) => booking.StartsAt - BookingService.CheckInOpensBefore;

    private static async Task<ListPage<BookingDto>> PageOfBookingsAsync(BiotopeDb db, IQueryable<Booking> query, DateTimeOffset now, int page, int size, CancellationToken ct)
    {
        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + size - 1) / size));
        var rows = await query.OrderBy(b => b.StartsAt).ThenBy(b => b.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new ListPage<BookingDto>(await db.ToDtosAsync(rows, now, ct), page, total, size);
    }
}
