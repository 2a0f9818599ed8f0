using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms;

public class EquipmentPageModel(BiotopeDb db, TimeProvider clock) : PageModel
{
    public EquipmentView View { get; private set; } = null!;
    public bool Manages { get; private set; }
    public DateTimeOffset Now { get; private set; }
    /// <summary>The cards valid today, one per category.</summary>
    public List<RateCard> CurrentRates { get; private set; } = [];
    /// <summary>The category the signed-in person's organization books as on this platform, when they have one.</summary>
    public UserCategory? MyCategory { get; private set; }
    public List<Closure> Closures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var view = await db.EquipmentByIdAsync(id, ct);
        if (view is null) return NotFound();
        View = view;
        Now = clock.GetUtcNow();
        Manages = User.Identity?.IsAuthenticated == true && await db.ManagesPlatformAsync(User, view.Platform.Id, ct);
        CurrentRates = view.Equipment.CurrentRates(BrusselsTime.Date(Now));
        Closures = [.. view.Equipment.Closures.Where(c => c.EndsAt > Now).OrderBy(c => c.StartsAt)];
        if (User.OrganizationId() is { } organizationId && await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct) is { } organization)
            MyCategory = Pricing.CategoryOf(organization, view.Platform);
        return Page();
    }
}
