using System.Net;
using System.Net.Sockets;
using Biotope.Features.Accounts;
using Biotope.Features.Notifications;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Biotope.Tests.Features.Notifications;

/// <summary>E-mail delivery against a real (tiny) SMTP server on 127.0.0.1: sent, refused, retried, given up, not configured.</summary>
public sealed class OutboxSenderTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>, IAsyncLifetime
{
    private TestApp App => fixture.App;
    private readonly SmtpTestServer server = new();
    private readonly ManualClock clock = new(DateTimeOffset.UtcNow);

    /// <summary>Each test starts with an empty outbox: the sender reads all of it.</summary>
    public async ValueTask InitializeAsync() => await App.WithDbAsync(db => db.Outbox.ExecuteDeleteAsync());

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SmtpOptions Smtp => new() { Host = "127.0.0.1", Port = server.Port, From = "noreply@biotope.test" };

    private OutboxSender Sender(SmtpOptions? options = null) =>
        new(App.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(options ?? Smtp), clock, NullLogger<OutboxSender>.Instance);

    private Task<List<long>> QueueAsync(params string[] recipients) => App.WithDbAsync(async db =>
    {
        var messages = recipients.Select((to, i) => new OutboxMessage { To = to, Subject = $"Message {i + 1}", Body = $"Body {i + 1}", CreatedAt = DateTimeOffset.UtcNow }).ToList();
        db.Outbox.AddRange(messages);
        await db.SaveChangesAsync();
        return messages.Select(m => m.Id).ToList();
    });

    private Task<List<OutboxMessage>> OutboxAsync() => App.WithDbAsync(db => db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    [Fact]
    public async Task Queued_emails_are_delivered_in_order_marked_sent_and_never_sent_twice()
    {
        var (email, _) = await App.CreateUserAsync(Roles.Member, await App.AnyOrganizationAsync());
        await App.NotifyAsync([await App.UserIdAsync(email)], NotificationSteps.Bilingual("décision", "/proposals/7"));
        await QueueAsync("first@example.org", "second@example.org");

        var sent = await Sender().DeliverPendingAsync(Ct);

        Assert.Equal(3, sent);
        Assert.Equal([email, "first@example.org", "second@example.org"], server.Messages.Select(m => Assert.Single(m.Recipients)));
        Assert.All(server.Messages, m => Assert.Equal("noreply@biotope.test", m.From));
        var bilingual = server.Messages[0];
        Assert.Equal("Objet FR décision à voir / EN subject décision", bilingual.Subject);
        Assert.Contains("Corps FR décision : détails", bilingual.Body);
        Assert.Contains("EN body décision", bilingual.Body);
        Assert.Contains("/proposals/7", bilingual.Body);
        Assert.Contains("noreply@biotope.test", bilingual.Headers["From"]);
        Assert.All(await OutboxAsync(), m =>
        {
            Assert.NotNull(m.SentAt);
            Assert.Equal(0, m.Attempts);
            Assert.Null(m.LastError);
        });

        Assert.Equal(0, await Sender().DeliverPendingAsync(Ct));
        Assert.Equal(3, server.Messages.Count);
    }

    [Fact]
    public async Task A_long_queue_goes_out_in_batches_in_one_pass()
    {
        var recipients = Enumerable.Range(1, OutboxSender.BatchSize * 2 + 3).Select(i => $"reader{i}@example.org").ToArray();
        await QueueAsync(recipients);

        Assert.Equal(recipients.Length, await Sender().DeliverPendingAsync(Ct));

        Assert.Equal(recipients, server.Messages.Select(m => m.Recipients[0]));
        Assert.All(await OutboxAsync(), m => Assert.NotNull(m.SentAt));
    }

    [Theory]
    [InlineData("451 4.3.0 Try again later", "451")]
    [InlineData("554 5.7.1 Not now", "554")]
    public async Task A_refusing_server_costs_an_attempt_keeps_the_error_and_the_message_goes_once_it_recovers(string reply, string code)
    {
        server.Refuse(reply);
        await QueueAsync("patient@example.org", "second@example.org");
        var sender = Sender();

        Assert.Equal(0, await sender.DeliverPendingAsync(Ct));
        Assert.All(await OutboxAsync(), m =>
        {
            Assert.Null(m.SentAt);
            Assert.Equal(1, m.Attempts);
            Assert.Contains(code, m.LastError);
        });
        Assert.Empty(server.Messages);

        // The server recovers, but the retry waits for its back-off.
        server.Accept();
        Assert.Equal(0, await sender.DeliverPendingAsync(Ct));
        clock.Advance(OutboxSender.RetryDelay(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await sender.DeliverPendingAsync(Ct));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, await sender.DeliverPendingAsync(Ct));

        Assert.Equal(["patient@example.org", "second@example.org"], server.Messages.Select(m => m.Recipients[0]));
        Assert.All(await OutboxAsync(), m =>
        {
            Assert.NotNull(m.SentAt);
            Assert.Equal(1, m.Attempts);
            Assert.Contains(code, m.LastError); // what went wrong before stays visible
        });
    }

    [Fact]
    public async Task After_five_failures_a_message_is_kept_as_failed_until_staff_queue_it_again()
    {
        server.Refuse("554 5.7.1 Relay denied");
        var id = (await QueueAsync("stubborn@example.org"))[0];
        var sender = Sender();

        for (var attempt = 1; attempt <= OutboxSender.MaxAttempts; attempt++)
        {
            Assert.Equal(0, await sender.DeliverPendingAsync(Ct));
            Assert.Equal(attempt, (await OutboxAsync())[0].Attempts);
            clock.Advance(OutboxSender.RetryDelay(attempt));
        }
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(32)],
            Enumerable.Range(1, 4).Select(OutboxSender.RetryDelay));

