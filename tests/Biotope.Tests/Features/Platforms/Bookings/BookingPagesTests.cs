using System.Net;
using Biotope.Features.Platforms;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Features.Calls.Staff;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Biotope.Tests.Features.Platforms.Bookings.BookingKit;

namespace Biotope.Tests.Features.Platforms.Bookings;

/// <summary>The booking pages' forms carry the version they were read at (ADR 024): a stale one is refused on the page with the reason.</summary>
public sealed class BookingPagesTests(SqliteBookingFixture fixture) : IClassFixture<SqliteBookingFixture>
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task A_stale_cancel_form_says_the_booking_changed_and_the_current_one_cancels()
    {
        fixture.Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync();
        var member = await App.MemberAsync();
        var id = (await member.Client.PostJsonAsync("/api/v1/bookings", Body(instrument, "2026-11-10T09:00", "2026-11-10T10:00"), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var pages = await App.SignedInAsAsync(member.Email, member.Password);

        var (status, html) = await pages.GetPageAsync("/bookings");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("name=\"version\" value=\"1\"", html);
        // The booking changes after the page was read (the manager notes something, say): the page's form is one version behind.
        await App.WithDbAsync(db => db.Bookings.Where(b => b.Id == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Version, 2)));

        var stale = await pages.PostFormAsync($"/bookings?handler=Cancel&id={id}", html, [("version", "1")]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed since you read it", await StaffPagesKit.ReadAsync(stale));
        Assert.Equal(BookingStatus.Confirmed, await App.WithDbAsync(db => db.Bookings.Where(b => b.Id == id).Select(b => b.Status).SingleAsync()));

        var (cancelled, _, location) = await pages.SubmitAsync("/bookings", $"/bookings?handler=Cancel&id={id}", [("version", "2")]);
        Assert.Equal(HttpStatusCode.Redirect, cancelled);
        Assert.Equal("/bookings?done=cancelled", location!.OriginalString);
        Assert.Equal(BookingStatus.Cancelled, await App.WithDbAsync(db => db.Bookings.Where(b => b.Id == id).Select(b => b.Status).SingleAsync()));
    }
}
