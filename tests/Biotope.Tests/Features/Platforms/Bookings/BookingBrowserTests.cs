using System.Net;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Tests.Browser;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Biotope.Tests.Features.Platforms.Bookings.BookingKit;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Features.Platforms.Bookings;

/// <summary>
/// The booking pages in Chromium: the week grid, the form with its quote, my bookings, the managers' page; with
/// JavaScript off the grid is the same server-rendered table; axe finds no serious violation on any of them (with JavaScript on).
/// </summary>
public sealed class BookingBrowserTests(SqliteBookingFixture fixture, BrowserFixture browser) : IClassFixture<SqliteBookingFixture>
{
    private readonly TestApp app = fixture.App;

    /// <summary>Weekdays 08:00–12:00 and 13:00–18:00, one hour at least, 15 minutes kept free after each booking.</summary>
    private Task<Instrument> WeekdayInstrumentAsync(Action<Equipment>? equipment = null) => app.InstrumentAsync(r =>
    {
        r.MinDurationMinutes = 60;
        r.BufferMinutes = 15;
        r.OpeningHours = [.. Enumerable.Range(1, 5).SelectMany(d => new[]
        {
            new OpeningHours { Day = (DayOfWeek)d, Opens = new TimeOnly(8, 0), Closes = new TimeOnly(12, 0) },
            new OpeningHours { Day = (DayOfWeek)d, Opens = new TimeOnly(13, 0), Closes = new TimeOnly(18, 0) },
        })];
    }, equipment, name: "Confocal LSM " + Guid.NewGuid().ToString("N")[..4]);

