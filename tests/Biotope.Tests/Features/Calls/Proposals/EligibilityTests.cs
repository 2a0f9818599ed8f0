using Biotope.Features.Calls;
using Biotope.Features.Calls.Proposals;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Tests.Features.Calls.Proposals;

/// <summary>The rules engine and the budget arithmetic, without a database.</summary>
public sealed class EligibilityTests
{
    private static Call RegionalCall(Action<EligibilityRules>? change = null)
    {
        var rules = new EligibilityRules
        {
            MinPartners = 4,
            MaxPartners = 5,
            CoordinatorTypes = [OrganizationType.Sme, OrganizationType.LargeCompany],
            RequiredPartners =
            [
                new PartnerRequirement { Types = [OrganizationType.Sme, OrganizationType.LargeCompany], Minimum = 2, LabelEn = "Companies", LabelFr = "Entreprises" },
                new PartnerRequirement { Types = [OrganizationType.Sme], Minimum = 1, LabelEn = "SMEs", LabelFr = "PME" },
                new PartnerRequirement { Types = [OrganizationType.University, OrganizationType.ResearchInstitute], Minimum = 2, LabelEn = "Research", LabelFr = "Recherche" },
            ],
            Regional = new RegionalPresence { NutsPrefix = "BE3" },
            MaxDurationMonths = 36,
            MaxRequestedFunding = 500_000m,
            FundingRates =
            [
                new FundingRate { Types = [OrganizationType.LargeCompany], RatePercent = 50 },
                new FundingRate { Types = [OrganizationType.Sme], RatePercent = 70 },
                new FundingRate { Types = [OrganizationType.University, OrganizationType.ResearchInstitute], RatePercent = 100 },
            ],
        };
        change?.Invoke(rules);
        return new Call { Slug = "c", TitleEn = "C", TitleFr = "C", FunderEn = "F", Rules = rules, RequiredDocuments = [new RequiredDocument("Lettre", "Letter")] };
    }

    private static Proposal Proposal(int months = 24) => new() { Acronym = "P", TitleEn = "T", SummaryEn = "S", DurationMonths = months, Areas = ["cell-therapy"] };

    private static ConsortiumMember Member(int id, OrganizationType type, string? nuts = "BE332", bool coordinator = false, PartnerStatus status = PartnerStatus.Accepted, decimal personnel = 10_000m) =>
        new(id, new Bilingual($"Org {id}", $"Org {id}"), type, nuts, coordinator, status, new ProposalPartner { OrganizationId = id, IsCoordinator = coordinator, Status = status, PersonnelCost = personnel });

    private static IReadOnlyList<ConsortiumMember> GoodConsortium() =>
    [
        Member(1, OrganizationType.Sme, coordinator: true),
        Member(2, OrganizationType.LargeCompany, "BE310"),
        Member(3, OrganizationType.University, "BE323"),
        Member(4, OrganizationType.ResearchInstitute, "BE352"),
    ];

    private static RuleResult Rule(EligibilityReport report, string rule) => report.Rules.Single(r => r.Rule == rule);

    private static string En(RuleResult rule) => Texts.For("en").Say(rule.Reason);

    private static string Fr(RuleResult rule) => Texts.For("fr").Say(rule.Reason);

    [Fact]
    public void A_consortium_that_meets_every_rule_is_eligible()
    {
        var report = Eligibility.Check(Proposal(), RegionalCall(), GoodConsortium(), ["Letter"]);
        Assert.True(report.Eligible, string.Join("\n", report.Rules.Where(r => !r.Passed).Select(En)));
    }

    [Fact]
    public void Each_rule_fails_with_its_reason_in_both_languages()
    {
        var members = new List<ConsortiumMember>
        {
            Member(1, OrganizationType.University, coordinator: true),
            Member(2, OrganizationType.LargeCompany, "BE100"),
            Member(3, OrganizationType.Sme, status: PartnerStatus.Invited),
        };
        var report = Eligibility.Check(Proposal(months: 48), RegionalCall(), members, []);
        Assert.False(Rule(report, "partners.min").Passed);
        Assert.Equal("partners.min", Rule(report, "partners.min").Rule);
        Assert.Equal("eligibility.partners.min", Rule(report, "partners.min").Reason.Key);
        Assert.Equal("2 partners; at least 4 required.", En(Rule(report, "partners.min")));
        Assert.Equal("2 partenaires\u202f; au moins 4 requis.", Fr(Rule(report, "partners.min")));
        Assert.False(Rule(report, "coordinator").Passed);
        Assert.Contains("Org 1 is a university", En(Rule(report, "coordinator")));
        Assert.Contains("Org 1 est une université", Fr(Rule(report, "coordinator")));
        Assert.False(Rule(report, "partners.kind.2").Passed); // the SME has not accepted yet
        Assert.False(Rule(report, "invitations").Passed);
        Assert.Contains("Org 3", En(Rule(report, "invitations")));
        Assert.False(Rule(report, "regional").Passed);
        Assert.Contains("not: Org 2", En(Rule(report, "regional")));
        Assert.False(Rule(report, "duration").Passed);
        Assert.False(Rule(report, "documents").Passed);
        Assert.True(Rule(report, "partners.max").Passed);
    }

