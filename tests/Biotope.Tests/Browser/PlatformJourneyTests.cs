using Biotope.Features.Accounts;
using Biotope.Features.Platforms;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// Issue 4's journey on the demo data, as the demo researcher (UMONS, academic) and the demo trainer would live it:
/// told before any form that the preclinical MRI needs a certificate, enrolled in the MRI training, ticked present, certified,
/// booking the MRI at the academic rate, cancelling it free. axe checks every page on the way.
/// </summary>
public sealed class PlatformJourneyTests(BrowserFixture browser)
{
    private const string Password = TestApp.DemoPassword;

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_researcher_without_a_certificate_is_refused_trains_is_certified_books_sees_the_price_and_cancels()
    {
        browser.RequireOrSkip();
        var clock = new FakeClock(Utc("2026-11-02T08:00:00Z")); // Monday 2 November, 09:00 in Brussels
        await using var app = await TestApp.StartSqliteAsync(seedDemo: true, clock: clock);
        var mri = await app.WithDbAsync(db => db.Equipment.Where(e => e.Name == "Preclinical MRI").Select(e => e.Id).SingleAsync());
        var session = await app.WithDbAsync(db => db.TrainingSessions.Where(s => s.Module!.Slug == "mri-safety-and-operation").OrderBy(s => s.StartsAt).FirstAsync());
        var researcherId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoAccounts.ResearcherEmail).Select(u => u.Id).SingleAsync());
        var bookUrl = $"/equipment/{mri}/book?start=2026-11-24T09:00&end=2026-11-24T11:00";

        await using var context = await browser.NewContextAsync("en-GB");
        var page = await context.NewPageAsync();
        var axe = browser.NewAxeLog("journey");

        // Refused before any form, with the reason and the way to the module's next session.
        await page.SignInAsync(app, (DemoAccounts.ResearcherEmail, Password), bookUrl);
        await Expect(page.Locator(".missing-certificate")).ToContainTextAsync("You need a valid certificate of 'MRI safety and operation' to book this instrument.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "See the price" })).ToHaveCountAsync(0);
        await axe.CheckAsync(page, "refused");
        await page.SubmitWithAsync(page.Locator(".missing-certificate").GetByRole(AriaRole.Link, new() { Name = "Enrol in the next session" }));
        Assert.EndsWith($"/training/mri-safety-and-operation#session-{session.Id}", page.Url);

        // Enrols in the first MRI session.
        var row = page.Locator($"#session-{session.Id}");
        await page.SubmitWithAsync(row.Locator("button[type=submit]"));
        await Expect(page.Locator(".notice.success")).ToHaveTextAsync("You are enrolled.");
        await Expect(row.Locator(".enrolment-status")).ToHaveTextAsync("Enrolled");
        await axe.CheckAsync(page, "enrolled");

        // The session is over: the demo trainer ticks the researcher present.
        clock.Set(session.EndsAt + TimeSpan.FromMinutes(30));
        await using var trainerContext = await browser.NewContextAsync("en-GB");
        var trainerPage = await trainerContext.NewPageAsync();
        await trainerPage.SignInAsync(app, (DemoAccounts.TrainerEmail, Password), $"/training/sessions/{session.Id}/attendance");
        await trainerPage.Locator($"input[name=Present][value='{researcherId}']").CheckAsync();
        await trainerPage.SubmitWithAsync(trainerPage.Locator("form.attendance-form button[type=submit]"));
        await Expect(trainerPage.Locator(".notice.success")).ToContainTextAsync("Attendance saved.");

        // Certified: valid for the module's 12 months.
        await page.OpenAsync(app, "/training/certificates");
        var certificate = page.Locator("table.certificates tbody tr");
        await Expect(certificate.Locator("th")).ToHaveTextAsync("MRI safety and operation");
        await Expect(certificate.Locator(".badge")).ToHaveTextAsync("Valid");
        await axe.CheckAsync(page, "certified");

        // Books: the UMONS researcher pays the academic rate, €150.00 an hour, for two hours.
        await page.OpenAsync(app, bookUrl);
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "See the price" }));
        await Expect(page.Locator(".quote")).ToContainTextAsync("Academic");
        await Expect(page.Locator(".quote-price")).ToHaveTextAsync("€300.00");
        await axe.CheckAsync(page, "quote");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Confirm the booking" }));
        var booking = await app.WithDbAsync(db => db.Bookings.SingleAsync(b => b.EquipmentId == mri && b.UserId == researcherId && !b.Illustrative));
        Assert.Equal((300.00m, BookingStatus.Confirmed, Utc("2026-11-24T08:00:00Z")), (booking.Price, booking.Status, booking.StartsAt));
        await Expect(page.Locator($"#booking-{booking.Id}")).ToContainTextAsync("€300.00");
        await axe.CheckAsync(page, "booked");

        // Cancels a week ahead: free (the MRI charges only within 48 hours).
        await page.SubmitWithAsync(page.Locator($"#booking-{booking.Id}").GetByRole(AriaRole.Button, new() { Name = "Cancel (free)" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The booking is cancelled.");
        var cancelled = await app.WithDbAsync(db => db.Bookings.SingleAsync(b => b.Id == booking.Id));
        Assert.Equal((BookingStatus.Cancelled, 0m), (cancelled.Status, cancelled.CancellationCharge));
        axe.AssertClean();
    }
}
