using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Biotope.Features.Accounts;

/// <summary>
/// The sign-in form; the POST is rate-limited per client address and throttled per (e-mail, client) (ADR 019). An account
/// with two-factor sign-in goes on to the second step; a passkey signs in on its own (ADR 021).
/// </summary>
[EnableRateLimiting(RateLimits.SignIn)]
public class LoginModel(PasswordSignIn passwords, SignInManager<AppUser> signIn, Texts texts) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool RememberMe { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>The browser's answer to the passkey challenge (JSON), filled in by passkeys.js.</summary>
    [BindProperty] public string? Credential { get; set; }

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
        var answer = await passwords.SignInAsync(HttpContext, Email!, Password!, RememberMe);
        if (answer.NeedsSecondFactor)
            return LocalRedirect($"/account/login/two-factor?returnUrl={Uri.EscapeDataString(ReturnAddress.LocalOrHome(ReturnUrl))}&rememberMe={RememberMe.ToString().ToLowerInvariant()}");
        return Answer(answer);
    }

    /// <summary>The passkey challenge for this browser (the state is kept in Identity's two-factor cookie).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");

    public async Task<IActionResult> OnPostPasskeyAsync() => Answer(await passwords.PasskeyAsync(HttpContext, Credential, RememberMe));

    private IActionResult Answer(SignInAnswer answer)
    {
        if (answer.Succeeded) return LocalRedirect(ReturnAddress.LocalOrHome(ReturnUrl));
        FormError = texts.Say(answer.Failure!.Detail!);
        Response.StatusCode = Problems.StatusCode(answer.Failure.Kind);
        answer.WriteRetryAfter(Response);
        return Page();
    }
}
