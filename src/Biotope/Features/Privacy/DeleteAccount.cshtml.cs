using Biotope.Features.Accounts;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Privacy;

/// <summary>The person erases their own account, confirmed with their password (or a two-factor code), then is signed out.</summary>
[Authorize]
public class DeleteAccountModel(AccountErasure erasure, SignInManager<AppUser> signIn, UserManager<AppUser> users) : PageModel
{
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Code { get; set; }
    public bool TwoFactor { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }

    public async Task OnGetAsync() => TwoFactor = (await users.GetUserAsync(User))?.TwoFactorEnabled == true;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await erasure.EraseMineAsync(User.UserId()!, new EraseMyAccountInput { Password = Password, Code = Code }, ct);
        if (outcome.Succeeded)
        {
            await signIn.SignOutAsync();
            return LocalRedirect("/account/deleted");
        }
        Errors = Texts.Current.Say(outcome.Failure!.Errors);
        if (Errors.Count == 0) Problem = Texts.Current.Say(outcome.Failure.Detail ?? outcome.Failure.Title);
        Response.StatusCode = Problems.StatusCode(outcome.Failure.Kind);
        await OnGetAsync();
        return Page();
    }
}
