using Biotope.Data;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Experts;

public enum ConflictType
{
    /// <summary>The expert declared a conflict with this proposal.</summary>
    DeclaredProposal,
    /// <summary>The expert declared a conflict with an organization in the consortium.</summary>
    DeclaredOrganization,
    /// <summary>The expert's organization is in the consortium.</summary>
    SameOrganization,
    /// <summary>The expert's organization is the parent, a subsidiary or a spin-off of (or part of) a consortium organization.</summary>
    RelatedOrganization,
    /// <summary>The expert's organization took part in a project with a consortium organization in the last three years.</summary>
    RecentCollaboration,
}

/// <summary>A conflict of interest and why, as a phrase written out in the reader's language at the edge.</summary>
public sealed record Conflict(int ExpertId, int ProposalId, ConflictType Type, Phrase Reason);

/// <summary>The experts and proposals of a call, and every conflict of interest between them, declared or detected.</summary>
public sealed class ConflictMap(IReadOnlyList<Conflict> conflicts)
{
    private readonly ILookup<(int Expert, int Proposal), Conflict> byPair = conflicts.ToLookup(c => (c.ExpertId, c.ProposalId));

    public IReadOnlyList<Conflict> All => conflicts;

    public IEnumerable<Conflict> For(int expertId, int proposalId) => byPair[(expertId, proposalId)];

    public bool Any(int expertId, int proposalId) => byPair.Contains((expertId, proposalId));
}

public static class Conflicts
{
    public static readonly TimeSpan CollaborationWindow = TimeSpan.FromDays(3 * 365 + 1);

