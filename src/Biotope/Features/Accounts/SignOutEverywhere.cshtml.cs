using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Accounts;

/// <summary>The "sign out everywhere" button of My space: a new security stamp ends every session and sign-in token (ADR 018).</summary>
[Authorize]
public class SignOutEverywhereModel(UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/account");

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is { } account) await users.UpdateSecurityStampAsync(account);
        await signIn.SignOutAsync();
        return LocalRedirect("/account/login?signedOut=everywhere");
    }
}
