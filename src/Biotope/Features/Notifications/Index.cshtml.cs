using System.Security.Claims;
using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Notifications;

/// <summary>The signed-in user's notifications (signed-in users only: see the page convention in WebSetup).</summary>
public class NotificationsModel(BiotopeDb db, Texts texts, TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    public int PageNumber => Request.PageNumber() ?? 1;
    [BindProperty(SupportsGet = true)] public bool Unread { get; set; }

    public NotificationListResponse List { get; private set; } = new([], 0, 0, 1, PageSize);
    public int LastPage => Math.Max(1, (List.Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var filter = NotificationFilter.Parse(Unread, PageNumber, PageSize);
        if (!filter.Succeeded) return BadRequest();
        List = await db.ListNotificationsAsync(UserId, filter.Value!, texts.Language, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await db.MarkAllReadAsync(UserId, clock.GetUtcNow(), ct);
        return LocalRedirect(LinkTo(1, Unread));
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        // Another user's id changes nothing and says nothing: the list simply comes back.
        await db.MarkReadAsync(UserId, id, clock.GetUtcNow(), ct);
        return LocalRedirect(LinkTo(PageNumber, Unread));
    }

    /// <summary>The list with other paging or filter values (a plain URL: "page" is a reserved route value in Razor Pages).</summary>
    public static string LinkTo(int page, bool unread)
    {
        var query = new List<string>();
        if (unread) query.Add("unread=true");
        if (page > 1) query.Add($"page={page}");
        return "/notifications" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
