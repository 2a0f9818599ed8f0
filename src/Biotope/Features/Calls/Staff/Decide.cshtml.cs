using Biotope.Data;
using Biotope.Features.Calls.Evaluation;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Staff;

/// <summary>
/// The second step of a decision: what will happen (the letter as it will read, to whom it goes), then the confirmation.
/// A plain page, so it works without JavaScript; nothing is stored before the confirmation.
/// </summary>
public class DecideModel(BiotopeDb db, EvaluationService evaluation, Texts texts) : PageModel
{
    public int CallId { get; private set; }
    public int ProposalId { get; private set; }
    public string Acronym { get; private set; } = "";
    public DecisionOutcome Outcome { get; private set; }
    public string? Note { get; private set; }
    /// <summary>The proposal's version the preview was made from: the confirmation decides on what was shown, or is refused.</summary>
    public int Version { get; private set; }
    public DecisionPreview? Preview { get; private set; }
    public Failure? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int proposalId, DecisionOutcome outcome, string? note, CancellationToken ct)
    {
        if (!await LoadAsync(id, proposalId, outcome, note, ct)) return NotFound();
        var preview = await evaluation.PreviewDecisionAsync(proposalId, new DecisionInput(outcome, note), texts.Language, User, ct);
        if (preview.Failure is { } failure) return Refused(failure);
        Preview = preview.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int proposalId, DecisionOutcome outcome, string? note, int? version, CancellationToken ct)
    {
        if (!await LoadAsync(id, proposalId, outcome, note, ct)) return NotFound();
        var decided = await evaluation.DecideAsync(proposalId, new DecisionInput(outcome, note), ReadVersion.Of(version), User, ct);
        if (decided.Failure is { } failure) return Refused(failure);
        return LocalRedirect($"/calls/{id}/evaluation?done=decided#p-{proposalId}");
    }

    private IActionResult Refused(Failure failure)
    {
        if (failure.Kind == FailureKind.NotFound) return NotFound();
        if (failure.Kind == FailureKind.Forbidden) return Forbid();
        Problem = failure;
        Response.StatusCode = Problems.StatusCode(failure.Kind);
        return Page();
    }

    /// <summary>The proposal must belong to the call of the address: proposals are decided from their own call's page.</summary>
    private async Task<bool> LoadAsync(int id, int proposalId, DecisionOutcome outcome, string? note, CancellationToken ct)
    {
        var proposal = await db.Proposals.AsNoTracking().Where(p => p.Id == proposalId && p.CallId == id).Select(p => new { p.Acronym, p.Version }).SingleOrDefaultAsync(ct);
        if (proposal is null || !Enum.IsDefined(outcome)) return false;
        (CallId, ProposalId, Acronym, Outcome, Note, Version) = (id, proposalId, proposal.Acronym, outcome, note, proposal.Version);
        return true;
    }
}
