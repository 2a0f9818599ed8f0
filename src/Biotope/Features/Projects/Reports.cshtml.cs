using Biotope.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Projects;

/// <summary>The progress reports of a project: for cluster staff and the partners' members only (spend is confidential).</summary>
[Authorize]
public class ProgressReportsModel(BiotopeDb db) : PageModel
{
    public Project Project { get; private set; } = null!;
    public ProgressReportsResponse Reports { get; private set; } = null!;
    public bool CanReport { get; private set; }
    public bool Submitted { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, bool submitted, CancellationToken ct)
    {
        var project = await db.LoadBySlugAsync(slug, ct);
        if (project is null) return NotFound();
        if (!User.CanReadReports(project)) return Forbid();
        Project = project;
        Reports = await db.ReportsAsync(project, ct);
        CanReport = User.CanReport(project);
        Submitted = submitted;
        return Page();
    }
}
