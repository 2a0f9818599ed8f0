using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Biotope.Features.Notifications;

/// <summary>The signed-in user's own notifications; nobody else's are reachable (another user's id answers 404).</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications");
        // Reads take the cookie or a bearer token; writes take a bearer token only, so no other site can post them with the cookie.
        group.MapGet("/", ListNotifications).WithName(nameof(ListNotifications)).RequireAuthorization()
            .WithSummary("Your notifications, newest first, in the request's language (Accept-Language or the language cookie). unreadOnly=true keeps the unread ones.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/unread-count", CountUnreadNotifications).WithName(nameof(CountUnreadNotifications)).RequireAuthorization()
            .WithSummary("How many of your notifications are unread.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/{id:long}/read", MarkNotificationRead).WithName(nameof(MarkNotificationRead)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Mark one of your notifications as read (again is harmless: the first reading time stays).")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/read-all", MarkAllNotificationsRead).WithName(nameof(MarkAllNotificationsRead)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Mark all your notifications as read; answers how many were unread.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }

    public static async Task<Results<Ok<NotificationListResponse>, ProblemHttpResult>> ListNotifications(
        BiotopeDb db, ClaimsPrincipal user, CancellationToken ct, bool? unreadOnly = null, int? page = null, int? pageSize = null)
    {
        var filter = NotificationFilter.Parse(unreadOnly, page, pageSize);
        if (!filter.Succeeded) return filter.Failure!.ToProblem();
        return TypedResults.Ok(await db.ListNotificationsAsync(UserId(user), filter.Value!, Language.Current, ct));
    }

    public static async Task<Ok<UnreadCountResponse>> CountUnreadNotifications(BiotopeDb db, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(new UnreadCountResponse(await db.UnreadCountAsync(UserId(user), ct)));

    public static async Task<Results<Ok<NotificationDto>, ProblemHttpResult>> MarkNotificationRead(
        long id, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var notification = await db.MarkReadAsync(UserId(user), id, clock.GetUtcNow(), ct);
        // Someone else's notification is "not found", not "forbidden": ids reveal nothing.
        return notification is null ? Failure.NotFound(Phrase.Of("notification.not-found", id)).ToProblem() : TypedResults.Ok(notification.ToDto(Language.Current));
    }

    public static async Task<Ok<MarkedReadResponse>> MarkAllNotificationsRead(BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(new MarkedReadResponse(await db.MarkAllReadAsync(UserId(user), clock.GetUtcNow(), ct)));

    // The endpoints require an authenticated user, who always has an id.
    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

}
