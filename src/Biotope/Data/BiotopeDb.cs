using Biotope.Features.Accounts;
using Biotope.Features.Audit;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Biotope.Features.Projects;
using Biotope.Features.Regions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Biotope.Data;

public partial class BiotopeDb(DbContextOptions<BiotopeDb> options, AuditActor? actor = null, TimeProvider? timeProvider = null, DirectoryIndex? directoryIndex = null)
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

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // SQLite has no date type: store UTC ticks so comparisons and ORDER BY work in SQL.
        if (!IsPostgres)
        {
            configuration.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configuration.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Organization>(o =>
        {
            o.ToTable("organizations");
            o.HasIndex(x => x.Slug).IsUnique();
            o.HasIndex(x => x.RorId).IsUnique();
            o.HasIndex(x => x.EnterpriseNumber).IsUnique();
            o.HasIndex(x => x.UpdatedAt);
            o.Property(x => x.Name).HasMaxLength(300);
            o.Property(x => x.Slug).HasMaxLength(120);
            o.Property(x => x.Type).HasConversion<string>().HasMaxLength(40);
            o.Property(x => x.Membership).HasConversion<string>().HasMaxLength(20);
            o.Property(x => x.RdSharePercent).HasPrecision(5, 2);
            o.Property(x => x.Version).IsConcurrencyToken();
            o.OwnsMany(x => x.ExternalIds, e => e.ToJson("external_ids"));
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
            r.OwnsMany(x => x.Indicators, i => i.ToJson("indicators"));
            r.OwnsMany(x => x.Priorities, i => i.ToJson("priorities"));
            r.OwnsMany(x => x.Networks, i => i.ToJson("networks"));
        });
        builder.Entity<Project>(p =>
        {
            p.ToTable("projects");
            p.HasIndex(x => x.Slug).IsUnique();
            p.HasMany(x => x.Partners).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            p.HasOne<Project>().WithMany().HasForeignKey(x => x.ParentProjectId).OnDelete(DeleteBehavior.Restrict);
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

        UseSnakeCaseNames(builder);
    }

    // Plain lower-case names keep hand-written SQL (migrations, search) readable on both databases.
    private static void UseSnakeCaseNames(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => !e.IsMappedToJson()))
        {
            if (entity.GetTableName() is { } table) entity.SetTableName(SnakeCase(table));
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.GetColumnName()));
        }
    }

    public static string SnakeCase(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
