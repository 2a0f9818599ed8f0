using Biotope.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Platforms.Training;

/// <summary>The public training catalogue: every module, what it unlocks, its sessions to come.</summary>
public class TrainingCatalogueModel(BiotopeDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<TrainingModuleDto> Modules { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Modules = await db.ModulesAsync(clock.GetUtcNow(), ct: ct);
}
