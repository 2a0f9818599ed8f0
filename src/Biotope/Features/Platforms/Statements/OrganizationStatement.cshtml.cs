using Biotope.Data;
using Biotope.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Statements;

/// <summary>An organization's monthly statement: its own people read it; staff give ?organization=; managers see their platforms' lines.</summary>
public class OrganizationStatementModel(BiotopeDb db, StatementReader reader) : StatementPage(reader)
{
    /// <summary>Nothing to show: the account belongs to no organization and none was asked for.</summary>
    public bool NoOrganization { get; private set; }
    /// <summary>The platforms the reader manages, for links to their statements.</summary>
    public List<Platform> Managed { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(csv: false, ct);

    public Task<IActionResult> OnGetCsvAsync(CancellationToken ct) => ShowAsync(csv: true, ct);

    private async Task<IActionResult> ShowAsync(bool csv, CancellationToken ct)
    {
        var managedIds = await db.ManagedPlatformIdsAsync(User, ct);
        Managed = await db.Platforms.AsNoTracking().Where(p => managedIds.Contains(p.Id)).OrderBy(p => p.NameEn).ToListAsync(ct);
        var organization = Organization ?? User.OrganizationId();
        if (organization is null)
        {
            if (csv) return NotFound();
            NoOrganization = true;
            return Page();
        }
        if (await ReadAsync(organization, null, ct) is { } refused) return refused;
        return csv ? Csv() : Page();
    }
}
