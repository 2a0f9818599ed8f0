using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms;

/// <summary>
/// Who may do what on a platform (ADR 010). Everyone reads platforms, equipment, rates, availability and the
/// training catalogue; staff and the platform's managers run it; people with an organization book and request.
/// </summary>
public static class PlatformRights
{
    /// <summary>Staff, or a manager bound to this platform.</summary>
    public static async Task<bool> ManagesPlatformAsync(this BiotopeDb db, ClaimsPrincipal user, int platformId, CancellationToken ct = default) =>
        user.IsStaff() || (user.UserId() is { } userId && await db.PlatformManagers.AnyAsync(m => m.PlatformId == platformId && m.UserId == userId, ct));

    /// <summary>The platforms this user manages (all of them for staff).</summary>
    public static async Task<List<int>> ManagedPlatformIdsAsync(this BiotopeDb db, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.IsStaff()) return await db.Platforms.Select(p => p.Id).ToListAsync(ct);
        if (user.UserId() is not { } userId) return [];
        return await db.PlatformManagers.Where(m => m.UserId == userId).Select(m => m.PlatformId).ToListAsync(ct);
    }

    /// <summary>Bookings and service requests are billed to an organization: the user needs one.</summary>
    public static bool CanBook(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.OrganizationId() is not null;

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
