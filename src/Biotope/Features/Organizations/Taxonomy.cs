using Biotope.Infrastructure;

namespace Biotope.Features.Organizations;

/// <summary>A term of a controlled vocabulary; its label in each language is the resource "taxonomy.{kind}.{code}".</summary>
public sealed record Term(string Kind, string Code, IReadOnlyList<Term>? Children = null)
{
    public string Key => $"taxonomy.{Kind}.{Code}";

    public string Label(string language) => Texts.For(language)[Key];

    public string En => Label("en");

    public string Fr => Label("fr");
}

/// <summary>The directory's controlled vocabularies (codes here, labels in the resources), served by GET /api/v1/taxonomy.</summary>
public static class Taxonomy
{
    public static readonly IReadOnlyList<Term> Types =
    [
        new("type", nameof(OrganizationType.LargeCompany)),
        new("type", nameof(OrganizationType.Sme)),
        new("type", nameof(OrganizationType.StartUp)),
        new("type", nameof(OrganizationType.UniversitySpinOff)),
        new("type", nameof(OrganizationType.University)),
        new("type", nameof(OrganizationType.Hospital)),
        new("type", nameof(OrganizationType.ResearchInstitute)),
        new("type", nameof(OrganizationType.ServiceProvider)),
        new("type", nameof(OrganizationType.Incubator)),
        new("type", nameof(OrganizationType.Investor)),
        new("type", nameof(OrganizationType.PublicAgency)),
        new("type", nameof(OrganizationType.Cluster)),
        new("type", nameof(OrganizationType.Other)),
    ];

    public static readonly IReadOnlyList<Term> Sectors =
    [
        new("sector", "pharma"),
        new("sector", "diagnostics"),
        new("sector", "medical-devices"),
        new("sector", "digital-health"),
    ];

    public static readonly IReadOnlyList<Term> AreaGroups =
    [
        new("area", "advanced-therapies",
        [
            new("area", "small-molecules"),
            new("area", "monoclonal-antibodies"),
            new("area", "adc"),
            new("area", "cell-therapy"),
            new("area", "gene-therapy"),
        ]),
        new("area", "medical-technology",
        [
            new("area", "ophthalmology"),
            new("area", "endoscopy"),
            new("area", "proton-therapy"),
            new("area", "in-vitro-diagnostics"),
        ]),
        new("area", "nuclear-medicine",
        [
            new("area", "radioisotope-production"),
            new("area", "radiopharmaceuticals"),
            new("area", "theranostics"),
        ]),
    ];

    /// <summary>Every area code, groups and leaves: an organization may be tagged at either level.</summary>
    public static readonly IReadOnlyList<Term> Areas = [.. AreaGroups.SelectMany(g => (IEnumerable<Term>)[g, .. g.Children!])];

    public static readonly IReadOnlyList<Term> Stages =
    [
        new("stage", "discovery"),
        new("stage", "preclinical"),
        new("stage", "clinical-development"),
        new("stage", "manufacturing"),
        new("stage", "scale-up"),
    ];

    public static readonly IReadOnlyList<Term> Capabilities =
    [
        new("capability", "gmp"),
        new("capability", "clinical-trials"),
        new("capability", "imaging"),
        new("capability", "immunological-analysis"),
        new("capability", "bioproduction"),
        new("capability", "cell-characterization"),
        new("capability", "regulatory"),
        new("capability", "training"),
        new("capability", "technology-transfer"),
        new("capability", "incubation"),
        new("capability", "funding"),
        new("capability", "export-investment"),
        new("capability", "radioisotopes"),
        new("capability", "engineering"),
    ];

    public static readonly IReadOnlyList<Term> RelationKinds =
    [
        new("relation", nameof(RelationKind.SpinOffOf)),
        new("relation", nameof(RelationKind.SubsidiaryOf)),
        new("relation", nameof(RelationKind.PartOf)),
        new("relation", nameof(RelationKind.RelatedTo)),
    ];

    public static readonly IReadOnlyList<Term> Memberships =
    [
        new("membership", nameof(MembershipStatus.Active)),
        new("membership", nameof(MembershipStatus.Former)),
        new("membership", nameof(MembershipStatus.None)),
    ];

    public static bool IsSector(string code) => Sectors.Any(t => t.Code == code);
    public static bool IsArea(string code) => Areas.Any(t => t.Code == code);
    public static bool IsStage(string code) => Stages.Any(t => t.Code == code);
    public static bool IsCapability(string code) => Capabilities.Any(t => t.Code == code);

    public static string Label(IReadOnlyList<Term> terms, string code, string language) =>
        terms.FirstOrDefault(t => t.Code == code)?.Label(language) ?? code;

    /// <summary>The label of a code of one vocabulary ("area", "sector", "type", …) in a language; the code itself when unknown.</summary>
    public static string Label(string kind, string code, string language) =>
        Texts.For(language)[$"taxonomy.{kind}.{code}"] is var label && label != $"taxonomy.{kind}.{code}" ? label : code;
}
