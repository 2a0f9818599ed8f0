using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Calls.Proposals;

/// <summary>One eligibility rule's verdict and why, as a phrase written out in the reader's language at the edge.</summary>
public sealed record RuleResult(string Rule, bool Passed, Phrase Reason);

public sealed record EligibilityReport(IReadOnlyList<RuleResult> Rules)
{
    public bool Eligible => Rules.All(r => r.Passed);
}

/// <summary>A consortium member as the rules see it.</summary>
public sealed record ConsortiumMember(int OrganizationId, Bilingual Name, OrganizationType Type, string? NutsCode, bool IsCoordinator, PartnerStatus Status, ProposalPartner Partner);

/// <summary>Checks a proposal against its call's rules (data, not code) and says why each passes or fails.</summary>
public static class Eligibility
{
    public static EligibilityReport Check(Proposal proposal, Call call, IReadOnlyList<ConsortiumMember> members, IReadOnlyCollection<string> attachedDocuments)
    {
        var rules = call.Rules;
        var results = new List<RuleResult>();
        var consortium = members.Where(m => m.Partner.CountsInConsortium).ToList();
        var count = consortium.Count;

        void Add(string rule, bool passed, string key, params object?[] args) => results.Add(new RuleResult(rule, passed, Phrase.Of(key, args)));
        void AddPlural(string rule, bool passed, string key, long count, params object?[] args) => results.Add(new RuleResult(rule, passed, Phrase.Plural(key, count, args)));
        PhraseList Names(IEnumerable<ConsortiumMember> list) => new([.. list.Select(m => (object?)m.Name)]);

        var missing = new List<object?>();
        if (string.IsNullOrWhiteSpace(proposal.TitleEn) && string.IsNullOrWhiteSpace(proposal.TitleFr)) missing.Add(Phrase.Of("eligibility.missing.title"));
        if (string.IsNullOrWhiteSpace(proposal.SummaryEn) && string.IsNullOrWhiteSpace(proposal.SummaryFr)) missing.Add(Phrase.Of("eligibility.missing.summary"));
        if (proposal.DurationMonths <= 0) missing.Add(Phrase.Of("eligibility.missing.duration"));
        if (proposal.Areas.Count == 0) missing.Add(Phrase.Of("eligibility.missing.area"));
        if (missing.Count == 0) Add("content", true, "eligibility.content.complete");
        else Add("content", false, "eligibility.content.missing", new PhraseList(missing));

        var pending = members.Where(m => m.Status == PartnerStatus.Invited && !m.IsCoordinator).ToList();
        if (pending.Count == 0) Add("invitations", true, "eligibility.invitations.answered");
        else Add("invitations", false, "eligibility.invitations.pending", Names(pending));

        if (rules.MinPartners is { } min)
            AddPlural("partners.min", count >= min, "eligibility.partners.min", count, min);
        if (rules.MaxPartners is { } max)
            AddPlural("partners.max", count <= max, "eligibility.partners.max", count, max);

        if (rules.CoordinatorTypes.Count > 0)
        {
            var coordinator = consortium.FirstOrDefault(m => m.IsCoordinator);
            var allowed = new PhraseList([.. rules.CoordinatorTypes.Select(t => (object?)Kind(t))], Or: true);
            if (coordinator is null) Add("coordinator", false, "eligibility.coordinator.none", allowed);
            else if (rules.CoordinatorTypes.Contains(coordinator.Type)) Add("coordinator", true, "eligibility.coordinator.allowed", coordinator.Name, Kind(coordinator.Type));
            else Add("coordinator", false, "eligibility.coordinator.refused", allowed, coordinator.Name, Kind(coordinator.Type));
        }

        for (var i = 0; i < rules.RequiredPartners.Count; i++)
        {
            var requirement = rules.RequiredPartners[i];
            var matching = consortium.Where(m => requirement.Types.Contains(m.Type)).Select(m => m.OrganizationId).Distinct().Count();
            Add($"partners.kind.{i + 1}", matching >= requirement.Minimum, "eligibility.partners.kind",
                new Bilingual(requirement.LabelFr, requirement.LabelEn), matching, requirement.Minimum);
        }

        if (rules.Regional is { } regional)
        {
            var inside = consortium.Where(m => m.NutsCode?.StartsWith(regional.NutsPrefix, StringComparison.Ordinal) == true).ToList();
            var outside = consortium.Except(inside).ToList();
            if (regional.MinimumPartners is { } least)
                AddPlural("regional", inside.Count >= least, "eligibility.regional.at-least", inside.Count, regional.NutsPrefix, least);
            else if (outside.Count == 0) Add("regional", true, "eligibility.regional.every", regional.NutsPrefix);
            else Add("regional", false, "eligibility.regional.outside", regional.NutsPrefix, Names(outside));
        }

        if (rules.MaxDurationMonths is { } maxMonths)
            AddPlural("duration", proposal.DurationMonths > 0 && proposal.DurationMonths <= maxMonths, "eligibility.duration", proposal.DurationMonths, maxMonths);

        var budget = Budget.Summarize(consortium.Select(m => (m.Partner, m.Type)), rules);
        if (rules.MaxRequestedFunding is { } cap)
            Add("funding.max", budget.RequestedFunding <= cap, "eligibility.funding.max", new Money(budget.RequestedFunding), new Money(cap));

        var offending = budget.Partners.SelectMany(b => IneligibleCategories(b, rules)
            .Select(c => (object?)Phrase.Of("eligibility.costs.item", consortium.First(m => m.OrganizationId == b.OrganizationId).Name, Phrase.Of("cost." + c)))).ToList();
        if (offending.Count == 0) Add("costs", true, "eligibility.costs.eligible");
        else Add("costs", false, "eligibility.costs.ineligible", new PhraseList(offending));

        var absent = call.RequiredDocuments.Where(d => !attachedDocuments.Any(d.IsNamed)).ToList();
        if (call.RequiredDocuments.Count > 0)
        {
            if (absent.Count == 0) Add("documents", true, "eligibility.documents.attached");
            else AddPlural("documents", false, "eligibility.documents.missing", absent.Count, new PhraseList([.. absent.Select(d => (object?)d.Name)]));
        }

        return new EligibilityReport(results);
    }

    private static IEnumerable<CostCategory> IneligibleCategories(PartnerBudget b, EligibilityRules rules)
    {
        (CostCategory Category, decimal Amount)[] lines = [(CostCategory.Personnel, b.Personnel), (CostCategory.Equipment, b.Equipment), (CostCategory.Subcontracting, b.Subcontracting), (CostCategory.Other, b.Other), (CostCategory.Overhead, b.Overhead)];
        return lines.Where(l => l.Amount != 0 && !rules.EligibleCostCategories.Contains(l.Category)).Select(l => l.Category);
    }

    /// <summary>"a university", "une université": the type with its article, from the resources.</summary>
    private static Phrase Kind(OrganizationType type) => Phrase.Of($"orgtype.{type}.a");
}
