using Biotope.Data;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms;

/// <summary>A platform in the list, with its owner and what it offers.</summary>
public sealed record PlatformListItem(Platform Platform, Organization Owner, int Instruments, int Offerings);

/// <summary>A platform with what its page and its API details show.</summary>
public sealed record PlatformView(Platform Platform, Organization Owner, IReadOnlyDictionary<int, TrainingModule> Modules, IReadOnlyList<ManagerDto> Managers,
    IReadOnlyList<ServiceOffering> Offerings);

/// <summary>An instrument with its platform, rates, closures and required training.</summary>
public sealed record EquipmentView(Equipment Equipment, Platform Platform, TrainingModule? RequiredModule);

/// <summary>Reads of platforms and instruments, shared by the API and the pages.</summary>
public static class PlatformQueries
{
    public static async Task<List<PlatformListItem>> ListPlatformsAsync(this BiotopeDb db, CancellationToken ct = default)
    {
        var platforms = await db.Platforms.AsNoTracking().OrderBy(p => p.NameEn).ToListAsync(ct);
        var ownerIds = platforms.Select(p => p.OwnerOrganizationId).Distinct().ToList();
        var owners = await db.Organizations.AsNoTracking().Where(o => ownerIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var instruments = await db.Equipment.Where(e => e.Status != EquipmentStatus.Decommissioned)
            .GroupBy(e => e.PlatformId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var offerings = await db.ServiceOfferings.Where(o => o.Active)
            .GroupBy(o => o.PlatformId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. platforms.Select(p => new PlatformListItem(p, owners[p.OwnerOrganizationId], instruments.GetValueOrDefault(p.Id), offerings.GetValueOrDefault(p.Id)))];
    }

    public static Task<PlatformView?> PlatformByIdAsync(this BiotopeDb db, int id, CancellationToken ct = default) =>
        db.PlatformViewAsync(db.Platforms.Where(p => p.Id == id), ct);

    public static Task<PlatformView?> PlatformBySlugAsync(this BiotopeDb db, string slug, CancellationToken ct = default) =>
        db.PlatformViewAsync(db.Platforms.Where(p => p.Slug == slug), ct);

    private static async Task<PlatformView?> PlatformViewAsync(this BiotopeDb db, IQueryable<Platform> query, CancellationToken ct)
    {
        var platform = await query.AsNoTracking().Include(p => p.Equipment).Include(p => p.Managers).AsSplitQuery().FirstOrDefaultAsync(ct);
        if (platform is null) return null;
        var owner = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == platform.OwnerOrganizationId, ct);
        var moduleIds = platform.Equipment.Select(e => e.RequiredModuleId).OfType<int>().Distinct().ToList();
        var modules = await db.TrainingModules.AsNoTracking().Where(m => moduleIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var managerIds = platform.Managers.Select(m => m.UserId).ToList();
        var managers = await db.Users.AsNoTracking().Where(u => managerIds.Contains(u.Id))
            .Select(u => new ManagerDto(u.Id, u.DisplayName ?? u.Email ?? u.Id, u.Email)).ToListAsync(ct);
        var offerings = await db.ServiceOfferings.AsNoTracking().Where(o => o.PlatformId == platform.Id && o.Active).OrderBy(o => o.NameEn).ToListAsync(ct);
        return new PlatformView(platform, owner, modules, [.. managers.OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)], offerings);
    }

    public static async Task<EquipmentView?> EquipmentByIdAsync(this BiotopeDb db, int id, CancellationToken ct = default)
    {
        var equipment = await db.Equipment.AsNoTracking().Include(e => e.Platform).Include(e => e.Rates).Include(e => e.Closures).AsSplitQuery()
            .FirstOrDefaultAsync(e => e.Id == id, ct);
        if (equipment is null) return null;
        var module = equipment.RequiredModuleId is { } moduleId ? await db.TrainingModules.AsNoTracking().FirstOrDefaultAsync(m => m.Id == moduleId, ct) : null;
        return new EquipmentView(equipment, equipment.Platform!, module);
    }

    public static PlatformSummary ToSummary(this PlatformListItem item, string baseUrl)
    {
        var p = item.Platform;
        return new(p.Id, p.Slug, p.NameEn, p.NameFr, item.Owner.ToRef(), p.Location, p.QualityStandards, p.ServicesEn, p.ServicesFr, item.Instruments, item.Offerings,
            p.Illustrative, baseUrl + PlatformMapping.PagePath(p));
    }

    public static OrganizationRef ToRef(this Organization o) => new(o.Id, o.Slug, o.Name);

    /// <param name="manages">Staff or one of the platform's managers: they also see the managers and decommissioned instruments.</param>
    public static PlatformDetails ToDetails(this PlatformView v, bool manages, string baseUrl)
    {
        var p = v.Platform;
        var equipment = p.Equipment.Where(e => manages || e.Status != EquipmentStatus.Decommissioned)
            .OrderBy(e => e.Status == EquipmentStatus.Decommissioned).ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .Select(e => e.ToSummary(v.Modules, baseUrl)).ToList();
        return new(p.Id, p.Slug, p.NameEn, p.NameFr, p.DescriptionEn, p.DescriptionFr, v.Owner.ToRef(), p.Location, p.ContactEmail, p.ContactPhone,
            p.QualityStandards, p.ServicesEn, p.ServicesFr, p.Illustrative, equipment, manages ? v.Managers : null, p.Version, p.CreatedAt, p.UpdatedAt, baseUrl + PlatformMapping.PagePath(p));
    }

    public static EquipmentDetails ToDetails(this EquipmentView v, bool manages, DateTimeOffset now, string baseUrl)
    {
        var e = v.Equipment;
        var closures = e.Closures.Where(c => manages || c.EndsAt > now).OrderBy(c => c.StartsAt).Select(c => c.ToDto()).ToList();
        var allRates = manages ? e.Rates.OrderBy(r => r.Category).ThenBy(r => r.ValidFrom).Select(r => r.ToDto()).ToList() : null;
        return new(e.Id, v.Platform.ToRef(), e.Name, e.Type, e.Modality, e.Manufacturer, e.Model, manages ? e.SerialNumber : null, manages ? e.InventoryNumber : null,
            e.DescriptionEn, e.DescriptionFr, e.Status.ToString(), e.Rules.ToDto(), v.RequiredModule?.ToRef(),
            [.. e.CurrentRates(BrusselsTime.Date(now)).Select(r => r.ToDto())], allRates, closures, e.Illustrative, e.Version, e.CreatedAt, e.UpdatedAt,
            baseUrl + PlatformMapping.EquipmentPath(e.Id));
    }
}