    [Fact]
    public void Distinct_organizations_count_once_and_declined_partners_not_at_all()
    {
        var members = GoodConsortium().Take(3).Append(Member(4, OrganizationType.ResearchInstitute, status: PartnerStatus.Declined)).ToList();
        var report = Eligibility.Check(Proposal(), RegionalCall(), members, ["Letter"]);
        Assert.False(Rule(report, "partners.kind.3").Passed);
        Assert.Contains("1 in the consortium, 2 required", En(Rule(report, "partners.kind.3")));
        Assert.StartsWith("Recherche\u00a0: 1 dans le consortium", Fr(Rule(report, "partners.kind.3")));
        Assert.True(Rule(report, "invitations").Passed);
    }

    [Fact]
    public void Regional_presence_can_ask_for_at_least_N_partners()
    {
        var call = RegionalCall(r => r.Regional = new RegionalPresence { NutsPrefix = "BE3", MinimumPartners = 3 });
        var members = GoodConsortium().Select((m, i) => i == 0 ? m with { NutsCode = "BE100" } : m).ToList();
        Assert.True(Rule(Eligibility.Check(Proposal(), call, members, ["Letter"]), "regional").Passed);
        members[1] = members[1] with { NutsCode = null };
        var failed = Rule(Eligibility.Check(Proposal(), call, members, ["Letter"]), "regional");
        Assert.False(failed.Passed);
        Assert.Contains("2 partners located in BE3; at least 3 required", En(failed));
        Assert.Contains("2 partenaires situés en BE3", Fr(failed));
    }

    [Fact]
    public void The_funding_cap_and_ineligible_cost_categories_fail()
    {
        var call = RegionalCall(r => r.EligibleCostCategories = [CostCategory.Personnel, CostCategory.Overhead]);
        var members = GoodConsortium().ToList();
        members[0].Partner.EquipmentCost = 5_000m;
        members[2].Partner.PersonnelCost = 600_000m;
        var report = Eligibility.Check(Proposal(), call, members, ["Letter"]);
        Assert.False(Rule(report, "funding.max").Passed);
        Assert.False(Rule(report, "costs").Passed);
        Assert.Contains("Org 1 (equipment)", En(Rule(report, "costs")));
        Assert.Contains("Org 1 (équipement)", Fr(Rule(report, "costs")));
        Assert.Contains("au plus 500 000,00 €", Fr(Rule(report, "funding.max")).Replace('\u202F', ' ').Replace('\u00A0', ' '));
        Assert.Contains("€500,000.00", En(Rule(report, "funding.max")));
    }

