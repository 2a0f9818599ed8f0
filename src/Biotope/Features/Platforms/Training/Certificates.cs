using Biotope.Data;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Training;

public static class Certificates
{
    /// <summary>Whether the user holds a certificate of the module valid on that Brussels date (bookings check the day they start).</summary>
    public static Task<bool> HasValidCertificateAsync(this BiotopeDb db, string userId, int moduleId, DateOnly day, CancellationToken ct = default) =>
        db.Certificates.AnyAsync(c => c.UserId == userId && c.ModuleId == moduleId && c.RevokedAt == null
            && c.IssuedOn <= day && (c.ExpiresOn == null || c.ExpiresOn >= day), ct);
}
