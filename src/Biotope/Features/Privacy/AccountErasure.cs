using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Accounts.Tokens;
using Biotope.Features.Audit;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Privacy;

/// <summary>What erasing one account asks for: the person's own confirmation, or staff acting on a written request.</summary>
public sealed class EraseMyAccountInput
{
    /// <summary>The current password.</summary>
    public string? Password { get; set; }
    /// <summary>Instead of the password, when the account has two-factor sign-in: a current code of the authenticator app, or a recovery code.</summary>
    public string? Code { get; set; }
}

public sealed class EraseAccountInput
{
    /// <summary>Why staff erase the account, e.g. the reference of the person's written request (kept in the audit log).</summary>
    public string? Reason { get; set; }
}

public sealed record ErasedAccount(string UserId, string Pseudonym, DateTimeOffset ErasedAt);

/// <summary>
/// Erases an account in one transaction (ADR 022). The account row stays as a pseudonym ("Former user 7F3A"), without
/// e-mail, password, roles or sign-ins, so bookings, statements, reviews and the audit log keep their history under it;
/// the person's entries on organization profiles, tokens, calendar feeds and notifications go; the expert profile, the
/// trainer name, the audit log, the outbox and other people's notifications keep their records with the pseudonym in
/// place of the person's name, e-mail and ORCID iD. The erasure itself is audited.
/// </summary>
public sealed class AccountErasure(BiotopeDb db, UserManager<AppUser> users, TwoFactor twoFactor, SecurityStamps stamps, AuditActor actor, TimeProvider clock)
{
    public const string Erased = "Erased";
    public const int ReasonLength = 500;

