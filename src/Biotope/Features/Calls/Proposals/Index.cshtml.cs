using Biotope.Data;
using Biotope.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Proposals;

/// <summary>One row of the proposals list: a proposal and where the reader's organization stands in it.</summary>
public sealed record ProposalRow(int Id, string Acronym, string? TitleFr, string? TitleEn, string? CallTitleFr, string? CallTitleEn, ProposalStatus Status,
    bool Coordinator, PartnerStatus? OurStatus, int Partners, DateTimeOffset UpdatedAt);

/// <summary>My organization's proposals, the invitations it has to answer; for staff, every proposal.</summary>
[Authorize]
public class ProposalListModel(BiotopeDb db) : PageModel
{
    public bool Staff { get; private set; }
    public bool HasOrganization { get; private set; }
    public IReadOnlyList<ProposalRow> Invitations { get; private set; } = [];
    public IReadOnlyList<ProposalRow> Proposals { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Staff = User.IsStaff();
        var organizationId = User.OrganizationId();
        HasOrganization = organizationId is not null;
        var query = db.Proposals.AsNoTracking();
        if (!Staff) query = query.Where(p => p.Partners.Any(x => x.OrganizationId == organizationId && x.Status != PartnerStatus.Declined));
        var rows = await query.OrderByDescending(p => p.UpdatedAt).Take(200)
            .Select(p => new ProposalRow(p.Id, p.Acronym, p.TitleFr, p.TitleEn, p.Call!.TitleFr, p.Call.TitleEn, p.Status,
                p.CoordinatorOrganizationId == organizationId,
                p.Partners.Where(x => x.OrganizationId == organizationId).Select(x => (PartnerStatus?)x.Status).FirstOrDefault(),
                p.Partners.Count(x => x.Status != PartnerStatus.Declined), p.UpdatedAt))
            .ToListAsync(ct);
        Invitations = [.. rows.Where(r => !r.Coordinator && r.OurStatus == PartnerStatus.Invited)];
        Proposals = [.. rows.Except(Invitations)];
    }
}
