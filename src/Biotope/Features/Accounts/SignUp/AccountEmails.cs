using Biotope.Data;
using Biotope.Features.Notifications;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Accounts.SignUp;

public sealed record SignUpInput(string? Name, string? Email, string? Password, int? OrganizationId, string? Message)
{
    public const int NameLength = 200, EmailLength = 256, MessageLength = 1000, PasswordLength = 200;
}

public sealed record ConfirmEmailInput(string? UserId, string? Token);

public sealed record ForgotPasswordInput(string? Email);

public sealed record ResetPasswordInput(string? UserId, string? Token, string? Password);

/// <summary>
/// Sign-up, e-mail confirmation and password reset by e-mail (ADR 020). Every e-mail goes through the outbox in the
/// language of the request (the notifier puts its links on the configured public address). Answers never tell whether an e-mail has an
/// account: sign-up and forgot-password say "look in your mailbox" either way.
/// </summary>
public sealed class AccountEmails(BiotopeDb db, UserManager<AppUser> users, Notifier notifier, TimeProvider clock)
{
    /// <summary>How long a password-reset link works (Identity's data-protection token; single use: the stamp changes).</summary>
    public static readonly TimeSpan ResetLifespan = TimeSpan.FromHours(2);

    /// <summary>How long a confirmation link works.</summary>
    public static readonly TimeSpan ConfirmationLifespan = TimeSpan.FromDays(2);