    public static string Pseudonym(string userId) =>
        "Former user " + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(userId)))[..4];

    /// <summary>The person erases their own account, confirmed with their password (or, with two-factor sign-in, a current code).</summary>
    public async Task<Outcome<ErasedAccount>> EraseMineAsync(string userId, EraseMyAccountInput input, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.ErasedAt is not null) return Failure.NotFound(Phrase.Of("account.not-found"));
        if (!await ConfirmsAsync(user, input))
        {
            return Failure.Invalid(string.IsNullOrEmpty(input.Password) && !string.IsNullOrEmpty(input.Code) ? "code" : "password", Phrase.Of("account.erase.not-confirmed"));
        }
        if (await IsLastAdministratorAsync(user, ct)) return Failure.Conflict(Phrase.Of("problem.conflict"), Phrase.Of("account.erase.last-administrator"));
        return await EraseAsync(user, "self", null, ct);
    }

    /// <summary>Staff erase an account at the person's request (never their own: that is <see cref="EraseMineAsync"/>).</summary>
    public async Task<Outcome<ErasedAccount>> EraseOnRequestAsync(System.Security.Claims.ClaimsPrincipal staff, string userId, EraseAccountInput input, CancellationToken ct)
    {
        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return Failure.Invalid("reason", Phrase.Of("account.erase.reason-required"));
        if (reason.Length > ReasonLength) return Failure.Invalid("reason", Phrase.Of("account.erase.reason-too-long", ReasonLength));
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.ErasedAt == null, ct);
        if (user is null) return Failure.NotFound(Phrase.Of("account.not-found"));
        if (user.Id == staff.UserId()) return Failure.Forbidden(Phrase.Of("account.erase.own-account"));
        var roles = await users.GetRolesAsync(user);
        if (roles.Contains(Roles.Administrator) && !staff.IsInRole(Roles.Administrator)) return Failure.Forbidden(Phrase.Of("account.erase.administrator"));
        if (await IsLastAdministratorAsync(user, ct)) return Failure.Conflict(Phrase.Of("problem.conflict"), Phrase.Of("account.erase.last-administrator"));
        return await EraseAsync(user, "staff", reason, ct);
    }

    /// <summary>
    /// The password, or — for an account with two-factor sign-in — a current code (app or recovery code). A wrong one counts
    /// towards the lockout, as at sign-in.
    /// </summary>
    private async Task<bool> ConfirmsAsync(AppUser user, EraseMyAccountInput input)
    {
        if (!string.IsNullOrEmpty(input.Password)) return await PasswordChange.ConfirmsCurrentPasswordAsync(users, user, input.Password);
        if (!user.TwoFactorEnabled || input.Code is not { Length: > 0 and <= 16 } code || await users.IsLockedOutAsync(user)) return false;
        if (await twoFactor.VerifyAsync(user, code)) return true;
        await users.AccessFailedAsync(user);
        return false;
    }

    private async Task<bool> IsLastAdministratorAsync(AppUser user, CancellationToken ct)
    {
        if (!await users.IsInRoleAsync(user, Roles.Administrator)) return false;
        var administrators = await users.GetUsersInRoleAsync(Roles.Administrator);
        return administrators.Count(a => a.ErasedAt is null) <= 1;
    }

    private async Task<Outcome<ErasedAccount>> EraseAsync(AppUser user, string by, string? reason, CancellationToken ct)
    {
        var id = user.Id;
        var pseudonym = Pseudonym(id);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Every form in which the person's identity may have been written down elsewhere (audit snapshots, e-mails, messages).
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Remember(string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            names.Add(value);
            names.Add(value.ToLowerInvariant());
            // Identity's normalized forms (NormalizedEmail, NormalizedUserName) sit in the account's audit snapshots.
            names.Add(value.ToUpperInvariant());
        }
        Remember(user.Email);
        Remember(user.UserName);
        Remember(user.DisplayName);
        Remember(user.PhoneNumber);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name!).ToListAsync(ct);

        var orcids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var expert in await db.Experts.Where(e => e.UserId == id).ToListAsync(ct))
        {
            if (expert.Orcid is { } expertOrcid) orcids.Add(expertOrcid);
            Remember(expert.Name);
            Remember(expert.Email);
            Remember(expert.Orcid);
            expert.Name = pseudonym;
            expert.Email = null;
            expert.Orcid = null;
            expert.Active = false;
            expert.UserId = null;
        }
        var people = await db.People.Where(p => p.UserId == id).ToListAsync(ct);
        foreach (var person in people)
        {
            if (person.Orcid is { } personOrcid) orcids.Add(personOrcid);
            Remember(person.Name);
            Remember(person.Orcid);
        }
        // Researchers hired on projects are typed by name, not linked to an account: only their ORCID iD says it is this person.
        foreach (var researcher in await db.ProjectResearchers.Where(r => r.Orcid != null && orcids.Contains(r.Orcid)).ToListAsync(ct))
        {
            Remember(researcher.Name);
            researcher.Name = pseudonym;
            researcher.Orcid = null;
        }
        var organizations = people.Select(p => p.OrganizationId).Distinct().ToList();
        db.People.RemoveRange(people);
        // The profile changed: a new version, its search document and cache follow (BiotopeDb.SaveChangesAsync).
        foreach (var organization in await db.Organizations.Where(o => organizations.Contains(o.Id)).ToListAsync(ct))
            db.Entry(organization).State = EntityState.Modified;
        foreach (var session in await db.TrainingSessions.Where(s => s.TrainerUserId == id).ToListAsync(ct))
        {
            Remember(session.TrainerName);
            Remember(session.TrainerNameFr);
            session.TrainerName = pseudonym;
            session.TrainerNameFr = null;
        }
        db.PersonalTokens.RemoveRange(await db.PersonalTokens.Where(t => t.UserId == id).ToListAsync(ct));
        db.CalendarFeeds.RemoveRange(await db.CalendarFeeds.Where(f => f.UserId == id).ToListAsync(ct));
        db.PlatformManagers.RemoveRange(await db.PlatformManagers.Where(m => m.UserId == id).ToListAsync(ct));
        db.UserRoles.RemoveRange(await db.UserRoles.Where(r => r.UserId == id).ToListAsync(ct));
        db.UserClaims.RemoveRange(await db.UserClaims.Where(c => c.UserId == id).ToListAsync(ct));
        db.UserLogins.RemoveRange(await db.UserLogins.Where(l => l.UserId == id).ToListAsync(ct));
        // The authenticator key and recovery codes (user tokens) and the passkeys: no way back into the account.
        db.UserTokens.RemoveRange(await db.UserTokens.Where(t => t.UserId == id).ToListAsync(ct));
        db.Set<IdentityUserPasskey<string>>().RemoveRange(await db.Set<IdentityUserPasskey<string>>().Where(p => p.UserId == id).ToListAsync(ct));
        await db.Notifications.Where(n => n.UserId == id).ExecuteDeleteAsync(ct);

        user.Email = null;
        user.NormalizedEmail = null;
        user.UserName = "erased-" + id;
        user.NormalizedUserName = user.UserName.ToUpperInvariant();
        user.DisplayName = pseudonym;
        user.PasswordHash = null;
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.EmailConfirmed = false;
        user.TwoFactorEnabled = false;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.OrganizationId = null;
        user.ErasedAt = now;
        await db.SaveChangesAsync(ct);

        // The audit entries just written hold the values before the change: the pseudonym replaces them there too.
        await ReplaceEverywhereAsync(names, pseudonym, ct);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            UserId = by == "self" ? id : actor.UserId,
            UserEmail = by == "self" ? pseudonym : actor.Email,
            EntityType = nameof(AppUser),
            EntityId = id,
            Action = Erased,
            After = JsonSerializer.Serialize(new SortedDictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Pseudonym"] = pseudonym,
                ["ErasedBy"] = by,
                ["Reason"] = reason,
                ["Roles"] = roles.Order(StringComparer.Ordinal).ToList(),
                ["PeopleRemoved"] = people.Count,
            }),
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        stamps.Forget(id);
        return new ErasedAccount(id, pseudonym, now);
    }

    /// <summary>Writes the pseudonym over each remembered form (as written and as JSON escapes it) in stored texts.</summary>
    private async Task ReplaceEverywhereAsync(IEnumerable<string> names, string pseudonym, CancellationToken ct)
    {
        // Longest first, so that "Jane Doe" goes before "Jane"; texts shorter than 4 characters are replaced only where a whole field holds them.
        foreach (var name in names.OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal))
        {
            await db.AuditEntries.Where(a => a.UserEmail == name).ExecuteUpdateAsync(s => s.SetProperty(a => a.UserEmail, pseudonym), ct);
            await db.AuditEntries.Where(a => a.EntityId == name).ExecuteUpdateAsync(s => s.SetProperty(a => a.EntityId, pseudonym), ct);
            await db.Outbox.Where(m => m.To == name).ExecuteUpdateAsync(s => s.SetProperty(m => m.To, pseudonym), ct);
            if (name.Length < 4) continue;
            var escaped = JsonSerializer.Serialize(name)[1..^1];
            foreach (var form in escaped == name ? [name] : new[] { name, escaped })
            {
                await db.AuditEntries.Where(a => a.Before!.Contains(form)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Before, a => a.Before!.Replace(form, pseudonym)), ct);
                await db.AuditEntries.Where(a => a.After!.Contains(form)).ExecuteUpdateAsync(s => s.SetProperty(a => a.After, a => a.After!.Replace(form, pseudonym)), ct);
            }
            await db.Outbox.Where(m => m.To.Contains(name)).ExecuteUpdateAsync(s => s.SetProperty(m => m.To, m => m.To.Replace(name, pseudonym)), ct);
            await db.Outbox.Where(m => m.Subject.Contains(name)).ExecuteUpdateAsync(s => s.SetProperty(m => m.Subject, m => m.Subject.Replace(name, pseudonym)), ct);
            await db.Outbox.Where(m => m.Body.Contains(name)).ExecuteUpdateAsync(s => s.SetProperty(m => m.Body, m => m.Body.Replace(name, pseudonym)), ct);
            await db.Notifications.Where(n => n.SubjectEn.Contains(name) || n.SubjectFr.Contains(name) || n.BodyEn!.Contains(name) || n.BodyFr!.Contains(name))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.SubjectEn, n => n.SubjectEn.Replace(name, pseudonym))
                    .SetProperty(n => n.SubjectFr, n => n.SubjectFr.Replace(name, pseudonym))
                    .SetProperty(n => n.BodyEn, n => n.BodyEn!.Replace(name, pseudonym))
                    .SetProperty(n => n.BodyFr, n => n.BodyFr!.Replace(name, pseudonym)), ct);
        }
    }
}
