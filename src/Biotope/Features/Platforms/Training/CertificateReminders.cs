using Biotope.Data;
using Biotope.Features.Notifications;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Training;

/// <summary>
/// Tells holders, once, that their certificate expires within <see cref="Certificates.ReminderDays"/> days (in-app and by e-mail),
/// unless they already hold a certificate of the module that stays valid longer. Each certificate is claimed with a conditional
/// update before its message is written, in one transaction, so two passes running at once never remind anyone twice.
/// </summary>
public sealed class CertificateReminders(BiotopeDb db, Notifier notifier)
{
    /// <summary>Sends the reminders due at <paramref name="now"/>; answers how many were sent.</summary>
    public async Task<int> SendDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var today = BrusselsTime.Date(now);
        var horizon = today.AddDays(Certificates.ReminderDays);
        var due = await db.Certificates.AsNoTracking().Include(c => c.Module)
            .Where(c => c.ReminderSentAt == null && c.RevokedAt == null && c.ExpiresOn != null && c.ExpiresOn >= today && c.ExpiresOn <= horizon
                // A refresher already taken makes the reminder pointless.
                && !db.Certificates.Any(o => o.UserId == c.UserId && o.ModuleId == c.ModuleId && o.RevokedAt == null && (o.ExpiresOn == null || o.ExpiresOn > c.ExpiresOn)))
            .OrderBy(c => c.ExpiresOn).ThenBy(c => c.Id).ToListAsync(ct);
        var sent = 0;
        foreach (var certificate in due)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var claimed = await db.Certificates.Where(c => c.Id == certificate.Id && c.ReminderSentAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.ReminderSentAt, now), ct);
            if (claimed == 0) continue;
            await notifier.ToUsersAsync([certificate.UserId], Reminder(certificate.Module!, certificate.ExpiresOn!.Value), ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            sent++;
        }
        return sent;
    }

    public static Message Reminder(TrainingModule module, DateOnly expiresOn)
    {
        var title = new Bilingual(module.TitleFr, module.TitleEn);
        return Message.From("certificate-expiring", Phrase.Of("training.notify.expiring.subject", title, expiresOn),
            Phrase.Of("training.notify.expiring.body", title, expiresOn), $"/training/{module.Slug}");
    }
}

/// <summary>Runs <see cref="CertificateReminders.SendDueAsync"/> at start and then every hour; a failed pass is logged and the next one tries again.</summary>
public sealed class CertificateReminderService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CertificateReminderService> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sent = await scope.ServiceProvider.GetRequiredService<CertificateReminders>().SendDueAsync(clock.GetUtcNow(), stoppingToken);
                if (sent > 0) logger.LogInformation("Sent {Count} certificate expiry reminders.", sent);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database hiccup must not stop reminders for good: the next pass tries again.
                logger.LogError(e, "Certificate reminder pass failed.");
            }
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
