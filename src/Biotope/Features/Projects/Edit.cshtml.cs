using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Projects;

[Authorize]
public class EditProjectModel(ProjectEditor editor, BiotopeDb db) : PageModel
{
    [BindProperty] public ProjectInput Input { get; set; } = new();
    [BindProperty] public string? KeywordsText { get; set; }

    public Project Project { get; private set; } = null!;
    /// <summary>The other projects, as possible parents.</summary>
    public List<ProjectRef> OtherProjects { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public bool Conflict { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, bool saved, CancellationToken ct)
    {
        var project = await db.LoadBySlugAsync(slug, ct);
        if (project is null) return NotFound();
        if (!User.IsStaff()) return Forbid();
        await ShowAsync(project, ct);
        Input = ProjectInput.From(project);
        KeywordsText = string.Join(", ", Input.Keywords);
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        var current = await db.LoadBySlugAsync(slug, ct);
        if (current is null) return NotFound();
        if (!User.IsStaff()) return Forbid();
        Input.Keywords = [.. (KeywordsText ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        // The form does not edit strands: keep them as stored.
        Input.Strands = ProjectInput.From(current).Strands;
        var outcome = await editor.UpdateAsync(current.Id, Input, Input.Version, fromIfMatch: false, User, ct);
        if (outcome.Succeeded) return RedirectToPage(new { slug, saved = true });

        db.ChangeTracker.Clear();
        var failure = outcome.Failure!;
        if (failure.Kind == FailureKind.Forbidden) return Forbid();
        await ShowAsync((await db.LoadBySlugAsync(slug, ct))!, ct);
        if (failure.Kind is FailureKind.Conflict or FailureKind.PreconditionRequired)
        {
            // Keep what the person typed and take the new version, so a second save is a deliberate choice.
            Conflict = true;
            Input.Version = Project.Version;
        }
        Errors = Texts.Current.Say(failure.Errors);
        Response.StatusCode = failure.Kind == FailureKind.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task ShowAsync(Project project, CancellationToken ct)
    {
        Project = project;
        OtherProjects = [.. (await db.Projects.AsNoTracking().Where(p => p.Id != project.Id).Select(p => new ProjectRef(p.Id, p.Slug, p.Acronym)).ToListAsync(ct))
            .OrderBy(p => p.Acronym, StringComparer.OrdinalIgnoreCase)];
    }
}
