using Biotope.Features.Organizations;

namespace Biotope.Features.Calls.Proposals;

/// <summary>One partner's budget, computed in decimal euros to the cent.</summary>
public sealed record PartnerBudget(
    int OrganizationId,
    decimal Personnel,
    decimal Equipment,
    decimal Subcontracting,
    decimal Other,
    decimal Overhead,
    decimal Total,
    decimal Eligible,
    decimal FundingRatePercent,
    decimal RequestedFunding,
    decimal PersonnelFte,
    int ResearchersToHire);

public sealed record BudgetSummary(IReadOnlyList<PartnerBudget> Partners, decimal Total, decimal Eligible, decimal RequestedFunding, decimal PersonnelFte, int ResearchersToHire);

public static class Budget
{
    public static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Overhead is a flat rate on direct costs other than subcontracting; the funded base is the sum of the
    /// call's eligible categories; requested funding is that base times the partner kind's rate. Each line is
    /// rounded to the cent and totals are sums of rounded lines, so they always add up.
    /// </summary>
    public static PartnerBudget ForPartner(ProposalPartner partner, OrganizationType type, EligibilityRules rules)
    {
        var personnel = Cents(partner.PersonnelCost);
        var equipment = Cents(partner.EquipmentCost);
        var subcontracting = Cents(partner.SubcontractingCost);
        var other = Cents(partner.OtherCost);
        var overhead = Cents((personnel + equipment + other) * partner.OverheadRatePercent / 100m);
        var byCategory = new Dictionary<CostCategory, decimal>
        {
            [CostCategory.Personnel] = personnel,
            [CostCategory.Equipment] = equipment,
            [CostCategory.Subcontracting] = subcontracting,
            [CostCategory.Other] = other,
            [CostCategory.Overhead] = overhead,
        };
        var eligible = byCategory.Where(c => rules.EligibleCostCategories.Contains(c.Key)).Sum(c => c.Value);
        var rate = FundingRate(type, rules);
        return new PartnerBudget(partner.OrganizationId, personnel, equipment, subcontracting, other, overhead,
            personnel + equipment + subcontracting + other + overhead, eligible, rate, Cents(eligible * rate / 100m),
            partner.PersonnelFte, partner.ResearchersToHire);
    }

    public static decimal FundingRate(OrganizationType type, EligibilityRules rules) =>
        rules.FundingRates.FirstOrDefault(r => r.Types.Contains(type))?.RatePercent ?? 0m;

    public static BudgetSummary Summarize(IEnumerable<(ProposalPartner Partner, OrganizationType Type)> partners, EligibilityRules rules)
    {
        var lines = partners.Select(p => ForPartner(p.Partner, p.Type, rules)).ToList();
        return new BudgetSummary(lines, lines.Sum(l => l.Total), lines.Sum(l => l.Eligible), lines.Sum(l => l.RequestedFunding),
            lines.Sum(l => l.PersonnelFte), lines.Sum(l => l.ResearchersToHire));
    }
}
