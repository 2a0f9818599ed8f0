using Biotope.Features.Notifications;

namespace Biotope.Tests.Features.Notifications;

/// <summary>Which notification links the page turns into links: the site's own paths and http(s) only.</summary>
public sealed class NotificationLinkTests
{
    [Theory]
    [InlineData("/proposals/42", true)]
    [InlineData("/organizations?q=liege", true)]
    [InlineData("https://www.biowin.org/calls", true)]
    [InlineData("http://example.org", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("JAVASCRIPT:alert(1)", false)]
    [InlineData("data:text/html,hi", false)]
    [InlineData("//evil.example/path", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("proposals/42", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_safe_links_are_shown_as_links(string? link, bool safe) =>
        Assert.Equal(safe, NotificationQueries.IsSafeLink(link));
}
