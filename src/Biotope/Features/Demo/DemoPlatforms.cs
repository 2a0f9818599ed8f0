using System.Text.Json;
using System.Text.Json.Serialization;
using Biotope.Data;
using Biotope.Features.Platforms;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Demo;

/// <summary>What exists, after seeding, of what demo-platforms.json describes.</summary>
public sealed record DemoPlatformsResult(int Platforms, int Equipment, int RateCards, int Offerings, int Modules);

/// <summary>
/// The demo database's technology platforms (Features/Demo/demo-platforms.json): the Hainaut-Biomed imaging centre and
/// ImmuneHealth, their instruments, rates, training modules and catalogue. Loaded after the directory, whose organizations own
/// them. Idempotent: platforms and modules are matched by slug, instruments by platform and name, offerings by platform and
/// English name; what exists is left alone (managers may have changed it), only what is missing is added.
/// </summary>
public static class DemoPlatforms
{
    private const string ResourceSuffix = "Features.Demo.demo-platforms.json";

    public sealed record DemoFile(List<string> Notes, List<DemoPlatform> Platforms);

    public sealed record DemoPlatform(string Slug, string Owner, string NameEn, string NameFr, string DescriptionEn, string DescriptionFr,
        List<string> QualityStandards, List<string> ServicesEn, List<string> ServicesFr, bool Illustrative, List<DemoModule> Modules, List<DemoEquipment> Equipment, List<DemoOffering> Offerings,
        string? Location = null, string? ContactEmail = null, string? ContactPhone = null);

    public sealed record DemoModule(string Slug, string TitleEn, string TitleFr, string DescriptionEn, string DescriptionFr, int? ValidityMonths = null);

    public sealed record DemoEquipment(string Name, string Type, string Modality, string DescriptionEn, string DescriptionFr, BookingRulesInput Rules,
        List<RatesInput.RateInput> Rates, string? RequiredModule = null);

    public sealed record DemoOffering(string NameEn, string NameFr, string DescriptionEn, string DescriptionFr, decimal Price, string Unit, int TurnaroundDays);

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The slugs of the demo platforms: the demo manager is bound to them.</summary>
    public static IReadOnlyList<string> Slugs => [.. Load().Platforms.Select(p => p.Slug)];

    /// <summary>Reads and validates the embedded file; throws <see cref="InvalidDataException"/> listing every problem.</summary>
    public static DemoFile Load()
    {
        var assembly = typeof(DemoPlatforms).Assembly;
        using var stream = assembly.GetManifestResourceStream(assembly.GetManifestResourceNames().Single(n => n.EndsWith(ResourceSuffix, StringComparison.Ordinal)))!;
        var file = JsonSerializer.Deserialize<DemoFile>(stream, Options) ?? throw new InvalidDataException("demo-platforms.json is empty.");
        var errors = Validate(file);
        if (errors.Count > 0) throw new InvalidDataException("demo-platforms.json is invalid:\n- " + string.Join("\n- ", errors));
        return file;
    }

    private static List<string> Validate(DemoFile file)
    {
        var errors = new List<string>();
        var modules = file.Platforms.SelectMany(p => p.Modules).Select(m => m.Slug).ToList();
        if (modules.Distinct().Count() != modules.Count) errors.Add("a training module slug is used twice");
        if (file.Platforms.DistinctBy(p => p.Slug).Count() != file.Platforms.Count) errors.Add("a platform slug is used twice");
        foreach (var p in file.Platforms)
        {
            var platformErrors = new PlatformInput { Slug = p.Slug, NameEn = p.NameEn, NameFr = p.NameFr, OwnerOrganizationId = 0, QualityStandards = p.QualityStandards, ServicesEn = p.ServicesEn, ServicesFr = p.ServicesFr }.Validate().ToDictionary();
            errors.AddRange(platformErrors.SelectMany(e => e.Value.Select(m => $"platform '{p.Slug}': {e.Key}: {Infrastructure.Texts.For("en").Say(m)}")));
            if (p.Equipment.DistinctBy(e => e.Name).Count() != p.Equipment.Count) errors.Add($"platform '{p.Slug}': an instrument name is used twice");
            foreach (var e in p.Equipment)
            {
                var at = $"platform '{p.Slug}', instrument '{e.Name}'";
                var input = new EquipmentInput { Name = e.Name, Type = e.Type, Modality = e.Modality, Rules = e.Rules };
                errors.AddRange(input.Validate().ToDictionary().SelectMany(x => x.Value.Select(m => $"{at}: {x.Key}: {Infrastructure.Texts.For("en").Say(m)}")));
                errors.AddRange(new RatesInput { Rates = e.Rates }.Validate().ToDictionary().SelectMany(x => x.Value.Select(m => $"{at}: {x.Key}: {Infrastructure.Texts.For("en").Say(m)}")));
                if (e.RequiredModule is { } module && !modules.Contains(module)) errors.Add($"{at}: required module '{module}' is not a module of the file");
            }
            foreach (var o in p.Offerings.Where(o => o.Price < 0 || o.TurnaroundDays < 1)) errors.Add($"platform '{p.Slug}', offering '{o.NameEn}': negative price or no turnaround");
        }
        return errors;
    }

