using Biotope.Features.Organizations.Search;

namespace Biotope.Tests.Features.Organizations.Search;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("Université de LIÈGE", "universite de liege")]
    [InlineData("Mölnlycke", "molnlycke")]
    [InlineData("cœur", "coeur")]
    [InlineData("Johnson & Johnson", "johnson johnson")]
    [InlineData("d'Imagerie", "d imagerie")]
    [InlineData("  ", "")]
    [InlineData(null, "")]
    public void Normalize_folds_case_accents_and_punctuation(string? input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input));

    [Fact]
    public void Slug_joins_normalized_words_with_hyphens() =>
        Assert.Equal("universite-de-liege", TextNormalizer.Slug("Université de Liège"));

    private static IReadOnlyList<string> KeysOf(string word) => TextNormalizer.Keys(TextNormalizer.Normalize(word));

    [Theory]
    // Inflections and the two languages' forms of one word, met by the stems alone.
    [InlineData("immunologie", "immunology")]
    [InlineData("immunologie", "immunological")]
    [InlineData("Immunologiques", "immunology")]
    [InlineData("thérapie", "thérapies")]
    [InlineData("thérapies", "therapy")]
    [InlineData("thérapie", "therapy")]
    [InlineData("diagnostic", "diagnostics")]
    [InlineData("cellulaire", "cellular")]
    [InlineData("nucléaire", "nuclear")]
    [InlineData("endoscopie", "endoscopy")]
    [InlineData("biotechnologies", "biotechnology")]
    // Met only through the taxonomy's French and English labels.
    [InlineData("imagerie", "imaging")]
    [InlineData("cellulaires", "cell")]
    [InlineData("médecine", "medicine")]
    [InlineData("clinique", "clinical")]
    [InlineData("ophtalmologie", "ophthalmology")]
    [InlineData("dispositifs", "devices")]
    public void Forms_of_one_word_in_either_language_share_a_key(string a, string b) =>
        Assert.NotEmpty(KeysOf(a).Intersect(KeysOf(b)));

    [Theory]
    // The French demonstrative stems as "cell" in both stemmers.
    [InlineData("celle", "cell")]
    [InlineData("celles", "cells")]
    // "à disposition" (available) is no medical device, though the French stemmer makes both "disposit".
    [InlineData("disposition", "dispositifs")]
    // English Porter stems "organization" as "organ": organ-on-chip is not every organization.
    [InlineData("organization", "organes")]
    [InlineData("organisme", "organ")]
    // -aire/-ar is only for long stems: "paire" and "pair" must not become the French preposition "par".
    [InlineData("pair", "par")]
    [InlineData("paire", "par")]
    // Information science and information are different trades.
    [InlineData("informatique", "information")]
    [InlineData("gene", "general")]
    public void Unrelated_words_share_no_key(string a, string b) =>
        Assert.Empty(KeysOf(a).Intersect(KeysOf(b)));

    [Theory]
    [InlineData("les")]
    [InlineData("the")]
    [InlineData("pour")]
    [InlineData("adc")]
    [InlineData("h2020")]
    [InlineData("1950")]
    public void Short_words_stop_words_and_codes_get_no_keys(string word) =>
        Assert.Empty(TextNormalizer.Keys(word));

    [Fact]
    public void The_index_text_keeps_the_words_and_adds_each_key_once_after_them()
    {
        var text = TextNormalizer.IndexText("Thérapie cellulaire, thérapies");
        Assert.StartsWith("therapie cellulaire therapies xq", text);
        var keys = text.Split(' ').Where(w => w.StartsWith(TextNormalizer.KeyPrefix, StringComparison.Ordinal)).ToList();
        Assert.Contains("xqtherapi", keys);
        Assert.Contains("xqcellular", keys);
        Assert.Equal(keys.Distinct(), keys);
    }

    [Fact]
    public void A_word_typed_without_accents_has_the_keys_of_the_accented_one()
    {
        Assert.Equal(KeysOf("Liège"), KeysOf("liege"));
        Assert.Equal(KeysOf("thérapies"), KeysOf("THERAPIES"));
    }
}
