using System.Net;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Tests.Browser;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Features.Notifications;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Biotope.Tests.Features.Platforms.Calendars.CalendarKit;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Features.Platforms.Calendars;

/// <summary>/calendars in a real browser, in French and English, checked with axe-core; the addresses it hands out are read with ical.js.</summary>
public sealed class CalendarPagesTests(SqliteCalendarApp fixture, BrowserFixture browser) : IClassFixture<SqliteCalendarApp>
{
    private readonly TestApp app = fixture.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task CheckAxeAsync(IPage page, string name)
    {
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
        await browser.ScreenshotAsync(page, name);
    }

    private async Task<(string Email, string Password, string UserId, int Organization)> AccountAsync(string role)
    {
        var organization = await app.AddOrganizationAsync("Labo " + Guid.NewGuid().ToString("N")[..6], OrganizationType.University, "BE323");
        var (email, password) = await app.CreateUserAsync(role, organization);
        return (email, password, await app.UserIdAsync(email), organization);
    }

    [Theory]
    [InlineData("fr-BE", "Flux d'agenda", "Créer mon flux personnel", "Mes réservations et formations Biotope", "Révoquer le flux", "Le flux est révoqué")]
    [InlineData("en-GB", "Calendar feeds", "Create my personal feed", "My Biotope bookings and training", "Revoke the feed", "The feed is revoked")]
    public async Task A_member_creates_a_personal_feed_sees_its_address_once_and_revokes_it(
        string locale, string title, string create, string calendarName, string revoke, string revoked)
    {
        browser.RequireOrSkip();
        var language = locale[..2];
        var member = await AccountAsync(Roles.Member);
        var platform = await app.AddPlatformAsync(member.Organization, "Imagerie " + language);
        var equipment = await app.AddEquipmentAsync(platform, "Micro-CT");
        var booking = await app.AddBookingAsync(equipment, member.UserId, member.Organization, Brussels("2026-10-25 01:30"), Brussels("2026-10-25 03:30"));
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, (member.Email, member.Password), "/calendars");

