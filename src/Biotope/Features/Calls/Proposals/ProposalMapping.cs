namespace Biotope.Features.Calls.Proposals;

public static class ProposalMapping
{
    public static ProposalDetails ToDetails(this LoadedProposal loaded, string language)
    {
        var (p, call, access, _) = loaded;
        var budgets = access.ReadsBudgets;
        var partners = p.Partners.OrderByDescending(x => x.IsCoordinator).ThenBy(x => x.Organization!.DisplayName(language), StringComparer.Create(Infrastructure.Texts.For(language).Culture, true)).ToList();
        var lines = partners.Select(x => (Partner: x, Budget: Budget.ForPartner(x, x.Organization!.Type, call.Rules))).ToList();
        var counted = lines.Where(l => l.Partner.CountsInConsortium).Select(l => l.Budget).ToList();
        return new ProposalDetails(p.Id, p.CallId, call.Title(language), p.Acronym, p.TitleEn, p.TitleFr, p.SummaryEn, p.SummaryFr, p.Areas, p.Keywords,
            p.DurationMonths, p.WorkPackages, p.Status, p.CoordinatorOrganizationId,
            [.. lines.Select(l => budgets
                ? new PartnerDto(l.Partner.OrganizationId, l.Partner.Organization!.DisplayName(language), l.Partner.Organization.Slug, l.Partner.Organization.Type,
                    l.Partner.Organization.NutsCode, l.Partner.IsCoordinator, l.Partner.Status, l.Budget.Personnel, l.Budget.PersonnelFte, l.Budget.ResearchersToHire,
                    l.Budget.Equipment, l.Budget.Subcontracting, l.Budget.Other, l.Partner.OverheadRatePercent, l.Budget.Overhead, l.Budget.Total, l.Budget.Eligible,
                    l.Budget.FundingRatePercent, l.Budget.RequestedFunding)
                : new PartnerDto(l.Partner.OrganizationId, l.Partner.Organization!.DisplayName(language), l.Partner.Organization.Slug, l.Partner.Organization.Type,
                    l.Partner.Organization.NutsCode, l.Partner.IsCoordinator, l.Partner.Status, null, null, null, null, null, null, null, null, null, null, null, null))],
            budgets ? new BudgetTotals(counted.Sum(b => b.Total), counted.Sum(b => b.Eligible), counted.Sum(b => b.RequestedFunding), counted.Sum(b => b.PersonnelFte), counted.Sum(b => b.ResearchersToHire)) : null,
            call.DeadlineFor(p.Status), p.IntentSubmittedAt, p.SubmittedAt, p.Decision, p.DecidedAt, p.AppealReason, p.AppealOutcome, p.ProjectId, p.Version);
    }

    public static EligibilityDto ToDto(this EligibilityReport report, Infrastructure.Texts texts) =>
        new(report.Eligible, [.. report.Rules.Select(r => new RuleDto(r.Rule, r.Passed, texts.Say(r.Reason), r.Reason.Key))]);
}
