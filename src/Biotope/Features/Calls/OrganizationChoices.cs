using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;

namespace Biotope.Features.Calls;

/// <summary>What the organization picker shows: its field, the typed text, and the matches to pick from when the page searched (no script).</summary>
public sealed record OrganizationPicker(string Field, string IdField, string Label, string? Hint, string? Value, IReadOnlyList<OrganizationSummary> Choices, string? Error)
{
    public string InputId => "pick-" + Field.ToLowerInvariant().Replace('.', '-');
}

/// <summary>
/// Organizations of the directory matching part of a name, as the directory search finds them (accents, prefixes, a typo):
/// a person never has to type an exact name. The page offers them when no script picked one as they typed.
/// </summary>
public static class OrganizationChoices
{
    public const int Shown = 8;

    public static async Task<IReadOnlyList<OrganizationSummary>> FindAsync(OrganizationSearch search, DirectoryIndex index, string text, string language, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var result = await search.SearchAsync(new SearchQuery { Q = text.Trim(), PageSize = Shown, Sort = SearchSort.Relevance }, language, ct);
        return [.. index.Entries(result.Ids).Select(e => e.ToSummary(language))];
    }
}
