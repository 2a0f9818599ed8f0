using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>My bookings: upcoming ones to cancel or check in, and the past with their charges and no-shows.</summary>
[Authorize]
public class MyBookingsModel(BookingService bookings, BiotopeDb db, TimeProvider clock) : PageModel
{
    public List<BookingDto> Upcoming { get; private set; } = [];
    public List<BookingDto> Past { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public bool Manages { get; private set; }
    public BookingDto? Booked { get; private set; }
    public string? Done { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(long? booked, string? done, CancellationToken ct)
    {
        Done = done;
        await ShowAsync(ct);
        Booked = booked is { } id ? Upcoming.Concat(Past).FirstOrDefault(b => b.Id == id) : null;
    }

    public Task<IActionResult> OnPostCancelAsync(long id, int? version, CancellationToken ct) => ActAsync(bookings.CancelAsync(User, id, ReadVersion.Of(version), ct: ct), "cancelled", ct);

    public Task<IActionResult> OnPostCheckInAsync(long id, int? version, CancellationToken ct) => ActAsync(bookings.CheckInAsync(User, id, ReadVersion.Of(version), ct: ct), "checked-in", ct);

    public Task<IActionResult> OnPostCheckOutAsync(long id, int? version, CancellationToken ct) => ActAsync(bookings.CheckOutAsync(User, id, ReadVersion.Of(version), ct: ct), "checked-out", ct);

    /// <summary>Can the booker check in or out now (the service decides; this only hides buttons that would be refused).</summary>
    public bool CanCheckIn(BookingDto b) => b.Status == BookingStatus.Confirmed && b.CheckedInAt is null && Now >= b.StartsAt - BookingService.CheckInOpensBefore && Now < b.EndsAt;

    public static bool CanCheckOut(BookingDto b) => b.CheckedInAt is not null && b.CheckedOutAt is null;

    private async Task<IActionResult> ActAsync(Task<Outcome<Booking>> action, string done, CancellationToken ct)
    {
        var outcome = await action;
        if (outcome.Succeeded) return Redirect($"/bookings?done={done}");
        if (outcome.Failure!.Kind == FailureKind.NotFound) return NotFound();
        Response.StatusCode = Problems.StatusCode(outcome.Failure.Kind);
        Problem = Texts.Current.Say(outcome.Failure.Detail ?? outcome.Failure.Title);
        db.ChangeTracker.Clear();
        await ShowAsync(ct);
        return Page();
    }

    private async Task ShowAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        var mine = await db.ToDtosAsync(await db.ListAsync(User, new BookingFilter(), ct), Now, ct);
        Upcoming = [.. mine.Where(b => b.EndsAt > Now && b.Status is BookingStatus.Pending or BookingStatus.Confirmed)];
        Past = [.. mine.Except(Upcoming).OrderByDescending(b => b.StartsAt)];
        Manages = (await db.ManagedPlatformIdsAsync(User, ct)).Count > 0;
    }
}
