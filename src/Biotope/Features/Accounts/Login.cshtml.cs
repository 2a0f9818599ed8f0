using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Accounts;

public class LoginModel(SignInManager<AppUser> signIn, Texts texts) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool RememberMe { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public Dictionary<string, string> Errors { get; } = [];
    public string? FormError { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email)) Errors["email"] = texts["Enter your e-mail address."];
        if (string.IsNullOrEmpty(Password)) Errors["password"] = texts["Enter your password."];
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Email!.Trim(), Password!, RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(ReturnAddress.LocalOrHome(ReturnUrl));
        FormError = result.IsLockedOut ? texts["Too many failed attempts: this account is locked for 15 minutes."] : texts["The e-mail or password is wrong."];
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
