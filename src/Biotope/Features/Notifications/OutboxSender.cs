using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Biotope.Data;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Biotope.Features.Notifications;

/// <summary>How the connection to the SMTP server is protected (ADR 020).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP (a relay on the same machine or network).</summary>
    None,
    /// <summary>STARTTLS, required: delivery fails when the server does not offer it (port 587 or 25).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>The configuration section "Smtp" (e.g. environment variables Smtp__Host, Smtp__Port...). No host: no delivery.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "biotope@localhost";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public SmtpSecurity? Security { get; set; }
    /// <summary>Former setting: true meant STARTTLS; read only when <see cref="Security"/> is not given.</summary>
    public bool EnableSsl { get; set; }
    /// <summary>A PEM or DER certificate file (a private CA's, or the server's own) trusted besides the system's authorities.</summary>
    public string? TrustedCertificate { get; set; }
    public int PollSeconds { get; set; } = 10;

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    public SmtpSecurity EffectiveSecurity => Security ?? (EnableSsl ? SmtpSecurity.StartTls : SmtpSecurity.None);
}

/// <summary>
/// Delivers the outbox by SMTP when a host is configured: unsent messages in id order, in small batches,
/// each marked sent as soon as the server accepted it. A failure counts an attempt, keeps the error and
/// waits longer before each retry; after <see cref="MaxAttempts"/> the message stays in the outbox as
/// failed (staff see it and can queue it again on /admin/outbox). One pass at a time per process.
/// </summary>
public sealed class OutboxSender(IServiceScopeFactory scopes, IOptions<SmtpOptions> options, TimeProvider clock, ILogger<OutboxSender> logger)
    : BackgroundService
{
    // The trusted certificate file is read once, not on every poll.
    private RemoteCertificateValidationCallback? certificateCheck;

    public const int MaxAttempts = 5;
    public const int BatchSize = 20;

    /// <summary>Wait after the first failure; each further failure waits four times longer (30 s, 2 min, 8 min, 32 min).</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim pass = new(1, 1);

    // Kept in memory, not in the table: after a restart a failed message is retried at once, which is harmless.
    private readonly Dictionary<long, (int Attempts, DateTimeOffset NotBefore)> backOff = [];

    public static TimeSpan RetryDelay(int attempts) => FirstRetryDelay * Math.Pow(4, Math.Max(0, attempts - 1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var smtp = options.Value;
        if (!smtp.Configured)
        {
            logger.LogInformation("SMTP is not configured (Smtp:Host): e-mails stay in the outbox.");
            return;
        }
        // The user name and password are never written to the log.
        logger.LogInformation("Delivering e-mails through {Host}:{Port} ({Security}) every {Seconds} s.", smtp.Host, smtp.Port, smtp.EffectiveSecurity, smtp.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverPendingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database hiccup must not stop delivery for good: try again at the next poll.
                logger.LogError(e, "Outbox delivery pass failed.");
            }
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, smtp.PollSeconds)), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the outbox: sends every message that is due; answers how many were sent.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken ct)
    {
        var smtp = options.Value;
        if (!smtp.Configured) return 0;
        await pass.WaitAsync(ct);
        try
        {
            var sent = 0;
            var after = 0L;
            while (true)
            {
                var batch = await DeliverBatchAsync(smtp, after, ct);
                sent += batch.Sent;
                if (batch.LastId is not { } last || batch.ServerUnreachable) return sent;
                after = last;
            }
        }
        finally
        {
            pass.Release();
        }
    }

    private async Task<(int Sent, long? LastId, bool ServerUnreachable)> DeliverBatchAsync(SmtpOptions smtp, long after, CancellationToken ct)
    {
        // A fresh context per batch keeps the change tracker small however long the queue.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BiotopeDb>();
        var batch = await db.Outbox.Where(m => m.SentAt == null && m.Attempts < MaxAttempts && m.Id > after)
            .OrderBy(m => m.Id).Take(BatchSize).ToListAsync(ct);
        if (batch.Count == 0) return (0, null, false);

        // Outside the per-message handling: a bad From is the configuration's fault, not the messages'.
        var from = new MailboxAddress("Biotope", smtp.From);
        using var client = new SmtpClient { Timeout = 30_000, ServerCertificateValidationCallback = certificateCheck ??= CertificateCheck(smtp) };
        var sent = 0;
        foreach (var message in batch)
        {
            if (!IsDue(message)) continue;
            try
            {
                using var mail = ToMail(from, message);
                // Connected on the first message due, so a server that cannot be reached costs that message an attempt.
                if (!client.IsConnected) await ConnectAsync(client, smtp, ct);
                await client.SendAsync(mail, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var unreachable = IsServerUnreachable(e);
                await RecordFailureAsync(db, message, e);
                // The server is down or refusing everyone: the rest of the queue would fail the same way.
                if (unreachable) return (sent, message.Id, true);
                continue;
            }
            message.SentAt = clock.GetUtcNow();
            backOff.Remove(message.Id);
            // Saved at once and not cancellable: the server has the message, so it must not be sent again.
            await db.SaveChangesAsync(CancellationToken.None);
            sent++;
        }
        if (client.IsConnected) await client.DisconnectAsync(quit: true, CancellationToken.None);
        return (sent, batch.Count < BatchSize ? null : batch[^1].Id, false);
    }

    private bool IsDue(OutboxMessage message) =>
        message.Attempts == 0
        || !backOff.TryGetValue(message.Id, out var wait)
        // Attempts differ when staff queued the message again: the old wait no longer applies.
        || wait.Attempts != message.Attempts
        || clock.GetUtcNow() >= wait.NotBefore;

    private async Task RecordFailureAsync(BiotopeDb db, OutboxMessage message, Exception error)
    {
        // An address that cannot be parsed will never work: give up at once rather than retry.
        message.Attempts = error is FormatException or ParseException ? MaxAttempts : message.Attempts + 1;
        // MailKit's messages hold the server's reply, never the credentials sent.
        var detail = error is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : error.Message;
        if (error.InnerException is { } inner) detail += $" ({inner.Message})";
        message.LastError = detail.Length > 1000 ? detail[..1000] : detail;
        if (message.Attempts >= MaxAttempts)
        {
            backOff.Remove(message.Id);
            logger.LogWarning("E-mail {Id} failed {Attempts} times; giving up: {Error}", message.Id, message.Attempts, message.LastError);
        }
        else
        {
            backOff[message.Id] = (message.Attempts, clock.GetUtcNow() + RetryDelay(message.Attempts));
            logger.LogInformation("E-mail {Id} failed (attempt {Attempts}): {Error}", message.Id, message.Attempts, message.LastError);
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static bool IsServerUnreachable(Exception e) =>
        e is SmtpCommandException { StatusCode: SmtpStatusCode.ServiceNotAvailable }
            or SmtpProtocolException or SslHandshakeException or AuthenticationException or NotSupportedException
            or SocketException or IOException or TimeoutException
        || e.InnerException is SocketException or IOException;

    private static async Task ConnectAsync(SmtpClient client, SmtpOptions smtp, CancellationToken ct)
    {
        var security = smtp.EffectiveSecurity switch
        {
            // Required: MailKit refuses to go on in the clear when the server offers no STARTTLS.
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
    }

    /// <summary>
    /// The server's certificate is checked as the system checks it (chain to a trusted authority, name, dates). A
    /// configured <see cref="SmtpOptions.TrustedCertificate"/> is one more root: a chain to it is accepted, with the name
    /// still checked. Nothing else is ever accepted.
    /// </summary>
    public static RemoteCertificateValidationCallback CertificateCheck(SmtpOptions smtp)
    {
        X509Certificate2? trusted = null;
        if (!string.IsNullOrWhiteSpace(smtp.TrustedCertificate))
            trusted = X509CertificateLoader.LoadCertificateFromFile(smtp.TrustedCertificate);
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true;
            if (trusted is null || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(trusted);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(certificate);
            return chain.Build(leaf);
        };
    }

    private static MimeMessage ToMail(MailboxAddress from, OutboxMessage message)
    {
        // The strict check System.Net.Mail made: MimeKit would take "not an address" as a local part.
        if (!System.Net.Mail.MailAddress.TryCreate(message.To, out var to)) throw new FormatException($"'{message.To}' is not an e-mail address.");
        var mail = new MimeMessage { Subject = message.Subject, Body = new TextPart("plain") { Text = message.Body } };
        mail.From.Add(from);
        mail.To.Add(new MailboxAddress(to.DisplayName, to.Address));
        return mail;
    }

    public override void Dispose()
    {
        pass.Dispose();
        base.Dispose();
    }
}
