using Biotope.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Biotope.Features.Notifications;

/// <summary>One e-mail of the outbox as it is (to be) sent: its headers, its state, and its French and English parts (staff only: see WebSetup).</summary>
public class OutboxMessageModel(BiotopeDb db, IOptions<SmtpOptions> smtp) : PageModel
{
    public OutboxMessage Message { get; private set; } = null!;
    public string From => smtp.Value.From;
    public string Status => OutboxModel.StatusOf(Message);
    public (string? French, string? English, string? Unknown) Parts { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.Outbox.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is not { } message) return NotFound();
        Message = message;
        Parts = BilingualEmail.Parts(message.Body);
        return Page();
    }
}
