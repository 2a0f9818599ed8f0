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
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];
        if (string.IsNullOrWhiteSpace(Acronym) || Acronym.Trim().Length > 30) Error("acronym", "The acronym is required, at most 30 characters.");
        if (TitleEn?.Length > 300 || TitleFr?.Length > 300) Error("title", "A title is at most 300 characters.");
        if (SummaryEn?.Length > 5000 || SummaryFr?.Length > 5000) Error("summary", "A summary is at most 5000 characters.");
        var unknown = Areas.Where(a => !Taxonomy.IsArea(a)).ToList();
        if (unknown.Count > 0) Error("areas", $"Unknown area(s) of excellence: {string.Join(", ", unknown)}. See GET /api/v1/taxonomy.");
        if (Keywords.Count > 20 || Keywords.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 60)) Error("keywords", "Up to 20 keywords of at most 60 characters.");
        if (DurationMonths is < 0 or > 120) Error("durationMonths", "The duration is a number of months from 1 to 120.");
        for (var i = 0; i < WorkPackages.Count; i++)
        {
            var wp = WorkPackages[i];
            if (string.IsNullOrWhiteSpace(wp.Title)) Error($"workPackages[{i}].title", "Each work package has a title.");
            if (wp.StartMonth < 1 || wp.EndMonth < wp.StartMonth || (DurationMonths > 0 && wp.EndMonth > DurationMonths))
                Error($"workPackages[{i}].months", $"Work package {wp.Number} runs from month {wp.StartMonth} to {wp.EndMonth}: months lie within the project's duration, start before end.");
            foreach (var item in wp.Milestones.Concat(wp.Deliverables))
                if (string.IsNullOrWhiteSpace(item.Code) || string.IsNullOrWhiteSpace(item.Title) || item.Month < 1 || (DurationMonths > 0 && item.Month > DurationMonths))
                    Error($"workPackages[{i}].items", $"Milestones and deliverables of work package {wp.Number} need a code, a title and a month within the project's duration.");
        }
        if (WorkPackages.Select(w => w.Number).Distinct().Count() != WorkPackages.Count) Error("workPackages", "Work package numbers are unique.");
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
    public Failure? Validate()
    {
        var errors = new Dictionary<string, string[]>();
        void NonNegative(string field, decimal value)
        {
            if (value < 0) errors[field] = ["Amounts cannot be negative."];
            else if (value > 100_000_000m) errors[field] = ["Amounts are at most 100,000,000 €."];
            else if (decimal.Round(value, 2) != value) errors[field] = ["Amounts are in euros to the cent (two decimals at most)."];
        }
        NonNegative("personnelCost", PersonnelCost);
        NonNegative("equipmentCost", EquipmentCost);
        NonNegative("subcontractingCost", SubcontractingCost);
        NonNegative("otherCost", OtherCost);
        if (PersonnelFte is < 0 or > 1000) errors["personnelFte"] = ["FTE is a number from 0 to 1000."];
        if (ResearchersToHire is < 0 or > 1000) errors["researchersToHire"] = ["The number of researchers to hire is from 0 to 1000."];
        if (OverheadRatePercent is < 0 or > 100) errors["overheadRatePercent"] = ["The overhead rate is a percentage from 0 to 100."];
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
