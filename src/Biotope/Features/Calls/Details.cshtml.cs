using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Calls.Proposals;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls;

public class DetailsModel(BiotopeDb db, TimeProvider clock, ProposalService proposals) : PageModel
{
    public Call Call { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }
    public bool CanStart { get; private set; }
    public IReadOnlyList<(int Id, string Acronym, ProposalStatus Status)> Mine { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }
    [BindProperty] public string? Acronym { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStartAsync(int id, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await proposals.CreateAsync(id, new ProposalInput { Acronym = Acronym ?? "" }, User, ct);
        if (outcome.Succeeded) return Redirect($"/proposals/{outcome.Value!.Proposal.Id}");
        if (outcome.Failure!.Kind == FailureKind.Forbidden) return Forbid();
        Errors = Texts.Current.Say(outcome.Failure.Errors);
        Problem = outcome.Failure.Errors is null && outcome.Failure.Detail is { } detail ? Texts.Current.Say(detail) : null;
        Response.StatusCode = outcome.Failure.Kind == FailureKind.Invalid ? 400 : 409;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var call = await db.LoadCallAsync(id, ct);
        if (call is null || (!call.Published && !User.IsStaff())) return false;
        Call = call;
        Now = clock.GetUtcNow();
        var phase = call.Phase(Now);
        var organizationId = User.OrganizationId();
        CanStart = organizationId is not null && (User.IsInRole(Roles.Member) || User.IsInRole(Roles.MemberAdmin))
            && (call.Stage == CallStage.TwoStage ? phase == "intent" : phase == "open");
        if (organizationId is { } org)
            Mine = (await db.Proposals.AsNoTracking().Where(p => p.CallId == id && (p.CoordinatorOrganizationId == org || p.Partners.Any(x => x.OrganizationId == org && x.Status != PartnerStatus.Declined)))
                .OrderBy(p => p.Acronym).Select(p => new { p.Id, p.Acronym, p.Status }).ToListAsync(ct)).Select(p => (p.Id, p.Acronym, p.Status)).ToList();
        return true;
    }
}
