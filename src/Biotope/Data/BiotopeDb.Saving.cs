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
        var entries = ChangeTracker.Entries().ToList();
        var owned = OwnedParts(entries);
        var audited = entries.Where(IsAudited).Select(e => (Entry: e, State: e.State, Before: e.State == EntityState.Added ? null : Snapshot(e, owned, original: true))).ToList();
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
                        After = state == EntityState.Deleted ? null : Snapshot(entry, owned, original: false),
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
        && type.ClrType != typeof(Microsoft.AspNetCore.Identity.IdentityUserToken<string>)
        // Passkeys are audited as account events (PasskeyAdded, PasskeyRemoved), never as rows holding public keys.
        && type.ClrType != typeof(Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>)
        // Key material: never copied into the audit log.
        && type.ClrType != typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey);

    /// <summary>The fields an audit snapshot of this entity type holds: its properties but secrets, and its owned parts.</summary>
    public static IEnumerable<string> AuditedFields(IReadOnlyEntityType type) =>
        type.GetProperties().Select(p => p.Name).Where(n => !Redacted.Contains(n) && n != nameof(Organization.SearchText))
            .Concat(type.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).Select(n => n.Name));

    // Secrets never reach the audit log.
    private static readonly HashSet<string> Redacted = [nameof(AppUser.PasswordHash), nameof(AppUser.SecurityStamp), nameof(AppUser.ConcurrencyStamp), "Value", nameof(Features.Calls.ProposalAttachment.Content),
        nameof(Features.Platforms.ServiceRequest.ResultContent), nameof(Features.Platforms.CalendarFeed.TokenHash)];

    private static string Snapshot(EntityEntry entry, ILookup<(IEntityType Part, string OwnerKey), EntityEntry> owned, bool original)
    {
        var values = original ? entry.OriginalValues : entry.CurrentValues;
        var data = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in values.Properties)
        {
            if (Redacted.Contains(p.Name) || p.Name is nameof(Organization.SearchText) or nameof(Organization.SearchVersion)) continue;
            data[p.Name] = values[p];
        }
        var ownerKey = KeyOf(entry, entry.Metadata.FindPrimaryKey()!.Properties);
        foreach (var navigation in entry.Metadata.GetNavigations().Where(n => n.TargetEntityType.IsOwned()))
        {
            // Before the save: the parts as loaded (removed ones included, added ones not); after it: the parts stored.
            var parts = owned[((IEntityType)navigation.TargetEntityType, ownerKey)]
                .Where(part => original ? part.State != EntityState.Added : part.State is not (EntityState.Deleted or EntityState.Detached))
                .OrderBy(part => KeyOf(part, part.Metadata.FindPrimaryKey()!.Properties.Except(part.Metadata.FindOwnership()!.Properties).ToList()), StringComparer.Ordinal)
                .Select(part => OwnedValues(part, original)).ToList();
            data[navigation.Name] = navigation.IsCollection ? parts : parts.FirstOrDefault();
        }
        return JsonSerializer.Serialize(data, AuditJson);
    }

    /// <summary>Owned parts (JSON columns) by their owner's type and key, so that both snapshots of an owner read the same parts.</summary>
    private static ILookup<(IEntityType Part, string OwnerKey), EntityEntry> OwnedParts(IEnumerable<EntityEntry> entries) =>
        entries.Where(e => e.Metadata.IsOwned() && e.State != EntityState.Detached)
            .ToLookup(e => (e.Metadata, KeyOf(e, e.Metadata.FindOwnership()!.Properties)));

    private static string KeyOf(EntityEntry entry, IEnumerable<IReadOnlyProperty> properties) =>
        string.Join(",", properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)?.PadLeft(10, '0')));

    private static SortedDictionary<string, object?> OwnedValues(EntityEntry part, bool original)
    {
        var values = original ? part.OriginalValues : part.CurrentValues;
        return new(values.Properties.Where(p => !p.IsShadowProperty()).ToDictionary(p => p.Name, p => values[p]), StringComparer.Ordinal);
    }
}
