using Biotope.Features.Organizations.Search;

namespace Biotope.Tests.Features.Organizations.Search;

public sealed class MatchQueryTests
{
    private static readonly MatchQuery Query = new(
    [
        new("louvian", ["louvain"], []),
        new("immunologie", [], ["immunolog", "immunologi"]),
        new("j", [], []),
    ]);

    [Fact]
    public void Fts5_syntax_ands_words_and_ors_their_alternatives() =>
        Assert.Equal("(\"louvian\"* OR \"louvain\") AND (\"immunologie\"* OR \"xqimmunolog\" OR \"xqimmunologi\") AND (\"j\")", Query.ToFts5());

    [Fact]
    public void Tsquery_syntax_ands_words_and_ors_their_alternatives() =>
        Assert.Equal("(louvian:* | louvain) & (immunologie:* | xqimmunolog | xqimmunologi) & (j)", Query.ToTsQuery());
}
