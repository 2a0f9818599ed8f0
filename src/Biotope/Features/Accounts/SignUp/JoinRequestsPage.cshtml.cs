using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Accounts.SignUp;

/// <summary>Pending join requests for a member admin's organization (all of them for staff), approved or declined here as by the API.</summary>
[Authorize]
public class JoinRequestsPageModel(JoinRequests requests) : PageModel
{
    public IReadOnlyList<JoinRequestDto> Pending { get; private set; } = [];
    [TempData] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var outcome = await requests.PendingAsync(User, Texts.Current.Language, ct);
        if (!outcome.Succeeded) return Forbid();
        Pending = outcome.Value!;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, bool approve, CancellationToken ct)
    {
        var outcome = await requests.DecideAsync(User, id, approve, Texts.Current.Language, ct);
        if (outcome.Failure is { Kind: FailureKind.Forbidden }) return Forbid();
        if (outcome.Failure is { Kind: FailureKind.NotFound }) return NotFound();
        Done = outcome.Succeeded
            ? Texts.Current.Say(Phrase.Of(approve ? "join-request.approved" : "join-request.declined", outcome.Value!.Name, outcome.Value.Organization))
            : Texts.Current.Say(outcome.Failure!.Detail!);
        return RedirectToPage();
    }
}
