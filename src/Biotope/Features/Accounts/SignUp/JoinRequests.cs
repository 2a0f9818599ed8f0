using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Notifications;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Accounts.SignUp;

public sealed record JoinRequestDto(long Id, string Name, string Email, int OrganizationId, string Organization, string? Message, JoinRequestStatus Status, DateTimeOffset CreatedAt);

/// <summary>
/// The join requests an organization's member admins, or staff, decide (ADR 020). Only requests whose person confirmed
/// the e-mail are shown. Approving gives the person the organization and the Member role (audited, new stamp).
/// </summary>
public sealed class JoinRequests(BiotopeDb db, UserManager<AppUser> users, RoleManager<IdentityRole> roles, Notifier notifier, TimeProvider clock)
{
    public static bool MayDecide(ClaimsPrincipal user) => user.IsStaff() || (user.IsInRole(Roles.MemberAdmin) && user.OrganizationId() is not null);

    /// <summary>Pending requests the caller may decide: staff all of them, a member admin their organization's.</summary>
    public async Task<Outcome<List<JoinRequestDto>>> PendingAsync(ClaimsPrincipal user, string language, CancellationToken ct)
    {
        if (!MayDecide(user)) return Failure.Forbidden(Phrase.Of("join-request.forbidden"));
        var query = Visible(user).Where(r => r.Status == JoinRequestStatus.Pending);
        var rows = await query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { Request = r, u.DisplayName, u.Email, r.Organization })
            .Take(200).ToListAsync(ct);
        return rows.Select(x => new JoinRequestDto(x.Request.Id, x.DisplayName ?? "", x.Email ?? "", x.Request.OrganizationId, x.Organization!.DisplayName(language),
            x.Request.Message, x.Request.Status, x.Request.CreatedAt)).ToList();
    }

    public async Task<int> PendingCountAsync(ClaimsPrincipal user, CancellationToken ct) =>
        MayDecide(user) ? await Visible(user).CountAsync(r => r.Status == JoinRequestStatus.Pending, ct) : 0;

    public async Task<Outcome<JoinRequestDto>> DecideAsync(ClaimsPrincipal decider, long id, bool approve, string language, CancellationToken ct)
    {
        if (!MayDecide(decider)) return Failure.Forbidden(Phrase.Of("join-request.forbidden"));
        var request = await Visible(decider).Include(r => r.Organization).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (request is null) return Failure.NotFound(Phrase.Of("join-request.not-found"));
        if (request.Status != JoinRequestStatus.Pending) return Failure.Conflict(Phrase.Of("join-request.decided.title"), Phrase.Of("join-request.decided"));
        var person = await users.FindByIdAsync(request.UserId);
        if (person is null) return Failure.NotFound(Phrase.Of("join-request.not-found"));
        if (approve && person.OrganizationId is { } other && other != request.OrganizationId)
            return Failure.Conflict(Phrase.Of("join-request.decided.title"), Phrase.Of("join-request.has-organization"));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        request.Status = approve ? JoinRequestStatus.Approved : JoinRequestStatus.Declined;
        request.DecidedAt = clock.GetUtcNow();
        request.DecidedByUserId = decider.UserId();
        var organization = request.Organization!;
        if (approve)
        {
            await UserAccounts.EnsureRolesAsync(roles);
            person.OrganizationId = request.OrganizationId;
            // Saves the request and the person; adding the role audits it and renews the stamp (their sign-ins pick it up).
            var saved = await users.UpdateAsync(person);
            if (saved.Succeeded && !await users.IsInRoleAsync(person, Roles.Member)) saved = await users.AddToRoleAsync(person, Roles.Member);
            if (!saved.Succeeded) throw new InvalidOperationException(string.Join(" ", saved.Errors.Select(e => e.Description)));
        }
        var name = new Bilingual(organization.DisplayName("fr"), organization.DisplayName("en"));
        await notifier.ToUsersAsync([person.Id], Message.From(approve ? "join-approved" : "join-declined",
            Phrase.Of(approve ? "notify.join-approved.subject" : "notify.join-declined.subject", name),
            Phrase.Of(approve ? "notify.join-approved.body" : "notify.join-declined.body", name), "/account"), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new JoinRequestDto(request.Id, person.DisplayName ?? "", person.Email ?? "", request.OrganizationId, organization.DisplayName(language), request.Message, request.Status, request.CreatedAt);
    }

    /// <summary>The requests of confirmed people that this caller may see.</summary>
    private IQueryable<JoinRequest> Visible(ClaimsPrincipal user)
    {
        var query = db.JoinRequests.Where(r => db.Users.Any(u => u.Id == r.UserId && u.EmailConfirmed) && r.Organization!.DeletedAt == null);
        if (user.IsStaff()) return query;
        var organizationId = user.OrganizationId();
        return query.Where(r => r.OrganizationId == organizationId);
    }
}
