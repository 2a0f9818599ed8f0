using Biotope.Data;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Audit;

/// <summary>A page of the audit log ready to read: the entries, who made them, and the page of each record that still has one.</summary>
public sealed record AuditHistory(IReadOnlyList<AuditEntry> Entries, IReadOnlyDictionary<string, string> Names, IReadOnlyDictionary<(string Type, string Id), string> Pages, long? NextBefore)
{
    public static readonly AuditHistory Empty = new([], new Dictionary<string, string>(), new Dictionary<(string, string), string>(), null);

    public string? PageOf(AuditEntry entry) => Pages.GetValueOrDefault((entry.EntityType, entry.EntityId));

    /// <summary>The person's display name, when the account has one and it is not the e-mail itself.</summary>
    public string? NameOf(AuditEntry entry) => entry.UserId is { } id && Names.TryGetValue(id, out var name) && name != entry.UserEmail ? name : null;

    /// <summary>Reads one page of <paramref name="filter"/>, newest first, and what the page needs to show it.</summary>
    public static async Task<AuditHistory> LoadAsync(BiotopeDb db, AuditFilter filter, int pageSize, CancellationToken ct)
    {
        var entries = await filter.Apply(db.AuditEntries.AsNoTracking(), db).OrderByDescending(e => e.Id).Take(pageSize + 1).ToListAsync(ct);
        long? next = null;
        if (entries.Count > pageSize)
        {
            entries.RemoveAt(pageSize);
            next = entries[^1].Id;
        }
        var userIds = entries.Where(e => e.UserId is not null).Select(e => e.UserId!).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id) && u.DisplayName != null)
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName!, ct);
        return new AuditHistory(entries, names, await PagesAsync(db, entries, ct), next);
    }

    /// <summary>The records of these entries that have a page of their own and still exist, with its address.</summary>
    private static async Task<Dictionary<(string, string), string>> PagesAsync(BiotopeDb db, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var pages = new Dictionary<(string, string), string>();
        var wanted = entries.GroupBy(e => e.EntityType).ToDictionary(g => g.Key, g => g.Select(e => e.EntityId).Distinct().ToList());
        List<int> Ints(string type) => [.. wanted.GetValueOrDefault(type, []).Select(id => int.TryParse(id, out var n) ? n : (int?)null).OfType<int>()];

        async Task AddAsync(string type, Func<List<int>, Task<List<(int Id, string Path)>>> find)
        {
            var ids = Ints(type);
            if (ids.Count == 0) return;
            foreach (var (id, path) in await find(ids)) pages[(type, id.ToString(System.Globalization.CultureInfo.InvariantCulture))] = path;
        }

        await AddAsync("Organization", async ids => [.. (await db.Organizations.Where(o => ids.Contains(o.Id)).Select(o => o.Id).ToListAsync(ct)).Select(id => (id, $"/organizations/{id}"))]);
        await AddAsync("Call", async ids => [.. (await db.Calls.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).Select(id => (id, $"/calls/{id}"))]);
        await AddAsync("Proposal", async ids => [.. (await db.Proposals.Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct)).Select(id => (id, $"/proposals/{id}"))]);
        await AddAsync("Equipment", async ids => [.. (await db.Equipment.Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct)).Select(id => (id, $"/equipment/{id}"))]);
        await AddAsync("Project", async ids => [.. (await db.Projects.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Slug }).ToListAsync(ct)).Select(p => (p.Id, $"/projects/{Uri.EscapeDataString(p.Slug)}"))]);
        await AddAsync("Platform", async ids => [.. (await db.Platforms.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Slug }).ToListAsync(ct)).Select(p => (p.Id, $"/platforms/{Uri.EscapeDataString(p.Slug)}"))]);
        await AddAsync("TrainingModule", async ids => [.. (await db.TrainingModules.Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.Slug }).ToListAsync(ct)).Select(m => (m.Id, $"/training/{Uri.EscapeDataString(m.Slug)}"))]);
        var requests = wanted.GetValueOrDefault("ServiceRequest", []).Select(id => long.TryParse(id, out var n) ? n : (long?)null).OfType<long>().ToList();
        if (requests.Count > 0)
        {
            foreach (var id in await db.ServiceRequests.Where(r => requests.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct))
                pages[("ServiceRequest", id.ToString(System.Globalization.CultureInfo.InvariantCulture))] = $"/service-requests/{id}";
        }
        return pages;
    }
}

/// <summary>What the entries table shows: a page of history, its caption, and whether each row links to its record's page and history (in the log, not on the record's own page).</summary>
public sealed record AuditEntriesView(AuditHistory History, string CaptionId, string Caption, bool LinkHistory);
