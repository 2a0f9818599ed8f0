using System.Net;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Biotope.Tests.Browser;

namespace Biotope.Tests.Infrastructure;

/// <summary>One app behind a "proxy" (the tests' own address is a known proxy) with a configured public URL.</summary>
public sealed class ProxiedAppFixture : IAsyncLifetime
{
    public const string PublicUrl = "https://biotope.example.org";

    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        App = await TestApp.StartSqliteAsync(settings: s => s with { PublicUrl = PublicUrl, KnownProxies = ["127.0.0.1", "::1/128"] });

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Security headers on every response, HTTPS-only headers and cookies, return addresses and the public URL (ADR 015).</summary>
public sealed partial class SecurityHeadersTests(ProxiedAppFixture fixture) : IClassFixture<ProxiedAppFixture>
{
    private readonly TestApp app = fixture.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex AntiforgeryToken();

    [Theory]
    [InlineData("/")]
    [InlineData("/organizations")]
    [InlineData("/api/v1/organizations")]
    [InlineData("/css/site.css")]
    [InlineData("/js/site.js")]
    [InlineData("/no-such-page")]
    [InlineData("/api/v1/no-such-thing")]
    [InlineData("/error/500")]
    [InlineData("/account/login")]
    [InlineData("/api/docs")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var response = await app.Client.GetAsync(path, Ct);

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'self'", csp);
        if (path != "/api/docs") Assert.DoesNotContain("unsafe-inline'; style-src 'self'", csp.Replace("script-src 'self';", "", StringComparison.Ordinal));
        if (path != "/api/docs") Assert.DoesNotContain("'unsafe-inline'", csp.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP");
    }

    [Fact]
    public async Task Over_https_said_by_a_known_proxy_HSTS_is_sent_and_cookies_are_secure()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(app.BaseUrl) };
        using var plain = await client.GetAsync("/account/login", Ct);
        Assert.DoesNotContain(plain.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var proxied = await client.SendAsync(request, Ct);

        Assert.StartsWith("max-age=", proxied.Headers.GetValues("Strict-Transport-Security").Single());
        var cookies = proxied.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Absolute_links_use_the_public_url_not_the_host_header()
    {
        var slug = "uliege";
        var id = await app.IdOfAsync(slug);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/organizations/{id}");
        request.Headers.Host = "evil.example";
        using var response = await app.Client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Contains($"\"{ProxiedAppFixture.PublicUrl}/organizations/{id}\"", html);
        Assert.DoesNotContain("evil.example", html);

        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/v1/platforms");
        api.Headers.Host = "evil.example";
        var platforms = await (await app.Client.SendAsync(api, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains(ProxiedAppFixture.PublicUrl + "/platforms/", platforms);
        Assert.DoesNotContain("evil.example", platforms);
    }

    public static TheoryData<string> ForeignAddresses => ["https://evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "http:/\\evil.example", " /x", "%%%garbage\u0007", ""];

    [Theory]
    [MemberData(nameof(ForeignAddresses))]
    public async Task The_language_switch_returns_only_to_a_local_page(string returnUrl)
    {
        var (client, token) = await BrowserLikeAsync("/");
        using var response = await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["culture"] = "en",
            ["returnUrl"] = returnUrl,
        }), Ct);

        AssertWentHome(returnUrl, response);
    }

    /// <summary>A control character is refused before anything (the error page, 400); any other foreign address goes home.</summary>
    private static void AssertWentHome(string returnUrl, HttpResponseMessage response)
    {
        if (InputGuard.HasControlCharacter(returnUrl))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task The_language_switch_returns_to_the_local_page()
    {
        var (client, token) = await BrowserLikeAsync("/");
        using var response = await client.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["culture"] = "en",
            ["returnUrl"] = "/organizations?q=li%C3%A8ge",
        }), Ct);

        Assert.Equal("/organizations?q=li%C3%A8ge", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [MemberData(nameof(ForeignAddresses))]
    public async Task Sign_in_returns_only_to_a_local_page(string returnUrl)
    {
        var (email, password) = await app.CreateUserAsync(Roles.ClusterStaff);
        var (client, token) = await BrowserLikeAsync("/account/login");
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
        }), Ct);

        AssertWentHome(returnUrl, response);
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/calls/3?tab=a", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("evil", false)]
    [InlineData(null, false)]
    public void Return_addresses_follow_the_local_url_rule(string? url, bool local) => Assert.Equal(local, ReturnAddress.IsLocal(url));

    private async Task<(HttpClient Client, string Token)> BrowserLikeAsync(string path)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var html = await client.GetStringAsync(path, Ct);
        return (client, AntiforgeryToken().Match(html).Groups[1].Value);
    }
}
