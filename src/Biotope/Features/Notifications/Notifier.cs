using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Notifications;

/// <summary>A message in both languages; the reader's language picks one, e-mails carry both.</summary>
public sealed record Message(string Kind, string SubjectEn, string SubjectFr, string BodyEn, string BodyFr, string? Link = null)
{
    /// <summary>A notification written from the resources in each language it is stored in (the reader's is shown, e-mails carry both).</summary>
    public static Message From(string kind, Phrase subject, Phrase body, string? link = null)
    {
        var (english, french) = (Texts.For("en"), Texts.For("fr"));
        return new(kind, english.Say(subject), french.Say(subject), english.Say(body), french.Say(body), link);
    }
}

/// <summary>
/// Queues in-app notifications and e-mails on the caller's DbContext, so they are saved in the same
/// transaction as the change they announce: no e-mail for a change that was rolled back. E-mail links are absolute, on
/// the site's public address (never the request's Host header); in-app links stay relative.
/// </summary>
public sealed class Notifier(BiotopeDb db, TimeProvider clock, PublicBaseUrl? baseUrl = null)
{
    public async Task ToUsersAsync(IEnumerable<string> userIds, Message message, CancellationToken ct = default)
    {
        var ids = userIds.Distinct().ToList();
        if (ids.Count == 0) return;
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var user in users)
        {
            db.Notifications.Add(new Notification
            {
                UserId = user.Id,
                Kind = message.Kind,
                SubjectEn = message.SubjectEn,
                SubjectFr = message.SubjectFr,
                BodyEn = message.BodyEn,
                BodyFr = message.BodyFr,
                Link = message.Link,
                CreatedAt = now,
            });
            if (user.Email is { Length: > 0 } email)
            {
                db.Outbox.Add(new OutboxMessage
                {
                    To = email,
                    Subject = BilingualEmail.Subject(message.SubjectFr, message.SubjectEn),
                    Body = BilingualEmail.Body(message.BodyFr, message.BodyEn, Absolute(message.Link)),
                    CreatedAt = now,
                });
            }
        }
    }

    /// <summary>
    /// An e-mail only, in one language, to an address that may have no account yet (confirmation, password reset): the
    /// caller writes it in the person's language.
    /// </summary>
    public void Email(string to, string subject, string body, string? link) => db.Outbox.Add(new OutboxMessage
    {
        To = to,
        Subject = subject,
        Body = link is null ? body : $"{body}\n\n{Absolute(link)}",
        CreatedAt = clock.GetUtcNow(),
    });

    private string? Absolute(string? link) =>
        link is null || baseUrl is null || Uri.IsWellFormedUriString(link, UriKind.Absolute) ? link : baseUrl.Value.TrimEnd('/') + "/" + link.TrimStart('/');

    /// <summary>Everyone who speaks for an organization: its member admins and members.</summary>
    public async Task ToOrganizationsAsync(IEnumerable<int> organizationIds, Message message, CancellationToken ct = default)
    {
        var ids = organizationIds.Distinct().ToList();
        var userIds = await db.Users.AsNoTracking().Where(u => u.OrganizationId != null && ids.Contains(u.OrganizationId.Value)).Select(u => u.Id).ToListAsync(ct);
        await ToUsersAsync(userIds, message, ct);
    }

    /// <summary>The organization's member admins: they answer for it (e.g. invitations to a consortium). Answers how many were told.</summary>
    public async Task<int> ToOrganizationAdminsAsync(IEnumerable<int> organizationIds, Message message, CancellationToken ct = default)
    {
        var ids = organizationIds.Distinct().ToList();
        var adminRole = await db.Roles.Where(r => r.Name == Roles.MemberAdmin).Select(r => r.Id).SingleOrDefaultAsync(ct);
        var userIds = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId != null && ids.Contains(u.OrganizationId.Value) && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == adminRole))
            .Select(u => u.Id).ToListAsync(ct);
        await ToUsersAsync(userIds, message, ct);
        return userIds.Count;
    }

    public async Task ToStaffAsync(Message message, CancellationToken ct = default)
    {
        var staffRoleIds = await db.Roles.Where(r => r.Name == Roles.Administrator || r.Name == Roles.ClusterStaff).Select(r => r.Id).ToListAsync(ct);
        var userIds = await db.UserRoles.Where(ur => staffRoleIds.Contains(ur.RoleId)).Select(ur => ur.UserId).Distinct().ToListAsync(ct);
        await ToUsersAsync(userIds, message, ct);
    }
}
