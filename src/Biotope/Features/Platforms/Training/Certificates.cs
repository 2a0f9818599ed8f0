using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Training;

/// <summary>How a certificate stands on a given day, as its holder sees it.</summary>
public enum CertificateState
{
    Valid,
    /// <summary>Valid, and it expires within <see cref="Certificates.ReminderDays"/> days.</summary>
    ExpiringSoon,
    Expired,
    Revoked,
}

public static class Certificates
{
    /// <summary>Holders are reminded this many days before their certificate's last valid day.</summary>
    public const int ReminderDays = 30;

    /// <summary>Whether the user holds a certificate of the module valid on that Brussels date (bookings check the day they start).</summary>
    public static Task<bool> HasValidCertificateAsync(this BiotopeDb db, string userId, int moduleId, DateOnly day, CancellationToken ct = default) =>
        db.Certificates.AnyAsync(c => c.UserId == userId && c.ModuleId == moduleId && c.RevokedAt == null
            && c.IssuedOn <= day && (c.ExpiresOn == null || c.ExpiresOn >= day), ct);

    /// <summary>The last valid day of a certificate issued on <paramref name="issuedOn"/>: that many months later, less one day; null never expires.</summary>
    public static DateOnly? ExpiresOn(DateOnly issuedOn, int? validityMonths) =>
        validityMonths is { } months ? issuedOn.AddMonths(months).AddDays(-1) : null;

    public static CertificateState StateOn(this Certificate certificate, DateOnly day) =>
        certificate.RevokedAt is not null ? CertificateState.Revoked
        : certificate.ExpiresOn is { } last && last < day ? CertificateState.Expired
        : certificate.ExpiresOn is { } end && end <= day.AddDays(ReminderDays) ? CertificateState.ExpiringSoon
        : CertificateState.Valid;

    /// <summary>
    /// The certificate attending <paramref name="session"/> earns <paramref name="userId"/>: issued on the session's Brussels date,
    /// valid for the module's months. One per person and session: an existing one is returned (restored if it was revoked).
    /// Added to the context, not saved; <c>Issued</c> is false when it already existed and was valid.
    /// </summary>
    public static async Task<(Certificate Certificate, bool Issued)> IssueForSessionAsync(this BiotopeDb db, TrainingModule module, TrainingSession session, string userId, CancellationToken ct = default)
    {
        var existing = await db.Certificates.FirstOrDefaultAsync(c => c.SessionId == session.Id && c.UserId == userId, ct);
        if (existing is not null)
        {
            if (existing.RevokedAt is null) return (existing, false);
            existing.RevokedAt = null;
            return (existing, true);
        }
        var issuedOn = BrusselsTime.Date(session.StartsAt);
        var certificate = new Certificate
        {
            UserId = userId,
            ModuleId = module.Id,
            SessionId = session.Id,
            IssuedOn = issuedOn,
            ExpiresOn = ExpiresOn(issuedOn, module.ValidityMonths),
        };
        db.Certificates.Add(certificate);
        return (certificate, true);
    }

    /// <summary>Revokes the certificate a session earned the user (attendance corrected to absent); null when there is none to revoke. Not saved.</summary>
    public static async Task<Certificate?> RevokeForSessionAsync(this BiotopeDb db, int sessionId, string userId, DateTimeOffset now, CancellationToken ct = default)
    {
        var certificate = await db.Certificates.FirstOrDefaultAsync(c => c.SessionId == sessionId && c.UserId == userId && c.RevokedAt == null, ct);
        if (certificate is not null) certificate.RevokedAt = now;
        return certificate;
    }
}
