using Biotope.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Platforms.Services;

/// <summary>Your service requests; for platform managers (and staff) also the requests their platforms received, with the overdue ones flagged.</summary>
[Authorize]
public class RequestsModel(BiotopeDb db, ServiceRequestWorkflow workflow) : PageModel
{
    public IReadOnlyList<ServiceRequestSummary> Mine { get; private set; } = [];
    public IReadOnlyList<ServiceRequestSummary> Received { get; private set; } = [];
    /// <summary>Manages at least one platform (staff manage them all).</summary>
    public bool Manager { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var mine = await workflow.ListAsync(User, null, false, null, ct);
        Mine = [.. (mine.Value ?? []).Where(r => r.Mine)];
        Manager = (await db.ManagedPlatformIdsAsync(User, ct)).Count > 0;
        if (Manager)
        {
            // An unknown status in the address is ignored rather than refused: the form only offers known ones.
            var received = await workflow.ListAsync(User, Enum.TryParse<ServiceRequestStatus>(Status, out _) ? Status : null, Overdue, null, ct);
            Received = [.. (received.Value ?? []).Where(r => !r.Mine)];
        }
        return Page();
    }
}
