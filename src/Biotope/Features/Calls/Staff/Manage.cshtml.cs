using Biotope.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Staff;

/// <summary>Every call, published or not, with the way to its form and its evaluation (staff only: see the folder convention in WebSetup).</summary>
public class ManageModel(BiotopeDb db, TimeProvider clock) : PageModel
{
    public sealed record Row(Call Call, string Phase, int Proposals, int Submitted);

    public List<Row> Calls { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var calls = await db.Calls.AsNoTracking().OrderByDescending(c => c.ClosesAt).ThenBy(c => c.Id).ToListAsync(ct);
        var counts = await db.Proposals.AsNoTracking().Where(p => p.Status != ProposalStatus.Draft)
            .GroupBy(p => p.CallId)
            .Select(g => new { CallId = g.Key, All = g.Count(), Submitted = g.Count(p => p.Status == ProposalStatus.Submitted) })
            .ToDictionaryAsync(x => x.CallId, ct);
        var now = clock.GetUtcNow();
        Calls = [.. calls.Select(c => new Row(c, c.Phase(now), counts.TryGetValue(c.Id, out var n) ? n.All : 0, counts.TryGetValue(c.Id, out var s) ? s.Submitted : 0))];
    }
}
