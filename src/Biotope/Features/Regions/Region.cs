namespace Biotope.Features.Regions;

/// <summary>A NUTS region's profile: indicators, smart-specialisation priorities and networks.</summary>
public class Region
{
    public required string Code { get; set; }
    public required string NameFr { get; set; }
    public required string NameEn { get; set; }
    public string? SummaryEn { get; set; }
    public string? SummaryFr { get; set; }
    public List<RegionIndicator> Indicators { get; set; } = [];
    public List<S3Priority> Priorities { get; set; } = [];
    public List<NetworkMembership> Networks { get; set; } = [];
    public List<string> PolicyDocuments { get; set; } = [];
    public List<string> PolicyTopics { get; set; } = [];
}

public class RegionIndicator
{
    public required string Key { get; set; }
    public required string LabelEn { get; set; }
    public required string LabelFr { get; set; }
    public required string Value { get; set; }
    public string? Unit { get; set; }
    public int? Year { get; set; }
    public string? Source { get; set; }
}

public class S3Priority
{
    public required string Domain { get; set; }
    public required string Text { get; set; }
    public List<string> Nace { get; set; } = [];
    public List<string> Nabs { get; set; } = [];
    public List<string> PolicyObjectives { get; set; } = [];
}

public class NetworkMembership
{
    public required string Network { get; set; }
    /// <summary>As the source states it: yes, no, not yet, country level member.</summary>
    public required string Status { get; set; }
}
