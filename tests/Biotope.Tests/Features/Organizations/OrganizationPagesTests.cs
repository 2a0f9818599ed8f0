using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Organizations;

/// <summary>Server-rendered pages read over plain HTTP: what a crawler or a browser without JavaScript gets.</summary>
public sealed partial class OrganizationPagesTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    private async Task<string> GetAsync(string path, string language = "fr")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await App.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_profile_carries_schema_org_json_ld()
    {
        var id = await App.WithDbAsync(db => db.Organizations.Where(o => o.Slug == "uclouvain").Select(o => o.Id).SingleAsync());
        var html = await GetAsync($"/organizations/{id}", "en");
        var json = JsonLd().Match(html);
        Assert.True(json.Success, "no JSON-LD script on the profile");
        using var document = JsonDocument.Parse(json.Groups[1].Value);
        var root = document.RootElement;
        Assert.Equal("https://schema.org", root.GetProperty("@context").GetString());
        Assert.Equal("CollegeOrUniversity", root.GetProperty("@type").GetString());
        Assert.Contains("Louvain", root.GetProperty("name").GetString());
        Assert.Contains(root.GetProperty("identifier").EnumerateArray(), i => i.GetProperty("propertyID").GetString() == "ROR" && i.GetProperty("value").GetString() == "02495e989");
        Assert.Equal("Louvain-la-Neuve", root.GetProperty("address").GetProperty("addressLocality").GetString());
        Assert.Contains(root.GetProperty("parentOrganization").EnumerateArray(), p => p.GetProperty("name").GetString()!.Contains("Louvain", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_home_page_counts_the_ecosystem_by_type_and_area()
    {
        var html = await GetAsync("/");
        Assert.Contains("<html lang=\"fr\">", html);
        var total = await App.WithDbAsync(db => db.Organizations.CountAsync(o => o.DeletedAt == null));
        Assert.Contains($"<span class=\"stat-value\">{total}</span>", html);
        Assert.Contains("/organizations?type=University", html);
        Assert.Contains("/organizations?area=medical-technology", html);
        Assert.Matches("3(\\s|&#x202F;|&#xA0;)643(\\s|&#x202F;|&#xA0;)996", html);
    }

    [Fact]
    public async Task The_directory_searches_and_filters_without_javascript()
    {
        var html = await GetAsync("/organizations?q=liege&type=University", "en");
        var ids = await App.WithDbAsync(db => db.Organizations.Where(o => o.Slug == "uliege" || o.Slug == "academie-wallonie-europe").ToDictionaryAsync(o => o.Slug, o => o.Id));
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains($"href=\"/organizations/{ids["uliege"]}\"", html);
        Assert.DoesNotContain($"href=\"/organizations/{ids["academie-wallonie-europe"]}\"", html);
        Assert.Matches("id=\"f-type-University\"[^>]*checked", html);
    }

    [Fact]
    public async Task An_unknown_organization_is_a_404_page()
    {
        var response = await App.Client.GetAsync("/organizations/987654", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLd();
}
