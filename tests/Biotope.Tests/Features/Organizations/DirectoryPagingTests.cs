using System.Net;
using System.Text.RegularExpressions;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Organizations;

/// <summary>Paging, sort and facets compose in the directory's URL, without JavaScript.</summary>
public sealed partial class DirectoryPagingTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    [GeneratedRegex("""<a class="page-link" href="([^"]+)" rel="next">""")]
    private static partial Regex NextLink();

    [GeneratedRegex("""<span class="page-status">Page (\d+) of (\d+)</span>""")]
    private static partial Regex PageStatus();

    [GeneratedRegex("""<a href="/organizations/(\d+)""")]
    private static partial Regex ProfileLink();

    private async Task<string> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd("en");
        using var response = await App.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Following_next_reaches_the_last_page_and_each_page_shows_other_organizations()
    {
        var total = await App.WithDbAsync(db => db.Organizations.CountAsync(o => o.DeletedAt == null));
        var seen = new HashSet<string>();
        var path = "/organizations?sort=name";
        var pages = 0;
        while (true)
        {
            var html = await GetAsync(path);
            pages++;
            var status = PageStatus().Match(html);
            Assert.True(status.Success || total <= 20, "no page status");
            if (status.Success) Assert.Equal(pages.ToString(System.Globalization.CultureInfo.InvariantCulture), status.Groups[1].Value);
            foreach (Match link in ProfileLink().Matches(html)) seen.Add(link.Groups[1].Value);
            var next = NextLink().Match(html);
            if (!next.Success) break;
            path = WebUtility.HtmlDecode(next.Groups[1].Value);
            Assert.Contains("sort=name", path);
        }
        Assert.Equal((total + 19) / 20, pages);
        Assert.True(seen.Count >= total, $"{seen.Count} organizations seen over {pages} pages, {total} in the directory");
    }

    [Fact]
    public async Task Page_two_keeps_the_sort_and_its_links_keep_the_filters()
    {
        var pageOne = await GetAsync("/organizations?sort=-name&member=true");
        var pageTwo = await GetAsync("/organizations?sort=-name&page=2");
        Assert.Contains("<span class=\"page-status\">Page 2 of", pageTwo);
        Assert.NotEqual(ProfileLink().Match(await GetAsync("/organizations?sort=-name")).Value, ProfileLink().Match(pageTwo).Value);
        Assert.Matches("""rel="prev">|href="/organizations\?sort=-name(&amp;page=1)?" rel="prev""", pageTwo);
        if (NextLink().Match(pageOne) is { Success: true } next) Assert.Contains("member=true", WebUtility.HtmlDecode(next.Groups[1].Value));
    }

    [Fact]
    public async Task A_page_past_the_end_shows_the_last_page()
    {
        var last = await GetAsync("/organizations?page=9999");
        var status = PageStatus().Match(last);
        Assert.True(status.Success);
        Assert.Equal(status.Groups[2].Value, status.Groups[1].Value);
    }
}
