using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Audit;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Biotope.Data;

public partial class BiotopeDb
{
    private static readonly JsonSerializerOptions AuditJson = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        StampOrganizations(now);
        StampVersioned(now);
        var audited = ChangeTracker.Entries().Where(IsAudited).Select(e => (Entry: e, State: e.State, Before: e.State == EntityState.Added ? null : Snapshot(e, original: true))).ToList();
        var organizationsChanged = false;

        var ownTransaction = Database.CurrentTransaction is null && audited.Count > 0 ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (audited.Count > 0)
            {
                foreach (var (entry, state, before) in audited)
                {
                    AuditEntries.Add(new AuditEntry
                    {
                        At = now,
                        UserId = actor?.UserId,
                        UserEmail = actor?.Email,
                        EntityType = entry.Metadata.ClrType.Name,
                        EntityId = string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue)),
                        Action = state.ToString(),
                        Before = before,
                        After = state == EntityState.Deleted ? null : Snapshot(entry, original: false),
                    });
                    organizationsChanged |= entry.Entity is Organization;
                }
                await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            if (ownTransaction is not null) await ownTransaction.CommitAsync(cancellationToken);
            if (organizationsChanged) directoryIndex?.MarkChanged();
            return result;
        }
        finally
        {
            if (ownTransaction is not null) await ownTransaction.DisposeAsync();
        }
    }

    private void StampOrganizations(DateTimeOffset now)
    {
        foreach (var entry in ChangeTracker.Entries<Organization>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.CreatedAt = now;
                entry.Entity.UpdatedAt = now;
                SearchDocument.Apply(entry.Entity);
            }
            else if (entry.State == EntityState.Modified || HasOwnedChanges(entry))
            {
                entry.Entity.UpdatedAt = now;
                entry.Entity.Version = entry.OriginalValues.GetValue<int>(nameof(Organization.Version)) + 1;
                SearchDocument.Apply(entry.Entity);
                entry.State = EntityState.Modified;
            }
        }
    }

    private void StampVersioned(DateTimeOffset now)
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added)
            {
                if (entry.Entity is ICreated created) created.CreatedAt = now;
                if (entry.Entity is IVersioned added) added.UpdatedAt = now;
            }
            else if (entry.State == EntityState.Modified && entry.Entity is IVersioned versioned)
            {
                versioned.UpdatedAt = now;
                versioned.Version = entry.OriginalValues.GetValue<int>(nameof(IVersioned.Version)) + 1;
            }
        }
    }

    private static bool HasOwnedChanges(EntityEntry<Organization> entry) =>
        entry.References.Concat<NavigationEntry>(entry.Collections)
            .Where(n => n.Metadata.TargetEntityType.IsOwned())
            .Any(n => n.IsModified || (n.CurrentValue is IEnumerable<object> items && items.Any(i => entry.Context.Entry(i).State is EntityState.Added or EntityState.Deleted or EntityState.Modified)));

    private static bool IsAudited(EntityEntry e) =>
        e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && IsAudited(e.Metadata);

    /// <summary>Whether changes to rows of this entity type are written to the audit log (the audit page names them).</summary>
    public static bool IsAudited(IReadOnlyEntityType type) =>
        !type.IsOwned()
        && type.ClrType != typeof(AuditEntry)
        && type.ClrType != typeof(Features.Notifications.Notification)
        && type.ClrType != typeof(Features.Notifications.OutboxMessage)
        && type.ClrType != typeof(Microsoft.AspNetCore.Identity.IdentityUserToken<string>);

    /// <summary>The fields an audit snapshot of this entity type holds: its properties but secrets, and its owned parts.</summary>
    public static IEnumerable<string> AuditedFields(IReadOnlyEntityType type) =>
        type.GetProperties().Select(p => p.Name).Where(n => !Redacted.Contains(n) && n != nameof(Organization.SearchText))
            .Concat(type.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).Select(n => n.Name));

    // Secrets never reach the audit log.
    private static readonly HashSet<string> Redacted = [nameof(AppUser.PasswordHash), nameof(AppUser.SecurityStamp), nameof(AppUser.ConcurrencyStamp), "Value", nameof(Features.Calls.ProposalAttachment.Content),
        nameof(Features.Platforms.ServiceRequest.ResultContent), nameof(Features.Platforms.CalendarFeed.TokenHash)];

    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = original ? entry.OriginalValues : entry.CurrentValues;
        var data = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in values.Properties)
        {
            if (Redacted.Contains(p.Name) || p.Name is nameof(Organization.SearchText) or nameof(Organization.SearchVersion)) continue;
            data[p.Name] = values[p];
        }
        foreach (var nav in entry.Navigations.Where(n => n.Metadata.TargetEntityType.IsOwned() && !original))
            data[nav.Metadata.Name] = nav.CurrentValue;
        return JsonSerializer.Serialize(data, AuditJson);
    }
}
