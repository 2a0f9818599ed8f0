using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Biotope.Features.Accounts;

/// <summary>The second step of a sign-in with two-factor sign-in: the app's code or a recovery code (ADR 021).</summary>
[EnableRateLimiting(RateLimits.SignIn)]
public class LoginTwoFactorModel(PasswordSignIn passwords, SignInManager<AppUser> signIn, Texts texts) : PageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public bool RememberMe { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public string? FormError { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? LocalRedirect("/account/login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var answer = await passwords.SecondFactorAsync(HttpContext, Code, RememberMe);
        if (answer.Succeeded) return LocalRedirect(ReturnAddress.LocalOrHome(ReturnUrl));
        FormError = answer.Failure == SignInAnswer.InvalidCredentials ? texts["auth.two-factor-code-wrong"] : texts.Say(answer.Failure!.Detail!);
        Response.StatusCode = Problems.StatusCode(answer.Failure!.Kind);
        answer.WriteRetryAfter(Response);
        return Page();
    }
}
