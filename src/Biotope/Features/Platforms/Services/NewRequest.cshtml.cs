using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Services;

/// <summary>The request form of one analysis: how many units and what the samples are; the platform then quotes.</summary>
[Authorize]
public class NewRequestModel(BiotopeDb db, ServiceRequestWorkflow workflow) : PageModel
{
    public Platform Platform { get; private set; } = null!;
    public ServiceOffering Offering { get; private set; } = null!;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty] public int? Quantity { get; set; } = 1;
    [BindProperty] public string? Description { get; set; }
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, int offeringId, CancellationToken ct) =>
        await LoadAsync(slug, offeringId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(string slug, int offeringId, CancellationToken ct)
    {
        if (await LoadAsync(slug, offeringId, ct) is { } missing) return missing;
        var outcome = await workflow.CreateAsync(new ServiceRequestInput { OfferingId = offeringId, Quantity = Quantity, Description = Description }, User, ct);
        if (outcome.Succeeded)
        {
            Done = "Your request is sent. The platform will answer with a quote.";
            return Redirect($"/service-requests/{outcome.Value!.Request.Id}");
        }
        var failure = outcome.Failure!;
        if (failure.Kind == FailureKind.Forbidden) return Forbid();
        Errors = failure.Errors is null ? new Dictionary<string, string[]> { [""] = [Texts.Current.Say(failure.Detail ?? failure.Title)] } : Texts.Current.Say(failure.Errors);
        Response.StatusCode = Problems.StatusCode(failure.Kind);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string slug, int offeringId, CancellationToken ct)
    {
        var platform = await db.Platforms.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, ct);
        var offering = platform is null ? null : await db.ServiceOfferings.AsNoTracking().SingleOrDefaultAsync(o => o.Id == offeringId && o.PlatformId == platform.Id && o.Active, ct);
        if (platform is null || offering is null) return NotFound();
        // Requests are billed to an organization: someone without one cannot make one.
        if (!User.CanBook()) return Forbid();
        Platform = platform;
        Offering = offering;
        return null;
    }
}
