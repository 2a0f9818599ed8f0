using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Training;

/// <summary>Who runs what in training (ADR 010): staff and the module's platform managers run modules and sessions; a trainer runs their own sessions.</summary>
public static class TrainingRights
{
    /// <summary>Staff, or a manager of the module's platform (a module without a platform is staff's alone).</summary>
    public static async Task<bool> ManagesModuleAsync(this BiotopeDb db, ClaimsPrincipal user, int? platformId, CancellationToken ct = default) =>
        user.IsStaff() || (platformId is { } id && await db.ManagesPlatformAsync(user, id, ct));

    /// <summary>Who sees a session's enrolments and records its attendance: its trainer, the module's managers, staff.</summary>
    public static async Task<bool> RunsSessionAsync(this BiotopeDb db, ClaimsPrincipal user, TrainingSession session, int? platformId, CancellationToken ct = default) =>
        (session.TrainerUserId is { } trainer && trainer == user.UserId()) || await db.ManagesModuleAsync(user, platformId, ct);

    /// <summary>Who may be named trainer of a module's session: a Trainer, cluster staff, or a manager of the module's platform.</summary>
    public static async Task<bool> MayTrainAsync(this BiotopeDb db, string userId, int? platformId, CancellationToken ct = default)
    {
        string[] roles = [Roles.Trainer, Roles.Administrator, Roles.ClusterStaff];
        var hasRole = await db.UserRoles.AnyAsync(ur => ur.UserId == userId && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!)), ct);
        return hasRole || (platformId is { } id && await db.PlatformManagers.AnyAsync(m => m.PlatformId == id && m.UserId == userId, ct));
    }
}
