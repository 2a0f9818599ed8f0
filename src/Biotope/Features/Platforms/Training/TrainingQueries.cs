using Biotope.Data;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Training;

/// <summary>Reads of the training catalogue: modules with the equipment they unlock and their sessions' places.</summary>
public static class TrainingQueries
{
    /// <summary>
    /// Modules (all, or those in <paramref name="moduleIds"/>) by English title, each with the instruments it unlocks and its sessions
    /// that have not started; cancelled sessions only when <paramref name="withCancelled"/>.
    /// </summary>
    public static async Task<List<TrainingModuleDto>> ModulesAsync(this BiotopeDb db, DateTimeOffset now, IReadOnlyCollection<int>? moduleIds = null, bool withCancelled = false, CancellationToken ct = default)
    {
        var query = db.TrainingModules.AsNoTracking();
        if (moduleIds is not null) query = query.Where(m => moduleIds.Contains(m.Id));
        var modules = await query.OrderBy(m => m.TitleEn).ThenBy(m => m.Id).ToListAsync(ct);
        var ids = modules.Select(m => m.Id).ToList();
        var platformIds = modules.Where(m => m.PlatformId != null).Select(m => m.PlatformId!.Value).Distinct().ToList();
        var platforms = await db.Platforms.AsNoTracking().Where(p => platformIds.Contains(p.Id))
            .Select(p => new TrainingPlatformDto(p.Id, p.Slug, p.NameEn, p.NameFr)).ToDictionaryAsync(p => p.Id, ct);
        var equipment = await db.UnlockedEquipmentAsync(ids, ct);
        var sessions = await db.TrainingSessions.AsNoTracking()
            .Where(s => ids.Contains(s.ModuleId) && s.StartsAt > now && (withCancelled || s.CancelledAt == null))
            .OrderBy(s => s.StartsAt).ThenBy(s => s.Id).ToListAsync(ct);
        var places = await db.PlacesAsync(sessions.Select(s => s.Id).ToList(), ct);
        return modules.Select(m => new TrainingModuleDto(m.Id, m.Slug, m.TitleEn, m.TitleFr, m.DescriptionEn, m.DescriptionFr, m.ValidityMonths,
            m.PlatformId is { } p && platforms.TryGetValue(p, out var platform) ? platform : null, m.Illustrative,
            equipment.GetValueOrDefault(m.Id, []),
            sessions.Where(s => s.ModuleId == m.Id).Select(s => s.ToDto(places.GetValueOrDefault(s.Id))).ToList(),
            m.Version)).ToList();
    }

    /// <summary>The instruments each module unlocks, decommissioned ones left out.</summary>
    public static async Task<Dictionary<int, List<TrainingEquipmentDto>>> UnlockedEquipmentAsync(this BiotopeDb db, IReadOnlyCollection<int> moduleIds, CancellationToken ct = default)
    {
        var rows = await db.Equipment.AsNoTracking()
            .Where(e => e.RequiredModuleId != null && moduleIds.Contains(e.RequiredModuleId.Value) && e.Status != EquipmentStatus.Decommissioned)
            .OrderBy(e => e.Name).Select(e => new { ModuleId = e.RequiredModuleId!.Value, e.Id, e.Name }).ToListAsync(ct);
        return rows.GroupBy(r => r.ModuleId).ToDictionary(g => g.Key, g => g.Select(r => new TrainingEquipmentDto(r.Id, r.Name)).ToList());
    }

