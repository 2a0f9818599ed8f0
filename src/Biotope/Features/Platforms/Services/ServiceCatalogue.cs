using System.Security.Claims;
using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Services;

/// <summary>A platform's priced analyses: everyone reads the active ones; the platform's managers and staff also see and edit the rest.</summary>
public sealed class ServiceCatalogue(BiotopeDb db)
{
    public async Task<Outcome<List<ServiceOffering>>> ListAsync(int platformId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Platforms.AnyAsync(p => p.Id == platformId, ct)) return Failure.NotFound(Phrase.Of("platform.not-found", platformId));
        var manager = await db.ManagesPlatformAsync(user, platformId, ct);
        var offerings = await db.ServiceOfferings.AsNoTracking().Where(o => o.PlatformId == platformId && (manager || o.Active)).ToListAsync(ct);
        var language = Language.Current;
        return offerings.OrderByDescending(o => o.Active).ThenBy(o => o.Name(language), StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<Outcome<ServiceOffering>> GetAsync(int id, ClaimsPrincipal user, CancellationToken ct)
    {
        var offering = await db.ServiceOfferings.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        // An analysis taken out of the catalogue is the platform's business.
        if (offering is null || (!offering.Active && !await db.ManagesPlatformAsync(user, offering.PlatformId, ct))) return NotFound(id);
        return offering;
    }

    public async Task<Outcome<ServiceOffering>> CreateAsync(int platformId, OfferingInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Platforms.AnyAsync(p => p.Id == platformId, ct)) return Failure.NotFound(Phrase.Of("platform.not-found", platformId));
        if (!await db.ManagesPlatformAsync(user, platformId, ct)) return Failure.Forbidden(Phrase.Of("service.catalogue.forbidden"));
        if (input.Validate().ToFailure() is { } invalid) return invalid;
        var offering = new ServiceOffering { PlatformId = platformId, NameEn = "", NameFr = "" };
        input.ApplyTo(offering);
        db.ServiceOfferings.Add(offering);
        await db.SaveChangesAsync(ct);
        return offering;
    }

    public async Task<Outcome<ServiceOffering>> UpdateAsync(int id, OfferingInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        var offering = await db.ServiceOfferings.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (offering is null) return NotFound(id);
        if (!await db.ManagesPlatformAsync(user, offering.PlatformId, ct))
            return offering.Active ? Failure.Forbidden(Phrase.Of("service.catalogue.forbidden")) : NotFound(id);
        if (Concurrency.Check(offering.Version, ifMatch, input.Version) is { } stale) return stale;
        if (input.Validate().ToFailure() is { } invalid) return invalid;
        input.ApplyTo(offering);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return offering;
    }

    private static Failure NotFound(int id) => Failure.NotFound(Phrase.Of("service.not-found", id));
}
