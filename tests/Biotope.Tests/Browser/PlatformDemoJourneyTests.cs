using Biotope.Features.Accounts;
using Biotope.Features.Platforms;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// Issue 10's platform journeys on a fresh demo database, as its people walk them, in French at 1280 px and in English at
/// 390 px, axe on every page: the researcher (the MRI refused before any form for want of a certificate, with the next
/// session to enrol in; a slot outside the rules not offered; a granted booking; a service request) and the platform manager
/// (My space, approving the demo's pending booking, checking a booker in, last month's statement and its totals, a quote).
/// </summary>
public sealed class PlatformDemoJourneyTests(BrowserFixture browser)
{
    private const string Password = TestApp.DemoPassword;

    // Monday 2 November 2026, 09:00 in Brussels.
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private Task<IBrowserContext> ContextAsync(string locale, int width) =>
        browser.NewContextAsync(locale, o => o.ViewportSize = new ViewportSize { Width = width, Height = 900 });

    /// <summary>The text a person reads in this locale: the French one or the English one.</summary>
    private static Func<string, string, string> Reads(string locale) =>
        locale.StartsWith("fr", StringComparison.Ordinal) ? (french, _) => french : (_, english) => english;

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var (scroll, client) = await page.WidthsAsync();
        Assert.True(scroll <= client, $"{page.Url} scrolls sideways: {scroll} > {client}");
    }

    [Theory]
    [InlineData("fr-BE", 1280)]
    [InlineData("en-GB", 390)]
    public async Task The_researcher_is_told_before_the_form_enrols_is_not_offered_a_slot_outside_the_rules_books_and_requests_an_analysis(string locale, int width)
    {
        browser.RequireOrSkip();
        var L = Reads(locale);
        await using var app = await TestApp.StartSqliteAsync(seedDemo: true, clock: new FakeClock(Start));
        var (mri, microCt) = await app.WithDbAsync(async db => (
            await db.Equipment.Where(e => e.Name == "Preclinical MRI").Select(e => e.Id).SingleAsync(),
            await db.Equipment.Where(e => e.Name == "Micro-CT scanner").Select(e => e.Id).SingleAsync()));
        var session = await app.WithDbAsync(db => db.TrainingSessions.Where(s => s.Module!.Slug == "mri-safety-and-operation").OrderBy(s => s.StartsAt).FirstAsync());
        await using var context = await ContextAsync(locale, width);
        var page = await context.NewPageAsync();
        var axe = browser.NewAxeLog($"demo-researcher-{locale}-{width}");

        // The MRI's week: the missing certificate is said above the grid, and no slot is a link.
        await page.SignInAsync(app, (DemoAccounts.ResearcherEmail, Password), $"/equipment/{mri}/availability");
        var missing = page.Locator(".missing-certificate");
        await Expect(missing).ToContainTextAsync(L("Il vous faut un certificat valide de la formation « Sécurité et utilisation de l'IRM » pour réserver cet instrument.",
            "You need a valid certificate of 'MRI safety and operation' to book this instrument."));
        await Expect(page.Locator(".week-grid td a")).ToHaveCountAsync(0);
        await Expect(page.Locator(".week-grid td.slot-unavailable", new() { HasText = L("Certificat requis", "Certificate needed") }).First).ToBeVisibleAsync();
        await axe.CheckAsync(page, "mri-week");

        // The booking form says it too, before any form, with the next session.
        await page.OpenAsync(app, $"/equipment/{mri}/book?start=2026-11-24T09:00&end=2026-11-24T11:00");
        await Expect(missing).ToContainTextAsync(L("La prochaine session de cette formation commence le", "The next session of this training starts on"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = L("Voir le prix", "See the price") })).ToHaveCountAsync(0);
        await axe.CheckAsync(page, "mri-book-refused");
        await AssertNoSidewaysScrollAsync(page);

        // The link leads to that session; the researcher enrols.
        await page.SubmitWithAsync(missing.GetByRole(AriaRole.Link, new() { Name = L("S'inscrire à la prochaine session", "Enrol in the next session") }));
        Assert.EndsWith($"/training/mri-safety-and-operation#session-{session.Id}", page.Url);
        await page.SubmitWithAsync(page.Locator($"#session-{session.Id} button[type=submit]"));
        await Expect(page.Locator(".notice.success")).ToContainTextAsync(L("Vous êtes inscrit", "You are enrolled."));
        await axe.CheckAsync(page, "enrolled");

        // The micro-CT (no certificate): this morning is within the 12-hour notice, said in the slot and not a link; Wednesday is offered.
        await page.OpenAsync(app, $"/equipment/{microCt}/availability");
        var rows = page.Locator(".week-grid tbody tr");
        var ten = rows.Filter(new() { HasText = "10:00" });
        await Expect(ten.Locator("td").Nth(0)).ToHaveTextAsync(L("Trop proche", "Too soon"));
        await Expect(ten.Locator("td").Nth(0).Locator("a")).ToHaveCountAsync(0);
        await Expect(page.Locator(".slot-reasons")).ToContainTextAsync(L("Réservez au moins 12 heures à l'avance", "Book at least 12 hours ahead"));
        await axe.CheckAsync(page, "micro-ct-week");
        await page.SubmitWithAsync(ten.Locator("td").Nth(2).Locator("a"));
        Assert.Contains("start=2026-11-04T10:00&end=2026-11-04T10:30", page.Url);
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Voir le prix", "See the price") }));
        await Expect(page.Locator(".quote-price")).ToHaveTextAsync(L("30,00 €", "€30.00"));
        await axe.CheckAsync(page, "micro-ct-quote");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Confirmer la réservation", "Confirm the booking") }));
        var booking = await app.WithDbAsync(db => db.Bookings.Where(b => b.EquipmentId == microCt && !b.Illustrative).SingleAsync());
        Assert.Equal((30.00m, BookingStatus.Confirmed, UserCategory.Academic), (booking.Price, booking.Status, booking.Category));
        await Expect(page.Locator($"#booking-{booking.Id}")).ToContainTextAsync(L("30,00 €", "€30.00"));
        await axe.CheckAsync(page, "booked");
        await AssertNoSidewaysScrollAsync(page);

        // An analysis from ImmuneHealth's catalogue.
        await page.OpenAsync(app, "/platforms/immunehealth/services");
        var elisa = page.Locator("table.data tbody tr").Filter(new() { HasText = "ELISA" });
        await page.SubmitWithAsync(elisa.GetByRole(AriaRole.Link, new() { Name = L("Demander cette analyse", "Request this analysis") }));
        await page.Locator("#f-quantity").FillAsync("6");
        await page.Locator("#f-description").FillAsync(L("6 sérums de souris, IgG anti-antigène.", "6 mouse sera, anti-antigen IgG."));
        await axe.CheckAsync(page, "request-form");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Envoyer la demande", "Send the request") }));
        Assert.Matches(@"/service-requests/\d+$", page.Url);
        await Expect(page.Locator("header .badge").First).ToHaveTextAsync(L("Demandée", "Requested"));
        await axe.CheckAsync(page, "requested");
        await AssertNoSidewaysScrollAsync(page);
        axe.AssertClean();
    }

    [Theory]
    [InlineData("fr-BE", 1280)]
    [InlineData("en-GB", 390)]
    public async Task The_manager_sees_what_to_do_approves_checks_in_reads_last_months_statement_and_quotes(string locale, int width)
    {
        browser.RequireOrSkip();
        var L = Reads(locale);
        var clock = new FakeClock(Start);
        await using var app = await TestApp.StartSqliteAsync(seedDemo: true, clock: clock);
        var pending = await app.WithDbAsync(db => db.Bookings.SingleAsync(b => b.Status == BookingStatus.Pending && b.Illustrative));
        var toCome = await app.WithDbAsync(db => db.Bookings.Where(b => b.Status == BookingStatus.Confirmed && b.StartsAt > Start).OrderBy(b => b.StartsAt).FirstAsync());
        var toQuote = await app.WithDbAsync(db => db.ServiceRequests.SingleAsync(r => r.Status == ServiceRequestStatus.Requested && r.Illustrative));
        await using var context = await ContextAsync(locale, width);
        var page = await context.NewPageAsync();
        var axe = browser.NewAxeLog($"demo-manager-{locale}-{width}");

        // My space: the bookings to come, the approval waiting, the requests to handle.
        await page.SignInAsync(app, (DemoAccounts.ManagerEmail, Password), "/account");
        var mine = page.Locator("section[aria-labelledby=to-come]");
        await Expect(mine).ToContainTextAsync(L("1 réservation attend votre approbation", "1 booking awaits your approval"));
        await Expect(mine.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(mine).ToContainTextAsync(L("Envoyer le devis", "Send the quote"));
        await axe.CheckAsync(page, "my-space");
        await AssertNoSidewaysScrollAsync(page);

        // Manage bookings: the bookings to come by day, with when check-in opens; the pending one approved.
        await page.SubmitWithAsync(mine.GetByRole(AriaRole.Link, new() { Name = L("Gérer les réservations", "Manage bookings") }));
        await Expect(page.Locator($"#upcoming-{toCome.Id}")).ToContainTextAsync(Biotope.Features.Platforms.Bookings.BookingCalendar.LocalClock(toCome.StartsAt.AddMinutes(-15)));
        await Expect(page.Locator("#requests + .table-wrap")).ToContainTextAsync(L("Envoyer le devis", "Send the quote"));
        await axe.CheckAsync(page, "manage");
        var card = page.Locator($"#booking-{pending.Id}");
        await page.SubmitWithAsync(card.GetByRole(AriaRole.Button, new() { Name = L("Approuver", "Approve") }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(L("La réservation est approuvée", "The booking is approved"));
        Assert.Equal(BookingStatus.Confirmed, await app.WithDbAsync(db => db.Bookings.Where(b => b.Id == pending.Id).Select(b => b.Status).SingleAsync()));
        await axe.CheckAsync(page, "approved");

        // Ten minutes before the researcher's booking: check-in is open; the manager records the arrival.
        clock.Set(toCome.StartsAt.AddMinutes(-10));
        await page.OpenAsync(app, "/bookings/manage");
        var row = page.Locator($"#upcoming-{toCome.Id}");
        await Expect(row).ToContainTextAsync(L("ouvert maintenant", "open now"));
        await page.SubmitWithAsync(row.GetByRole(AriaRole.Button, new() { Name = L("Enregistrer l'arrivée", "Check in") }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(L("L'arrivée est enregistrée.", "The arrival is recorded."));
        Assert.Equal(clock.GetUtcNow(), await app.WithDbAsync(db => db.Bookings.Where(b => b.Id == toCome.Id).Select(b => b.CheckedInAt).SingleAsync()));
        await axe.CheckAsync(page, "checked-in");
        await AssertNoSidewaysScrollAsync(page);

        // Last month's statement of the imaging centre: illustrative, with totals that add up the priced bookings.
        var expected = await app.WithDbAsync(async db =>
        {
            var from = Biotope.Infrastructure.BrusselsTime.FromLocal(new DateTime(2026, 10, 1));
            var to = Biotope.Infrastructure.BrusselsTime.FromLocal(new DateTime(2026, 11, 1));
            var prices = await db.Bookings.Where(b => b.Equipment!.Platform!.Slug == "hainaut-biomed-imaging-centre" && b.Status == BookingStatus.Confirmed && b.StartsAt >= from && b.StartsAt < to)
                .Select(b => b.Price).ToListAsync();
            return (Count: prices.Count, Amount: prices.Sum());
        });
        Assert.True(expected.Count > 0);
        await page.OpenAsync(app, "/platforms/hainaut-biomed-imaging-centre/statements?month=2026-10");
        await Expect(page.Locator(".illustrative-statement")).ToBeVisibleAsync();
        var totals = page.Locator(".statement-summary .stat-value");
        await Expect(totals.Nth(0)).ToHaveTextAsync(expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(totals.Nth(3)).ToHaveTextAsync(Biotope.Infrastructure.Texts.For(locale[..2]).Money(expected.Amount));
        await axe.CheckAsync(page, "statement");
        await AssertNoSidewaysScrollAsync(page);

        // The analysis waiting for a quote: quoted at the catalogue's price.
        await page.OpenAsync(app, "/bookings/manage");
        await page.SubmitWithAsync(page.Locator($"#request-{toQuote.Id}").GetByRole(AriaRole.Link).Last);
        await axe.CheckAsync(page, "quote-form");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = L("Envoyer le devis", "Send the quote") }));
        await Expect(page.Locator("header .badge").First).ToHaveTextAsync(L("Devis envoyé", "Quoted"));
        Assert.Equal(ServiceRequestStatus.Quoted, await app.WithDbAsync(db => db.ServiceRequests.Where(r => r.Id == toQuote.Id).Select(r => r.Status).SingleAsync()));
        await axe.CheckAsync(page, "quoted");
        axe.AssertClean();
    }
}
