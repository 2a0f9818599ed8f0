using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Notifications;

/// <summary>One notification in the reader's language.</summary>
public sealed record NotificationDto(long Id, string Kind, string Subject, string? Body, string? Link, DateTimeOffset CreatedAt, bool Read, DateTimeOffset? ReadAt);

public sealed record NotificationListResponse(IReadOnlyList<NotificationDto> Items, int Total, int Unread, int Page, int PageSize);

public sealed record UnreadCountResponse(int Unread);

public sealed record MarkedReadResponse(int Marked);

/// <summary>Which page of whose notifications: validated once for the API and the page.</summary>
public sealed record NotificationFilter(bool UnreadOnly, int Page, int PageSize)
{
    public const int MaxPageSize = 100;

    public static Outcome<NotificationFilter> Parse(bool? unreadOnly, int? page, int? pageSize)
    {
        var errors = new Dictionary<string, Phrase[]>();
        if (page is < 1 or > 10_000) errors["page"] = [Phrase.Of("paging.page.range", 10_000)];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [Phrase.Of("paging.page-size.range", MaxPageSize)];
        if (errors.Count > 0) return Failure.Invalid(errors);
        return new NotificationFilter(unreadOnly ?? false, page ?? 1, pageSize ?? 20);
    }
}

/// <summary>Reads and writes of a user's own notifications, shared by the API, the page and the layout badge.</summary>
public static class NotificationQueries
{
    public static IQueryable<Notification> NotificationsOf(this BiotopeDb db, string userId) =>
        db.Notifications.AsNoTracking().Where(n => n.UserId == userId);

    /// <summary>The navigation badge: one COUNT on the (user_id, created_at) index.</summary>
    public static Task<int> UnreadCountAsync(this BiotopeDb db, string userId, CancellationToken ct = default) =>
        db.NotificationsOf(userId).CountAsync(n => n.ReadAt == null, ct);

    public static async Task<NotificationListResponse> ListNotificationsAsync(this BiotopeDb db, string userId, NotificationFilter filter, string language, CancellationToken ct = default)
    {
        var mine = db.NotificationsOf(userId);
        var matching = filter.UnreadOnly ? mine.Where(n => n.ReadAt == null) : mine;
        var total = await matching.CountAsync(ct);
        var unread = filter.UnreadOnly ? total : await mine.CountAsync(n => n.ReadAt == null, ct);
        // Id breaks ties between notifications created in the same transaction (same timestamp).
        var page = await matching.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize).ToListAsync(ct);
        return new NotificationListResponse([.. page.Select(n => n.ToDto(language))], total, unread, filter.Page, filter.PageSize);
    }

    /// <summary>Marks one of the user's notifications read (keeping the first reading time); null when it is not theirs.</summary>
    public static async Task<Notification?> MarkReadAsync(this BiotopeDb db, string userId, long id, DateTimeOffset now, CancellationToken ct = default)
    {
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.UserId == userId, ct);
        if (notification is null) return null;
        if (notification.ReadAt is null)
        {
            notification.ReadAt = Stored(now);
            await db.SaveChangesAsync(ct);
        }
        return notification;
    }

    /// <summary>One UPDATE, however many there are.</summary>
    public static Task<int> MarkAllReadAsync(this BiotopeDb db, string userId, DateTimeOffset now, CancellationToken ct = default)
    {
        var at = Stored(now);
        return db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, at), ct);
    }

    // Whole milliseconds are what both databases keep: the answer then equals what a later read returns.
    private static DateTimeOffset Stored(DateTimeOffset at) => at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMillisecond));

    public static NotificationDto ToDto(this Notification n, string language) => new(
        n.Id, n.Kind,
        new Bilingual(n.SubjectFr, n.SubjectEn).In(language).Text,
        new Bilingual(n.BodyFr, n.BodyEn).In(language).Text,
        n.Link, n.CreatedAt, n.ReadAt is not null, n.ReadAt);

    /// <summary>Links are shown only when they stay on the site or use http(s): never a javascript: URL.</summary>
    public static bool IsSafeLink(string? link) =>
        link is { Length: > 0 }
        && ((link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal) && !link.StartsWith("/\\", StringComparison.Ordinal))
            || (Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)));
}
