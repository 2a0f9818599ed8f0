using System.Net;
using System.Text.RegularExpressions;

namespace Biotope.Tests.Infrastructure;

/// <summary>A browser-like HTTP client for pages: cookies, a language, and sign-in through the sign-in form.</summary>
public static partial class PageClient
{
    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex AntiforgeryToken();

    /// <summary>A client in <paramref name="culture"/> (the language cookie), signed in as <paramref name="email"/> unless it is null.</summary>
    public static async Task<HttpClient> PageClientAsync(this TestApp app, string? email, string password, string culture = "fr")
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(app.BaseUrl) };
        cookies.Add(new Uri(app.BaseUrl), new Cookie(".AspNetCore.Culture", Uri.EscapeDataString($"c={culture}|uic={culture}")));
        if (email is null) return client;
        var form = await client.GetStringAsync("/account/login", TestContext.Current.CancellationToken);
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = "/",
        }), TestContext.Current.CancellationToken);
        Assert.True(cookies.GetCookies(new Uri(app.BaseUrl))["biotope.auth"] is not null, $"{email} could not sign in");
        return client;
    }
}