    [Fact]
    public async Task A_member_books_a_free_slot_sees_the_price_confirms_finds_it_in_my_bookings_and_cancels_it()
    {
        browser.RequireOrSkip();
        fixture.Clock.Set(Utc("2026-11-02T08:00:00Z")); // Monday 2 November, 09:00 in Brussels
        var instrument = await WeekdayInstrumentAsync();
        var university = await app.AddOrganizationAsync("Université de test " + Guid.NewGuid().ToString("N")[..4], OrganizationType.University, "BE323");
        var account = await app.CreateUserAsync(Roles.Member, university);
        var other = await app.MemberAsync();
        await other.Client.PostJsonAsync("/api/v1/bookings", Body(instrument, "2026-11-10T13:00", "2026-11-10T15:00"), HttpStatusCode.Created);

        await using var context = await browser.NewContextAsync("en-GB");
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, account, $"/equipment/{instrument.EquipmentId}/availability?week=2026-W46");
        await Expect(page.Locator("h1")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Confocal LSM"));
        await Expect(page.Locator(".week-grid tbody tr")).ToHaveCountAsync(20); // 08:00 to 18:00 in half hours
        await Expect(page.Locator(".week-grid tbody tr").Filter(new() { HasText = "13:00" }).Locator("td").Nth(1)).ToHaveTextAsync("Booked");
        await browser.ScreenshotAsync(page, "booking-availability-week");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));

        await page.SubmitWithAsync(page.GetByRole(AriaRole.Link, new() { Name = "Free — book Tuesday 10 November 2026, 09:00" }));
        Assert.EndsWith($"/equipment/{instrument.EquipmentId}/book?start=2026-11-10T09:00&end=2026-11-10T10:00", page.Url);
        await Expect(page.Locator("#f-start")).ToHaveValueAsync("2026-11-10T09:00");
        await page.Locator("#f-end").FillAsync("2026-11-10T10:30");
        await page.Locator("#f-purpose").FillAsync("Live-cell imaging of organoids");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "See the price" }));
        var quote = page.Locator(".quote");
        await Expect(quote).ToContainTextAsync("Tuesday 10 November 2026, 09:00 – 10:30");
        await Expect(quote).ToContainTextAsync("1 h 30 min");
        await Expect(quote).ToContainTextAsync("Academic");
        await Expect(page.Locator(".quote-price")).ToHaveTextAsync("€90.00");
        await Expect(quote).ToContainTextAsync("Free cancellation until 8 November 2026, 09:00; after that, 50% of the price (€45.00).");
        await browser.ScreenshotAsync(page, "booking-form-quote");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));

        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Confirm the booking" }));
        var booking = await app.WithDbAsync(db => db.Bookings.SingleAsync(b => b.EquipmentId == instrument.EquipmentId && b.Purpose == "Live-cell imaging of organoids"));
        Assert.Equal(90.00m, booking.Price);
        Assert.Equal(Utc("2026-11-10T08:00:00Z"), booking.StartsAt);
        Assert.EndsWith($"/bookings?booked={booking.Id}", page.Url);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Booked and confirmed.");
        var row = page.Locator($"#booking-{booking.Id}");
        await Expect(row).ToContainTextAsync("€90.00");
        await Expect(row).ToContainTextAsync("Confirmed");
        await browser.ScreenshotAsync(page, "booking-my-bookings");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));

        // The time is taken now: the grid says it is the member's own booking.
        await page.OpenAsync(app, $"/equipment/{instrument.EquipmentId}/availability?week=2026-W46");
        await Expect(page.Locator(".week-grid tbody tr").Filter(new() { HasText = "09:30" }).Locator("td").Nth(1)).ToHaveTextAsync("Your booking");

        await page.OpenAsync(app, "/bookings");
        await page.SubmitWithAsync(row.GetByRole(AriaRole.Button, new() { Name = "Cancel (free)" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The booking is cancelled.");
        await Expect(page.Locator($"#booking-{booking.Id}")).ToContainTextAsync("Cancelled");
        Assert.Equal(BookingStatus.Cancelled, await app.WithDbAsync(db => db.Bookings.Where(b => b.Id == booking.Id).Select(b => b.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_refused_booking_says_why_by_field_and_a_taken_time_names_the_booking_in_the_way()
    {
        browser.RequireOrSkip();
        fixture.Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await WeekdayInstrumentAsync();
        await app.RequireModuleAsync(instrument, "Confocal safety", "Sécurité confocale");
        var certified = await app.MemberAsync();
        await app.CertifyAsync(certified.UserId, (await app.WithDbAsync(db => db.Equipment.Where(e => e.Id == instrument.EquipmentId).Select(e => e.RequiredModuleId).SingleAsync()))!.Value,
            new DateOnly(2026, 1, 1), null);
        await certified.Client.PostJsonAsync("/api/v1/bookings", Body(instrument, "2026-11-12T14:00", "2026-11-12T15:00"), HttpStatusCode.Created);
        var organization = await app.AddOrganizationAsync("Laboratoire " + Guid.NewGuid().ToString("N")[..4], OrganizationType.ResearchInstitute, "BE323");
        var account = await app.CreateUserAsync(Roles.Member, organization);

        await using var context = await browser.NewContextAsync("fr-BE");
        var page = await context.NewPageAsync();
        var bookUrl = $"/equipment/{instrument.EquipmentId}/book?start=2026-11-12T14:30&end=2026-11-12T15:30";
        await page.SignInAsync(app, account, bookUrl);
        // Without the certificate, the page says so before any form, and points to the module (no session is planned).
        var missing = page.Locator(".missing-certificate");
        await Expect(missing).ToContainTextAsync("Il vous faut un certificat valide de la formation « Sécurité confocale » pour réserver cet instrument.");
        await Expect(missing).ToContainTextAsync("Aucune session de cette formation n'est prévue pour le moment");
        await Expect(missing.GetByRole(AriaRole.Link, new() { Name = "Voir la formation" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/training/"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Voir le prix" })).ToHaveCountAsync(0);
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));

        // Certified, the time is taken: the page names the booking in the way, in French.
        await app.CertifyAsync(await app.WithDbAsync(db => db.Users.Where(u => u.Email == account.Email).Select(u => u.Id).SingleAsync()),
            (await app.WithDbAsync(db => db.Equipment.Where(e => e.Id == instrument.EquipmentId).Select(e => e.RequiredModuleId).SingleAsync()))!.Value, new DateOnly(2026, 1, 1), null);
        await page.OpenAsync(app, bookUrl);
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Voir le prix" }));
        var summary = page.Locator(".error-summary");
        await Expect(summary).ToContainTextAsync("Ce créneau est pris : l'instrument est réservé le jeudi 12 novembre 2026 à 14:00 – 15:00, puis gardé libre jusqu'à 15:15.");

        // A time on no grid is a message on its field.
        await page.Locator("#f-start").FillAsync("2026-11-12T09:10");
        await page.Locator("#f-end").FillAsync("2026-11-12T10:10");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Voir le prix" }));
        await Expect(page.Locator("#err-startsAt")).ToContainTextAsync("grille de 30 minutes depuis minuit, heure de Bruxelles : 09:10 n'y est pas");
        await Expect(page.Locator("#f-start")).ToHaveAttributeAsync("aria-invalid", "true");
        await browser.ScreenshotAsync(page, "booking-form-refused-fr");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
    }

    [Fact]
    public async Task A_platform_manager_approves_a_pending_booking_and_checks_in_today()
    {
        browser.RequireOrSkip();
        fixture.Clock.Set(Utc("2026-11-09T07:00:00Z")); // Monday 9 November, 08:00 in Brussels
        var instrument = await WeekdayInstrumentAsync(e => e.Rules.ApprovalRequired = true);
        var member = await app.MemberAsync();
        var pending = await member.Client.PostJsonAsync("/api/v1/bookings", Body(instrument, "2026-11-12T09:00", "2026-11-12T10:00"), HttpStatusCode.Created);
        var today = await member.Client.PostJsonAsync("/api/v1/bookings", Body(instrument, "2026-11-09T08:00", "2026-11-09T09:00"), HttpStatusCode.Created);
        var manager = await app.ManagerAsync(instrument.PlatformId);
        await manager.Client.PostCurrentAsync($"/api/v1/bookings/{today.GetProperty("id").GetInt64()}/approve", null);

        await using var context = await browser.NewContextAsync("en-GB");
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, (manager.Email, manager.Password), "/bookings/manage");
        var card = page.Locator($"#booking-{pending.GetProperty("id").GetInt64()}");
        await Expect(card).ToContainTextAsync(member.Email);
        await Expect(page.Locator($"#upcoming-{today.GetProperty("id").GetInt64()}")).ToContainTextAsync("08:00 – 09:00");
        await browser.ScreenshotAsync(page, "booking-manage");
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));

        await card.Locator("input[name=Note]").FillAsync("Bring your own slides.");
        await page.SubmitWithAsync(card.GetByRole(AriaRole.Button, new() { Name = "Approve" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The booking is approved");
        await page.SubmitWithAsync(page.Locator($"#upcoming-{today.GetProperty("id").GetInt64()}").GetByRole(AriaRole.Button, new() { Name = "Check in" }));
        await Expect(page.Locator($"#upcoming-{today.GetProperty("id").GetInt64()}")).ToContainTextAsync("08:00 – …");
        var approved = await app.WithDbAsync(db => db.Bookings.SingleAsync(b => b.Id == pending.GetProperty("id").GetInt64()));
        Assert.Equal(BookingStatus.Confirmed, approved.Status);
        Assert.Equal("Bring your own slides.", approved.DecisionNote);
        Assert.Equal(Utc("2026-11-09T07:00:00Z"), await app.WithDbAsync(db => db.Bookings.Where(b => b.Id == today.GetProperty("id").GetInt64()).Select(b => b.CheckedInAt).SingleAsync()));

        // A member who runs no platform is refused the page.
        await using var memberContext = await browser.NewContextAsync("en-GB");
        var memberPage = await memberContext.NewPageAsync();
        await memberPage.SignInAsync(app, (member.Email, member.Password), "/bookings");
        var refused = await memberPage.OpenAsync(app, "/bookings/manage");
        Assert.Equal(403, refused.Status);
    }

    [Fact]
    public async Task Without_JavaScript_the_week_grid_is_rendered_on_the_server()
    {
        browser.RequireOrSkip();
        fixture.Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await WeekdayInstrumentAsync();
        var member = await app.MemberAsync();
        await member.Client.PostJsonAsync("/api/v1/bookings", Body(instrument, "2026-11-11T10:00", "2026-11-11T11:00"), HttpStatusCode.Created);

        await using var context = await browser.NewContextAsync("en-GB", o => o.JavaScriptEnabled = false);
        var page = await context.NewPageAsync();
        await page.OpenAsync(app, $"/equipment/{instrument.EquipmentId}/availability?week=2026-W46");
        var rows = page.Locator(".week-grid tbody tr");
        await Expect(rows).ToHaveCountAsync(20);
        await Expect(page.Locator(".week-grid thead th")).ToHaveCountAsync(8);
        var ten = rows.Filter(new() { HasText = "10:00" });
        await Expect(ten.Locator("td").Nth(2)).ToHaveTextAsync("Booked");
        // 11:00–11:30 holds the buffer kept free until 11:15; 09:30 would run into the booking with its own buffer.
        await Expect(rows.Filter(new() { HasText = "11:00" }).Locator("td").Nth(2)).ToHaveTextAsync("Booked");
        await Expect(rows.Filter(new() { HasText = "12:00" }).Locator("td").Nth(2)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("slot-closed"));
        await Expect(rows.Filter(new() { HasText = "09:30" }).Locator("td").Nth(2)).ToHaveTextAsync("Too close to a booking");
        var free = ten.Locator("td").Nth(1).Locator("a");
        await Expect(free).ToHaveAttributeAsync("href", $"/equipment/{instrument.EquipmentId}/book?start=2026-11-10T10:00&end=2026-11-10T11:00");
        // 11:30 is open, but the shortest booking (an hour) would end after the 12:00 closing: said, not offered.
        await Expect(rows.Filter(new() { HasText = "11:30" }).Locator("td").Nth(2)).ToHaveTextAsync("Ends after closing");
        await Expect(rows.Filter(new() { HasText = "11:30" }).Locator("td").Nth(2).Locator("a")).ToHaveCountAsync(0);
        await Expect(page.Locator(".slot-reasons")).ToContainTextAsync("closes at 12:00");

        await page.SubmitWithAsync(page.GetByRole(AriaRole.Link, new() { Name = "Next week" }));
        Assert.EndsWith("?week=2026-W47", page.Url);
        await Expect(page.Locator(".lead")).ToContainTextAsync("16 November to 22 November 2026");
        // axe needs JavaScript: it checks this page in the booking journey above.
        await browser.ScreenshotAsync(page, "booking-availability-no-js");

        // Open all day: the autumn Sunday is a 25-hour day; on the spring Sunday 02:00 and 02:30 do not exist.
        var allDay = await app.InstrumentAsync();
        await page.OpenAsync(app, $"/equipment/{allDay.EquipmentId}/availability?week=2026-W43");
        await Expect(rows).ToHaveCountAsync(48);
        await Expect(page.Locator(".week-grid thead th").Nth(7)).ToContainTextAsync("25-hour day");
        await page.OpenAsync(app, $"/equipment/{allDay.EquipmentId}/availability?week=2027-W12");
        await Expect(page.Locator(".week-grid thead th").Nth(7)).ToContainTextAsync("23-hour day");
        // Rows run from 00:00 in half hours: the sixth is 02:30, the seventh 03:00.
        await Expect(rows.Nth(5).Locator("td").Nth(6)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("slot-skipped"));
        await Expect(rows.Nth(6).Locator("td").Nth(6)).ToContainTextAsync("Free");
    }
}