    public static async Task<DemoPlatformsResult> EnsureAsync(BiotopeDb db, CancellationToken ct = default)
    {
        var file = Load();
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            foreach (var d in file.Platforms)
            {
                var owner = await db.Organizations.Where(o => o.Slug == d.Owner).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct)
                    ?? throw new InvalidOperationException($"demo-platforms.json: the owner '{d.Owner}' of '{d.Slug}' is not in the directory; seed the directory first.");
                var platform = await db.Platforms.FirstOrDefaultAsync(p => p.Slug == d.Slug, ct);
                if (platform is null)
                {
                    platform = new Platform
                    {
                        Slug = d.Slug,
                        NameEn = d.NameEn,
                        NameFr = d.NameFr,
                        OwnerOrganizationId = owner,
                        DescriptionEn = d.DescriptionEn,
                        DescriptionFr = d.DescriptionFr,
                        Location = d.Location,
                        ContactEmail = d.ContactEmail,
                        ContactPhone = d.ContactPhone,
                        QualityStandards = [.. d.QualityStandards],
                        ServicesEn = [.. d.ServicesEn],
                        ServicesFr = [.. d.ServicesFr],
                        Illustrative = d.Illustrative,
                    };
                    db.Platforms.Add(platform);
                    await db.SaveChangesAsync(ct);
                }
                var wantedModules = d.Modules.Select(m => m.Slug).ToList();
                var existingModules = await db.TrainingModules.Where(m => wantedModules.Contains(m.Slug)).Select(m => m.Slug).ToListAsync(ct);
                foreach (var m in d.Modules.Where(m => !existingModules.Contains(m.Slug)))
                {
                    db.TrainingModules.Add(new TrainingModule
                    {
                        Slug = m.Slug,
                        TitleEn = m.TitleEn,
                        TitleFr = m.TitleFr,
                        DescriptionEn = m.DescriptionEn,
                        DescriptionFr = m.DescriptionFr,
                        ValidityMonths = m.ValidityMonths,
                        PlatformId = platform.Id,
                        Illustrative = true,
                    });
                }
                await db.SaveChangesAsync(ct);
                var names = await db.Equipment.Where(e => e.PlatformId == platform.Id).Select(e => e.Name).ToListAsync(ct);
                foreach (var e in d.Equipment.Where(e => !names.Contains(e.Name)))
                {
                    var moduleId = e.RequiredModule is { } slug ? await db.TrainingModules.Where(m => m.Slug == slug).Select(m => (int?)m.Id).SingleAsync(ct) : null;
                    var equipment = new Equipment
                    {
                        PlatformId = platform.Id,
                        Name = e.Name,
                        Type = e.Type,
                        Modality = EquipmentInput.ModalityOf(e.Modality),
                        DescriptionEn = e.DescriptionEn,
                        DescriptionFr = e.DescriptionFr,
                        Status = EquipmentStatus.Active,
                        Rules = e.Rules.ToRules(),
                        RequiredModuleId = moduleId,
                        Illustrative = true,
                        Rates = [.. e.Rates.Select(r => new RateCard
                        {
                            Category = Enum.Parse<UserCategory>(r.Category!, ignoreCase: true), HourlyRate = r.HourlyRate!.Value, ValidFrom = r.ValidFrom!.Value, ValidTo = r.ValidTo,
                        })],
                    };
                    db.Equipment.Add(equipment);
                }
                var offerings = await db.ServiceOfferings.Where(o => o.PlatformId == platform.Id).Select(o => o.NameEn).ToListAsync(ct);
                foreach (var o in d.Offerings.Where(o => !offerings.Contains(o.NameEn)))
                {
                    db.ServiceOfferings.Add(new ServiceOffering
                    {
                        PlatformId = platform.Id,
                        NameEn = o.NameEn,
                        NameFr = o.NameFr,
                        DescriptionEn = o.DescriptionEn,
                        DescriptionFr = o.DescriptionFr,
                        Price = o.Price,
                        Unit = o.Unit,
                        TurnaroundDays = o.TurnaroundDays,
                        Illustrative = true,
                    });
                }
                await db.SaveChangesAsync(ct);
            }
            var slugs = file.Platforms.Select(p => p.Slug).ToList();
            var ids = await db.Platforms.Where(p => slugs.Contains(p.Slug)).Select(p => p.Id).ToListAsync(ct);
            var equipmentIds = await db.Equipment.Where(e => ids.Contains(e.PlatformId)).Select(e => e.Id).ToListAsync(ct);
            var moduleSlugs = file.Platforms.SelectMany(p => p.Modules).Select(m => m.Slug).ToList();
            var result = new DemoPlatformsResult(ids.Count, equipmentIds.Count, await db.RateCards.CountAsync(r => equipmentIds.Contains(r.EquipmentId), ct),
                await db.ServiceOfferings.CountAsync(o => ids.Contains(o.PlatformId), ct), await db.TrainingModules.CountAsync(m => moduleSlugs.Contains(m.Slug), ct));
            if (transaction is not null) await transaction.CommitAsync(ct);
            return result;
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync();
        }
    }

    /// <summary>Binds a manager to every demo platform (idempotent).</summary>
    public static async Task BindManagerAsync(BiotopeDb db, string userId, CancellationToken ct = default)
    {
        var slugs = Slugs.ToList();
        var ids = await db.Platforms.Where(p => slugs.Contains(p.Slug)).Select(p => p.Id).ToListAsync(ct);
        var bound = await db.PlatformManagers.Where(m => m.UserId == userId).Select(m => m.PlatformId).ToListAsync(ct);
        foreach (var id in ids.Except(bound)) db.PlatformManagers.Add(new PlatformManager { PlatformId = id, UserId = userId });
        await db.SaveChangesAsync(ct);
    }
}
