using Biotope.Features.Organizations.Search;

namespace Biotope.Tests.Features.Organizations.Search;

public sealed class MatchQueryTests
{
    private static readonly MatchQuery Query = new(
    [
        new("louvian", ["louvain"]),
        new("immun", []),
        new("j", []),
    ]);

    [Fact]
    public void Fts5_syntax_ands_words_and_ors_their_alternatives() =>
        Assert.Equal("(\"louvian\"* OR \"louvain\") AND (\"immun\"*) AND (\"j\")", Query.ToFts5());

    [Fact]
    public void Tsquery_syntax_ands_words_and_ors_their_alternatives() =>
        Assert.Equal("(louvian:* | louvain) & (immun:*) & (j)", Query.ToTsQuery());
}
