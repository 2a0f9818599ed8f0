namespace Biotope.Features.Organizations.Search;

/// <summary>A directory search: free text plus facet filters (OR within a facet, AND across facets).</summary>
public sealed record SearchQuery
{
    public const int MaxPageSize = 100;

    public string? Q { get; init; }
    public IReadOnlyList<string> Types { get; init; } = [];
    public IReadOnlyList<string> Sectors { get; init; } = [];
    public IReadOnlyList<string> Areas { get; init; } = [];
    public IReadOnlyList<string> Stages { get; init; } = [];
    public IReadOnlyList<string> Provinces { get; init; } = [];
    /// <summary>true: cluster members only; false: non-members only; null: everyone.</summary>
    public bool? Member { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Default;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    public bool HasText => !string.IsNullOrWhiteSpace(Q);
}

public enum SearchSort
{
    Default,
    Relevance,
    Name,
    NameDescending,
    Updated,
}

public sealed record FacetValue(string Value, string Label, int Count, bool Selected);

public sealed record SearchResult(IReadOnlyList<int> Ids, int Total, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets, IReadOnlyList<string> Corrections);
