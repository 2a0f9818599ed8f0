using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Accounts;

/// <summary>A new password on the current one (ADR 021); other sessions and sign-in tokens end, this browser stays signed in.</summary>
[Authorize]
public class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountAudit audit) : PageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty(SupportsGet = true)] public bool Changed { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var failure = await PasswordChange.ChangeAsync(users, audit, user, new PasswordChangeRequest(CurrentPassword, NewPassword));
        if (failure is not null)
        {
            Errors = Texts.Current.Say(failure.Errors!);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await signIn.RefreshSignInAsync(user);
        return LocalRedirect("/account/password?changed=true");
    }
}
