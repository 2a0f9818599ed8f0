using Biotope.Infrastructure;

namespace Biotope.Features.Organizations;

public enum OrganizationType
{
    LargeCompany,
    Sme,
    StartUp,
    UniversitySpinOff,
    University,
    Hospital,
    ResearchInstitute,
    ServiceProvider,
    Incubator,
    Investor,
    PublicAgency,
    Cluster,
    Other,
}

public enum MembershipStatus
{
    None,
    Active,
    Former,
}

public enum RelationKind
{
    SpinOffOf,
    SubsidiaryOf,
    PartOf,
    RelatedTo,
}

/// <summary>A relation a member admin writes is proposed until the other organization (or staff) confirms it (ADR 017).</summary>
public enum RelationStatus
{
    Confirmed,
    Proposed,
}

public class Organization
{
    public int Id { get; set; }

    /// <summary>Stable, human-readable key used in URLs and by the demo data file.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }
    public string? NameFr { get; set; }
    public string? NameEn { get; set; }
    public string? NameNl { get; set; }
    public string? Acronym { get; set; }
    public List<string> Aliases { get; set; } = [];

    public OrganizationType Type { get; set; }
    public List<string> Sectors { get; set; } = [];
    public List<string> Areas { get; set; } = [];
    public List<string> Stages { get; set; } = [];
    public List<string> Capabilities { get; set; } = [];
    public List<string> NaceCodes { get; set; } = [];

    /// <summary>The city as recorded (by a person, ROR or CORDIS), in whichever language it came.</summary>
    public string? City { get; set; }
    public string? CityFr { get; set; }
    public string? CityEn { get; set; }
    public string? PostalCode { get; set; }
    public string? StreetAddress { get; set; }
    public string Country { get; set; } = "BE";
    /// <summary>Most precise NUTS 2021 code known (BE3, BE33, BE332...).</summary>
    public string? NutsCode { get; set; }

    public int? FoundedYear { get; set; }
    public int? Workforce { get; set; }
    public decimal? RdSharePercent { get; set; }

    public string? Website { get; set; }
    public string? EnterpriseNumber { get; set; }
    public string? RorId { get; set; }
    public List<ExternalId> ExternalIds { get; set; } = [];

    public MembershipStatus Membership { get; set; }
    public DateOnly? MemberSince { get; set; }

    public string? DescriptionFr { get; set; }
    public string? DescriptionEn { get; set; }

    /// <summary>Accent-free, lower-case text indexed by the full-text search (see ADR 003).</summary>
    public string SearchText { get; set; } = "";

    /// <summary>The <see cref="Search.SearchDocument.Version"/> that wrote <see cref="SearchText"/>; older rows are rewritten on migration (ADR 011).</summary>
    public int SearchVersion { get; set; }

    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    public List<OrganizationRelation> Relations { get; set; } = [];
    public List<Person> People { get; set; } = [];

    public string DisplayName(string language) => NameIn(language, Name, NameFr, NameEn, NameNl);

    /// <summary>The name shown in <paramref name="language"/>: its own name there, or the main one.</summary>
    public static string NameIn(string language, string name, string? nameFr, string? nameEn, string? nameNl) => language switch
    {
        "fr" => nameFr ?? name,
        "en" => nameEn ?? name,
        "nl" => nameNl ?? name,
        _ => name,
    };

    /// <summary>
    /// The name in French and English for <see cref="Texts.Data"/>: the main name stands for a language whose own name is
    /// unknown, unless it is the other language's name (then the page shows that one, marked with its language).
    /// </summary>
    public Bilingual Names => new(NameFr ?? (NameEn == Name ? null : Name), NameEn ?? (NameFr == Name ? null : Name));

    /// <summary>The city in French and English, for <see cref="Texts.Data"/>.</summary>
    public Bilingual CityNames => Places.City(City, CityFr, CityEn);

    public string? Description(string language) => new Bilingual(DescriptionFr, DescriptionEn).In(language).Text is { Length: > 0 } text ? text : null;
}

/// <summary>An identifier in another registry (GRID, ISNI, Wikidata, FundRef...).</summary>
public class ExternalId
{
    public required string Scheme { get; set; }
    public required string Value { get; set; }
}

/// <summary>A directed relation: <see cref="FromOrganization"/> is e.g. a spin-off of <see cref="ToOrganization"/>.</summary>
public class OrganizationRelation
{
    public int Id { get; set; }
    public int FromOrganizationId { get; set; }
    public Organization? FromOrganization { get; set; }
    public int ToOrganizationId { get; set; }
    public Organization? ToOrganization { get; set; }
    public RelationKind Kind { get; set; }
    /// <summary>Only confirmed relations are shown on public pages and used by conflict detection.</summary>
    public RelationStatus Status { get; set; }
}

public class Person
{
    public int Id { get; set; }
    public int OrganizationId { get; set; }
    public required string Name { get; set; }
    public string? Role { get; set; }
    public string? Orcid { get; set; }
    /// <summary>The account of this person, when known: their export lists the entry, their erasure removes it (ADR 022).</summary>
    public string? UserId { get; set; }
    /// <summary>When the person agreed to be shown publicly; null: only staff and the organization's member admins see them (ADR 022).</summary>
    public DateTimeOffset? PublicConsentAt { get; set; }
    /// <summary>Who recorded the consent: <see cref="ConsentSource.Self"/> (the person, signed in) or <see cref="ConsentSource.Staff"/> (a written consent).</summary>
    public ConsentSource? PublicConsentBy { get; set; }
    /// <summary>The account that recorded it (the person or the staff member).</summary>
    public string? PublicConsentRecordedBy { get; set; }

    public bool IsPublic => PublicConsentAt is not null;
}

public enum ConsentSource
{
    /// <summary>The person gave it, signed in to their own account.</summary>
    Self,
    /// <summary>Staff recorded a consent the person gave in writing.</summary>
    Staff,
}
