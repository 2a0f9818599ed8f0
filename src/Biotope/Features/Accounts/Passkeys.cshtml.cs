using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Biotope.Features.Accounts;

/// <summary>The signed-in person's passkeys (ADR 021): add one (passkeys.js runs the browser's part), see them by name, remove.</summary>
[Authorize]
public class PasskeysModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountAudit audit, Infrastructure.Texts texts) : PageModel
{
    [BindProperty] public string? Credential { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public IReadOnlyList<UserPasskeyInfo> Passkeys { get; private set; } = [];
    public string? FormError { get; private set; }

    public static string Id(UserPasskeyInfo passkey) => WebEncoders.Base64UrlEncode(passkey.CredentialId);

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    /// <summary>The WebAuthn creation options for this person (the challenge is kept in Identity's two-factor cookie).</summary>
    public async Task<IActionResult> OnPostCreationOptionsAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var email = user.Email ?? user.UserName ?? user.Id;
        return Content(await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity { Id = user.Id, Name = email, DisplayName = user.DisplayName ?? email }), "application/json");
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        var attestation = string.IsNullOrWhiteSpace(Credential) ? null : await signIn.PerformPasskeyAttestationAsync(Credential);
        if (attestation is not { Succeeded: true } || attestation.UserEntity.Id != user.Id)
        {
            FormError = texts["The passkey could not be added. Try again."];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync();
        }
        var name = string.IsNullOrWhiteSpace(Name) ? texts["Passkey"] : Name.Trim();
        attestation.Passkey.Name = name.Length > 100 ? name[..100] : name;
        await users.AddOrUpdatePasskeyAsync(user, attestation.Passkey);
        await audit.AccountAsync(AccountAudit.PasskeyAdded, user, attestation.Passkey.Name);
        return LocalRedirect("/account/passkeys?done=added");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string id)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        byte[] credentialId;
        try { credentialId = WebEncoders.Base64UrlDecode(id ?? ""); }
        catch (FormatException) { return NotFound(); }
        var passkey = await users.GetPasskeyAsync(user, credentialId);
        if (passkey is null) return NotFound();
        await users.RemovePasskeyAsync(user, credentialId);
        await audit.AccountAsync(AccountAudit.PasskeyRemoved, user, passkey.Name);
        return LocalRedirect("/account/passkeys?done=removed");
    }

    private async Task<IActionResult> ShowAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Passkeys = (await users.GetPasskeysAsync(user)).OrderBy(p => p.CreatedAt).ToList();
        return Page();
    }
}
