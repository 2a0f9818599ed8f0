using Biotope.Data;
using Biotope.Features.Accounts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls;

public class IndexModel(BiotopeDb db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Call> Calls { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = User.IsStaff();
        Calls = await db.Calls.AsNoTracking().Where(c => staff || c.Published).OrderByDescending(c => c.ClosesAt).ToListAsync(ct);
        Now = clock.GetUtcNow();
    }
}