    /// <summary>Enrolled and waitlisted counts per session.</summary>
    public static async Task<Dictionary<int, (int Enrolled, int Waitlisted)>> PlacesAsync(this BiotopeDb db, IReadOnlyCollection<int> sessionIds, CancellationToken ct = default)
    {
        var rows = await db.Enrolments.AsNoTracking().Where(e => sessionIds.Contains(e.SessionId) && e.Status != EnrolmentStatus.Cancelled)
            .GroupBy(e => new { e.SessionId, e.Status }).Select(g => new { g.Key.SessionId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        return rows.GroupBy(r => r.SessionId).ToDictionary(g => g.Key, g => (
            g.Where(r => r.Status == EnrolmentStatus.Enrolled).Sum(r => r.Count),
            g.Where(r => r.Status == EnrolmentStatus.Waitlisted).Sum(r => r.Count)));
    }

    public static TrainingSessionDto ToDto(this TrainingSession s, (int Enrolled, int Waitlisted) places) =>
        new(s.Id, s.ModuleId, s.StartsAt, s.EndsAt, s.Place, s.Capacity, s.Language, s.TrainerUserId, s.TrainerName, s.TrainerNameFr,
            places.Enrolled, Math.Max(0, s.Capacity - places.Enrolled), places.Waitlisted, s.CancelledAt, s.Version);

    public static async Task<TrainingSessionDto?> SessionAsync(this BiotopeDb db, int sessionId, CancellationToken ct = default)
    {
        var session = await db.TrainingSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        return session?.ToDto((await db.PlacesAsync([sessionId], ct)).GetValueOrDefault(sessionId));
    }

    /// <summary>A session's enrolments: the enrolled by arrival, then the waitlist in its order, then cancellations.</summary>
    public static async Task<List<EnrolmentDto>> EnrolmentsAsync(this BiotopeDb db, int sessionId, CancellationToken ct = default)
    {
        var rows = await (from e in db.Enrolments.AsNoTracking()
                          join u in db.Users on e.UserId equals u.Id
                          where e.SessionId == sessionId
                          select new { Enrolment = e, u.DisplayName, u.Email }).ToListAsync(ct);
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.SessionId == sessionId && c.RevokedAt == null)
            .Select(c => new { c.UserId, c.Id }).ToDictionaryAsync(c => c.UserId, c => c.Id, ct);
        var waitlist = rows.Select(r => r.Enrolment).Where(e => e.Status == EnrolmentStatus.Waitlisted).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Select(e => e.Id).ToList();
        return rows.OrderBy(r => r.Enrolment.Status switch { EnrolmentStatus.Enrolled => 0, EnrolmentStatus.Waitlisted => 1, _ => 2 })
            .ThenBy(r => r.Enrolment.CreatedAt).ThenBy(r => r.Enrolment.Id)
            .Select(r => r.Enrolment.ToDto(r.DisplayName, r.Email, waitlist, certificates.TryGetValue(r.Enrolment.UserId, out var c) ? c : null))
            .ToList();
    }

    /// <summary>The user's own place in a session, or null.</summary>
    public static async Task<EnrolmentDto?> MyEnrolmentAsync(this BiotopeDb db, int sessionId, string userId, CancellationToken ct = default)
    {
        var mine = await db.Enrolments.AsNoTracking().FirstOrDefaultAsync(e => e.SessionId == sessionId && e.UserId == userId, ct);
        if (mine is null) return null;
        var waitlist = mine.Status == EnrolmentStatus.Waitlisted
            ? await db.Enrolments.AsNoTracking().Where(e => e.SessionId == sessionId && e.Status == EnrolmentStatus.Waitlisted)
                .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Select(e => e.Id).ToListAsync(ct)
            : [];
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.Email }).FirstAsync(ct);
        var certificate = await db.Certificates.AsNoTracking().Where(c => c.SessionId == sessionId && c.UserId == userId && c.RevokedAt == null).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        return mine.ToDto(user.DisplayName, user.Email, waitlist, certificate);
    }

    private static EnrolmentDto ToDto(this Enrolment e, string? name, string? email, List<long> waitlist, long? certificateId) =>
        new(e.Id, e.SessionId, e.UserId, name, email, e.Status, e.Status == EnrolmentStatus.Waitlisted ? waitlist.IndexOf(e.Id) + 1 : null,
            e.CreatedAt, e.PromotedAt, e.CancelledAt, e.Attended, certificateId);

    /// <summary>Certificates of one user, newest first, with the module and the instruments it unlocks.</summary>
    public static async Task<List<CertificateDto>> CertificatesOfAsync(this BiotopeDb db, string userId, DateOnly today, CancellationToken ct = default) =>
        await db.CertificateDtosAsync(db.Certificates.Where(c => c.UserId == userId), today, ct);

    public static async Task<List<CertificateDto>> CertificateDtosAsync(this BiotopeDb db, IQueryable<Certificate> query, DateOnly today, CancellationToken ct = default)
    {
        var certificates = await query.AsNoTracking().Include(c => c.Module).OrderByDescending(c => c.IssuedOn).ThenByDescending(c => c.Id).ToListAsync(ct);
        var equipment = await db.UnlockedEquipmentAsync(certificates.Select(c => c.ModuleId).Distinct().ToList(), ct);
        return certificates.Select(c => new CertificateDto(c.Id, c.UserId, c.ModuleId, c.Module!.Slug, c.Module.TitleEn, c.Module.TitleFr, c.SessionId,
            c.IssuedOn, c.ExpiresOn, c.RevokedAt, c.ReminderSentAt, c.StateOn(today), equipment.GetValueOrDefault(c.ModuleId, []))).ToList();
    }
}
