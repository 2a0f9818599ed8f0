using Biotope.Features.Organizations;

namespace Biotope.Features.Calls.Proposals;

/// <summary>One eligibility rule's verdict, with the reason in both languages.</summary>
public sealed record RuleResult(string Rule, bool Passed, string ReasonEn, string ReasonFr)
{
    public string Reason(string language) => language == "en" ? ReasonEn : ReasonFr;
}

public sealed record EligibilityReport(IReadOnlyList<RuleResult> Rules)
{
    public bool Eligible => Rules.All(r => r.Passed);
}

/// <summary>A consortium member as the rules see it.</summary>
public sealed record ConsortiumMember(int OrganizationId, string Name, OrganizationType Type, string? NutsCode, bool IsCoordinator, PartnerStatus Status, ProposalPartner Partner);

/// <summary>Checks a proposal against its call's rules (data, not code) and says why each passes or fails.</summary>
public static class Eligibility
{
    public static EligibilityReport Check(Proposal proposal, Call call, IReadOnlyList<ConsortiumMember> members, IReadOnlyCollection<string> attachedDocuments)
    {
        var rules = call.Rules;
        var results = new List<RuleResult>();
        var consortium = members.Where(m => m.Partner.CountsInConsortium).ToList();
        var count = consortium.Count;

        void Add(string rule, bool passed, string en, string fr) => results.Add(new RuleResult(rule, passed, en, fr));

        var missing = new List<(string En, string Fr)>();
        if (string.IsNullOrWhiteSpace(proposal.TitleEn) && string.IsNullOrWhiteSpace(proposal.TitleFr)) missing.Add(("a title", "un titre"));
        if (string.IsNullOrWhiteSpace(proposal.SummaryEn) && string.IsNullOrWhiteSpace(proposal.SummaryFr)) missing.Add(("a summary", "un résumé"));
        if (proposal.DurationMonths <= 0) missing.Add(("a duration", "une durée"));
        if (proposal.Areas.Count == 0) missing.Add(("an area of excellence", "un domaine d'excellence"));
        Add("content", missing.Count == 0,
            missing.Count == 0 ? "Title, summary, duration and areas are filled in." : "Missing: " + string.Join(", ", missing.Select(m => m.En)) + ".",
            missing.Count == 0 ? "Titre, résumé, durée et domaines sont complétés." : "Manquant : " + string.Join(", ", missing.Select(m => m.Fr)) + ".");

        var pending = members.Where(m => m.Status == PartnerStatus.Invited && !m.IsCoordinator).Select(m => m.Name).ToList();
        Add("invitations", pending.Count == 0,
            pending.Count == 0 ? "Every invited partner has answered." : $"Waiting for {string.Join(", ", pending)} to accept or decline.",
            pending.Count == 0 ? "Chaque partenaire invité a répondu." : $"En attente de la réponse de {string.Join(", ", pending)}.");

        if (rules.MinPartners is { } min)
            Add("partners.min", count >= min, $"{count} partner(s); at least {min} required.", $"{count} partenaire(s) ; au moins {min} requis.");
        if (rules.MaxPartners is { } max)
            Add("partners.max", count <= max, $"{count} partner(s); at most {max} allowed.", $"{count} partenaire(s) ; au plus {max} autorisés.");

        if (rules.CoordinatorTypes.Count > 0)
        {
            var coordinator = consortium.FirstOrDefault(m => m.IsCoordinator);
            var ok = coordinator is not null && rules.CoordinatorTypes.Contains(coordinator.Type);
            Add("coordinator", ok,
                ok ? $"The coordinator {coordinator!.Name} is a {Kind(coordinator.Type, "en")}." : $"The coordinator must be one of: {Kinds(rules.CoordinatorTypes, "en")}" + (coordinator is null ? "." : $"; {coordinator.Name} is a {Kind(coordinator.Type, "en")}."),
                ok ? $"Le coordinateur {coordinator!.Name} est : {Kind(coordinator.Type, "fr")}." : $"Le coordinateur doit être : {Kinds(rules.CoordinatorTypes, "fr")}" + (coordinator is null ? "." : $" ; {coordinator.Name} est : {Kind(coordinator.Type, "fr")}."));
        }

        for (var i = 0; i < rules.RequiredPartners.Count; i++)
        {
            var requirement = rules.RequiredPartners[i];
            var matching = consortium.Where(m => requirement.Types.Contains(m.Type)).Select(m => m.OrganizationId).Distinct().Count();
            Add($"partners.kind.{i + 1}", matching >= requirement.Minimum,
                $"{requirement.LabelEn}: {matching} in the consortium, {requirement.Minimum} required.",
                $"{requirement.LabelFr} : {matching} dans le consortium, {requirement.Minimum} requis.");
        }

        if (rules.Regional is { } regional)
        {
            var inside = consortium.Where(m => m.NutsCode?.StartsWith(regional.NutsPrefix, StringComparison.Ordinal) == true).ToList();
            var outside = consortium.Except(inside).Select(m => m.Name).ToList();
            if (regional.MinimumPartners is { } least)
                Add("regional", inside.Count >= least,
                    $"{inside.Count} partner(s) located in {regional.NutsPrefix}; at least {least} required.",
                    $"{inside.Count} partenaire(s) situé(s) en {regional.NutsPrefix} ; au moins {least} requis.");
            else
                Add("regional", outside.Count == 0,
                    outside.Count == 0 ? $"Every partner is located in {regional.NutsPrefix}." : $"Every partner must be located in {regional.NutsPrefix}; not: {string.Join(", ", outside)}.",
                    outside.Count == 0 ? $"Chaque partenaire est situé en {regional.NutsPrefix}." : $"Chaque partenaire doit être situé en {regional.NutsPrefix} ; ce n'est pas le cas de : {string.Join(", ", outside)}.");
        }

        if (rules.MaxDurationMonths is { } maxMonths)
            Add("duration", proposal.DurationMonths > 0 && proposal.DurationMonths <= maxMonths,
                $"Duration {proposal.DurationMonths} months; at most {maxMonths}.", $"Durée {proposal.DurationMonths} mois ; au plus {maxMonths}.");

        var budget = Budget.Summarize(consortium.Select(m => (m.Partner, m.Type)), rules);
        if (rules.MaxRequestedFunding is { } cap)
            Add("funding.max", budget.RequestedFunding <= cap,
                $"Requested funding {Euros(budget.RequestedFunding, "en")}; at most {Euros(cap, "en")}.",
                $"Subside demandé {Euros(budget.RequestedFunding, "fr")} ; au plus {Euros(cap, "fr")}.");

        var offending = budget.Partners.SelectMany(b => IneligibleCategories(b, rules).Select(c => (Partner: consortium.First(m => m.OrganizationId == b.OrganizationId).Name, Category: c))).ToList();
        Add("costs", offending.Count == 0,
            offending.Count == 0 ? "Every cost is in an eligible category." : "Costs in categories this call does not fund: " + string.Join(", ", offending.Select(o => $"{o.Partner} ({o.Category.ToString().ToLowerInvariant()})")) + ".",
            offending.Count == 0 ? "Tous les coûts sont dans des catégories éligibles." : "Coûts dans des catégories que cet appel ne finance pas : " + string.Join(", ", offending.Select(o => $"{o.Partner} ({CategoryFr(o.Category)})")) + ".");

        var absent = call.RequiredDocuments.Where(d => !attachedDocuments.Contains(d, StringComparer.OrdinalIgnoreCase)).ToList();
        if (call.RequiredDocuments.Count > 0)
            Add("documents", absent.Count == 0,
                absent.Count == 0 ? "Every required document is attached." : $"Missing document(s): {string.Join(", ", absent)}.",
                absent.Count == 0 ? "Tous les documents requis sont joints." : $"Document(s) manquant(s) : {string.Join(", ", absent)}.");

        return new EligibilityReport(results);
    }

