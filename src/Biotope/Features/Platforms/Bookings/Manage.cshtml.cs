using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>For platform managers and staff: bookings awaiting approval, and today's bookings with check-in and check-out.</summary>
[Authorize]
public class ManageBookingsModel(BookingService bookings, BiotopeDb db, TimeProvider clock) : PageModel
{
    public List<BookingDto> Pending { get; private set; } = [];
    public List<BookingDto> Today { get; private set; } = [];
    public DateOnly Day { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public string? Done { get; private set; }
    public string? Problem { get; private set; }

    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done;
        return await ShowAsync(ct) ? Page() : Forbid();
    }

    public Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct) => ActAsync(bookings.ApproveAsync(User, id, Note, ct: ct), "approved", ct);

    public Task<IActionResult> OnPostRejectAsync(long id, CancellationToken ct) => ActAsync(bookings.RejectAsync(User, id, Note, ct: ct), "rejected", ct);

    public Task<IActionResult> OnPostCheckInAsync(long id, CancellationToken ct) => ActAsync(bookings.CheckInAsync(User, id, ct: ct), "checked-in", ct);

    public Task<IActionResult> OnPostCheckOutAsync(long id, CancellationToken ct) => ActAsync(bookings.CheckOutAsync(User, id, ct: ct), "checked-out", ct);

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
        var today = BookingCalendar.Day(Day);
        var pending = await db.ListAsync(User, new BookingFilter(Status: BookingStatus.Pending, From: Now, Managed: true), ct);
        var todays = await db.ListAsync(User, new BookingFilter(From: today.Start, To: today.End, Managed: true), ct);
        var dtos = await db.ToDtosAsync([.. pending.Concat(todays)], Now, ct);
        // The list also holds the manager's own bookings elsewhere: keep the platforms they run.
        Pending = [.. dtos.Take(pending.Count).Where(b => managed.Contains(b.PlatformId))];
        Today = [.. dtos.Skip(pending.Count).Where(b => managed.Contains(b.PlatformId) && b.Status is BookingStatus.Confirmed or BookingStatus.Pending)];
        return true;
    }
}
