namespace Biotope.Features.Organizations.Search;

/// <summary>
/// The free-text part of a search, as alternatives per word: every word of two or more characters matches
/// as a prefix (a single character only as itself: as a prefix it would match most of the index), a word
/// matches the other French and English forms that share one of its keys (ADR 011), and a word of 5+ letters
/// that neither begins nor shares a key with any indexed word also matches its one-typo neighbours.
/// </summary>
public sealed record MatchQuery(IReadOnlyList<MatchQuery.Word> Words)
{
    /// <param name="Keys">The bilingual keys of the word that the index holds, without <see cref="TextNormalizer.KeyPrefix"/>.</param>
    public sealed record Word(string Text, IReadOnlyList<string> Corrections, IReadOnlyList<string> Keys)
    {
        public bool IsPrefix => Text.Length >= 2;

        /// <summary>The indexed tokens this word matches exactly: its corrections, then its keys as indexed.</summary>
        public IEnumerable<string> ExactTokens => Corrections.Concat(Keys.Select(k => TextNormalizer.KeyPrefix + k));
    }

    public bool IsEmpty => Words.Count == 0;

    /// <summary>FTS5 syntax: ("liege"* OR "liegi" OR "xqlieg") AND ...; words are [a-z0-9]+ so quoting is safe.</summary>
    public string ToFts5() => string.Join(" AND ", Words.Select(w =>
        "(" + string.Join(" OR ", [$"\"{w.Text}\"{(w.IsPrefix ? "*" : "")}", .. w.ExactTokens.Select(c => $"\"{c}\"")]) + ")"));

    /// <summary>PostgreSQL to_tsquery('simple', ...) syntax: (liege:* | liegi | xqlieg) &amp; ...</summary>
    public string ToTsQuery() => string.Join(" & ", Words.Select(w =>
        "(" + string.Join(" | ", [$"{w.Text}{(w.IsPrefix ? ":*" : "")}", .. w.ExactTokens]) + ")"));
}
