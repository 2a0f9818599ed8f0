using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Accounts;

/// <summary>A test app with small rate limits (ADR 019): 3 sign-ins and 5 API requests per minute per client.</summary>
public sealed class RateLimitedAppFixture : IAsyncLifetime
{
    public static readonly RateLimitSettings Limits = new(ApiPerMinute: 5, SignInPerMinute: 3);

    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartSqliteAsync(seedDemo: false, limits: Limits);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Requests over a limit answer 429 with Retry-After: problem details in the request's language on the API, the site's page elsewhere.</summary>
public sealed class RateLimitTests(RateLimitedAppFixture fixture) : IClassFixture<RateLimitedAppFixture>
{
    private TestApp App => fixture.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string address, string language = "en", HttpContent? content = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(TestApp.ClientAddressHeader, address);
        request.Headers.AcceptLanguage.ParseAdd(language);
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return await App.Client.SendAsync(request, Ct);
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage response, string title)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("rate-limit.exceeded", problem.GetProperty("code").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Contains(((int)retryAfter.Value.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "10.1.0.1", "Too many requests")]
    [InlineData("fr", "10.1.0.2", "Trop de demandes")]
    public async Task Sign_ins_over_the_limit_answer_429_problem_details(string language, string address, string title)
    {
        for (var i = 1; i <= RateLimitedAppFixture.Limits.SignInPerMinute; i++)
        {
            using var allowed = await SendAsync(HttpMethod.Post, "/api/v1/auth/token", address, language, JsonContent.Create(new { email = $"someone-{i}@test.biotope.be", password = "Not-a-password-1" }));
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }
        using var limited = await SendAsync(HttpMethod.Post, "/api/v1/auth/token", address, language, JsonContent.Create(new { email = "someone-else@test.biotope.be", password = "Not-a-password-1" }));
        await AssertLimitedAsync(limited, title);
    }

    [Fact]
    public async Task The_api_limit_counts_per_client_and_per_signed_in_user()
    {
        const string anonymous = "10.2.0.1";
        for (var i = 0; i < RateLimitedAppFixture.Limits.ApiPerMinute; i++)
        {
            using var allowed = await SendAsync(HttpMethod.Get, "/api/v1/organizations", anonymous);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var limited = await SendAsync(HttpMethod.Get, "/api/v1/organizations", anonymous, "fr");
        await AssertLimitedAsync(limited, "Trop de demandes");

        using var other = await SendAsync(HttpMethod.Get, "/api/v1/organizations", "10.2.0.2");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        // Pages are not counted by the API's limit.
        using var page = await SendAsync(HttpMethod.Get, "/organizations", anonymous);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // A signed-in user has a count of their own, whatever address they share.
        var (email, password) = await App.CreateUserAsync(Roles.ClusterStaff);
        using var token = await SendAsync(HttpMethod.Post, "/api/v1/auth/token", "10.2.0.3", content: JsonContent.Create(new { email, password }));
        var bearer = (await token.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString();
        using var signedIn = await SendAsync(HttpMethod.Get, "/api/v1/organizations", anonymous, bearer: bearer);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Sign_in_page_posts_over_the_limit_get_the_html_error_page()
    {
        const string address = "10.3.0.1";
        for (var i = 0; i < RateLimitedAppFixture.Limits.SignInPerMinute; i++)
        {
            using var counted = await SendAsync(HttpMethod.Post, "/account/login", address, "fr", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "x@test.biotope.be", ["Password"] = "y" }));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, counted.StatusCode);
        }
        using var limited = await SendAsync(HttpMethod.Post, "/account/login", address, "fr", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "x@test.biotope.be", ["Password"] = "y" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", limited.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await limited.Content.ReadAsStringAsync(Ct));
        Assert.Contains("<h1>Trop de demandes</h1>", html, StringComparison.Ordinal);

        // Showing the form is not counted.
        using var form = await SendAsync(HttpMethod.Get, "/account/login", address);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }
}
