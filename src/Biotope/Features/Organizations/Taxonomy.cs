namespace Biotope.Features.Organizations;

public sealed record Term(string Code, string En, string Fr, IReadOnlyList<Term>? Children = null)
{
    public string Label(string language) => language == "fr" ? Fr : En;
}

/// <summary>The directory's controlled vocabularies, served by GET /api/v1/taxonomy.</summary>
public static class Taxonomy
{
    public static readonly IReadOnlyList<Term> Types =
    [
        new(nameof(OrganizationType.LargeCompany), "Large company", "Grande entreprise"),
        new(nameof(OrganizationType.Sme), "SME", "PME"),
        new(nameof(OrganizationType.StartUp), "Start-up", "Start-up"),
        new(nameof(OrganizationType.UniversitySpinOff), "University spin-off", "Spin-off universitaire"),
        new(nameof(OrganizationType.University), "University", "Université"),
        new(nameof(OrganizationType.Hospital), "Hospital", "Hôpital"),
        new(nameof(OrganizationType.ResearchInstitute), "Research institute", "Institut de recherche"),
        new(nameof(OrganizationType.ServiceProvider), "CDMO / service provider", "CDMO / prestataire de services"),
        new(nameof(OrganizationType.Incubator), "Incubator", "Incubateur"),
        new(nameof(OrganizationType.Investor), "Investor", "Investisseur"),
        new(nameof(OrganizationType.PublicAgency), "Public agency", "Organisme public"),
        new(nameof(OrganizationType.Cluster), "Cluster", "Pôle de compétitivité"),
        new(nameof(OrganizationType.Other), "Other organization", "Autre organisation"),
    ];

    public static readonly IReadOnlyList<Term> Sectors =
    [
        new("pharma", "Pharma and biopharma", "Pharmacie et biopharmacie"),
        new("diagnostics", "Diagnostics", "Diagnostic"),
        new("medical-devices", "Medical devices and equipment", "Dispositifs et équipements médicaux"),
        new("digital-health", "Digital health", "Santé numérique"),
    ];

    public static readonly IReadOnlyList<Term> AreaGroups =
    [
        new("advanced-therapies", "Advanced and next-generation therapies", "Thérapies avancées et de nouvelle génération",
        [
            new("small-molecules", "Small molecules", "Petites molécules"),
            new("monoclonal-antibodies", "Monoclonal antibodies", "Anticorps monoclonaux"),
            new("adc", "Antibody–drug conjugates (ADCs)", "Anticorps conjugués (ADC)"),
            new("cell-therapy", "Cell therapy", "Thérapie cellulaire"),
            new("gene-therapy", "Gene therapy", "Thérapie génique"),
        ]),
        new("medical-technology", "Medical technology", "Technologies médicales",
        [
            new("ophthalmology", "Ophthalmology", "Ophtalmologie"),
            new("endoscopy", "Endoscopy", "Endoscopie"),
            new("proton-therapy", "Proton therapy", "Protonthérapie"),
            new("in-vitro-diagnostics", "In-vitro diagnostics", "Diagnostic in vitro"),
        ]),
        new("nuclear-medicine", "Nuclear medicine", "Médecine nucléaire",
        [
            new("radioisotope-production", "Radioisotope production", "Production de radio-isotopes"),
            new("radiopharmaceuticals", "Radiopharmaceuticals", "Radiopharmaceutiques"),
            new("theranostics", "Theranostics", "Théranostique"),
        ]),
    ];

    /// <summary>Every area code, groups and leaves: an organization may be tagged at either level.</summary>
    public static readonly IReadOnlyList<Term> Areas = [.. AreaGroups.SelectMany(g => (IEnumerable<Term>)[g, .. g.Children!])];

    public static readonly IReadOnlyList<Term> Stages =
    [
        new("discovery", "Discovery", "Découverte"),
        new("preclinical", "Preclinical", "Préclinique"),
        new("clinical-development", "Clinical development", "Développement clinique"),
        new("manufacturing", "Manufacturing", "Production"),
        new("scale-up", "Scale-up", "Mise à l'échelle"),
    ];

    public static readonly IReadOnlyList<Term> Capabilities =
    [
        new("gmp", "GMP manufacturing", "Production BPF (GMP)"),
        new("clinical-trials", "Clinical trials", "Essais cliniques"),
        new("imaging", "Imaging", "Imagerie"),
        new("immunological-analysis", "Immunological analyses", "Analyses immunologiques"),
        new("bioproduction", "Bioproduction", "Bioproduction"),
        new("cell-characterization", "Cell characterization and isolation", "Caractérisation et isolement cellulaires"),
        new("regulatory", "Regulatory affairs", "Affaires réglementaires"),
        new("training", "Training", "Formation"),
        new("technology-transfer", "Technology transfer", "Transfert de technologie"),
        new("incubation", "Incubation", "Incubation"),
        new("funding", "Funding", "Financement"),
        new("export-investment", "Export and foreign investment", "Exportation et investissements étrangers"),
        new("radioisotopes", "Radioisotope production", "Production de radio-isotopes"),
        new("engineering", "Engineering", "Ingénierie"),
    ];

    public static readonly IReadOnlyList<Term> RelationKinds =
    [
        new(nameof(RelationKind.SpinOffOf), "Spin-off of", "Spin-off de"),
        new(nameof(RelationKind.SubsidiaryOf), "Subsidiary of", "Filiale de"),
        new(nameof(RelationKind.PartOf), "Part of", "Fait partie de"),
        new(nameof(RelationKind.RelatedTo), "Related to", "Lié à"),
    ];

    public static readonly IReadOnlyList<Term> Memberships =
    [
        new(nameof(MembershipStatus.Active), "Cluster member", "Membre du pôle"),
        new(nameof(MembershipStatus.Former), "Former member", "Ancien membre"),
        new(nameof(MembershipStatus.None), "Not a member", "Non membre"),
    ];

    public static bool IsSector(string code) => Sectors.Any(t => t.Code == code);
    public static bool IsArea(string code) => Areas.Any(t => t.Code == code);
    public static bool IsStage(string code) => Stages.Any(t => t.Code == code);
    public static bool IsCapability(string code) => Capabilities.Any(t => t.Code == code);

    public static string Label(IReadOnlyList<Term> terms, string code, string language) =>
        terms.FirstOrDefault(t => t.Code == code)?.Label(language) ?? code;
}
