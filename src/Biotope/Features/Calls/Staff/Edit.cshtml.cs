using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Calls.Staff;

/// <summary>The call form, for /calls/new and /calls/{id}/edit (staff only: see the folder convention in WebSetup).</summary>
public class EditModel(CallEditor editor, BiotopeDb db) : PageModel
{
    // Empty, not CallForm.New(): a posted form with every cost category unticked must not keep the new form's defaults.
    [BindProperty] public CallForm Form { get; set; } = new();

    /// <summary>The call as stored; null on /calls/new.</summary>
    public Call? Call { get; private set; }
    public IReadOnlyDictionary<string, Phrase[]> Errors { get; private set; } = new Dictionary<string, Phrase[]>();
    public bool Conflict { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, bool saved, CancellationToken ct)
    {
        Form = CallForm.New();
        if (id is { } callId)
        {
            Call = await db.LoadCallAsync(callId, ct);
            if (Call is null) return NotFound();
            Form = CallForm.From(Call);
        }
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Form.Padded();
        var unreadable = new Dictionary<string, Phrase[]>();
        var input = Form.ToInput(unreadable, out var criterionRows);
        if (id is { } callId)
        {
            Call = await db.LoadCallAsync(callId, ct);
            if (Call is null) return NotFound();
        }
        if (unreadable.Count > 0)
        {
            // Unreadable numbers stop the save; the validation still runs so that every message shows at once.
            var validation = input.Validate();
            var errors = validation.Succeeded ? [] : CallForm.ToFormKeys(validation.Failure!.Errors!, criterionRows);
            foreach (var (key, messages) in unreadable) errors[key] = messages;
            return Refused(errors, StatusCodes.Status400BadRequest);
        }

        var outcome = Call is null ? await editor.CreateAsync(input, User, ct) : await editor.UpdateAsync(Call.Id, input, ifMatch: null, User, ct);
        // An explicit address: the page has two routes, and /calls/new must not be the one picked.
        if (outcome.Succeeded) return LocalRedirect($"/calls/{outcome.Value!.Id}/edit?saved=true");
        var failure = outcome.Failure!;
        if (failure.Kind == FailureKind.NotFound) return NotFound();
        if (failure.Kind == FailureKind.Forbidden) return Forbid();
        if (failure.Errors is null && failure.Kind is FailureKind.Conflict or FailureKind.PreconditionRequired)
        {
            // Keep what was typed and take the current version, so that saving again is a deliberate choice.
            db.ChangeTracker.Clear();
            Call = await db.LoadCallAsync(Call!.Id, ct);
            Conflict = true;
            Form.Version = Call?.Version;
        }
        return Refused(failure.Errors is null ? [] : CallForm.ToFormKeys(failure.Errors, criterionRows),
            failure.Kind == FailureKind.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict);
    }

    private PageResult Refused(Dictionary<string, Phrase[]> errors, int status)
    {
        Errors = errors;
        Response.StatusCode = status;
        return Page();
    }
}
