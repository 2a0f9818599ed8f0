using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Audit;

/// <summary>The audit log, newest first, filtered by record, person and Brussels dates, paged by id (staff only: see the folder convention in WebSetup).</summary>
public class AuditLogModel(BiotopeDb db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Person { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public IReadOnlyList<string> EntityTypes { get; private set; } = [];
    public AuditFilter Filter { get; private set; } = AuditFilter.None;
    public AuditHistory History { get; private set; } = AuditHistory.Empty;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public bool Filtered => Filter with { Before = null } != AuditFilter.None;

    public async Task OnGetAsync(CancellationToken ct)
    {
        EntityTypes = AuditFilter.EntityTypes(db);
        var parsed = AuditFilter.Parse(EntityTypes, Entity, Id, Person, From, To, Before);
        if (!parsed.Succeeded)
        {
            // The form shows what was typed with the reason beside it; no entries until the filter means something.
            Errors = Texts.Current.Say(parsed.Failure!.Errors);
            return;
        }
        Filter = parsed.Value!;
        History = await AuditHistory.LoadAsync(db, Filter, PageSize, ct);
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
