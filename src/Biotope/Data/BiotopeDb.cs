using Biotope.Features.Accounts;
using Biotope.Features.Audit;
using Biotope.Features.Calls;
using Biotope.Features.Notifications;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Biotope.Features.Projects;
using Biotope.Features.Regions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Biotope.Data;

public partial class BiotopeDb(DbContextOptions<BiotopeDb> options, AuditActor? actor = null, TimeProvider? timeProvider = null, DirectoryIndex? directoryIndex = null)
    : IdentityDbContext<AppUser>(options), Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<OrganizationRelation> OrganizationRelations => Set<OrganizationRelation>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectPartner> ProjectPartners => Set<ProjectPartner>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ProjectMilestone> ProjectMilestones => Set<ProjectMilestone>();
    public DbSet<ProjectOutput> ProjectOutputs => Set<ProjectOutput>();
    public DbSet<ProjectResearcher> ProjectResearchers => Set<ProjectResearcher>();
    public DbSet<ProgressReport> ProgressReports => Set<ProgressReport>();
    public DbSet<Call> Calls => Set<Call>();
    public DbSet<EvaluationCriterion> EvaluationCriteria => Set<EvaluationCriterion>();
    public DbSet<Proposal> Proposals => Set<Proposal>();
    public DbSet<ProposalPartner> ProposalPartners => Set<ProposalPartner>();
    public DbSet<ProposalAttachment> ProposalAttachments => Set<ProposalAttachment>();
    public DbSet<Expert> Experts => Set<Expert>();
    public DbSet<ConflictDeclaration> ConflictDeclarations => Set<ConflictDeclaration>();
    public DbSet<AssignmentOverride> AssignmentOverrides => Set<AssignmentOverride>();
    public DbSet<ReviewAssignment> ReviewAssignments => Set<ReviewAssignment>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<Consensus> Consensuses => Set<Consensus>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<Features.Accounts.Tokens.PersonalToken> PersonalTokens => Set<Features.Accounts.Tokens.PersonalToken>();
    public DbSet<Features.Accounts.SignUp.JoinRequest> JoinRequests => Set<Features.Accounts.SignUp.JoinRequest>();
    /// <summary>The keys that protect cookies, antiforgery tokens and bearer tokens, shared by every instance (ADR 024).</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys => Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

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
        builder.ApplyConfigurationsFromAssembly(typeof(BiotopeDb).Assembly);

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
            r.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            r.HasOne(x => x.ToOrganization).WithMany().HasForeignKey(x => x.ToOrganizationId).OnDelete(DeleteBehavior.Cascade);
            r.HasIndex(x => new { x.FromOrganizationId, x.ToOrganizationId, x.Kind }).IsUnique();
        });
        builder.Entity<Person>(p =>
        {
            p.ToTable("people");
            p.Property(x => x.PublicConsentBy).HasConversion<string>().HasMaxLength(20);
            p.HasIndex(x => x.UserId);
            p.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        });
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
            p.HasIndex(x => x.CordisId).IsUnique();
            p.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            p.Property(x => x.Source).HasConversion<string>().HasMaxLength(20);
            p.Property(x => x.Strands).HasJsonConversion();
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasMany(x => x.Partners).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            p.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            p.HasMany(x => x.Outputs).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            p.HasMany(x => x.Researchers).WithOne().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
            p.HasOne<Project>().WithMany().HasForeignKey(x => x.ParentProjectId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ProjectPartner>(p =>
        {
            p.ToTable("project_partners");
            p.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            p.Property(x => x.Budget).HasPrecision(14, 2);
            p.Property(x => x.Funding).HasPrecision(14, 2);
        });
        builder.Entity<ProjectMilestone>(m =>
        {
            m.ToTable("project_milestones");
            m.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        });
        builder.Entity<ProjectOutput>(o =>
        {
            o.ToTable("project_outputs");
            o.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            o.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<ProjectResearcher>(r =>
        {
            r.ToTable("project_researchers");
            r.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<ProgressReport>(r =>
        {
            r.ToTable("progress_reports");
            r.Property(x => x.Spend).HasJsonConversion();
            r.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });
        MapCalls(builder);
        MapPlatforms(builder);
        builder.Entity<Notification>(n =>
        {
            n.ToTable("notifications");
            n.HasIndex(x => new { x.UserId, x.CreatedAt });
            n.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<OutboxMessage>(o =>
        {
            o.ToTable("outbox");
            o.HasIndex(x => x.SentAt);
        });
        builder.Entity<AuditEntry>(a =>
        {
            a.ToTable("audit_entries");
            a.HasIndex(x => x.At);
            a.HasIndex(x => new { x.EntityType, x.EntityId });
        });
        builder.Entity<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>().ToTable("data_protection_keys");

        // Identity's schema version 3 table of passkeys (ADR 021), mapped here as Identity maps it, so that a context made
        // without the app's services (command line, tests) has it too; the passkey's data as one JSON column.
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>>(p =>
        {
            p.ToTable("AspNetUserPasskeys");
            p.HasKey(x => x.CredentialId);
            p.Property(x => x.CredentialId).HasMaxLength(1024);
            p.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            p.OwnsOne(x => x.Data).ToJson("data");
        });

        UseSnakeCaseNames(builder);
    }

    private static void MapCalls(ModelBuilder builder)
    {
        builder.Entity<Call>(c =>
        {
            c.ToTable("calls");
            c.HasIndex(x => x.Slug).IsUnique();
            c.Property(x => x.Stage).HasConversion<string>().HasMaxLength(20);
            c.Property(x => x.BudgetEnvelope).HasPrecision(14, 2);
            c.Property(x => x.Rules).HasJsonConversion();
            c.Property(x => x.RequiredDocuments).HasJsonConversion();
            c.Property(x => x.Version).IsConcurrencyToken();
            c.HasMany(x => x.Criteria).WithOne().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<EvaluationCriterion>(c =>
        {
            c.ToTable("evaluation_criteria");
            c.Property(x => x.Weight).HasPrecision(9, 4);
            c.Property(x => x.PassThreshold).HasPrecision(9, 4);
        });
        builder.Entity<Proposal>(p =>
        {
            p.ToTable("proposals");
            p.HasIndex(x => new { x.CallId, x.Status });
            p.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            p.Property(x => x.Decision).HasConversion<string>().HasMaxLength(20);
            p.Property(x => x.AppealOutcome).HasConversion<string>().HasMaxLength(20);
            p.Property(x => x.WorkPackages).HasJsonConversion();
            p.Property(x => x.Version).IsConcurrencyToken();
            p.HasOne(x => x.Call).WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne<Organization>().WithMany().HasForeignKey(x => x.CoordinatorOrganizationId).OnDelete(DeleteBehavior.Restrict);
            p.HasOne<Project>().WithMany().HasForeignKey(x => x.ProjectId).OnDelete(DeleteBehavior.SetNull);
            p.HasMany(x => x.Partners).WithOne().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ProposalPartner>(p =>
        {
            p.ToTable("proposal_partners");
            p.HasIndex(x => new { x.ProposalId, x.OrganizationId }).IsUnique();
            p.HasIndex(x => x.OrganizationId);
            p.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            p.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            foreach (var money in new[] { nameof(ProposalPartner.PersonnelCost), nameof(ProposalPartner.EquipmentCost), nameof(ProposalPartner.SubcontractingCost), nameof(ProposalPartner.OtherCost) })
                p.Property(money).HasPrecision(14, 2);
            p.Property(x => x.PersonnelFte).HasPrecision(7, 2);
            p.Property(x => x.OverheadRatePercent).HasPrecision(5, 2);
        });
        builder.Entity<ProposalAttachment>(a =>
        {
            a.ToTable("proposal_attachments");
            a.HasOne<Proposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Expert>(e =>
        {
            e.ToTable("experts");
            e.HasIndex(x => x.UserId).IsUnique();
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        });
        builder.Entity<ConflictDeclaration>(c =>
        {
            c.ToTable("conflict_declarations");
            c.HasOne<Expert>().WithMany().HasForeignKey(x => x.ExpertId).OnDelete(DeleteBehavior.Cascade);
            c.HasOne<Proposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
            c.HasOne<Organization>().WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AssignmentOverride>(o =>
        {
            o.ToTable("assignment_overrides");
            o.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            o.HasIndex(x => new { x.ProposalId, x.ExpertId }).IsUnique();
            o.HasOne<Proposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
            o.HasOne<Expert>().WithMany().HasForeignKey(x => x.ExpertId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ReviewAssignment>(a =>
        {
            a.ToTable("review_assignments");
            a.HasIndex(x => new { x.ProposalId, x.ExpertId }).IsUnique();
            a.HasIndex(x => x.ExpertId);
            a.HasOne<Call>().WithMany().HasForeignKey(x => x.CallId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne<Proposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne(x => x.Expert).WithMany().HasForeignKey(x => x.ExpertId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Review>(r =>
        {
            r.ToTable("reviews");
            r.HasIndex(x => x.AssignmentId).IsUnique();
            r.HasIndex(x => x.ProposalId);
            r.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            r.Property(x => x.Scores).HasJsonConversion();
            r.Property(x => x.Version).IsConcurrencyToken();
            r.HasOne(x => x.Assignment).WithMany().HasForeignKey(x => x.AssignmentId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<Consensus>(c =>
        {
            c.ToTable("consensuses");
            c.HasIndex(x => x.ProposalId).IsUnique();
            c.Property(x => x.Scores).HasJsonConversion();
            c.Property(x => x.Version).IsConcurrencyToken();
            c.HasOne<Proposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
        });
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
