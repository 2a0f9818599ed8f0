using Biotope.Features.Organizations;

namespace Biotope.Features.Demo;

// The shape of Features/Demo/wallonia.json. Optional lists default to empty, optional values to
// null; a value the file leaves out is unknown, never "none" (see DemoSeeder for what that means
// when an existing row is updated).

public sealed record DemoFile
{
    public required IReadOnlyList<string> Notes { get; init; }
    public required IReadOnlyList<DemoSource> Sources { get; init; }
    public required IReadOnlyList<DemoOrganization> Organizations { get; init; }
    public required IReadOnlyList<DemoProject> Projects { get; init; }
    public required DemoRegion Region { get; init; }
}

/// <summary>A document the facts come from: a seed file, the product brief or a ROR record.</summary>
public sealed record DemoSource
{
    public required string File { get; init; }
    public required string Title { get; init; }
}

public sealed record DemoOrganization
{
    /// <summary>Becomes <see cref="Organization.Slug"/>; relations and partners refer to it.</summary>
    public required string Key { get; init; }
    public required string Name { get; init; }
    public string? NameFr { get; init; }
    public string? NameEn { get; init; }
    public string? NameNl { get; init; }
    public string? Acronym { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required OrganizationType Type { get; init; }
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public IReadOnlyList<string> Areas { get; init; } = [];
    public IReadOnlyList<string> Stages { get; init; } = [];
    public IReadOnlyList<string> Capabilities { get; init; } = [];
    public IReadOnlyList<string> NaceCodes { get; init; } = [];
    public string? StreetAddress { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    /// <summary>The city's official French and English names where they differ from <see cref="City"/> ("Bruxelles"/"Brussels").</summary>
    public string? CityFr { get; init; }
    public string? CityEn { get; init; }
    public string? NutsCode { get; init; }
    public string? Website { get; init; }
    public string? RorId { get; init; }
    public IReadOnlyList<DemoExternalId> ExternalIds { get; init; } = [];
    public string? DescriptionEn { get; init; }
    public string? DescriptionFr { get; init; }
    public IReadOnlyList<DemoRelation> Relations { get; init; } = [];
    /// <summary>Files (declared in <see cref="DemoFile.Sources"/>) the organization's facts come from.</summary>
    public required IReadOnlyList<string> Sources { get; init; }
}

public sealed record DemoExternalId
{
    public required string Scheme { get; init; }
    public required string Value { get; init; }
}

public sealed record DemoRelation
{
    public required RelationKind Kind { get; init; }
    /// <summary>Key of the target organization.</summary>
    public required string To { get; init; }
    /// <summary>Why the relation holds, for the human reader; not stored.</summary>
    public string? Basis { get; init; }
}

public sealed record DemoProject
{
    public required string Key { get; init; }
    public required string Acronym { get; init; }
    public required string TitleEn { get; init; }
    public string? TitleFr { get; init; }
    public string? SummaryEn { get; init; }
    public string? SummaryFr { get; init; }
    /// <summary>Key of the parent project.</summary>
    public string? Parent { get; init; }
    public int? ResearchersToHire { get; init; }
    public string? Funding { get; init; }
    public IReadOnlyList<DemoPartner> Partners { get; init; } = [];
    public IReadOnlyList<DemoStrand> Strands { get; init; } = [];
    public required IReadOnlyList<string> Sources { get; init; }
}

/// <summary>A strand of a project, as its source describes it.</summary>
public sealed record DemoStrand
{
    public required int Number { get; init; }
    public required string TitleEn { get; init; }
    public string? TitleFr { get; init; }
    public string? DescriptionEn { get; init; }
    public string? DescriptionFr { get; init; }
    /// <summary>Keys of the file's projects run within the strand; each must have this project as its parent.</summary>
    public IReadOnlyList<string> SubProjects { get; init; } = [];
}

public sealed record DemoPartner
{
    /// <summary>Key of the partner organization.</summary>
    public required string Org { get; init; }
    public string? Role { get; init; }
}

public sealed record DemoRegion
{
    public required string Code { get; init; }
    public required string NameFr { get; init; }
    public required string NameEn { get; init; }
    public string? SummaryEn { get; init; }
    public string? SummaryFr { get; init; }
    public IReadOnlyList<DemoIndicator> Indicators { get; init; } = [];
    public IReadOnlyList<DemoPriority> Priorities { get; init; } = [];
    public IReadOnlyList<DemoNetwork> Networks { get; init; } = [];
    public IReadOnlyList<string> PolicyDocuments { get; init; } = [];
    public IReadOnlyList<string> PolicyTopics { get; init; } = [];
    public required IReadOnlyList<string> Sources { get; init; }
}

public sealed record DemoIndicator
{
    public required string Key { get; init; }
    public required string LabelEn { get; init; }
    public required string LabelFr { get; init; }
    /// <summary>As a culture-invariant string ("3643996", "18.51", "Strong").</summary>
    public required string Value { get; init; }
    public string? Unit { get; init; }
    public int? Year { get; init; }
    public string? Source { get; init; }
}

public sealed record DemoPriority
{
    public required string Domain { get; init; }
    public required string Text { get; init; }
    public IReadOnlyList<DemoCode> Nace { get; init; } = [];
    public IReadOnlyList<DemoCode> Nabs { get; init; } = [];
    public IReadOnlyList<DemoCode> PolicyObjectives { get; init; } = [];
}

/// <summary>A classification code with the label the source gives it; only the code is stored.</summary>
public sealed record DemoCode
{
    public required string Code { get; init; }
    public string? Label { get; init; }
}

public sealed record DemoNetwork
{
    public required string Network { get; init; }
    /// <summary>As the source states it: yes, no, Not yet, country level member...</summary>
    public required string Status { get; init; }
}