    public async Task<Failure?> SignUpAsync(SignUpInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, Phrase[]>();
        var name = input.Name?.Trim() ?? "";
        var email = input.Email?.Trim() ?? "";
        var message = string.IsNullOrWhiteSpace(input.Message) ? null : input.Message.Trim();
        if (name.Length == 0) errors["name"] = [Phrase.Of("signup.name.required")];
        else if (name.Length > SignUpInput.NameLength) errors["name"] = [Phrase.Of("field.too-long", SignUpInput.NameLength)];
        if (email.Length == 0 || email.Length > SignUpInput.EmailLength || !System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            errors["email"] = [Phrase.Of("signup.email.invalid")];
        if (PasswordError(input.Password) is { } passwordError) errors["password"] = [passwordError];
        if (message is { Length: > SignUpInput.MessageLength }) errors["message"] = [Phrase.Of("field.too-long", SignUpInput.MessageLength)];
        if (input.OrganizationId is not { } organizationId) errors["organizationId"] = [Phrase.Of("signup.organization.required")];
        else if (!await db.Organizations.AnyAsync(o => o.Id == organizationId && o.DeletedAt == null, ct)) errors["organizationId"] = [Phrase.Of("signup.organization.unknown")];
        if (!errors.ContainsKey("password") && await PasswordRulesAsync(input.Password!) is { } rules) errors["password"] = [rules];
        if (errors.Count > 0) return Failure.Invalid(errors);

        var texts = Texts.Current;
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // The same answer and about the same work as a new account; the owner of the address is told.
            PasswordSignIn.SpendHashWork(users, input.Password!);
            if (existing.EmailConfirmed)
                notifier.Email(existing.Email!, texts.Say(Phrase.Of("email.signup-exists.subject")),
                    texts.Say(Phrase.Of("email.signup-exists.body")), "/account/forgot-password");
            else
                // Signed up before and lost the link: a new one (the first request stands; this form's choices are not kept).
                await SendConfirmationAsync(existing, texts);
            await db.SaveChangesAsync(ct);
            return null;
        }

        var user = new AppUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = false };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, input.Password!);
        if (!created.Succeeded)
        {
            // A race with another sign-up of the same address, or a name Identity refuses: the same answer as above.
            return created.Errors.Any(e => e.Code.Contains("Duplicate", StringComparison.Ordinal)) ? null
                : Failure.Invalid("email", Phrase.Of("signup.email.invalid"));
        }
        db.JoinRequests.Add(new JoinRequest { UserId = user.Id, OrganizationId = input.OrganizationId!.Value, Message = message, Status = JoinRequestStatus.Pending, CreatedAt = clock.GetUtcNow() });
        await SendConfirmationAsync(user, texts);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>Confirms the address; the first time, the organization's member admins (or staff) are told of the request.</summary>
    public async Task<Failure?> ConfirmEmailAsync(ConfirmEmailInput input, CancellationToken ct)
    {
        var invalid = Failure.Invalid("token", Phrase.Of("auth.confirm-link-invalid"));
        if (await FindAsync(input.UserId) is not { } user || string.IsNullOrEmpty(input.Token) || input.Token.Length > 2000) return invalid;
        if (user.EmailConfirmed) return null;
        var result = await users.ConfirmEmailAsync(user, input.Token);
        if (!result.Succeeded) return invalid;
        var pending = await db.JoinRequests.Where(r => r.UserId == user.Id && r.Status == JoinRequestStatus.Pending).Select(r => r.OrganizationId).ToListAsync(ct);
        foreach (var organizationId in pending)
        {
            var message = Message.From("join-request", Phrase.Of("notify.join-request.subject", user.DisplayName ?? user.Email),
                Phrase.Of("notify.join-request.body", user.DisplayName ?? user.Email, user.Email), "/account/join-requests");
            // An organization without a member admin yet: staff decide.
            if (await notifier.ToOrganizationAdminsAsync([organizationId], message, ct) == 0) await notifier.ToStaffAsync(message, ct);
        }
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Queues a reset link when the address has an account; says nothing either way.</summary>
    public async Task ForgotPasswordAsync(ForgotPasswordInput input, CancellationToken ct)
    {
        var email = input.Email?.Trim() ?? "";
        if (email.Length is 0 or > SignUpInput.EmailLength || await users.FindByEmailAsync(email) is not { } user) return;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var texts = Texts.Current;
        notifier.Email(user.Email!, texts.Say(Phrase.Of("email.reset.subject")), texts.Say(Phrase.Of("email.reset.body", (int)ResetLifespan.TotalHours)), Link("/account/reset-password", user.Id, token));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sets the new password once per link (the security stamp changes, which ends the link and every sign-in).</summary>
    public async Task<Failure?> ResetPasswordAsync(ResetPasswordInput input, CancellationToken ct)
    {
        if (PasswordError(input.Password) is { } passwordError) return Failure.Invalid("password", passwordError);
        var invalid = Failure.Invalid("token", Phrase.Of("auth.reset-link-invalid"));
        if (await FindAsync(input.UserId) is not { } user || string.IsNullOrEmpty(input.Token) || input.Token.Length > 2000) return invalid;
        if (await PasswordRulesAsync(input.Password!, user) is { } rules) return Failure.Invalid("password", rules);
        var result = await users.ResetPasswordAsync(user, input.Token, input.Password!);
        if (!result.Succeeded) return invalid;
        await users.ResetAccessFailedCountAsync(user);
        return null;
    }

    private async Task SendConfirmationAsync(AppUser user, Texts texts)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        notifier.Email(user.Email!, texts.Say(Phrase.Of("email.confirm.subject")),
            texts.Say(Phrase.Of("email.confirm.body", user.DisplayName ?? user.Email, (int)ConfirmationLifespan.TotalHours)), Link("/account/confirm-email", user.Id, token));
    }

    private async Task<AppUser?> FindAsync(string? userId) =>
        string.IsNullOrEmpty(userId) || userId.Length > 100 ? null : await users.FindByIdAsync(userId);

    private string Link(string path, string userId, string token) =>
        $"{path}?user={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";

    private static Phrase? PasswordError(string? password) =>
        string.IsNullOrEmpty(password) ? Phrase.Of("signup.password.required")
        : password.Length > SignUpInput.PasswordLength ? Phrase.Of("field.too-long", SignUpInput.PasswordLength)
        : null;

    private async Task<Phrase?> PasswordRulesAsync(string password, AppUser? user = null) =>
        (await UserAccounts.PasswordProblemsAsync(users, user ?? new AppUser(), password)).Length > 0 ? Phrase.Of("signup.password.weak") : null;
}