        Assert.EndsWith("/calendars", page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Expect(page.Locator(".site-nav a[href='/account']")).ToHaveAttributeAsync("aria-current", "page");
        await Expect(page.Locator("table.calendar-feeds")).ToHaveCountAsync(0);
        // A member manages no platform: only the personal form.
        await Expect(page.Locator("form.calendar-form")).ToHaveCountAsync(1);
        await Expect(page.Locator("#personal-language")).ToHaveValueAsync(language);
        await CheckAxeAsync(page, $"calendars-{language}-empty");

        var response = await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = create }));

        Assert.Equal(200, response.Status);
        Assert.Contains("no-store", await response.HeaderValueAsync("cache-control"));
        var address = page.Locator("#feed-url");
        await Expect(address).ToHaveAttributeAsync("readonly", "");
        var url = await address.InputValueAsync();
        Assert.StartsWith(app.BaseUrl + "/calendars/", url);
        Assert.EndsWith($".ics?lang={language}", url);
        await Expect(page.Locator(".calendar-steps li")).ToHaveCountAsync(3);
        await Expect(page.Locator("table.calendar-feeds tbody tr")).ToHaveCountAsync(1);
        await CheckAxeAsync(page, $"calendars-{language}-created");

        var feed = await IcalJs.ParseAsync(await app.Client.GetStringAsync(url, Ct));
        Assert.Equal(calendarName, feed.Name);
        var night = feed.Single($"booking-{booking}@biotope");
        Assert.Equal(("2026-10-24T23:30:00.000Z", "2026-10-25T02:30:00.000Z"), (night.Start, night.End));

        // Shown once: the page read again has the feed in its list, but not its address.
        await page.OpenAsync(app, "/calendars");
        await Expect(page.Locator("#feed-url")).ToHaveCountAsync(0);
        Assert.DoesNotContain(url[(app.BaseUrl.Length + "/calendars/".Length)..^".ics?lang=xx".Length], await page.ContentAsync(), StringComparison.Ordinal);

        await page.SubmitWithAsync(page.Locator("table.calendar-feeds tbody tr").First.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^" + revoke) }));

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(revoked);
        await Expect(page.Locator("table.calendar-feeds")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(url, Ct)).StatusCode);
        await CheckAxeAsync(page, $"calendars-{language}-revoked");
    }

    [Fact]
    public async Task A_manager_creates_a_platform_feed_with_names_and_an_instrument_feed_in_English()
    {
        browser.RequireOrSkip();
        var manager = await AccountAsync(Roles.PlatformManager);
        var booker = await AccountAsync(Roles.Member);
        await app.NameAsync(booker.UserId, "Ada Lovelace");
        var platform = await app.AddPlatformAsync(manager.Organization, "ImmuneHealth");
        var confocal = await app.AddEquipmentAsync(platform, "Confocal");
        var cytometer = await app.AddEquipmentAsync(platform, "Cytomètre");
        await app.ManageAsync(platform, manager.UserId);
        var booking = await app.AddBookingAsync(cytometer, booker.UserId, booker.Organization, Brussels("2026-12-10 09:00"), Brussels("2026-12-10 11:00"));
        await using var context = await browser.NewContextAsync("fr-BE");
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, (manager.Email, manager.Password), "/calendars");

        await Expect(page.Locator("form.calendar-form")).ToHaveCountAsync(3);
        await Expect(page.Locator("#instrument-equipment option")).ToHaveTextAsync(["Confocal", "Cytomètre"]);
        await CheckAxeAsync(page, "calendars-fr-manager");

        await page.Locator("#platform-language").SelectOptionAsync("en");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Créer le flux de la plateforme" }));
        var platformUrl = await page.Locator("#feed-url").InputValueAsync();
        Assert.EndsWith("?lang=en", platformUrl);
        var platformFeed = await IcalJs.ParseAsync(await app.Client.GetStringAsync(platformUrl, Ct));
        var named = platformFeed.Single($"booking-{booking}@biotope");
        Assert.StartsWith("Cytomètre: Ada Lovelace (Labo ", named.Summary);
        Assert.Equal(("2026-12-10T08:00:00.000Z", "2026-12-10T10:00:00.000Z"), (named.Start, named.End));

        await page.Locator("#instrument-equipment").SelectOptionAsync(confocal.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Créer le flux de l'instrument" }));
        var instrumentFeed = await IcalJs.ParseAsync(await app.Client.GetStringAsync(await page.Locator("#feed-url").InputValueAsync(), Ct));
        Assert.Equal("Confocal — réservations", instrumentFeed.Name);
        Assert.False(instrumentFeed.Has($"booking-{booking}@biotope"));
        await Expect(page.Locator("table.calendar-feeds tbody th")).ToHaveTextAsync(["Instrument : Confocal", "Plateforme : ImmuneHealth"]);
        await CheckAxeAsync(page, "calendars-fr-manager-created");
        Assert.Equal(2, await app.WithDbAsync(db => db.CalendarFeeds.CountAsync(f => f.UserId == manager.UserId && f.RevokedAt == null)));
    }

    [Fact]
    public async Task The_page_works_without_JavaScript()
    {
        browser.RequireOrSkip();
        var member = await AccountAsync(Roles.Member);
        await using var context = await browser.NewContextAsync("en-GB", o => o.JavaScriptEnabled = false);
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, (member.Email, member.Password), "/calendars");

        await page.Locator("#personal-language").SelectOptionAsync("fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my personal feed" }).ClickAsync();

        var url = await page.Locator("#feed-url").InputValueAsync();
        Assert.EndsWith("?lang=fr", url);
        Assert.Equal("Mes réservations et formations Biotope", (await IcalJs.ParseAsync(await app.Client.GetStringAsync(url, Ct))).Name);
        Assert.Equal(1, await app.WithDbAsync(db => db.CalendarFeeds.CountAsync(f => f.UserId == member.UserId && f.Scope == CalendarScope.User)));
    }

    [Fact]
    public async Task Visitors_are_sent_to_sign_in()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var response = await client.GetAsync("/calendars", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }
}
