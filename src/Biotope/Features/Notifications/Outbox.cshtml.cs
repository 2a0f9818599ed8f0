using Biotope.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Biotope.Features.Notifications;

/// <summary>The e-mail outbox for staff: what waits, what went, what failed and why (staff only: see the page convention in WebSetup).</summary>
public class OutboxModel(BiotopeDb db, IOptions<SmtpOptions> smtp) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public SmtpOptions Smtp => smtp.Value;
    public List<OutboxMessage> Messages { get; private set; } = [];
    public long? NextBefore { get; private set; }
    public int Queued { get; private set; }
    public int Sent { get; private set; }
    public int Failed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Status is not (null or "" or "queued" or "sent" or "failed")) return BadRequest();
        Queued = await Filter(db.Outbox, "queued").CountAsync(ct);
        Sent = await Filter(db.Outbox, "sent").CountAsync(ct);
        Failed = await Filter(db.Outbox, "failed").CountAsync(ct);
        var query = Filter(db.Outbox.AsNoTracking(), Status);
        if (Before is { } before) query = query.Where(m => m.Id < before);
        Messages = await query.OrderByDescending(m => m.Id).Take(PageSize + 1).ToListAsync(ct);
        if (Messages.Count > PageSize)
        {
            Messages.RemoveAt(PageSize);
            NextBefore = Messages[^1].Id;
        }
        return Page();
    }

    /// <summary>Queues a failed message again: the sender gives it a fresh set of attempts; the last error stays until it goes.</summary>
    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        await db.Outbox.Where(m => m.Id == id && m.SentAt == null && m.Attempts >= OutboxSender.MaxAttempts)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, 0), ct);
        return LocalRedirect(LinkTo(Status, null));
    }

    public static string StatusOf(OutboxMessage m) => m.SentAt is not null ? "sent" : m.Attempts >= OutboxSender.MaxAttempts ? "failed" : "queued";

    /// <summary>The resource that names a state.</summary>
    public static string StatusLabelKey(string status) => status switch { "queued" => "Queued", "sent" => "Sent", _ => "Failed" };

    public static string LinkTo(string? status, long? before)
    {
        var query = new List<string>();
        if (status is { Length: > 0 }) query.Add($"status={status}");
        if (before is { } b) query.Add($"before={b}");
        return "/admin/outbox" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private static IQueryable<OutboxMessage> Filter(IQueryable<OutboxMessage> query, string? status) => status switch
    {
        "queued" => query.Where(m => m.SentAt == null && m.Attempts < OutboxSender.MaxAttempts),
        "sent" => query.Where(m => m.SentAt != null),
        "failed" => query.Where(m => m.SentAt == null && m.Attempts >= OutboxSender.MaxAttempts),
        _ => query,
    };
}