        server.Accept();
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await sender.DeliverPendingAsync(Ct));
        var failed = Assert.Single(await OutboxAsync());
        Assert.Equal((OutboxSender.MaxAttempts, (DateTimeOffset?)null), (failed.Attempts, failed.SentAt));
        Assert.Contains("Relay denied", failed.LastError);
        Assert.Equal("failed", OutboxModel.StatusOf(failed));

        // What "Queue again" on /admin/outbox does.
        await App.WithDbAsync(db => db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, 0)));
        Assert.Equal(1, await sender.DeliverPendingAsync(Ct));
        Assert.Equal("sent", OutboxModel.StatusOf(Assert.Single(await OutboxAsync())));
    }

    [Fact]
    public async Task An_address_that_cannot_work_is_given_up_at_once_and_does_not_hold_the_others()
    {
        await QueueAsync("not an address", "fine@example.org");

        Assert.Equal(1, await Sender().DeliverPendingAsync(Ct));

        var outbox = await OutboxAsync();
        Assert.Equal((OutboxSender.MaxAttempts, (DateTimeOffset?)null), (outbox[0].Attempts, outbox[0].SentAt));
        Assert.NotNull(outbox[0].LastError);
        Assert.NotNull(outbox[1].SentAt);
        Assert.Equal(["fine@example.org"], server.Messages.Select(m => m.Recipients[0]));
    }

    [Fact]
    public async Task An_unreachable_server_ends_the_pass_after_one_attempt()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await QueueAsync("a@example.org", "b@example.org", "c@example.org");

        Assert.Equal(0, await Sender(new SmtpOptions { Host = "127.0.0.1", Port = port }).DeliverPendingAsync(Ct));

        var outbox = await OutboxAsync();
        Assert.Equal([1, 0, 0], outbox.Select(m => m.Attempts));
        Assert.NotNull(outbox[0].LastError);
        Assert.All(outbox, m => Assert.Null(m.SentAt));
    }

    [Fact]
    public async Task Without_an_SMTP_host_nothing_is_sent_and_the_messages_wait()
    {
        await QueueAsync("waiting@example.org");

        Assert.Equal(0, await Sender(new SmtpOptions { Host = null, Port = server.Port }).DeliverPendingAsync(Ct));
        // The application's own sender: the test app configures no SMTP.
        Assert.False(App.Services.GetRequiredService<IOptions<SmtpOptions>>().Value.Configured);
        Assert.Equal(0, await App.Services.GetRequiredService<OutboxSender>().DeliverPendingAsync(Ct));

        Assert.Equal(0, server.Connections);
        var waiting = Assert.Single(await OutboxAsync());
        Assert.Equal((0, (DateTimeOffset?)null), (waiting.Attempts, waiting.SentAt));
    }

    [Fact]
    public async Task The_hosted_sender_delivers_by_itself_with_the_Smtp_settings()
    {
        await using var app = await TestApp.StartSqliteAsync(seedDemo: false, configure: builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Smtp:Host"] = "127.0.0.1",
                ["Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Smtp:From"] = "platform@biotope.test",
                ["Smtp:PollSeconds"] = "1",
            }));
        var (email, _) = await app.CreateUserAsync(Roles.Expert);

        await app.NotifyAsync([await app.UserIdAsync(email)], NotificationSteps.Bilingual("auto"));
        await server.WaitForMessagesAsync(1, TimeSpan.FromSeconds(30));

        var mail = Assert.Single(server.Messages);
        Assert.Equal((email, "platform@biotope.test"), (mail.Recipients[0], mail.From));
        Assert.Equal("Objet FR auto à voir / EN subject auto", mail.Subject);
        for (var i = 0; i < 100 && await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.SentAt == null)); i++) await Task.Delay(100, Ct);
        Assert.NotNull(Assert.Single(await app.WithDbAsync(db => db.Outbox.ToListAsync())).SentAt);
    }

    [Fact]
    public void The_settings_are_listed_by_biotope_help()
    {
        foreach (var setting in new[] { "Smtp__Host", "Smtp__Port", "Smtp__From", "Smtp__UserName", "Smtp__Password", "Smtp__Security", "Smtp__TrustedCertificate", "Smtp__PollSeconds" })
            Assert.Contains(setting, Biotope.Infrastructure.Cli.Help);
    }

    /// <summary>A clock the test moves by hand, for the back-off between retries.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
