using System.Net;
using Biotope.Features.Accounts;
using Biotope.Features.Notifications;
using Biotope.Tests.Browser;
using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Features.Notifications;

/// <summary>/admin/outbox/{id}: one e-mail with its headers and its French and English parts, opened from the outbox list; staff only (visitors are sent to sign in: NotificationPagesTests).</summary>
public sealed class OutboxMessagePageTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(long Id, string To)> QueueAsync()
    {
        var to = $"outbox-{Guid.NewGuid():N}@example.org";
        var message = new OutboxMessage
        {
            To = to,
            Subject = BilingualEmail.Subject("Décision sur votre proposition", "Decision on your proposal"),
            Body = BilingualEmail.Body("Bonjour,\n\nLa proposition est labellisée.", "Hello,\n\nThe proposal is labelled.", "/proposals/1"),
            CreatedAt = DateTimeOffset.Parse("2026-03-29T21:30:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Attempts = OutboxSender.MaxAttempts,
            LastError = "554 5.7.1 Relay denied",
        };
        await app.WithDbAsync(async db =>
        {
            db.Outbox.Add(message);
            return await db.SaveChangesAsync(Ct);
        });
        return (message.Id, to);
    }

    [Theory]
    [InlineData("fr-BE", "Destinataire", "En échec", "29 mars 2026 à 23:30", "Partie en français", "Partie en anglais")]
    [InlineData("en-GB", "Recipient", "Failed", "29 March 2026, 23:30", "French part", "English part")]
    public async Task Staff_open_a_message_from_the_outbox_and_read_its_headers_and_both_languages(
        string locale, string recipient, string failed, string written, string frenchPart, string englishPart)
    {
        browser.RequireOrSkip();
        var (id, to) = await QueueAsync();
        var language = locale[..2];
        var axe = browser.NewAxeLog($"outbox-message-{language}");
        foreach (var width in new[] { 1280, 390 })
        {
            await using var context = await browser.NewContextAsync(locale, o => o.ViewportSize = new() { Width = width, Height = 900 });
            var page = await context.NewPageAsync();
            await page.SignInAsync(app, await app.CreateUserAsync(Roles.ClusterStaff), "/admin/outbox");
            await axe.CheckAsync(page, $"list-{width}");

            await page.SubmitWithAsync(page.Locator("tr", new() { HasText = to }).GetByRole(AriaRole.Link, new() { Name = "Décision sur votre proposition / Decision on your proposal" }));
            Assert.EndsWith($"/admin/outbox/{id}", page.Url);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Décision sur votre proposition / Decision on your proposal");
            var headers = page.Locator(".outbox-headers");
            await Expect(headers).ToContainTextAsync(recipient);
            await Expect(headers).ToContainTextAsync(to);
            await Expect(headers).ToContainTextAsync("biotope@localhost");
            await Expect(headers).ToContainTextAsync(failed);
            // Any space of the date format (French ones are no-break).
            await Expect(headers).ToContainTextAsync(new System.Text.RegularExpressions.Regex(written.Replace(" ", @"\s")));
            await Expect(headers).ToContainTextAsync("554 5.7.1 Relay denied");
            await Expect(page.Locator("#body-fr")).ToHaveTextAsync(frenchPart);
            await Expect(page.Locator("#body-en")).ToHaveTextAsync(englishPart);
            await Expect(page.Locator("pre[lang=fr]")).ToContainTextAsync("La proposition est labellisée.");
            await Expect(page.Locator("pre[lang=en]")).ToContainTextAsync("The proposal is labelled.");
            var (scrollWidth, clientWidth) = await page.WidthsAsync();
            Assert.True(scrollWidth <= clientWidth, $"the message page scrolls sideways at {width} px ({scrollWidth} > {clientWidth})");
            await axe.CheckAsync(page, $"message-{width}");
        }
        axe.AssertClean();
    }

    [Fact]
    public async Task An_unknown_message_is_the_sites_404_page()
    {
        var staff = await app.CreateUserAsync(Roles.ClusterStaff);
        using var client = await app.PageClientAsync(staff.Email, staff.Password, "en");
        using var response = await client.GetAsync("/admin/outbox/987654321", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("language-switch", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Members_are_refused_a_message()
    {
        var (id, _) = await QueueAsync();
        var member = await app.CreateUserAsync(Roles.Member, await app.AnyOrganizationAsync());
        using var memberClient = await app.PageClientAsync(member.Email, member.Password, "en");
        using var refused = await memberClient.GetAsync($"/admin/outbox/{id}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("Relay denied", await refused.Content.ReadAsStringAsync(Ct));
    }
}
