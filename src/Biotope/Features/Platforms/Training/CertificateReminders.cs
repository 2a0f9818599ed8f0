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

/// <summary>Runs <see cref="CertificateReminders.SendDueAsync"/> at start and then every hour.</summary>
public sealed class CertificateReminderService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CertificateReminderService> logger)
    : PeriodicService(scopes, clock, logger, Period)
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override string Done => "certificate expiry reminders sent";

    protected override Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct) =>
        services.GetRequiredService<CertificateReminders>().SendDueAsync(now, ct);
}
