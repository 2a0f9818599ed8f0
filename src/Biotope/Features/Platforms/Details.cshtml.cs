using Biotope.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Platforms;

public class PlatformPageModel(BiotopeDb db) : PageModel
{
    public PlatformView View { get; private set; } = null!;
    /// <summary>Staff or one of the platform's managers: links to run it, the managers, decommissioned instruments.</summary>
    public bool Manages { get; private set; }
    public List<Equipment> Instruments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var view = await db.PlatformBySlugAsync(slug, ct);
        if (view is null) return NotFound();
        View = view;
        Manages = User.Identity?.IsAuthenticated == true && await db.ManagesPlatformAsync(User, view.Platform.Id, ct);
        Instruments = [.. view.Platform.Equipment.Where(e => Manages || e.Status != EquipmentStatus.Decommissioned)
            .OrderBy(e => e.Status == EquipmentStatus.Decommissioned).ThenBy(e => e.Name, StringComparer.CurrentCultureIgnoreCase)];
        return Page();
    }
}
