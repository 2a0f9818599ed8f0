using System.Collections.Concurrent;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Biotope.Features.Organizations.Search;

/// <summary>
/// Bilingual match keys (ADR 011): a word's French and English Snowball stems, plus the taxonomy's other-language
/// label words as synonyms. "immunologie", "immunology" and "immunologiques" share the key "immunolog", and
/// "imagerie" meets "imaging" through the taxonomy's Imaging / Imagerie. Keys are computed on the folded word
/// (no accents) so that a query typed without accents gets the same keys as the accented text.
/// </summary>
public static partial class TextNormalizer
{
    /// <summary>Words shorter than this get no keys: their stems would match far too much.</summary>
    public const int MinKeyedLength = 4;

    // Snowball programs keep state between calls: one per thread.
    [ThreadStatic] private static FrenchStemmer? french;
    [ThreadStatic] private static EnglishStemmer? english;

    // Directory texts reuse few words, and seeding 100,000 organizations stems each of them thousands of times.
    private const int MaxCachedWords = 100_000;
    private static readonly ConcurrentDictionary<string, string[]> KeyCache = new(StringComparer.Ordinal);

    /// <summary>
    /// Words that keep no keys: both languages' stop words, and false friends whose stems are those of unrelated
    /// directory words ("celle" stems as "cell"; "disposition" as "dispositifs", medical devices; "organization"
    /// and "organisme" as "organ").
    /// </summary>
    private static readonly HashSet<string> Unkeyed =
    [
        .. Lucene.Net.Analysis.Fr.FrenchAnalyzer.DefaultStopSet.Select(w => Normalize(w.ToString())),
        .. Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet.Select(w => Normalize(w.ToString())),
        "celle", "celles", "disposition", "dispositions", "organization", "organizations", "organisme", "organismes",
    ];

    private static readonly Lazy<Dictionary<string, string[]>> Synonyms = new(BuildSynonyms);

    /// <summary>
    /// The keys under which an already normalized word matches its other forms in both languages, sorted; empty for
    /// short words, stop words and words with digits (codes and numbers are matched as typed).
    /// </summary>
    public static IReadOnlyList<string> Keys(string word)
    {
        if (KeyCache.TryGetValue(word, out var cached)) return cached;
        var keys = Stems(word);
        if (keys.Count > 0)
            foreach (var key in keys.ToList())
                if (Synonyms.Value.TryGetValue(key, out var others)) keys.UnionWith(others);
        string[] result = [.. keys.Order(StringComparer.Ordinal)];
        if (KeyCache.Count < MaxCachedWords) KeyCache.TryAdd(word, result);
        return result;
    }

    /// <summary>The French and English stems alone, without synonyms.</summary>
    private static HashSet<string> Stems(string word)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        if (word.Length < MinKeyedLength || Unkeyed.Contains(word) || !word.All(char.IsAsciiLetterLower)) return stems;
        foreach (var stem in new[] { Stem(french ??= new FrenchStemmer(), word), Stem(english ??= new EnglishStemmer(), word) })
        {
            var key = CrossLanguage(stem);
            if (key.Length >= MinKeyedLength) stems.Add(key);
        }
        return stems;
    }

    private static string Stem(SnowballProgram stemmer, string word)
    {
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }

    // French adjectives in -aire are English ones in -ar (cellulaire/cellular, nucléaire/nuclear); only long stems,
    // so that "pair" never becomes "par".
    private static string CrossLanguage(string stem) =>
        stem.Length >= 7 && stem.EndsWith("air", StringComparison.Ordinal) ? stem[..^3] + "ar" : stem;

    /// <summary>
    /// The taxonomy's labels as synonyms: in each term's English and French labels, words that share a key or a
    /// four-letter beginning are one another's forms, and when exactly one word of each label is left over
    /// ("Imaging" / "Imagerie", "Nuclear medicine" / "Médecine nucléaire"), those two are too. Each word of a pair gets
    /// the keys of the other; pairs are not chained, so one ambiguous label cannot join unrelated terms.
    /// </summary>
    private static Dictionary<string, string[]> BuildSynonyms()
    {
        var pairs = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        IEnumerable<Term> terms = [.. Taxonomy.Sectors, .. Taxonomy.Areas, .. Taxonomy.Stages, .. Taxonomy.Capabilities];
        foreach (var term in terms)
        {
            var en = LabelWords(term.En);
            var fr = LabelWords(term.Fr);
            foreach (var (e, f) in en.SelectMany(e => fr.Select(f => (e, f))).Where(p => AreForms(p.e, p.f)).ToList())
            {
                Pair(pairs, e, f);
                en.Remove(e);
                fr.Remove(f);
            }
            if (en.Count == 1 && fr.Count == 1) Pair(pairs, en[0], fr[0]);
        }
        return pairs.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    private static List<string> LabelWords(string label) => [.. Tokens(label).Where(w => Stems(w).Count > 0).Distinct()];

    private static bool AreForms(string a, string b) =>
        Stems(a).Overlaps(Stems(b)) || (a.Length >= 4 && b.Length >= 4 && a.AsSpan(0, 4).SequenceEqual(b.AsSpan(0, 4)));

    private static void Pair(Dictionary<string, HashSet<string>> pairs, string a, string b)
    {
        var keys = Stems(a);
        keys.UnionWith(Stems(b));
        foreach (var key in keys)
        {
            if (!pairs.TryGetValue(key, out var set)) pairs[key] = set = new(StringComparer.Ordinal);
            set.UnionWith(keys);
        }
    }
}
