using Biotope.Data;
using Biotope.Features.Calls.Experts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Calls.Reviews;

/// <summary>The expert's desk: the proposals assigned to them and where each review stands.</summary>
[Authorize]
public class IndexModel(BiotopeDb db, Texts texts) : PageModel
{
    public bool IsExpert { get; private set; }
    public IReadOnlyList<AssignedProposal> Assigned { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var expert = await ExpertsApi.MeAsync(db, User, ct);
        IsExpert = expert is not null;
        if (expert is not null) Assigned = await ExpertsApi.AssignedToAsync(db, expert.Id, texts.Language, ct);
    }
}
