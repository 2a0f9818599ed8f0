using Biotope.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Audit;

/// <summary>The audit log, newest first, paged by id (staff only: see the folder convention in WebSetup).</summary>
public class AuditLogModel(BiotopeDb db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public long? Before { get; set; }
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }

    public List<AuditEntry> Entries { get; private set; } = [];
    public long? NextBefore { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (Before is { } before) query = query.Where(e => e.Id < before);
        if (!string.IsNullOrWhiteSpace(Entity)) query = query.Where(e => e.EntityType == Entity);
        Entries = await query.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(ct);
        if (Entries.Count > PageSize)
        {
            Entries.RemoveAt(PageSize);
            NextBefore = Entries[^1].Id;
        }
    }

    /// <summary>The fields whose value differs between the before and after snapshots.</summary>
    public static IReadOnlyList<(string Field, string? Before, string? After)> Changes(AuditEntry entry)
    {
        var before = Parse(entry.Before);
        var after = Parse(entry.After);
        return [.. before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Select(k => (k, before.GetValueOrDefault(k), after.GetValueOrDefault(k)))
            .Where(c => c.Item2 != c.Item3)];
    }

    private static Dictionary<string, string?> Parse(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == System.Text.Json.JsonValueKind.Null ? null : p.Value.ToString());
    }
}
