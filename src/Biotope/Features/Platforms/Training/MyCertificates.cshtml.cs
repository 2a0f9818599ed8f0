using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Platforms.Training;

/// <summary>The signed-in user's certificates: validity, state today and the instruments each one unlocks.</summary>
[Authorize]
public class MyCertificatesModel(BiotopeDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<CertificateDto> Certificates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Certificates = await db.CertificatesOfAsync(User.UserId()!, BrusselsTime.Date(clock.GetUtcNow()), ct);
}
