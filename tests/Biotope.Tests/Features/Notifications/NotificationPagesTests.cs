using System.Net;
using Biotope.Features.Accounts;
using Biotope.Features.Notifications;
using Biotope.Tests.Browser;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Features.Notifications;

/// <summary>/notifications and /admin/outbox in a real browser, in French and English, checked with axe-core.</summary>
public sealed class NotificationPagesTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task CheckAxeAsync(IPage page, string name)
    {
        BrowserFixture.AssertNoSeriousViolations(await browser.RunAxeAsync(page));
        await browser.ScreenshotAsync(page, name);
    }

    [Theory]
    [InlineData("fr-BE", "Objet FR", "Non lue", "2 notifications non lues", "Tout marquer comme lu", "Vous n'avez aucune notification non lue.")]
    [InlineData("en-GB", "EN subject", "Unread", "2 unread notifications", "Mark all as read", "You have no unread notifications.")]
    public async Task The_notifications_page_lists_marks_and_clears_in_the_readers_language(
        string locale, string subjectPrefix, string unreadLabel, string unreadCount, string markAll, string nothingUnread)
    {
        browser.RequireOrSkip();
        var language = locale[..2];
        var account = await app.CreateUserAsync(Roles.Member, await app.AnyOrganizationAsync());
        var userId = await app.UserIdAsync(account.Email);
        await app.NotifyAsync([userId], NotificationSteps.Bilingual("ancienne", "/organizations?q=liege"));
        await app.NotifyAsync([userId], NotificationSteps.Bilingual("lue"));
        await app.NotifyAsync([userId], NotificationSteps.Bilingual("récente", "/organizations"));
        await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == userId && n.SubjectEn == "EN subject lue")
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, DateTimeOffset.UtcNow)));
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, account, "/notifications");

        Assert.EndsWith("/notifications", page.Url);
        Assert.Equal(language, await page.LanguageAsync());
        var items = page.Locator(".notification");
        await Expect(items).ToHaveCountAsync(3);
        await Expect(items.Nth(0).Locator("h2")).ToHaveTextAsync($"{subjectPrefix} récente" + (language == "fr" ? " à voir" : ""));
        await Expect(items.Nth(0).Locator("h2 a")).ToHaveAttributeAsync("href", "/organizations");
        await Expect(items.Nth(2).Locator("h2 a")).ToHaveAttributeAsync("href", "/organizations?q=liege");
        await Expect(items.Nth(1).Locator("h2 a")).ToHaveCountAsync(0);
        await Expect(page.Locator(".notification.is-unread .badge-unread")).ToHaveTextAsync([unreadLabel, unreadLabel]);
        await Expect(page.Locator(".site-nav .nav-count")).ToHaveTextAsync("2");
        await Expect(page.Locator(".lead")).ToHaveTextAsync(unreadCount);
        await CheckAxeAsync(page, $"notifications-{language}");

        // One read through its own button; the other through "mark all as read" (forms with the antiforgery token).
        await page.SubmitWithAsync(items.Nth(0).Locator("button"));
        await Expect(page.Locator(".notification.is-unread")).ToHaveCountAsync(1);
        await Expect(page.Locator(".site-nav .nav-count")).ToHaveTextAsync("1");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = markAll }));
        await Expect(page.Locator(".notification.is-unread")).ToHaveCountAsync(0);
        await Expect(page.Locator(".site-nav .nav-count")).ToHaveCountAsync(0);
        await Expect(page.Locator(".lead")).ToHaveTextAsync(nothingUnread);
        await page.OpenAsync(app, "/notifications?unread=true");
        await Expect(items).ToHaveCountAsync(0);
        await CheckAxeAsync(page, $"notifications-{language}-all-read");

        // The API reads with the page's cookie, but does not write with it: no other site can post for the reader.
        Assert.Equal(0, await page.EvaluateAsync<int>("() => fetch('/api/v1/notifications/unread-count').then(r => r.json()).then(j => j.unread)"));
        Assert.Equal(401, await page.EvaluateAsync<int>("() => fetch('/api/v1/notifications/read-all', { method: 'POST' }).then(r => r.status)"));
    }

    [Theory]
    [InlineData("fr-BE", "En échec", "Remettre en attente", "En attente")]
    [InlineData("en-GB", "Failed", "Queue again", "Queued")]
    public async Task Staff_see_the_outbox_and_queue_a_failed_email_again(string locale, string failedLabel, string queueAgain, string queuedLabel)
    {
        browser.RequireOrSkip();
        var language = locale[..2];
        var to = $"failed-{Guid.NewGuid():N}@example.org";
        await app.WithDbAsync(async db =>
        {
            db.Outbox.Add(new OutboxMessage { To = to, Subject = "Décision / Decision", Body = "…", CreatedAt = DateTimeOffset.UtcNow, Attempts = OutboxSender.MaxAttempts, LastError = "554 5.7.1 Relay denied" });
            return await db.SaveChangesAsync();
        });
        await using var context = await browser.NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, await app.CreateUserAsync(Roles.ClusterStaff), "/admin/outbox?status=failed");

        var row = page.Locator("tr", new() { HasText = to });
        await Expect(row).ToContainTextAsync(failedLabel);
        await Expect(row).ToContainTextAsync("554 5.7.1 Relay denied");
        await Expect(page.Locator(".site-nav a[href='/account']")).ToHaveAttributeAsync("aria-current", "page");
        await CheckAxeAsync(page, $"outbox-{language}");

        await page.SubmitWithAsync(row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^" + queueAgain) }));
        await Expect(page.Locator("tr", new() { HasText = to })).ToHaveCountAsync(0);
        await page.OpenAsync(app, "/admin/outbox?status=queued");
        await Expect(page.Locator("tr", new() { HasText = to })).ToContainTextAsync(queuedLabel);
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.Where(m => m.To == to).Select(m => m.Attempts).SingleAsync()));
    }

    [Theory]
    [InlineData("/notifications")]
    [InlineData("/admin/outbox")]
    [InlineData("/admin/outbox/1")]
    public async Task Visitors_are_sent_to_sign_in(string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Members_cannot_open_the_outbox()
    {
        browser.RequireOrSkip();
        await using var context = await browser.NewContextAsync("en-GB");
        var page = await context.NewPageAsync();
        await page.SignInAsync(app, await app.CreateUserAsync(Roles.Member, await app.AnyOrganizationAsync()));

        await page.OpenAsync(app, "/admin/outbox");

        Assert.Contains("/account/denied", page.Url);
        await page.OpenAsync(app, "/account");
        await Expect(page.Locator("main a[href='/admin/outbox']")).ToHaveCountAsync(0);
    }
}