    [Theory]
    [InlineData(OrganizationType.LargeCompany, "50")]
    [InlineData(OrganizationType.Sme, "70")]
    [InlineData(OrganizationType.University, "100")]
    [InlineData(OrganizationType.Hospital, "0")]
    public void Funding_rates_follow_the_partner_kind(OrganizationType type, string rate) =>
        Assert.Equal(decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), Budget.FundingRate(type, RegionalCall().Rules));

    [Fact]
    public void Budgets_are_exact_to_the_cent_and_lines_add_up()
    {
        var rules = RegionalCall().Rules;
        var partner = new ProposalPartner { PersonnelCost = 33_333.33m, EquipmentCost = 0.01m, SubcontractingCost = 1_000m, OtherCost = 0.005m, OverheadRatePercent = 15m };
        var line = Budget.ForPartner(partner, OrganizationType.Sme, rules);
        Assert.Equal(0.01m, line.Other); // half a cent rounds away from zero
        Assert.Equal(5_000.00m, line.Overhead); // 15% of 33,333.35 = 5,000.0025, subcontracting excluded
        Assert.Equal(39_333.35m, line.Total);
        Assert.Equal(27_533.35m, line.RequestedFunding); // 70% of 39,333.35 = 27,533.345
        var summary = Budget.Summarize([(partner, OrganizationType.Sme), (new ProposalPartner { PersonnelCost = 0.01m }, OrganizationType.LargeCompany)], rules);
        Assert.Equal(summary.Partners.Sum(p => p.RequestedFunding), summary.RequestedFunding);
        Assert.Equal(27_533.36m, summary.RequestedFunding); // 0.005 rounds up to 0.01
    }

    [Fact]
    public void The_work_plan_text_round_trips_and_bad_lines_are_named()
    {
        var text = "WP1: Process (1-12)\n  M1: Pilot batch (12)\n  D1.1: Report (12)\nWP2: Scale-up (13-24)\n";
        var (workPackages, error) = WorkPlanText.Parse(text);
        Assert.Null(error);
        Assert.Equal(2, workPackages.Count);
        Assert.Equal("Pilot batch", workPackages[0].Milestones.Single().Title);
        Assert.Equal("D1.1", workPackages[0].Deliverables.Single().Code);
        Assert.Equal(text, WorkPlanText.Format(workPackages));
        var (_, bad) = WorkPlanText.Parse("WP1: Process (1-12)\nsomething else");
        Assert.Equal("proposal.work-plan.unreadable", bad!.Key);
        Assert.StartsWith("Line 2 ", Texts.For("en").Say(bad));
        Assert.StartsWith("La ligne 2 ", Texts.For("fr").Say(bad));
    }

    [Theory]
    [InlineData("%PDF-1.7\nbody\n%%EOF\n", null)]
    [InlineData("\n%PDF-2.0\nbody\n%%EOF", null)]
    [InlineData("PK\u0003\u0004 a zip", "attachment.file.not-pdf")]
    [InlineData("%PDF-1.4\nno end marker", "attachment.file.incomplete")]
    [InlineData("<html><body><script>alert(1)</script>%PDF-1.4\n%%EOF</body></html>", "attachment.file.not-pdf")]
    [InlineData("<!-- %PDF-1.4 -->\n<html></html>\n%%EOF", "attachment.file.not-pdf")]
    [InlineData("x%PDF-1.4\nbody\n%%EOF", "attachment.file.not-pdf")]
    [InlineData("%PDF-1.\nbody\n%%EOF", "attachment.file.not-pdf")]
    [InlineData("", "attachment.file.empty")]
    public void Attachments_are_recognised_as_PDF_by_their_content(string content, string? reason)
    {
        var verdict = Attachments.RejectUnlessPdf(System.Text.Encoding.Latin1.GetBytes(content));
        Assert.Equal(reason, verdict?.Key);
    }

    [Fact]
    public void The_end_marker_must_be_near_the_end()
    {
        var near = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\nbody\n%%EOF\n" + new string(' ', 1000));
        var far = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\nbody\n%%EOF\n" + new string(' ', 1030) + "<html>appended</html>");
        Assert.Null(Attachments.RejectUnlessPdf(near));
        Assert.Equal("attachment.file.incomplete", Attachments.RejectUnlessPdf(far)?.Key);
    }

    [Fact]
    public void Files_over_the_cap_are_refused()
    {
        var big = new byte[Attachments.MaxBytes + 1];
        "%PDF-1.4"u8.CopyTo(big);
        var verdict = Attachments.RejectUnlessPdf(big)!;
        Assert.Equal("The file is larger than 10 MB.", Texts.For("en").Say(verdict));
        Assert.Equal("Le fichier dépasse 10 Mo.", Texts.For("fr").Say(verdict));
    }

    [Fact]
    public void The_coordinator_rule_reads_naturally_in_French_with_names_in_the_readers_language()
    {
        var call = RegionalCall(r => r.CoordinatorTypes = [OrganizationType.University]);
        var members = GoodConsortium().Select((m, i) => i == 0
            ? m with { Name = new Bilingual("Université de Liège", "University of Liège"), Type = OrganizationType.University } : m).ToList();
        var rule = Rule(Eligibility.Check(Proposal(), call, members, ["Letter"]), "coordinator");
        Assert.True(rule.Passed);
        Assert.Equal("Le coordinateur, Université de Liège, est une université.", Fr(rule));
        Assert.Equal("The coordinator University of Liège is a university.", En(rule));
    }

    [Fact]
    public void A_refused_coordinator_lists_the_allowed_kinds_with_or()
    {
        var members = GoodConsortium().Select((m, i) => i == 0 ? m with { Type = OrganizationType.Hospital } : m).ToList();
        var rule = Rule(Eligibility.Check(Proposal(), RegionalCall(), members, ["Letter"]), "coordinator");
        Assert.False(rule.Passed);
        Assert.Equal("The coordinator must be an SME or a large company; Org 1 is a hospital.", En(rule));
        Assert.Equal("Le coordinateur doit être une PME ou une grande entreprise\u202f; Org 1 est un hôpital.", Fr(rule));
    }

    [Theory]
    [InlineData(1, "1 partner; at least 4 required.", "1 partenaire\u202f; au moins 4 requis.")]
    [InlineData(2, "2 partners; at least 4 required.", "2 partenaires\u202f; au moins 4 requis.")]
    public void Partner_counts_agree_with_their_number(int count, string english, string french)
    {
        var rule = Rule(Eligibility.Check(Proposal(), RegionalCall(), [.. GoodConsortium().Take(count)], ["Letter"]), "partners.min");
        Assert.Equal(english, En(rule));
        Assert.Equal(french, Fr(rule));
    }

    [Fact]
    public void Missing_documents_are_named_in_the_readers_language_and_either_name_counts_as_attached()
    {
        var missing = Rule(Eligibility.Check(Proposal(), RegionalCall(), GoodConsortium(), []), "documents");
        Assert.Equal("Document manquant\u00a0: Lettre.", Fr(missing));
        Assert.Equal("Missing document: Letter.", En(missing));
        Assert.True(Rule(Eligibility.Check(Proposal(), RegionalCall(), GoodConsortium(), ["lettre"]), "documents").Passed);
    }
}
