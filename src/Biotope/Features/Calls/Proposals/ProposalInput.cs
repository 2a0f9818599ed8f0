using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Calls.Proposals;

/// <summary>The proposal's content, written by its coordinator.</summary>
public sealed record ProposalInput
{
    public string Acronym { get; init; } = "";
    public string? TitleEn { get; init; }
    public string? TitleFr { get; init; }
    public string? SummaryEn { get; init; }
    public string? SummaryFr { get; init; }
    public List<string> Areas { get; init; } = [];
    public List<string> Keywords { get; init; } = [];
    public int DurationMonths { get; init; }
    public List<WorkPackage> WorkPackages { get; init; } = [];
    public int? Version { get; init; }

    public Failure? Validate()
    {
        var errors = new Dictionary<string, Phrase[]>();
        void Error(string field, string key, params object?[] args) => errors[field] = [Phrase.Of(key, args)];
        if (string.IsNullOrWhiteSpace(Acronym) || Acronym.Trim().Length > 30) Error("acronym", "proposal.acronym.required");
        if (TitleEn?.Length > 300 || TitleFr?.Length > 300) Error("title", "proposal.title.too-long");
        if (SummaryEn?.Length > 5000 || SummaryFr?.Length > 5000) Error("summary", "proposal.summary.too-long");
        var unknown = Areas.Where(a => !Taxonomy.IsArea(a)).ToList();
        if (unknown.Count > 0) errors["areas"] = [Phrase.Plural("proposal.areas.unknown", unknown.Count, new PhraseList([.. unknown]))];
        if (Keywords.Count > 20 || Keywords.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 60)) Error("keywords", "proposal.keywords.limits");
        if (DurationMonths is < 0 or > 120) Error("durationMonths", "proposal.duration.range");
        for (var i = 0; i < WorkPackages.Count; i++)
        {
            var wp = WorkPackages[i];
            if (string.IsNullOrWhiteSpace(wp.Title)) Error($"workPackages[{i}].title", "proposal.work-package.title");
            if (wp.StartMonth < 1 || wp.EndMonth < wp.StartMonth || (DurationMonths > 0 && wp.EndMonth > DurationMonths))
                Error($"workPackages[{i}].months", "proposal.work-package.months", wp.Number, wp.StartMonth, wp.EndMonth);
            foreach (var item in wp.Milestones.Concat(wp.Deliverables))
                if (string.IsNullOrWhiteSpace(item.Code) || string.IsNullOrWhiteSpace(item.Title) || item.Month < 1 || (DurationMonths > 0 && item.Month > DurationMonths))
                    Error($"workPackages[{i}].items", "proposal.work-package.items", wp.Number);
        }
        if (WorkPackages.Select(w => w.Number).Distinct().Count() != WorkPackages.Count) Error("workPackages", "proposal.work-package.numbers");
        return errors.Count > 0 ? Failure.Invalid(errors) : null;
    }

    public void ApplyTo(Proposal proposal)
    {
        proposal.Acronym = Acronym.Trim();
        proposal.TitleEn = Blank(TitleEn);
        proposal.TitleFr = Blank(TitleFr);
        proposal.SummaryEn = Blank(SummaryEn);
        proposal.SummaryFr = Blank(SummaryFr);
        proposal.Areas = [.. Areas.Distinct()];
        proposal.Keywords = [.. Keywords.Select(k => k.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];
        proposal.DurationMonths = DurationMonths;
        proposal.WorkPackages = [.. WorkPackages.OrderBy(w => w.Number)];
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>One partner's budget lines, in euros.</summary>
public sealed record BudgetInput(decimal PersonnelCost, decimal PersonnelFte, int ResearchersToHire, decimal EquipmentCost, decimal SubcontractingCost, decimal OtherCost, decimal OverheadRatePercent)
{
    private const decimal MaxAmount = 100_000_000m;

    public Failure? Validate()
    {
        var errors = new Dictionary<string, Phrase[]>();
        void NonNegative(string field, decimal value)
        {
            if (value < 0) errors[field] = [Phrase.Of("budget.amount.negative")];
            else if (value > MaxAmount) errors[field] = [Phrase.Of("budget.amount.too-large", new Money(MaxAmount))];
            else if (decimal.Round(value, 2) != value) errors[field] = [Phrase.Of("budget.amount.cents")];
        }
        NonNegative("personnelCost", PersonnelCost);
        NonNegative("equipmentCost", EquipmentCost);
        NonNegative("subcontractingCost", SubcontractingCost);
        NonNegative("otherCost", OtherCost);
        if (PersonnelFte is < 0 or > 1000) errors["personnelFte"] = [Phrase.Of("budget.fte.range")];
        if (ResearchersToHire is < 0 or > 1000) errors["researchersToHire"] = [Phrase.Of("budget.researchers.range")];
        if (OverheadRatePercent is < 0 or > 100) errors["overheadRatePercent"] = [Phrase.Of("budget.overhead.range")];
        return errors.Count > 0 ? Failure.Invalid(errors) : null;
    }

    public void ApplyTo(ProposalPartner partner)
    {
        partner.PersonnelCost = PersonnelCost;
        partner.PersonnelFte = PersonnelFte;
        partner.ResearchersToHire = ResearchersToHire;
        partner.EquipmentCost = EquipmentCost;
        partner.SubcontractingCost = SubcontractingCost;
        partner.OtherCost = OtherCost;
        partner.OverheadRatePercent = OverheadRatePercent;
    }
}
