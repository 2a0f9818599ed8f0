using Biotope.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Statements;

/// <summary>A platform's monthly statement, for its managers and staff; narrowed to one organization on demand.</summary>
public class PlatformStatementModel(BiotopeDb db, StatementReader reader) : StatementPage(reader)
{
    public Platform Platform { get; private set; } = null!;
    /// <summary>The organizations billed on the platform this month, for the organization filter.</summary>
    public IReadOnlyList<StatementSubtotal> Organizations { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(string slug, CancellationToken ct) => ShowAsync(slug, csv: false, ct);

    public Task<IActionResult> OnGetCsvAsync(string slug, CancellationToken ct) => ShowAsync(slug, csv: true, ct);

    private async Task<IActionResult> ShowAsync(string slug, bool csv, CancellationToken ct)
    {
        var platform = await db.Platforms.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug, ct);
        if (platform is null) return NotFound();
        if (!await db.ManagesPlatformAsync(User, platform.Id, ct)) return Forbid();
        Platform = platform;
        if (await ReadAsync(null, platform.Id, ct) is { } refused) return refused;
        Organizations = Statement.Organizations;
        if (Organization is { } organization)
        {
            if (await ReadAsync(organization, platform.Id, ct) is { } refusedForOrganization) return refusedForOrganization;
            if (Organizations.All(o => o.Id != organization)) Organizations = [.. Organizations, new StatementSubtotal(organization, Statement.Organization!.Name, 0, 0, 0, 0)];
        }
        return csv ? Csv() : Page();
    }
}
