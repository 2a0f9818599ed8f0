using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Privacy;

/// <summary>Staff: accounts unused for 24 months, and the erasure of an account at its owner's written request (ADR 022).</summary>
[Authorize(Roles = Roles.Staff)]
public class StaffAccountsModel(BiotopeDb db, InactiveAccounts inactive, AccountErasure erasure) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public List<InactiveAccountDto> Inactive { get; private set; } = [];
    public ErasedAccount? Erased { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Inactive = await inactive.ListAsync(ct);

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken ct)
    {
        var normalized = Email?.Trim().ToUpperInvariant();
        var userId = string.IsNullOrEmpty(normalized) ? null
            : await db.Users.Where(u => u.NormalizedEmail == normalized && u.ErasedAt == null).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (userId is null)
        {
            Errors = new Dictionary<string, string[]> { ["email"] = [Texts.Current.Say(Phrase.Of("account.not-found"))] };
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            var outcome = await erasure.EraseOnRequestAsync(User, userId, new EraseAccountInput { Reason = Reason }, ct);
            if (outcome.Succeeded)
            {
                Erased = outcome.Value;
                (Email, Reason) = (null, null);
            }
            else
            {
                Errors = Texts.Current.Say(outcome.Failure!.Errors);
                if (Errors.Count == 0) Problem = Texts.Current.Say(outcome.Failure.Detail ?? outcome.Failure.Title);
                Response.StatusCode = Problems.StatusCode(outcome.Failure.Kind);
            }
        }
        await OnGetAsync(ct);
        return Page();
    }
}
