using Biotope.Features.Notifications;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Biotope.Tests.Features.Notifications;

/// <summary>
/// MailKit delivery against a real server (aiosmtpd) with TLS (ADR 020): STARTTLS required, the certificate checked (a
/// self-signed one is refused until Smtp__TrustedCertificate names it), implicit TLS on its own port, no credential in the log.
/// </summary>
public sealed class OutboxSenderTlsTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>, IAsyncLifetime
{
    private TestApp App => fixture.App;
    private readonly RecordingLogger logger = new();

    public async ValueTask InitializeAsync() => await App.WithDbAsync(db => db.Outbox.ExecuteDeleteAsync());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OutboxSender Sender(SmtpOptions options) =>
        new(App.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(options), TimeProvider.System, logger);

    private Task QueueAsync(string to) => App.WithDbAsync(async db =>
    {
        db.Outbox.Add(new OutboxMessage { To = to, Subject = "Sécurité / Security", Body = "Corps à lire", CreatedAt = DateTimeOffset.UtcNow });
        return await db.SaveChangesAsync();
    });

    private Task<OutboxMessage> OnlyMessageAsync() => App.WithDbAsync(db => db.Outbox.AsNoTracking().SingleAsync());

    [Fact]
    public async Task StartTls_refuses_a_certificate_nobody_trusts_and_delivers_once_it_is_trusted()
    {
        await using var server = await AiosmtpdServer.StartAsync();
        await QueueAsync("reader@example.org");
        var smtp = new SmtpOptions { Host = "localhost", Port = server.Port, From = "noreply@biotope.test", Security = SmtpSecurity.StartTls };

        Assert.Equal(0, await Sender(smtp).DeliverPendingAsync(Ct));
        var refused = await OnlyMessageAsync();
        Assert.Null(refused.SentAt);
        Assert.Contains("certificate", refused.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.Messages());

        smtp.TrustedCertificate = server.CertificatePath;
        Assert.Equal(1, await Sender(smtp).DeliverPendingAsync(Ct));
        var mail = Assert.Single(server.Messages());
        Assert.Contains("reader@example.org", mail);
        Assert.NotNull((await OnlyMessageAsync()).SentAt);
    }

    [Fact]
    public async Task A_trusted_certificate_for_another_name_is_still_refused()
    {
        await using var server = await AiosmtpdServer.StartAsync();
        await QueueAsync("reader@example.org");
        // 127.0.0.1 is not the certificate's name (localhost).
        var smtp = new SmtpOptions { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.StartTls, TrustedCertificate = server.CertificatePath };

        Assert.Equal(0, await Sender(smtp).DeliverPendingAsync(Ct));
        Assert.Null((await OnlyMessageAsync()).SentAt);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task SslOnConnect_speaks_TLS_from_the_first_byte()
    {
        await using var server = await AiosmtpdServer.StartAsync(implicitTls: true);
        await QueueAsync("reader@example.org");
        var smtp = new SmtpOptions { Host = "localhost", Port = server.Port, Security = SmtpSecurity.SslOnConnect, TrustedCertificate = server.CertificatePath };

        Assert.Equal(1, await Sender(smtp).DeliverPendingAsync(Ct));
        Assert.Single(server.Messages());
    }

    [Fact]
    public async Task StartTls_is_required_a_server_without_it_gets_nothing()
    {
        await using var plain = new SmtpTestServer();
        await QueueAsync("reader@example.org");

        Assert.Equal(0, await Sender(new SmtpOptions { Host = "127.0.0.1", Port = plain.Port, Security = SmtpSecurity.StartTls }).DeliverPendingAsync(Ct));

        Assert.Empty(plain.Messages);
        Assert.Contains("STARTTLS", (await OnlyMessageAsync()).LastError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_password_is_never_in_the_log_nor_in_the_outbox()
    {
        await using var server = await AiosmtpdServer.StartAsync();
        await QueueAsync("reader@example.org");
        const string secret = "Very-secret-smtp-password-42";
        var smtp = new SmtpOptions
        {
            Host = "localhost",
            Port = server.Port,
            Security = SmtpSecurity.StartTls,
            TrustedCertificate = server.CertificatePath,
            UserName = "mailer",
            Password = secret,
        };

        // aiosmtpd offers no AUTH here: the login fails, and what is written about it must not hold the password.
        Assert.Equal(0, await Sender(smtp).DeliverPendingAsync(Ct));

        Assert.NotEmpty(logger.Lines);
        Assert.DoesNotContain(logger.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, (await OnlyMessageAsync()).LastError ?? "");
    }

    [Fact]
    public void The_former_EnableSsl_setting_still_means_StartTls()
    {
        Assert.Equal(SmtpSecurity.StartTls, new SmtpOptions { EnableSsl = true }.EffectiveSecurity);
        Assert.Equal(SmtpSecurity.None, new SmtpOptions().EffectiveSecurity);
        Assert.Equal(SmtpSecurity.SslOnConnect, new SmtpOptions { EnableSsl = true, Security = SmtpSecurity.SslOnConnect }.EffectiveSecurity);
    }

    private sealed class RecordingLogger : ILogger<OutboxSender>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception) + exception);
        }
    }
}
