using System.Net;
using System.Text.Json;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Shared;

/// <summary>A page path that fails answers the site's HTML page in the reader's language; the API keeps problem details.</summary>
public sealed class ErrorPagesTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string language)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await App.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("/no-such-page", "fr", "Page introuvable")]
    [InlineData("/no-such-page", "en", "Page not found")]
    [InlineData("/organizations/999999", "fr", "Page introuvable")]
    [InlineData("/projects/no-such-project", "en", "Page not found")]
    public async Task A_missing_page_is_the_sites_page_with_its_header_language_switch_and_a_way_on(string path, string language, string title)
    {
        using var response = await SendAsync(HttpMethod.Get, path, language);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains($"<html lang=\"{language}\">", html);
        Assert.Contains("class=\"site-header\"", html);
        Assert.Contains("action=\"/culture\"", html);
        Assert.Contains("href=\"/organizations\"", html);
        Assert.Contains("role=\"search\"", html);
    }

    [Fact]
    public async Task A_post_to_a_missing_page_also_gets_the_page()
    {
        using var response = await SendAsync(HttpMethod.Post, "/no-such-page", "en");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<h1>Page not found</h1>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("fr", "Introuvable")]
    [InlineData("en", "Not found")]
    public async Task The_api_keeps_problem_details_in_the_request_language(string language, string title)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/organizations/999999", language);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_problem_not_a_page()
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/no-such-thing", "en");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("fr", "Retour au site")]
    [InlineData("en", "Back to the site")]
    public async Task The_api_reference_is_under_the_sites_header_in_the_interface_language(string language, string back)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/docs/", language);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(back, html);
        Assert.Contains("class=\"site-header api-docs-header\"", html);
        Assert.Contains("/favicon.svg", html);
        Assert.Contains($"\"locale\":\"{language}\"", html.Replace(" ", ""));
    }

    [Fact]
    public async Task The_favicon_is_served()
    {
        using var svg = await SendAsync(HttpMethod.Get, "/favicon.svg", "en");
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(App.BaseUrl) };
        using var ico = await noRedirects.GetAsync("/favicon.ico", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MovedPermanently, ico.StatusCode);
        Assert.Equal("/favicon.svg", ico.Headers.Location?.OriginalString);
    }
}
