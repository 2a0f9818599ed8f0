using System.Text.Json;
using Biotope.Data;
using Biotope.Features.Audit;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Privacy;

/// <summary>My space → "Download my data": what Biotope holds about me, the JSON download, my consents, the way to erase my account.</summary>
[Authorize]
public class MyDataModel(BiotopeDb db, PersonalDataExport export, PeopleConsent consent, AuditActor actor) : PageModel
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public PersonalData Data { get; private set; } = null!;
    public List<(Person Person, string Organization)> People { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var data = await export.ExportAsync(User.UserId()!, ct);
        if (data is null) return NotFound();
        Data = data;
        var userId = User.UserId();
        People = [.. (await db.People.AsNoTracking().Where(p => p.UserId == userId)
            .Join(db.Organizations, p => p.OrganizationId, o => o.Id, (p, o) => new { p, o.Name }).ToListAsync(ct)).Select(x => (x.p, x.Name))];
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        var data = await export.ExportAndAuditAsync(User.UserId()!, actor, ct);
        if (data is null) return NotFound();
        Response.Headers.CacheControl = "no-store";
        return File(JsonSerializer.SerializeToUtf8Bytes(data, Json), "application/json", $"biotope-my-data-{data.ExportedAt:yyyy-MM-dd}.json");
    }

    public async Task<IActionResult> OnPostConsentAsync(int personId, bool given, CancellationToken ct)
    {
        var outcome = await consent.SetConsentAsync(User, personId, given, ct);
        return outcome.Succeeded ? LocalRedirect("/account/data#my-entries") : NotFound();
    }
}
