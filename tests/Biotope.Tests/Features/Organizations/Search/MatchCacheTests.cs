using Biotope.Features.Organizations.Search;

namespace Biotope.Tests.Features.Organizations.Search;

public sealed class MatchCacheTests
{
    [Fact]
    public void An_answer_is_kept_until_the_directory_changes()
    {
        var cache = new MatchCache();
        cache.Remember("\"liege\"*", [1, 2, 3], cache.Generation);
        Assert.True(cache.TryGet("\"liege\"*", out var ids));
        Assert.Equal([1, 2, 3], ids);

        cache.Invalidate();
        Assert.False(cache.TryGet("\"liege\"*", out _));
    }

    [Fact]
    public void An_answer_read_before_a_change_is_not_kept_after_it()
    {
        var cache = new MatchCache();
        var readIn = cache.Generation;
        cache.Invalidate();
        cache.Remember("\"mons\"*", [7], readIn);
        Assert.False(cache.TryGet("\"mons\"*", out _));
    }

    [Fact]
    public void The_cache_holds_a_bounded_number_of_ids()
    {
        var cache = new MatchCache();
        var broad = new int[MatchCache.MaxIds / 2 + 1];
        cache.Remember("a", broad, cache.Generation);
        cache.Remember("b", broad, cache.Generation);
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet("b", out _));
        cache.Remember("huge", new int[MatchCache.MaxIds + 1], cache.Generation);
        Assert.False(cache.TryGet("huge", out _));
    }
}