    /// <summary>
    /// Detects conflicts for the given experts and proposals. A project with no known end date counts as
    /// recent: when in doubt, the expert is kept away.
    /// </summary>
    public static async Task<ConflictMap> DetectAsync(BiotopeDb db, IReadOnlyList<Expert> experts, IReadOnlyList<Proposal> proposals, DateTimeOffset now, CancellationToken ct)
    {
        var expertIds = experts.Select(e => e.Id).ToList();
        var proposalIds = proposals.Select(p => p.Id).ToList();
        var consortia = proposals.ToDictionary(p => p.Id, p => p.Partners.Where(x => x.Status != PartnerStatus.Declined).Select(x => x.OrganizationId).ToHashSet());
        var organizationIds = consortia.Values.SelectMany(x => x).Concat(experts.Where(e => e.OrganizationId is not null).Select(e => e.OrganizationId!.Value)).Distinct().ToList();

        var names = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Name, o.NameFr, o.NameEn, o.NameNl }).ToDictionaryAsync(o => o.Id, ct);
        object Name(int id) => names.TryGetValue(id, out var o)
            ? new Bilingual(Organization.NameIn("fr", o.Name, o.NameFr, o.NameEn, o.NameNl), Organization.NameIn("en", o.Name, o.NameFr, o.NameEn, o.NameNl)) : $"#{id}";

        var declarations = await db.ConflictDeclarations.AsNoTracking().Where(d => expertIds.Contains(d.ExpertId)).ToListAsync(ct);
        var relations = await db.OrganizationRelations.AsNoTracking()
            .Where(r => r.Kind != RelationKind.RelatedTo && r.Status == RelationStatus.Confirmed && (organizationIds.Contains(r.FromOrganizationId) || organizationIds.Contains(r.ToOrganizationId)))
            .Select(r => new { r.FromOrganizationId, r.ToOrganizationId, r.Kind }).ToListAsync(ct);
        var since = DateOnly.FromDateTime((now - CollaborationWindow).UtcDateTime);
        var participations = await db.ProjectPartners.AsNoTracking()
            .Where(pp => organizationIds.Contains(pp.OrganizationId))
            .Join(db.Projects, pp => pp.ProjectId, p => p.Id, (pp, p) => new { pp.OrganizationId, ProjectId = p.Id, p.Acronym, p.EndDate })
            .ToListAsync(ct);
        var recentProjects = participations.Where(p => p.EndDate is null || p.EndDate >= since).GroupBy(p => p.OrganizationId)
            .ToDictionary(g => g.Key, g => g.Select(p => (p.ProjectId, p.Acronym)).ToHashSet());

        var found = new List<Conflict>();
        foreach (var expert in experts)
        {
            foreach (var proposal in proposals)
            {
                var consortium = consortia[proposal.Id];
                foreach (var d in declarations.Where(d => d.ExpertId == expert.Id))
                {
                    if (d.ProposalId == proposal.Id)
                        found.Add(new(expert.Id, proposal.Id, ConflictType.DeclaredProposal, Phrase.Of("conflict.declared.proposal", d.Reason)));
                    else if (d.OrganizationId is { } declared && consortium.Contains(declared))
                        found.Add(new(expert.Id, proposal.Id, ConflictType.DeclaredOrganization, Phrase.Of("conflict.declared.organization", Name(declared), d.Reason)));
                }
                if (expert.OrganizationId is not { } own) continue;
                if (consortium.Contains(own))
                {
                    found.Add(new(expert.Id, proposal.Id, ConflictType.SameOrganization, Phrase.Of("conflict.same-organization", Name(own))));
                    continue;
                }
                foreach (var r in relations.Where(r => (r.FromOrganizationId == own && consortium.Contains(r.ToOrganizationId)) || (r.ToOrganizationId == own && consortium.Contains(r.FromOrganizationId))))
                {
                    var other = r.FromOrganizationId == own ? r.ToOrganizationId : r.FromOrganizationId;
                    var relation = (r.Kind, r.FromOrganizationId == own) switch
                    {
                        (RelationKind.SpinOffOf, true) => "spin-off-of",
                        (RelationKind.SpinOffOf, false) => "parent-of-spin-off",
                        (RelationKind.SubsidiaryOf, true) => "subsidiary-of",
                        (RelationKind.SubsidiaryOf, false) => "parent-company-of",
                        (_, true) => "part-of",
                        _ => "parent-organization-of",
                    };
                    found.Add(new(expert.Id, proposal.Id, ConflictType.RelatedOrganization, Phrase.Of("conflict.related." + relation, Name(own), Name(other))));
                }
                if (recentProjects.TryGetValue(own, out var ownProjects))
                {
                    foreach (var partner in consortium)
                    {
                        if (!recentProjects.TryGetValue(partner, out var theirs)) continue;
                        var shared = ownProjects.Intersect(theirs).OrderBy(p => p.Acronym, StringComparer.Ordinal).ToList();
                        if (shared.Count == 0) continue;
                        var list = new PhraseList([.. shared.Select(p => (object?)p.Acronym)]);
                        found.Add(new(expert.Id, proposal.Id, ConflictType.RecentCollaboration, Phrase.Of("conflict.recent-collaboration", Name(own), Name(partner), list)));
                    }
                }
            }
        }
        return new ConflictMap(found);
    }

    /// <summary>
    /// Expertise match: 3 per area of excellence in common, 1 per proposal area whose group the expert covers
    /// without the area itself, 2 per keyword in common (accent- and case-insensitive).
    /// </summary>
    public static int MatchScore(Expert expert, Proposal proposal)
    {
        var score = 0;
        foreach (var area in proposal.Areas.Distinct())
        {
            if (expert.Areas.Contains(area)) score += 3;
            else if (GroupOf(area) is { } group && (expert.Areas.Contains(group) || expert.Areas.Any(a => GroupOf(a) == group))) score += 1;
        }
        var keywords = expert.Keywords.Select(TextNormalizer.Normalize).ToHashSet();
        score += 2 * proposal.Keywords.Select(TextNormalizer.Normalize).Distinct().Count(keywords.Contains);
        return score;
    }

    private static string? GroupOf(string area) =>
        Taxonomy.AreaGroups.FirstOrDefault(g => g.Code == area || g.Children!.Any(c => c.Code == area))?.Code;
}
