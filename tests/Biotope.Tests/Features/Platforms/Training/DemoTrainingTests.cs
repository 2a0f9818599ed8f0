using Biotope.Data;
using Biotope.Features.Demo;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static Biotope.Tests.Features.Platforms.Training.TrainingKit;

namespace Biotope.Tests.Features.Platforms.Training;

/// <summary>The demo training modules: illustrative, two sessions each at 09:00–12:00 Brussels in the weeks after seeding, attached to their platforms and instruments when those exist.</summary>
public sealed class DemoTrainingTests : IAsyncLifetime
{
    private SqliteConnection connection = null!;
    private BiotopeDb db = null!;

    public async ValueTask InitializeAsync()
    {
        connection = new SqliteConnection("DataSource=:memory:");
        await connection.OpenAsync();
        db = new BiotopeDb(new DbContextOptionsBuilder<BiotopeDb>().UseSqlite(connection).Options);
        await Migrator.MigrateAsync(db);
    }

    public async ValueTask DisposeAsync()
    {
        await db.DisposeAsync();
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task Modules_are_added_once_with_sessions_after_seeding_and_attached_to_platforms_that_appear_later()
    {
        // Thursday 1 October 2026: the week starts on Monday 28 September.
        var seededAt = Utc("2026-10-01T08:00:00Z");
        await DemoTraining.EnsureAsync(db, seededAt, TestContext.Current.CancellationToken);

        var modules = await db.TrainingModules.AsNoTracking().OrderBy(m => m.Slug).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["flow-cytometry-basics", "mri-safety-and-operation"], modules.Select(m => m.Slug));
        Assert.All(modules, m => Assert.True(m.Illustrative));
        Assert.All(modules, m => Assert.Null(m.PlatformId));
        Assert.Equal([24, 12], modules.Select(m => m.ValidityMonths!.Value));
        var mri = modules.Single(m => m.Slug == "mri-safety-and-operation");
        var sessions = await db.TrainingSessions.AsNoTracking().Where(s => s.ModuleId == mri.Id).OrderBy(s => s.StartsAt).ToListAsync(TestContext.Current.CancellationToken);
        // Tuesday of week 2 in summer time, Thursday of week 4 after the change to winter time: 09:00 Brussels either way.
        Assert.Equal([Utc("2026-10-13T07:00:00Z"), Utc("2026-10-29T08:00:00Z")], sessions.Select(s => s.StartsAt));
        Assert.Equal([Utc("2026-10-13T10:00:00Z"), Utc("2026-10-29T11:00:00Z")], sessions.Select(s => s.EndsAt));
        Assert.All(sessions, s => Assert.Equal((8, DemoTraining.TrainerName), (s.Capacity, s.TrainerName)));

        // The platforms' seed runs later on this database: a second run attaches the module and makes its MRI require it, and adds nothing.
        var owner = new Organization { Slug = "hb-owner", Name = "Owner", Type = OrganizationType.ServiceProvider };
        db.Organizations.Add(owner);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var platform = new Platform { Slug = "hainaut-biomed-imaging-centre", NameEn = "Imaging centre", NameFr = "Centre d'imagerie", OwnerOrganizationId = owner.Id };
        db.Platforms.Add(platform);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        var scanner = new Equipment { PlatformId = platform.Id, Name = "MRI 3T", Modality = "MRI" };
        var microCt = new Equipment { PlatformId = platform.Id, Name = "Micro-CT", Modality = "micro-CT" };
        db.Equipment.AddRange(scanner, microCt);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        await DemoTraining.EnsureAsync(db, seededAt.AddDays(30), TestContext.Current.CancellationToken);
        Assert.Equal(2, await db.TrainingModules.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(4, await db.TrainingSessions.CountAsync(TestContext.Current.CancellationToken));
        db.ChangeTracker.Clear();
        Assert.Equal(platform.Id, (await db.TrainingModules.SingleAsync(m => m.Id == mri.Id, TestContext.Current.CancellationToken)).PlatformId);
        Assert.Equal(mri.Id, (await db.Equipment.SingleAsync(e => e.Id == scanner.Id, TestContext.Current.CancellationToken)).RequiredModuleId);
        Assert.Null((await db.Equipment.SingleAsync(e => e.Id == microCt.Id, TestContext.Current.CancellationToken)).RequiredModuleId);
    }
}

/// <summary>Certificate expiry and state arithmetic.</summary>
public sealed class CertificateDatesTests
{
    private static DateOnly Day(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-30", 12, "2027-11-29")]
    [InlineData("2026-11-30", 24, "2028-11-29")]
    [InlineData("2026-01-31", 1, "2026-02-27")]
    [InlineData("2028-02-29", 12, "2029-02-27")]
    public void A_certificate_is_valid_for_its_months_less_one_day(string issued, int months, string lastDay) =>
        Assert.Equal(Day(lastDay), Biotope.Features.Platforms.Training.Certificates.ExpiresOn(Day(issued), months));

    [Fact]
    public void A_module_without_validity_issues_certificates_that_never_expire() =>
        Assert.Null(Biotope.Features.Platforms.Training.Certificates.ExpiresOn(Day("2026-11-30"), null));

    [Theory]
    [InlineData("2027-10-29", "Valid")]
    [InlineData("2027-10-30", "ExpiringSoon")]
    [InlineData("2027-11-29", "ExpiringSoon")]
    [InlineData("2027-11-30", "Expired")]
    public void The_state_follows_the_day(string day, string state)
    {
        var certificate = new Certificate { UserId = "u", IssuedOn = Day("2026-11-30"), ExpiresOn = Day("2027-11-29") };
        Assert.Equal(state, Biotope.Features.Platforms.Training.Certificates.StateOn(certificate, Day(day)).ToString());
        Assert.Equal(day != "2027-11-30", certificate.IsValidOn(Day(day)));
        certificate.RevokedAt = DateTimeOffset.UnixEpoch;
        Assert.Equal("Revoked", Biotope.Features.Platforms.Training.Certificates.StateOn(certificate, Day(day)).ToString());
    }
}
