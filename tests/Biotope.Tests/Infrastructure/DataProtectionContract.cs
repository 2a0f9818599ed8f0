using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Infrastructure;

/// <summary>
/// Data-protection keys live in the database (ADR 024): a sign-in cookie, a form's antiforgery token and a bearer token
/// issued by one server work on a second server on the same database, and after the first one stops.
/// </summary>
public abstract partial class DataProtectionContract
{
    protected abstract Task<TestApp> StartAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex AntiforgeryToken();

    [Fact]
    public async Task Cookies_forms_and_bearer_tokens_of_one_server_work_on_another_and_after_a_restart()
    {
        await using var first = await StartAsync();
        var (email, password) = await first.CreateUserAsync(Roles.ClusterStaff);

        // Issued by the first server: a bearer token, a sign-in cookie, and a sign-in form's antiforgery token (not yet used).
        var token = await TokenAsync(first, email, password);
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        await SignInAsync(browser, first.BaseUrl, first.BaseUrl, email, password);
        using var other = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var form = await other.GetStringAsync(first.BaseUrl + "/account/login", Ct);

        await using (var second = await first.StartAnotherAsync())
        {
            await AssertAcceptedAsync(second, token, browser);
            // The form read from the first server is posted to the second: its antiforgery token and cookie are accepted.
            await PostSignInAsync(other, second.BaseUrl, form, email, password);
            Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(second.BaseUrl + "/notifications", Ct)).StatusCode);
            await AssertKeysAreInTheDatabaseAsync(second);
        }

        await first.StopAsync();
        await using var restarted = await first.StartAnotherAsync();
        await AssertAcceptedAsync(restarted, token, browser);
    }

    private static async Task AssertAcceptedAsync(TestApp app, string token, HttpClient browser)
    {
        Assert.Equal(HttpStatusCode.OK, (await app.NewClient(token).GetAsync("/api/v1/me/tokens", Ct)).StatusCode);
        var page = await browser.GetAsync(app.BaseUrl + "/notifications", Ct);
        Assert.True(page.StatusCode == HttpStatusCode.OK, $"the sign-in cookie was refused: {(int)page.StatusCode} {page.Headers.Location}");
    }

    /// <summary>The ring the server uses is the one stored in its database (not a folder the two servers happen to share).</summary>
    private static async Task AssertKeysAreInTheDatabaseAsync(TestApp app)
    {
        var used = app.Services.GetRequiredService<IKeyManager>().GetAllKeys().Select(k => k.KeyId.ToString()).ToHashSet();
        var stored = await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.FriendlyName!).ToListAsync(Ct));
        Assert.NotEmpty(used);
        Assert.Subset(stored.Select(n => n.Replace("key-", "", StringComparison.Ordinal)).ToHashSet(), used);
    }

    private static async Task<string> TokenAsync(TestApp app, string email, string password)
    {
        var response = await app.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<BearerTokenResponse>(Ct))!.AccessToken;
    }

    private sealed record BearerTokenResponse(string AccessToken);

    private static async Task SignInAsync(HttpClient client, string formFrom, string postTo, string email, string password) =>
        await PostSignInAsync(client, postTo, await client.GetStringAsync(formFrom + "/account/login", Ct), email, password);

    private static async Task PostSignInAsync(HttpClient client, string baseUrl, string form, string email, string password)
    {
        using var response = await client.PostAsync(baseUrl + "/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = "/",
        }), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in form refused: {(int)response.StatusCode}");
    }
}

public sealed class SqliteDataProtectionTests : DataProtectionContract
{
    protected override Task<TestApp> StartAsync() => TestApp.StartSqliteAsync(seedDemo: false);
}

public sealed class PostgresDataProtectionTests(PostgresServer server) : DataProtectionContract
{
    protected override Task<TestApp> StartAsync()
    {
        server.RequireOrSkip();
        return TestApp.StartPostgresAsync(server, seedDemo: false);
    }
}
