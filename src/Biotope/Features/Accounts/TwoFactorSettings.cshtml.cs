using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Accounts;

/// <summary>
/// Two-factor sign-in for the signed-in person (ADR 021): enrol with a QR code or the key typed by hand, confirmed with the
/// password and a code; the ten recovery codes shown once; new codes or turning it off on a current code.
/// </summary>
[Authorize]
public class TwoFactorSettingsModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, TwoFactor twoFactor) : PageModel
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public bool Required { get; set; }
    [BindProperty(SupportsGet = true)] public bool Disabled { get; set; }

    public bool Enabled { get; private set; }
    public bool MayDisable { get; private set; }
    public int CodesLeft { get; private set; }
    public AuthenticatorSetup? Setup { get; private set; }
    /// <summary>Recovery codes just made: the only time they are shown.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync() => await ShowAsync(await users.GetUserAsync(User));

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var outcome = await twoFactor.EnableAsync(user, CurrentPassword, Code);
        return await AfterAsync(user, outcome.Failure, outcome.Value);
    }

    public async Task<IActionResult> OnPostRegenerateAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var outcome = await twoFactor.RegenerateAsync(user, Code);
        return await AfterAsync(user, outcome.Failure, outcome.Value);
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var failure = await twoFactor.DisableAsync(user, Code);
        if (failure is not null) return await AfterAsync(user, failure, null);
        await signIn.RefreshSignInAsync(user);
        return LocalRedirect("/account/two-factor?disabled=true");
    }

    private async Task<IActionResult> AfterAsync(AppUser user, Failure? failure, IReadOnlyList<string>? codes)
    {
        Code = null;
        CurrentPassword = null;
        if (failure is not null)
        {
            Errors = failure.Errors is null ? new Dictionary<string, string[]> { ["code"] = [Texts.Current.Say(failure.Detail!)] } : Texts.Current.Say(failure.Errors);
            Response.StatusCode = Problems.StatusCode(failure.Kind);
            return await ShowAsync(user);
        }
        // Turning it on renews the security stamp: this browser signs in again, with the claim the requirement reads.
        await signIn.RefreshSignInAsync(user);
        RecoveryCodes = codes;
        Response.Headers.CacheControl = "no-store";
        Required = false;
        return await ShowAsync(user);
    }

    private async Task<IActionResult> ShowAsync(AppUser? user)
    {
        if (user is null) return Challenge();
        Enabled = user.TwoFactorEnabled;
        MayDisable = !twoFactor.MustKeep(await users.GetRolesAsync(user));
        if (Enabled)
        {
            CodesLeft = await twoFactor.RecoveryCodesLeftAsync(user);
        }
        else
        {
            Setup = await twoFactor.SetupAsync(user);
        }
        return Page();
    }
}