    private static IEnumerable<CostCategory> IneligibleCategories(PartnerBudget b, EligibilityRules rules)
    {
        (CostCategory Category, decimal Amount)[] lines = [(CostCategory.Personnel, b.Personnel), (CostCategory.Equipment, b.Equipment), (CostCategory.Subcontracting, b.Subcontracting), (CostCategory.Other, b.Other), (CostCategory.Overhead, b.Overhead)];
        return lines.Where(l => l.Amount != 0 && !rules.EligibleCostCategories.Contains(l.Category)).Select(l => l.Category);
    }

    private static string CategoryFr(CostCategory c) => c switch
    {
        CostCategory.Personnel => "personnel",
        CostCategory.Equipment => "équipement",
        CostCategory.Subcontracting => "sous-traitance",
        CostCategory.Other => "autres coûts",
        _ => "frais généraux",
    };

    public static string Euros(decimal amount, string language) => Infrastructure.Texts.For(language).Money(amount);

    /// <summary>"a large company", "une PME": lower case inside a sentence, but acronyms (SME, PME, CDMO) stay as they are.</summary>
    private static string Kind(OrganizationType type, string language)
    {
        var label = Taxonomy.Label(Taxonomy.Types, type.ToString(), language);
        return label.Length > 1 && char.IsUpper(label[1]) ? label : char.ToLowerInvariant(label[0]) + label[1..];
    }

    private static string Kinds(IEnumerable<OrganizationType> types, string language) => string.Join(language == "en" ? " or " : " ou ", types.Select(t => Kind(t, language)));
}
