using Biotope.Features.Accounts;
using Biotope.Features.Audit;
using Biotope.Features.Organizations;
using Biotope.Features.Projects;
using Biotope.Features.Regions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Data;

public partial class BiotopeDb(DbContextOptions<BiotopeDb> options, AuditActor? actor = null, TimeProvider? timeProvider = null)
    : IdentityDbContext<AppUser>(options)
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<OrganizationRelation> OrganizationRelations => Set<OrganizationRelation>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectPartner> ProjectPartners => Set<ProjectPartner>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Organization>(o =>
        {
            o.ToTable("organizations");
            o.HasIndex(x => x.Slug).IsUnique();
            o.HasIndex(x => x.RorId).IsUnique();
            o.HasIndex(x => x.EnterpriseNumber).IsUnique();
            o.Property(x => x.Name).HasMaxLength(300);
            o.Property(x => x.Slug).HasMaxLength(120);
            o.Property(x => x.Type).HasConversion<string>().HasMaxLength(40);
            o.Property(x => x.Membership).HasConversion<string>().HasMaxLength(20);
            o.Property(x => x.RdSharePercent).HasPrecision(5, 2);
            o.Property(x => x.Version).IsConcurrencyToken();
            o.OwnsMany(x => x.ExternalIds, e => e.ToJson());
            o.HasMany(x => x.People).WithOne().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            o.HasMany(x => x.Relations).WithOne(r => r.FromOrganization).HasForeignKey(r => r.FromOrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<OrganizationRelation>(r =>
        {
            r.ToTable("organization_relations");
            r.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            r.HasOne(x => x.ToOrganization).WithMany().HasForeignKey(x => x.ToOrganizationId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => new { x.FromOrganizationId, x.ToOrganizationId, x.Kind }).IsUnique();
        });
        builder.Entity<Person>(p => p.ToTable("people"));
        builder.Entity<Region>(r =>
        {
            r.ToTable("regions");
            r.HasKey(x => x.Code);
            r.OwnsMany(x => x.Indicators, i => i.ToJson());
            r.OwnsMany(x => x.Priorities, i => i.ToJson());
            r.OwnsMany(x => x.Networks, i => i.ToJson());
        });
        builder.Entity<Project>(p =>
        {
            p.ToTable("projects");
            p.HasIndex(x => x.Slug).IsUnique();
            p.HasMany(x => x.Partners).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ProjectPartner>(p =>
        {
            p.ToTable("project_partners");
            p.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AuditEntry>(a =>
        {
            a.ToTable("audit_entries");
            a.HasIndex(x => x.At);
            a.HasIndex(x => new { x.EntityType, x.EntityId });
        });
    }
}
