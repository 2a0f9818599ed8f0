using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Organizations;

[Authorize]
public class EditModel(OrganizationEditor editor, BiotopeDb db) : PageModel
{
    [BindProperty] public OrganizationInput Input { get; set; } = new();
    [BindProperty] public string? AliasesText { get; set; }
    [BindProperty] public string? NaceText { get; set; }

    public Organization Organization { get; private set; } = null!;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    /// <summary>Fields someone else changed while this form was open, with their stored values.</summary>
    public IReadOnlyList<(string Field, string? Stored)> ConflictingFields { get; private set; } = [];
    public bool Conflict { get; private set; }
    public bool Saved { get; private set; }
    public bool CanChangeMembership => User.IsStaff();

    public async Task<IActionResult> OnGetAsync(int id, bool saved, CancellationToken ct)
    {
        var organization = await editor.FindAsync(id, ct);
        if (organization is null) return NotFound();
        if (!User.CanEditOrganization(id)) return Forbid();
        Organization = organization;
        Input = OrganizationInput.From(organization);
        AliasesText = string.Join('\n', Input.Aliases);
        NaceText = string.Join(", ", Input.NaceCodes);
        Saved = saved;
        Pending = await Relations.PendingAsync(db, id, Texts.Current.Language, ct);
        return Page();
    }

    /// <summary>Relations waiting for an answer: proposed by this organization, or by another one about it.</summary>
    public IReadOnlyList<PendingRelation> Pending { get; private set; } = [];

    public Task<IActionResult> OnPostConfirmRelationAsync(int id, int relationId, CancellationToken ct) => AnswerAsync(id, relationId, confirm: true, ct);

    public Task<IActionResult> OnPostDeclineRelationAsync(int id, int relationId, CancellationToken ct) => AnswerAsync(id, relationId, confirm: false, ct);

    private async Task<IActionResult> AnswerAsync(int id, int relationId, bool confirm, CancellationToken ct)
    {
        var outcome = await Relations.AnswerAsync(db, relationId, confirm, User, ct);
        if (outcome.Failure is { Kind: FailureKind.NotFound }) return NotFound();
        if (outcome.Failure is { Kind: FailureKind.Forbidden }) return Forbid();
        return RedirectToPage(new { id, saved = true });
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        Input.Aliases = [.. (AliasesText ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        Input.NaceCodes = [.. (NaceText ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        Input.People = [.. Input.People.Where(p => !string.IsNullOrWhiteSpace(p.Name) || !string.IsNullOrWhiteSpace(p.Role) || !string.IsNullOrWhiteSpace(p.Orcid))];
        var current = await editor.FindAsync(id, ct);
        if (current is null) return NotFound();
        if (!User.CanEditOrganization(id)) return Forbid();
        // The form does not edit relations: keep them as stored. Membership fields a member admin is not shown are not
        // posted (null: as stored); anything posted goes through the editor's field rights.
        Input.Relations = [.. current.Relations.Select(r => new OrganizationInput.RelationInput { Kind = r.Kind.ToString(), OrganizationId = r.ToOrganizationId })];
        var stored = OrganizationInput.From(current);
        var outcome = await editor.UpdateAsync(id, Input, Input.Version, fromIfMatch: false, User, ct);
        if (outcome.Succeeded) return RedirectToPage(new { id, saved = true });

        db.ChangeTracker.Clear();
        Organization = (await db.LoadAsync(id, ct))!;
        var failure = outcome.Failure!;
        if (failure.Kind is FailureKind.Conflict or FailureKind.PreconditionRequired)
        {
            // Keep what the person typed, point at what changed meanwhile, and take the new version so a second save is a deliberate choice.
            Conflict = true;
            ConflictingFields = Differences(stored, Input);
            Input.Version = Organization.Version;
        }
        else if (failure.Kind == FailureKind.Forbidden && failure.Errors is not { Count: > 0 }) return Forbid();
        Errors = Texts.Current.Say(failure.Errors);
        Response.StatusCode = failure.Kind is FailureKind.Conflict or FailureKind.PreconditionRequired ? StatusCodes.Status409Conflict : Problems.StatusCode(failure.Kind);
        Pending = await Relations.PendingAsync(db, id, Texts.Current.Language, ct);
        return Page();
    }

    private static List<(string, string?)> Differences(OrganizationInput stored, OrganizationInput mine)
    {
        var differences = new List<(string, string?)>();
        void Compare(string field, object? a, object? b)
        {
            var left = a is IEnumerable<string> l ? string.Join(", ", l) : a?.ToString();
            var right = b is IEnumerable<string> r ? string.Join(", ", r) : b?.ToString();
            if (!string.Equals(left ?? "", right ?? "", StringComparison.Ordinal)) differences.Add((field, left));
        }
        Compare("Name", stored.Name, mine.Name);
        Compare("Acronym", stored.Acronym, mine.Acronym);
        Compare("Type", stored.Type, mine.Type);
        Compare("City", stored.City, mine.City);
        Compare("Website", stored.Website, mine.Website);
        Compare("Description in French", stored.DescriptionFr, mine.DescriptionFr);
        Compare("Description in English", stored.DescriptionEn, mine.DescriptionEn);
        Compare("Areas of excellence", stored.Areas, mine.Areas);
        Compare("Sectors", stored.Sectors, mine.Sectors);
        return differences;
    }

    public string? Error(string key) => Errors.TryGetValue(key, out var messages) ? string.Join(" ", messages) : null;
}
