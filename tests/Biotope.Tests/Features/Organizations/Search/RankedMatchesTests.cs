using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Organizations;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Organizations.Search;

/// <summary>A word query is ranked once and kept (ADR 006): its pages, facets and languages are cut from that one ranking.</summary>
public sealed class RankedMatchesTests(SqliteAppFixture sqlite) : IClassFixture<SqliteAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<SearchResponse> SearchAsync(string query, string language = "fr")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/organizations?" + query);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await sqlite.App.Client.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SearchResponse>(Json, TestContext.Current.CancellationToken))!;
    }

    [Theory]
    [InlineData("immun")]
    [InlineData("liege")]
    [InlineData("biotech")]
    public async Task Small_pages_put_together_are_the_whole_ranking(string q)
    {
        var whole = await SearchAsync($"q={Uri.EscapeDataString(q)}&pageSize=100");
        Assert.True(whole.Total >= 2, $"'{q}' should match more than one organization of the demo directory (it matched {whole.Total})");
        var paged = new List<int>();
        for (var page = 1; page <= whole.Total; page++)
            paged.AddRange((await SearchAsync($"q={Uri.EscapeDataString(q)}&pageSize=1&page={page}")).Items.Select(o => o.Id));
        Assert.Equal(whole.Items.Select(o => o.Id), paged);
    }

    [Fact]
    public async Task A_facet_keeps_the_ranking_of_the_words()
    {
        var whole = await SearchAsync("q=immun&pageSize=100");
        var type = whole.Items.GroupBy(o => o.Type).OrderByDescending(g => g.Count()).First().Key;
        var filtered = await SearchAsync($"q=immun&pageSize=100&type={type}");
        Assert.NotEmpty(filtered.Items);
        Assert.Equal(whole.Items.Where(o => o.Type == type).Select(o => o.Id), filtered.Items.Select(o => o.Id));
    }

    [Fact]
    public async Task Each_language_ranks_the_same_organizations_its_own_way_and_keeps_it()
    {
        var french = await SearchAsync("q=immun&pageSize=100", "fr");
        var english = await SearchAsync("q=immun&pageSize=100", "en");
        Assert.Equal(french.Items.Select(o => o.Id).Order(), english.Items.Select(o => o.Id).Order());
        // Asked again after the other language: each answer comes back as it was (one cached ranking per language).
        Assert.Equal(french.Items.Select(o => o.Id), (await SearchAsync("q=immun&pageSize=100", "fr")).Items.Select(o => o.Id));
        Assert.Equal(english.Items.Select(o => o.Id), (await SearchAsync("q=immun&pageSize=100", "en")).Items.Select(o => o.Id));
    }
}
