using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Calls.Evaluation;

/// <summary>The printable decision letter, in French or English (?language=), for the consortium and staff.</summary>
[Authorize]
public class LetterModel(EvaluationService evaluation, Texts texts) : PageModel
{
    public DecisionLetter Letter { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, string? language, CancellationToken ct)
    {
        var outcome = await evaluation.LetterAsync(id, language is "fr" or "en" ? language : texts.Language, User, ct);
        if (!outcome.Succeeded) return outcome.Failure!.Kind == FailureKind.Forbidden ? Forbid() : NotFound();
        Letter = outcome.Value!;
        return Page();
    }
}
