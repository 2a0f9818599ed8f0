using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Calendars;

/// <summary>The signed-in user's calendar feeds: create (personal; instrument or platform for managers), see the address once, revoke.</summary>
[Authorize]
public class CalendarFeedsModel(CalendarFeeds feeds, BiotopeDb db) : PageModel
{
    [BindProperty(Name = "language")] public string? FeedLanguage { get; set; }
    [BindProperty] public int? EquipmentId { get; set; }
    [BindProperty] public int? PlatformId { get; set; }
    [BindProperty(SupportsGet = true)] public bool Revoked { get; set; }

    public List<CalendarFeedDto> Feeds { get; private set; } = [];
    /// <summary>The platforms this user manages (all for staff), with their instruments still in service.</summary>
    public List<ManagedPlatform> Managed { get; private set; } = [];
    /// <summary>The feed just created: the only time its address is shown.</summary>
    public CreatedCalendarFeed? Created { get; private set; }
    /// <summary>The form whose fields are wrong ("personal", "instrument", "platform") and its messages by field.</summary>
    public string? FailedForm { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public sealed record ManagedPlatform(int Id, string Name, List<(int Id, string Name)> Instruments);

    public string CurrentLanguage => Texts.Current.Language;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostPersonalAsync(CancellationToken ct) =>
        CreateAsync("personal", new CalendarFeedInput { Scope = CalendarScope.User, Language = FeedLanguage }, ct);

    public Task<IActionResult> OnPostInstrumentAsync(CancellationToken ct) =>
        CreateAsync("instrument", new CalendarFeedInput { Scope = CalendarScope.Equipment, EquipmentId = EquipmentId, Language = FeedLanguage }, ct);

    public Task<IActionResult> OnPostPlatformAsync(CancellationToken ct) =>
        CreateAsync("platform", new CalendarFeedInput { Scope = CalendarScope.Platform, PlatformId = PlatformId, Language = FeedLanguage }, ct);

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        var outcome = await feeds.RevokeAsync(id, User, ct);
        return outcome.Succeeded ? LocalRedirect("/calendars?revoked=true") : NotFound();
    }

    private async Task<IActionResult> CreateAsync(string form, CalendarFeedInput input, CancellationToken ct)
    {
        var outcome = await feeds.CreateAsync(input, User, CalendarsApi.BaseUrl(HttpContext), ct);
        if (!outcome.Succeeded && outcome.Failure!.Kind == FailureKind.Forbidden) return Forbid();
        if (outcome.Succeeded)
        {
            // Shown in this answer only: the address is never put in a redirect, a cookie or a cache.
            Created = outcome.Value;
            Response.Headers.CacheControl = "no-store";
        }
        else
        {
            FailedForm = form;
            Errors = Texts.Current.Say(outcome.Failure!.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await feeds.MineAsync(User.UserId()!, ct);
        Feeds = [.. all.Where(f => f.RevokedAt is null)];
        var managedIds = await db.ManagedPlatformIdsAsync(User, ct);
        if (managedIds.Count == 0) return;
        var platforms = await db.Platforms.AsNoTracking().Where(p => managedIds.Contains(p.Id))
            .Select(p => new
            {
                p.Id,
                p.NameFr,
                p.NameEn,
                Instruments = p.Equipment.Where(e => e.Status != EquipmentStatus.Decommissioned).OrderBy(e => e.Name).Select(e => new { e.Id, e.Name }).ToList(),
            })
            .ToListAsync(ct);
        Managed = [.. platforms.Select(p => new ManagedPlatform(p.Id, Texts.Current.Pick(p.NameFr, p.NameEn), [.. p.Instruments.Select(i => (i.Id, i.Name))]))
            .OrderBy(p => p.Name, StringComparer.CurrentCulture)];
    }
}
