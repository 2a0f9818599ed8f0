namespace Biotope.Features.Organizations.Search;

/// <summary>
/// The free-text part of a search, as alternatives per word: every word of two or more characters matches
/// as a prefix (a single character only as itself: as a prefix it would match most of the index), and a
/// word of 5+ letters that no indexed word starts with also matches its one-typo neighbours.
/// </summary>
public sealed record MatchQuery(IReadOnlyList<MatchQuery.Word> Words)
{
    public sealed record Word(string Text, IReadOnlyList<string> Corrections)
    {
        public bool IsPrefix => Text.Length >= 2;
    }

    public bool IsEmpty => Words.Count == 0;

    /// <summary>FTS5 syntax: ("liege"* OR "liegi") AND ...; words are [a-z0-9]+ so quoting is safe.</summary>
    public string ToFts5() => string.Join(" AND ", Words.Select(w =>
        "(" + string.Join(" OR ", [$"\"{w.Text}\"{(w.IsPrefix ? "*" : "")}", .. w.Corrections.Select(c => $"\"{c}\"")]) + ")"));

    /// <summary>PostgreSQL to_tsquery('simple', ...) syntax: (liege:* | liegi) &amp; ...</summary>
    public string ToTsQuery() => string.Join(" & ", Words.Select(w =>
        "(" + string.Join(" | ", [$"{w.Text}{(w.IsPrefix ? ":*" : "")}", .. w.Corrections]) + ")"));
}
