using System.Security.Claims;
using System.Text;
using Biotope.Infrastructure;
using QRCoder;

namespace Biotope.Features.Accounts;

/// <summary>The authenticator key as the page shows it: grouped for typing, as an otpauth address, and as a QR code.</summary>
public sealed record AuthenticatorSetup(string SharedKey, string Uri, string QrCodeDataUrl);

/// <summary>
/// Two-factor sign-in with an authenticator app, on Identity's own TOTP support (ADR 021): enrol (a key, confirmed with a
/// code), ten single-use recovery codes, regenerate, disable; each change asks for a current code or the password and is
/// audited. Administrators and cluster staff must have it (<see cref="BiotopeSettings.StaffTwoFactorRequired"/>).
/// </summary>
public sealed class TwoFactor(BiotopeUserManager users, AccountAudit audit, BiotopeSettings settings)
{
    public const string EnabledClaim = "biotope:2fa";
    public const int RecoveryCodeCount = 10;
    public const string Issuer = "Biotope";

    /// <summary>Staff without two-factor sign-in may use nothing but its enrolment (ADR 021).</summary>
    public static bool MustEnrol(ClaimsPrincipal user, BiotopeSettings settings) =>
        settings.StaffTwoFactorRequired && user.IsStaff() && user.FindFirstValue(EnabledClaim) is null;

    public bool MustEnrol(AppUser user, IList<string> roles) => !user.TwoFactorEnabled && MustKeep(roles);

    /// <summary>Administrators and cluster staff keep two-factor sign-in: they cannot turn it off.</summary>
    public bool MustKeep(IList<string> roles) =>
        settings.StaffTwoFactorRequired && (roles.Contains(Roles.Administrator) || roles.Contains(Roles.ClusterStaff));

    /// <summary>The key to enrol (made on first use; kept until two-factor sign-in is turned on or off).</summary>
    public async Task<AuthenticatorSetup> SetupAsync(AppUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.CreateAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        var label = Uri.EscapeDataString(Issuer + ":" + (user.Email ?? user.UserName));
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return new AuthenticatorSetup(Grouped(key!), uri, QrCode(uri));
    }

    /// <summary>An SVG QR code as a data address, drawn on the server: the page needs no script (the CSP allows none inline).</summary>
    public static string QrCode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
    }

    private static string Grouped(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4) sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        return sb.ToString().TrimEnd().ToLowerInvariant();
    }

    /// <summary>Turns two-factor sign-in on when the code matches the key and the password is the current one; answers the recovery codes.</summary>
    public async Task<Outcome<IReadOnlyList<string>>> EnableAsync(AppUser user, string? password, string? code)
    {
        if (!await PasswordChange.ConfirmsCurrentPasswordAsync(users, user, password)) return Failure.Invalid("currentPassword", Phrase.Of("auth.current-password-wrong"));
        if (!await VerifyAuthenticatorAsync(user, code)) return Failure.Invalid("code", Phrase.Of("auth.two-factor-code-wrong"));
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await audit.AccountAsync(AccountAudit.TwoFactorEnabled, user);
        return codes;
    }

    /// <summary>New recovery codes (the old ones stop), on a current code from the app.</summary>
    public async Task<Outcome<IReadOnlyList<string>>> RegenerateAsync(AppUser user, string? code)
    {
        if (!user.TwoFactorEnabled || !await VerifyAuthenticatorAsync(user, code)) return Failure.Invalid("code", Phrase.Of("auth.two-factor-code-wrong"));
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await audit.AccountAsync(AccountAudit.RecoveryCodesRenewed, user);
        return codes;
    }

    /// <summary>Turns two-factor sign-in off on a current code (app or recovery); staff who must have it cannot.</summary>
    public async Task<Failure?> DisableAsync(AppUser user, string? code)
    {
        if (MustKeep(await users.GetRolesAsync(user))) return Failure.Forbidden(Phrase.Of("auth.two-factor-required-for-staff"));
        if (!user.TwoFactorEnabled || !await VerifyAsync(user, code)) return Failure.Invalid("code", Phrase.Of("auth.two-factor-code-wrong"));
        await users.SetTwoFactorEnabledAsync(user, false);
        // A new key next time: the old one may be on a lost phone.
        await users.ResetAuthenticatorKeyAsync(user);
        await audit.AccountAsync(AccountAudit.TwoFactorDisabled, user);
        return null;
    }

    public async Task<int> RecoveryCodesLeftAsync(AppUser user) => await users.CountRecoveryCodesAsync(user);

    /// <summary>A six-digit code from the authenticator app (spaces and hyphens ignored).</summary>
    public async Task<bool> VerifyAuthenticatorAsync(AppUser user, string? code)
    {
        var digits = Normalize(code);
        return IsAuthenticatorCode(digits) && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits);
    }

    /// <summary>An app code, or a recovery code (used up, and audited).</summary>
    public async Task<bool> VerifyAsync(AppUser user, string? code)
    {
        var text = Normalize(code);
        if (text.Length == 0) return false;
        if (IsAuthenticatorCode(text)) return await VerifyAuthenticatorAsync(user, text);
        if (!(await users.RedeemTwoFactorRecoveryCodeAsync(user, RecoveryCode(code))).Succeeded) return false;
        await audit.AccountAsync(AccountAudit.RecoveryCodeUsed, user);
        return true;
    }

    public static string Normalize(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();

    /// <summary>A recovery code as Identity keeps it ("xxxxx-xxxxx"), whether typed with its hyphen or not.</summary>
    public static string RecoveryCode(string? code)
    {
        var text = Normalize(code).ToUpperInvariant();
        return text.Length == 10 ? text[..5] + "-" + text[5..] : text;
    }

    public static bool IsAuthenticatorCode(string text) => text.Length == 6 && text.All(char.IsAsciiDigit);
}
