using Biotope.Features.Accounts;
using Biotope.Features.Platforms;
using Biotope.Tests.Features.Platforms;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// A visitor opens the platforms from the navigation, the Hainaut-Biomed imaging centre and its MRI, in French then in
/// English; the demo manager opens a usage statement. axe finds no serious or critical violation on any of these pages.
/// </summary>
public sealed class PlatformsBrowserTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Fact]
    public async Task A_visitor_goes_from_the_platforms_to_an_instrument_in_French_and_English_and_a_manager_reads_a_statement()
    {
        browser.RequireOrSkip();
        await using var context = await browser.NewContextAsync("fr-BE");
        var page = await context.NewPageAsync();
        var axe = browser.NewAxeLog("platforms");

        var mriId = await app.WithDbAsync(db => db.Equipment.Where(e => e.Name == "Preclinical MRI").Select(e => e.Id).SingleAsync());

        // The list, from the navigation, in French.
        await page.OpenAsync(app, "/");
        await page.SubmitWithAsync(page.Locator(".site-nav a[href='/platforms']"));
        Assert.EndsWith("/platforms", page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Plateformes");
        var imagingCard = page.Locator(".result-card", new() { HasText = "Centre d'imagerie Hainaut-Biomed" });
        await Expect(imagingCard).ToContainTextAsync("4 instruments");
        await Expect(imagingCard).ToContainTextAsync("Données illustratives");
        await Expect(imagingCard.Locator("a[href^='/organizations/']")).ToHaveTextAsync("Hainaut-Biomed imaging centre");
        await Expect(page.Locator(".result-card", new() { HasText = "ImmuneHealth" })).ToContainTextAsync("3 analyses proposées");
        await axe.CheckAsync(page, "fr-list");

        // The imaging centre: its instruments, with links to their pages and availability.
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Link, new() { Name = "Centre d'imagerie Hainaut-Biomed", Exact = true }));
        Assert.EndsWith("/platforms/hainaut-biomed-imaging-centre", page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Centre d'imagerie Hainaut-Biomed");
        var instruments = page.Locator("#instruments + .table-wrap tbody tr");
        await Expect(instruments).ToHaveCountAsync(4);
        var mriRow = instruments.Filter(new() { HasText = "Preclinical MRI" });
        await Expect(mriRow).ToContainTextAsync("IRM");
        await Expect(mriRow).ToContainTextAsync("En service");
        await Expect(mriRow.Locator("a[href='/training/mri-safety-and-operation']")).ToHaveTextAsync("Sécurité et utilisation de l'IRM");
        await Expect(mriRow.Locator($"a[href='/equipment/{mriId}/availability']")).ToBeVisibleAsync();
        await Expect(instruments.Filter(new() { HasText = "Preclinical PET-CT" })).ToContainTextAsync("Approuvée par la plateforme");
        await Expect(page.Locator("a[href='/training']")).ToHaveCountAsync(2); // the navigation and the platform's training section
        await Expect(page.Locator("a[href='/bookings/manage']")).ToHaveCountAsync(0);
        await axe.CheckAsync(page, "fr-imaging-centre");

        // The MRI: rules in words, opening hours in Brussels time, rates, cancellation terms, the booking link.
        await page.SubmitWithAsync(mriRow.GetByRole(AriaRole.Link, new() { Name = "Preclinical MRI", Exact = true }));
        Assert.EndsWith($"/equipment/{mriId}", page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Preclinical MRI");
        var hours = page.Locator("table.opening-hours");
        await Expect(hours.Locator("tr", new() { HasText = "Lundi" })).ToContainTextAsync("08:00–18:00");
        await Expect(hours.Locator("tr", new() { HasText = "Dimanche" })).ToContainTextAsync("Fermé");
        await Expect(page.Locator(".rule-list")).ToContainTextAsync("Une réservation dure de 1 heure à 8 heures, par pas de 30 min.");
        await Expect(page.Locator(".rule-list")).ToContainTextAsync("Réservez au moins 24 heures avant le début.");
        await Expect(page.Locator(".rule-list a[href='/training/mri-safety-and-operation']")).ToBeVisibleAsync();
        await Expect(page.Locator("#rates + .table-wrap tr", new() { HasText = "Académique" })).ToContainTextAsync("150,00 €");
        await Expect(page.Locator("#cancellation + p")).ToContainTextAsync("L'annulation est gratuite jusqu'à 48 heures avant le début ; ensuite, 50 % du prix est facturé.");
        await Expect(page.Locator($".profile-actions a[href='/equipment/{mriId}/availability']")).ToHaveTextAsync("Réserver");
        await axe.CheckAsync(page, "fr-mri");

        // Switch to English: the same page in English.
        await page.SubmitWithAsync(page.Locator(".language-switch button[value=en]"));
        Assert.EndsWith($"/equipment/{mriId}", page.Url);
        Assert.Equal("en", await page.LanguageAsync());
        await Expect(page.Locator("table.opening-hours tr", new() { HasText = "Monday" })).ToContainTextAsync("08:00–18:00");
        await Expect(page.Locator("#rates + .table-wrap tr", new() { HasText = "Academic" })).ToContainTextAsync("€150.00");
        await Expect(page.Locator(".rule-list")).ToContainTextAsync("A booking lasts from 1 hour to 8 hours, in steps of 30 min.");
        await axe.CheckAsync(page, "en-mri");

        await page.OpenAsync(app, "/platforms/immunehealth");
        await Expect(page.Locator("h1")).ToHaveTextAsync("ImmuneHealth immunological analysis centre");
        await Expect(page.Locator("#analyses + .table-wrap tr", new() { HasText = "Cytokine multiplex panel" })).ToContainTextAsync("€180.00 / sample");
        await axe.CheckAsync(page, "en-immunehealth");

        await page.OpenAsync(app, "/platforms");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Platforms");
        await axe.CheckAsync(page, "en-list");

        // The demo researcher used the flow cytometer in May 2026 (before the demo data's illustrative months): a session, a no-show, a late cancellation.
        var (cytometer, researcher, umons) = await app.WithDbAsync(async db => (
            await db.Equipment.Where(e => e.Name == "Flow cytometer").Select(e => e.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == DemoAccounts.ResearcherEmail).Select(u => u.Id).SingleAsync(),
            await db.Organizations.Where(o => o.Slug == "umons").Select(o => o.Id).SingleAsync()));
        await app.AddBookingAsync(cytometer, researcher, umons, "2026-05-04T09:00", "2026-05-04T11:30", BookingStatus.Confirmed, UserCategory.Academic, 45m,
            checkedIn: "2026-05-04T09:10", checkedOut: "2026-05-04T11:20");
        await app.AddBookingAsync(cytometer, researcher, umons, "2026-05-11T14:00", "2026-05-11T15:00", BookingStatus.Confirmed, UserCategory.Academic, 45m);
        await app.AddBookingAsync(cytometer, researcher, umons, "2026-05-18T10:00", "2026-05-18T12:00", BookingStatus.Cancelled, UserCategory.Academic, 45m, cancellationCharge: 45m);

        // The demo manager sees the links to run the platform and reads its statement.
        await page.SignInAsync(app, (DemoAccounts.ManagerEmail, TestApp.DemoPassword), "/platforms/immunehealth");
        await Expect(page.Locator("a[href='/bookings/manage']")).ToBeVisibleAsync();
        await page.OpenAsync(app, "/platforms/immunehealth/statements?month=2026-05");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Usage statement — May 2026");
        await Expect(page.Locator(".statement-lines tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator(".statement-lines tfoot")).ToContainTextAsync("€202.50");
        await Expect(page.Locator(".statement-lines tbody tr", new() { HasText = "Late cancellation" })).ToContainTextAsync("€45.00");
        await Expect(page.Locator("a", new() { HasText = "Download CSV" })).ToBeVisibleAsync();
        await axe.CheckAsync(page, "en-statement");

        // The manager's form for the MRI: rules and opening hours, with labels axe accepts.
        await page.OpenAsync(app, $"/equipment/{mriId}/edit");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Preclinical MRI");
        await Expect(page.Locator("#f-rules-slotMinutes")).ToHaveValueAsync("30");
        await Expect(page.Locator("#f-hours-0-opens")).ToHaveValueAsync("08:00");
        await axe.CheckAsync(page, "en-edit-mri");

        axe.AssertClean();
    }
}
