using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>
/// For platform managers and staff: bookings awaiting approval, the bookings to come from today on grouped by Brussels day
/// (check in and out, and when check-in opens), and the service requests waiting for the platform; each list pages.
/// </summary>
[Authorize]
public class ManageBookingsModel(BookingService bookings, BiotopeDb db, TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    public ListPage<BookingDto> Pending { get; private set; } = null!;
    public ListPage<BookingDto> ToCome { get; private set; } = null!;
    public ListPage<RequestToHandle> Requests { get; private set; } = null!;
    /// <summary>The bookings to come by Brussels day, in order.</summary>
    public IReadOnlyList<IGrouping<DateOnly, BookingDto>> Days { get; private set; } = [];
    public DateOnly Day { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public string? Done { get; private set; }
    public string? Problem { get; private set; }

    [BindProperty] public string? Note { get; set; }
    /// <summary>Page numbers of the three lists ("page" itself is a reserved route value in Razor Pages).</summary>
    [BindProperty(SupportsGet = true)] public int Approvals { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public int Upcoming { get; set; } = 1;
    [BindProperty(SupportsGet = true, Name = "requests")] public int RequestsPage { get; set; } = 1;

    /// <summary>This page with one list on another page, the others where they are.</summary>
    public string LinkTo(string list, int page)
    {
        var pages = new Dictionary<string, int> { ["approvals"] = Pending.Number, ["upcoming"] = ToCome.Number, ["requests"] = Requests.Number };
        pages[list] = page;
        var query = string.Join("&amp;", pages.Where(p => p.Value > 1).Select(p => $"{p.Key}={p.Value}"));
        return "/bookings/manage" + (query.Length > 0 ? "?" + query : "") + "#" + list;
    }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done;
        return await ShowAsync(ct) ? Page() : Forbid();
    }

    public Task<IActionResult> OnPostApproveAsync(long id, int? version, CancellationToken ct) => ActAsync(bookings.ApproveAsync(User, id, ReadVersion.Of(version), Note, ct: ct), "approved", ct);

    public Task<IActionResult> OnPostRejectAsync(long id, int? version, CancellationToken ct) => ActAsync(bookings.RejectAsync(User, id, ReadVersion.Of(version), Note, ct: ct), "rejected", ct);

    public Task<IActionResult> OnPostCheckInAsync(long id, int? version, CancellationToken ct) => ActAsync(bookings.CheckInAsync(User, id, ReadVersion.Of(version), ct: ct), "checked-in", ct);

    public Task<IActionResult> OnPostCheckOutAsync(long id, int? version, CancellationToken ct) => ActAsync(bookings.CheckOutAsync(User, id, ReadVersion.Of(version), ct: ct), "checked-out", ct);

    public bool CanCheckIn(BookingDto b) => b.Status == BookingStatus.Confirmed && b.CheckedInAt is null && Now >= b.StartsAt - BookingService.CheckInOpensBefore && Now < b.EndsAt;

    private async Task<IActionResult> ActAsync(Task<Outcome<Booking>> action, string done, CancellationToken ct)
    {
        var outcome = await action;
        if (outcome.Succeeded) return Redirect($"/bookings/manage?done={done}");
        if (outcome.Failure!.Kind == FailureKind.NotFound) return NotFound();
        if (outcome.Failure.Kind == FailureKind.Forbidden) return Forbid();
        Response.StatusCode = Problems.StatusCode(outcome.Failure.Kind);
        Problem = Texts.Current.Say(outcome.Failure.Detail ?? outcome.Failure.Title);
        db.ChangeTracker.Clear();
        return await ShowAsync(ct) ? Page() : Forbid();
    }

    private async Task<bool> ShowAsync(CancellationToken ct)
    {
        var managed = await db.ManagedPlatformIdsAsync(User, ct);
        if (managed.Count == 0) return false;
        Now = clock.GetUtcNow();
        Day = BookingCalendar.DateOf(Now);
        Pending = await db.ApprovalsAsync(managed, Now, Approvals, PageSize, ct);
        ToCome = await db.ToComeAsync(managed, Now, Upcoming, PageSize, ct);
        Requests = await db.RequestsToHandleAsync(managed, RequestsPage, PageSize, ct);
        Days = [.. ToCome.Items.GroupBy(b => BookingCalendar.DateOf(b.StartsAt))];
        return true;
    }
}
