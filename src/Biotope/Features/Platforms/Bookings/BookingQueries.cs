using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>Which bookings a list shows. Without an instrument, a platform or <see cref="Managed"/>, the caller's own.</summary>
public sealed record BookingFilter(int? EquipmentId = null, int? PlatformId = null, BookingStatus? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null, bool Managed = false)
{
    /// <summary>The caller asks about an instrument or platform, not only about their own bookings.</summary>
    public bool Wide => EquipmentId is not null || PlatformId is not null || Managed;
}

public static class BookingQueries
{
    public const int MaxRows = 1000;

    /// <summary>
    /// The caller's bookings, plus, when the filter is <see cref="BookingFilter.Wide"/>, every booking of the platforms
    /// they manage (staff: all). Ordered by start; bookings overlapping [From, To).
    /// </summary>
    public static async Task<List<Booking>> ListAsync(this BiotopeDb db, ClaimsPrincipal user, BookingFilter filter, CancellationToken ct = default)
    {
        var userId = user.UserId() ?? "";
        var query = db.Bookings.AsNoTracking();
        if (filter.Wide && user.IsStaffOrManager())
        {
            var managed = await db.ManagedPlatformIdsAsync(user, ct);
            query = query.Where(b => b.UserId == userId || managed.Contains(b.Equipment!.PlatformId));
        }
        else
        {
            query = query.Where(b => b.UserId == userId);
        }
        if (filter.EquipmentId is { } equipmentId) query = query.Where(b => b.EquipmentId == equipmentId);
        if (filter.PlatformId is { } platformId) query = query.Where(b => b.Equipment!.PlatformId == platformId);
        if (filter.Status is { } status) query = query.Where(b => b.Status == status);
        if (filter.From is { } from) query = query.Where(b => b.EndsAt > from);
        if (filter.To is { } to) query = query.Where(b => b.StartsAt < to);
        return await query.OrderBy(b => b.StartsAt).ThenBy(b => b.Id).Take(MaxRows).ToListAsync(ct);
    }

    private static bool IsStaffOrManager(this ClaimsPrincipal user) =>
        user.IsStaff() || user.IsInRole(Accounts.Roles.PlatformManager);

    public static async Task<BookingDto> ToDtoAsync(this BiotopeDb db, Booking booking, DateTimeOffset now, CancellationToken ct = default) =>
        (await db.ToDtosAsync([booking], now, ct))[0];

    /// <summary>Two look-ups whatever the number of bookings: their instruments and their bookers.</summary>
    public static async Task<List<BookingDto>> ToDtosAsync(this BiotopeDb db, IReadOnlyList<Booking> bookings, DateTimeOffset now, CancellationToken ct = default)
    {
        var equipmentIds = bookings.Select(b => b.EquipmentId).Distinct().ToList();
        var userIds = bookings.Select(b => b.UserId).Distinct().ToList();
        var equipment = await db.Equipment.AsNoTracking().Where(e => equipmentIds.Contains(e.Id))
            .Select(e => new { e.Id, e.Name, e.PlatformId, e.Rules }).ToDictionaryAsync(e => e.Id, ct);
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.Email, ct);
        return [.. bookings.Select(b =>
        {
            var e = equipment[b.EquipmentId];
            var chargeNow = b.IsActive && b.StartsAt > now ? BookingService.ChargeToCancel(b, e.Rules, now) : (decimal?)null;
            return new BookingDto(b.Id, b.EquipmentId, e.Name, e.PlatformId, b.UserId, users.GetValueOrDefault(b.UserId), b.OrganizationId, b.StartsAt, b.EndsAt, b.BlockedUntil,
                BookingCalendar.LocalIso(b.StartsAt), BookingCalendar.LocalIso(b.EndsAt), (int)(b.EndsAt - b.StartsAt).TotalMinutes, b.Status, b.IsNoShow(now), b.Purpose,
                b.Category, b.HourlyRate, b.Price, b.StartsAt.AddHours(-e.Rules.FreeCancellationHours), chargeNow, b.CancelledAt, b.CancellationCharge, b.DecisionNote,
                b.CheckedInAt, b.CheckedOutAt, b.Version, b.CreatedAt);
        })];
    }
}
