using Biotope.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Services;

/// <summary>A platform's catalogue of analyses: price per unit, turnaround, and the way to request one.</summary>
public class CatalogueModel(BiotopeDb db, ServiceCatalogue catalogue) : PageModel
{
    public Platform Platform { get; private set; } = null!;
    public IReadOnlyList<ServiceOffering> Offerings { get; private set; } = [];
    public bool Manages { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var platform = await db.Platforms.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, ct);
        if (platform is null) return NotFound();
        Platform = platform;
        Manages = await db.ManagesPlatformAsync(User, platform.Id, ct);
        var offerings = await catalogue.ListAsync(platform.Id, User, ct);
        Offerings = offerings.Value ?? [];
        return Page();
    }
}
