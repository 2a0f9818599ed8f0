using Biotope.Features.Organizations.Search;

namespace Biotope.Tests.Features.Organizations.Search;

public class TypoIndexTests
{
    private static TypoIndex IndexOf(params string[] terms)
    {
        var index = new TypoIndex();
        index.AddRange(terms);
        return index;
    }

    [Theory]
    [InlineData("louvian", "louvain")]     // adjacent transposition
    [InlineData("liegee", "liege")]        // extra letter in the query
    [InlineData("immunologi", "immunology")] // substitution
    [InlineData("bruxellez", "bruxelles")] // substitution
    [InlineData("bruxeles", "bruxelles")]  // missing letter in the query
    [InlineData("bruxxelles", "bruxelles")] // extra letter inside the query
    [InlineData("rbuxelles", "bruxelles")] // transposition at the start
    [InlineData("bruxellse", "bruxelles")] // transposition at the end
    public void One_typo_finds_the_indexed_term(string query, string expected)
    {
        var index = IndexOf("louvain", "liege", "immunology", "bruxelles", "namur", "charleroi");
        Assert.Equal([expected], index.Corrections(query));
    }

    [Theory]
    [InlineData("lieg")]
    [InlineData("lige")]
    [InlineData("")]
    public void Queries_under_five_letters_get_nothing(string query) =>
        Assert.Empty(IndexOf("liege", "lieg", "ligne").Corrections(query));

    [Fact]
    public void Terms_under_five_letters_are_not_indexed()
    {
        var index = IndexOf("ulb", "gent", "liege");
        Assert.Equal(1, index.Count);
        Assert.False(index.Contains("gent"));
        Assert.True(index.Contains("liege"));
        // "gent" is one letter from "gents" but was never indexed.
        Assert.Empty(index.Corrections("gents"));
    }

    [Theory]
    [InlineData("lauvainn")]   // substitution and insertion
    [InlineData("olvuain")]    // two transpositions
    [InlineData("louv")]       // too short anyway
    [InlineData("louvainxx")]  // two insertions
    [InlineData("lovan")]      // two deletions
    public void Two_typos_are_not_tolerated(string query) =>
        Assert.Empty(IndexOf("louvain").Corrections(query));

    [Fact]
    public void The_query_itself_is_not_a_correction_but_its_neighbours_are()
    {
        var index = IndexOf("saison", "maison", "raison", "liaison");
        Assert.Equal(["maison", "raison"], index.Corrections("saison"));
    }

    [Fact]
    public void Corrections_are_sorted_ordinally_and_distinct()
    {
        var index = IndexOf("saison", "raison", "maison", "maison", "baisons");
        Assert.Equal(4, index.Count);
        Assert.Equal(["baisons", "maison", "raison", "saison"], index.Corrections("baison"));
    }

    [Fact]
    public void Adding_twice_is_harmless()
    {
        var index = new TypoIndex();
        index.Add("cellule");
        index.Add("cellule");
        index.AddRange(["cellule", "cellule"]);
        Assert.Equal(1, index.Count);
        Assert.Equal(["cellule"], index.Corrections("celule"));
        Assert.Equal(["cellule"], index.Corrections("celllule"));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("abc", "acb", 1)]
    [InlineData("louvain", "louvian", 1)]
    [InlineData("ca", "abc", 3)] // optimal string alignment cannot edit the transposed pair again; true Damerau gives 2
    public void OsaDistance_of_known_pairs(string a, string b, int expected) =>
        Assert.Equal(expected, TypoIndex.OsaDistance(a, b));

    [Fact]
    public void OsaDistance_matches_the_full_matrix_reference_on_random_strings()
    {
        var random = new Random(7064);
        for (var n = 0; n < 20_000; n++)
        {
            // A three-letter alphabet makes repeats and transpositions frequent.
            var a = RandomWord(random, "abc", 0, 8);
            var b = RandomWord(random, "abc", 0, 8);
            var expected = ReferenceOsaDistance(a, b);
            Assert.Equal(expected, TypoIndex.OsaDistance(a, b));
            Assert.Equal(expected, TypoIndex.OsaDistance(b, a));
        }
    }

    [Fact]
    public void Corrections_match_a_linear_scan_on_random_terms()
    {
        var random = new Random(97);
        var terms = Enumerable.Range(0, 3000).Select(_ => RandomWord(random, "abcde", 3, 9)).ToList();
        var index = new TypoIndex();
        index.AddRange(terms.Take(1500));
        foreach (var term in terms.Skip(1500)) index.Add(term);

        var indexed = terms.Where(t => t.Length >= TypoIndex.MinLength).Distinct().ToList();
        Assert.Equal(indexed.Count, index.Count);
        var queriesWithCorrections = 0;
        for (var n = 0; n < 1500; n++)
        {
            var query = n % 2 == 0 ? RandomWord(random, "abcde", 3, 9) : Mutate(terms[random.Next(terms.Count)], random);
            var expected = query.Length < TypoIndex.MinLength
                ? []
                : indexed.Where(t => t != query && Math.Abs(t.Length - query.Length) <= 1 && ReferenceOsaDistance(query, t) == 1)
                    .Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, index.Corrections(query));
            if (expected.Count > 0) queriesWithCorrections++;
        }
        // Guards against a vacuous comparison where nothing is ever found.
        Assert.True(queriesWithCorrections > 500, $"only {queriesWithCorrections} queries had corrections");
    }

    [Fact]
    public async Task Concurrent_reads_during_adds_do_not_throw()
    {
        var random = new Random(5);
        var terms = Enumerable.Range(0, 20_000).Select(_ => RandomWord(random, "abcdefghij", 5, 10)).ToArray();
        var index = new TypoIndex();
        index.AddRange(terms.Take(1000));

        var writer = Task.Run(() =>
        {
            foreach (var term in terms.Skip(1000)) index.Add(term);
        }, TestContext.Current.CancellationToken);
        Parallel.For(0, 20_000, i =>
        {
            var query = terms[i % terms.Length];
            foreach (var correction in index.Corrections(query))
                Assert.Equal(1, TypoIndex.OsaDistance(query, correction));
            _ = index.Contains(query);
            Assert.True(index.Count >= 1000);
        });
        await writer;

        Assert.Equal(terms.Distinct().Count(), index.Count);
        Assert.All(terms, term => Assert.True(index.Contains(term)));
    }

    // Classic full-matrix optimal string alignment, written independently of the rolling-row version.
    private static int ReferenceOsaDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + cost);
            }
        }
        return d[a.Length, b.Length];
    }

    private static string RandomWord(Random random, string alphabet, int minLength, int maxLength) =>
        new(Enumerable.Range(0, random.Next(minLength, maxLength + 1)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

    // One random edit, so that many queries land exactly one typo from an indexed term.
    private static string Mutate(string term, Random random)
    {
        var position = random.Next(term.Length);
        var letter = (char)('a' + random.Next(5));
        return random.Next(4) switch
        {
            0 => term.Remove(position, 1),
            1 => term.Insert(position, letter.ToString()),
            2 => string.Concat(term.AsSpan(0, position), [letter], term.AsSpan(position + 1)),
            _ when position + 1 < term.Length => string.Concat(term.AsSpan(0, position), [term[position + 1], term[position]], term.AsSpan(position + 2)),
            _ => term,
        };
    }
}
