using Biotope.Data;
using Biotope.Features.Demo;
using Biotope.Features.Platforms;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Demo;

/// <summary>The demo platforms: what the seed loads, what it marks illustrative, and that a second run changes nothing.</summary>
public sealed class DemoPlatformsTests : IAsyncLifetime
{
    private SqliteConnection connection = null!;
    private BiotopeDb db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        connection = new SqliteConnection("DataSource=:memory:");
        await connection.OpenAsync(Ct);
        db = new BiotopeDb(new DbContextOptionsBuilder<BiotopeDb>().UseSqlite(connection).Options);
        await Migrator.MigrateAsync(db);
        await DemoSeeder.SeedAsync(db, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await db.DisposeAsync();
        await connection.DisposeAsync();
    }

    [Fact]
    public void The_file_validates_and_its_notes_say_what_is_illustrative()
    {
        var file = DemoPlatforms.Load();
        Assert.Equal(["hainaut-biomed-imaging-centre", "immunehealth"], file.Platforms.Select(p => p.Slug));
        Assert.Contains(file.Notes, n => n.Contains("Quality standards are left empty", StringComparison.Ordinal));
        Assert.Contains(file.Notes, n => n.Contains("illustrative", StringComparison.Ordinal));
        Assert.All(file.Platforms, p => Assert.Empty(p.QualityStandards));
    }

    [Fact]
    public async Task Both_platforms_load_with_instruments_rates_modules_and_offerings_and_a_second_run_changes_nothing()
    {
        var first = await DemoPlatforms.EnsureAsync(db, Ct);
        Assert.Equal(new DemoPlatformsResult(Platforms: 2, Equipment: 6, RateCards: 24, Offerings: 3, Modules: 2), first);

        var imaging = await db.Platforms.AsNoTracking().Include(p => p.Equipment).ThenInclude(e => e.Rates).SingleAsync(p => p.Slug == "hainaut-biomed-imaging-centre", Ct);
        var owner = await db.Organizations.SingleAsync(o => o.Id == imaging.OwnerOrganizationId, Ct);
        Assert.Equal("hainaut-biomed-imaging-centre", owner.Slug);
        Assert.Equal(["Confocal microscope", "MRI", "PET-CT", "micro-CT"], imaging.Equipment.Select(e => e.Modality!).Order(StringComparer.Ordinal));
        Assert.All(imaging.Equipment, e => Assert.True(e.Illustrative));
        Assert.All(imaging.Equipment, e => Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], e.Rules.OpeningHours.Select(h => h.Day)));
        Assert.All(imaging.Equipment, e => Assert.Equal(Enum.GetValues<UserCategory>().Order(), e.Rates.Select(r => r.Category).Order()));
        var mri = imaging.Equipment.Single(e => e.Modality == "MRI");
        var module = await db.TrainingModules.SingleAsync(m => m.Id == mri.RequiredModuleId, Ct);
        Assert.Equal(("mri-safety-and-operation", 12, true, imaging.Id), (module.Slug, module.ValidityMonths, module.Illustrative, module.PlatformId));
        Assert.Equal(150m, Pricing.RateOn(mri.Rates, UserCategory.Academic, new DateOnly(2026, 11, 2))!.HourlyRate);
        Assert.True(imaging.Equipment.Single(e => e.Modality == "PET-CT").Rules.ApprovalRequired);

        var immune = await db.Platforms.AsNoTracking().Include(p => p.Equipment).SingleAsync(p => p.Slug == "immunehealth", Ct);
        var cytometer = immune.Equipment.Single(e => e.Modality == "Flow cytometer");
        Assert.Equal("flow-cytometry-basics", await db.TrainingModules.Where(m => m.Id == cytometer.RequiredModuleId).Select(m => m.Slug).SingleAsync(Ct));
        var offerings = await db.ServiceOfferings.Where(o => o.PlatformId == immune.Id).OrderBy(o => o.NameEn).ToListAsync(Ct);
        Assert.Equal(["Cytokine multiplex panel", "ELISA", "Immunophenotyping by flow cytometry"], offerings.Select(o => o.NameEn));
        Assert.All(offerings, o => Assert.True(o.Illustrative && o.Price > 0 && o.TurnaroundDays > 0));

        var audit = await db.AuditEntries.CountAsync(Ct);
        var versions = await db.Equipment.Select(e => e.Version).ToListAsync(Ct);
        db.ChangeTracker.Clear();
        var second = await DemoPlatforms.EnsureAsync(db, Ct);
        Assert.Equal(first, second);
        Assert.Equal(audit, await db.AuditEntries.CountAsync(Ct));
        Assert.Equal(versions, await db.Equipment.Select(e => e.Version).ToListAsync(Ct));
    }

    [Fact]
    public async Task What_a_manager_changed_is_left_alone_and_what_is_missing_comes_back()
    {
        await DemoPlatforms.EnsureAsync(db, Ct);
        var confocal = await db.Equipment.SingleAsync(e => e.Name == "Confocal microscope", Ct);
        confocal.Status = EquipmentStatus.Maintenance;
        db.Equipment.Remove(await db.Equipment.SingleAsync(e => e.Name == "Micro-CT scanner", Ct));
        await db.SaveChangesAsync(Ct);
        db.ChangeTracker.Clear();

        await DemoPlatforms.EnsureAsync(db, Ct);
        Assert.Equal(EquipmentStatus.Maintenance, await db.Equipment.Where(e => e.Name == "Confocal microscope").Select(e => e.Status).SingleAsync(Ct));
        Assert.True(await db.Equipment.AnyAsync(e => e.Name == "Micro-CT scanner", Ct));
    }
}
