using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Data;

public partial class BiotopeDb
{
    public DbSet<Platform> Platforms => Set<Platform>();
    public DbSet<PlatformManager> PlatformManagers => Set<PlatformManager>();
    public DbSet<Equipment> Equipment => Set<Equipment>();
    public DbSet<Closure> Closures => Set<Closure>();
    public DbSet<RateCard> RateCards => Set<RateCard>();
    public DbSet<Booking> Bookings => Set<Booking>();
    public DbSet<ServiceOffering> ServiceOfferings => Set<ServiceOffering>();
    public DbSet<ServiceRequest> ServiceRequests => Set<ServiceRequest>();
    public DbSet<ServiceRequestEvent> ServiceRequestEvents => Set<ServiceRequestEvent>();
    public DbSet<TrainingModule> TrainingModules => Set<TrainingModule>();
    public DbSet<TrainingSession> TrainingSessions => Set<TrainingSession>();
    public DbSet<Enrolment> Enrolments => Set<Enrolment>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    private static void MapPlatforms(ModelBuilder builder)
    {
        builder.Entity<Platform>(p =>
        {
            p.ToTable("platforms");
            p.HasIndex(x => x.Slug).IsUnique();
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasOne<Organization>().WithMany().HasForeignKey(x => x.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
            p.HasMany(x => x.Managers).WithOne().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Cascade);
            p.HasMany(x => x.Equipment).WithOne(x => x.Platform).HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PlatformManager>(m =>
        {
            m.ToTable("platform_managers");
            m.HasKey(x => new { x.PlatformId, x.UserId });
            m.HasIndex(x => x.UserId);
            m.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Equipment>(e =>
        {
            e.ToTable("equipment");
            e.HasIndex(x => x.PlatformId);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Rules).HasJsonConversion();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<TrainingModule>().WithMany().HasForeignKey(x => x.RequiredModuleId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(x => x.Rates).WithOne().HasForeignKey(x => x.EquipmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Closures).WithOne().HasForeignKey(x => x.EquipmentId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Closure>(c =>
        {
            c.ToTable("closures");
            c.HasIndex(x => new { x.EquipmentId, x.StartsAt });
        });
        builder.Entity<RateCard>(r =>
        {
            r.ToTable("rate_cards");
            r.HasIndex(x => new { x.EquipmentId, x.Category });
            r.Property(x => x.Category).HasConversion<string>().HasMaxLength(20);
            r.Property(x => x.HourlyRate).HasPrecision(10, 2);
        });
        builder.Entity<Booking>(b =>
        {
            b.ToTable("bookings");
            // The overlap check and the week view read one instrument's bookings by time.
            b.HasIndex(x => new { x.EquipmentId, x.StartsAt });
            b.HasIndex(x => new { x.UserId, x.StartsAt });
            b.HasIndex(x => new { x.OrganizationId, x.StartsAt });
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.Category).HasConversion<string>().HasMaxLength(20);
            b.Property(x => x.HourlyRate).HasPrecision(10, 2);
            b.Property(x => x.Price).HasPrecision(12, 2);
            b.Property(x => x.CancellationCharge).HasPrecision(12, 2);
            b.Property(x => x.Version).IsConcurrencyToken();
            b.HasOne(x => x.Equipment).WithMany().HasForeignKey(x => x.EquipmentId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ServiceOffering>(s =>
        {
            s.ToTable("service_offerings");
            s.HasIndex(x => x.PlatformId);
            s.Property(x => x.Price).HasPrecision(12, 2);
            s.Property(x => x.Version).IsConcurrencyToken();
            s.HasOne<Platform>().WithMany().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ServiceRequest>(s =>
        {
            s.ToTable("service_requests");
            s.HasIndex(x => new { x.PlatformId, x.Status });
            s.HasIndex(x => x.RequesterUserId);
            s.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            s.Property(x => x.QuotedPrice).HasPrecision(12, 2);
            s.Property(x => x.Version).IsConcurrencyToken();
            s.HasOne(x => x.Offering).WithMany().HasForeignKey(x => x.OfferingId).OnDelete(DeleteBehavior.Restrict);
            s.HasOne<Platform>().WithMany().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Restrict);
            s.HasOne<AppUser>().WithMany().HasForeignKey(x => x.RequesterUserId).OnDelete(DeleteBehavior.Restrict);
            s.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            s.HasMany(x => x.Events).WithOne().HasForeignKey(x => x.RequestId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ServiceRequestEvent>(e =>
        {
            e.ToTable("service_request_events");
            e.HasIndex(x => x.RequestId);
            e.Property(x => x.From).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.To).HasConversion<string>().HasMaxLength(20);
        });
        builder.Entity<TrainingModule>(m =>
        {
            m.ToTable("training_modules");
            m.HasIndex(x => x.Slug).IsUnique();
            m.Property(x => x.Version).IsConcurrencyToken();
            m.HasOne<Platform>().WithMany().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<TrainingSession>(s =>
        {
            s.ToTable("training_sessions");
            s.HasIndex(x => new { x.ModuleId, x.StartsAt });
            s.Property(x => x.Language).HasMaxLength(2);
            s.Property(x => x.Version).IsConcurrencyToken();
            s.HasOne(x => x.Module).WithMany().HasForeignKey(x => x.ModuleId).OnDelete(DeleteBehavior.Cascade);
            s.HasOne<AppUser>().WithMany().HasForeignKey(x => x.TrainerUserId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<Enrolment>(e =>
        {
            e.ToTable("enrolments");
            e.HasIndex(x => new { x.SessionId, x.UserId }).IsUnique();
            e.HasIndex(x => x.UserId);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.HasOne(x => x.Session).WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Certificate>(c =>
        {
            c.ToTable("certificates");
            c.HasIndex(x => new { x.UserId, x.ModuleId });
            c.HasIndex(x => x.ExpiresOn);
            c.HasOne(x => x.Module).WithMany().HasForeignKey(x => x.ModuleId).OnDelete(DeleteBehavior.Cascade);
            c.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            c.HasOne<TrainingSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<CalendarFeed>(f =>
        {
            f.ToTable("calendar_feeds");
            f.HasIndex(x => x.TokenHash).IsUnique();
            f.HasIndex(x => x.UserId);
            f.Property(x => x.Scope).HasConversion<string>().HasMaxLength(20);
            f.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            f.HasOne<Equipment>().WithMany().HasForeignKey(x => x.EquipmentId).OnDelete(DeleteBehavior.Cascade);
            f.HasOne<Platform>().WithMany().HasForeignKey(x => x.PlatformId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
