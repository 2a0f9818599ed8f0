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
}
