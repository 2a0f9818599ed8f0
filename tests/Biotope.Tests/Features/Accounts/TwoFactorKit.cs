using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Biotope.Tests.Features.Calls.Staff;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Accounts;

/// <summary>
/// The authenticator app of the tests: RFC 6238 codes (HMAC-SHA1, 30-second steps, six digits) from the key the
/// two-factor page shows, and enrolment through the real pages (ADR 021).
/// </summary>
internal static partial class TwoFactorKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The code an authenticator app shows for <paramref name="sharedKey"/> (base32, spaces and case ignored).</summary>
    public static string Code(string sharedKey, DateTimeOffset? at = null)
    {
        var key = Base32(sharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0F;
        var number = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (number % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A code that is surely wrong now (not the current one, nor the ones a step before or after).</summary>
    public static string WrongCode(string sharedKey)
    {
        var near = new[] { -60, -30, 0, 30, 60 }.Select(s => Code(sharedKey, DateTimeOffset.UtcNow.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(c => !near.Contains(c));
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }

    [GeneratedRegex("""<code id="shared-key">([^<]+)</code>""")]
    public static partial Regex SharedKey();

    [GeneratedRegex("""<li><code>([^<]+)</code></li>""")]
    public static partial Regex RecoveryCode();

    /// <summary>Signs in through the sign-in form, turns two-factor sign-in on through /account/two-factor and answers the key and the recovery codes.</summary>
    public static async Task<(HttpClient Browser, string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(this TestApp app, string email, string password, string language = "en")
    {
        var browser = StaffPagesKit.Anonymous(app, language);
        var login = await browser.GetPageAsync("/account/login");
        var signedIn = await browser.PostFormAsync("/account/login", login.Html, [("Email", email), ("Password", password)]);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var (status, page) = await browser.GetPageAsync("/account/two-factor");
        Assert.Equal(HttpStatusCode.OK, status);
        var key = SharedKey().Match(page).Groups[1].Value;
        Assert.Contains("data:image/svg+xml;base64,", page);
        var enabled = await browser.PostFormAsync("/account/two-factor?handler=Enable", page, [("CurrentPassword", password), ("Code", Code(key))]);
        var html = await StaffPagesKit.ReadAsync(enabled);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var codes = RecoveryCode().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);
        return (browser, key, codes);
    }

    public static async Task<HttpResponseMessage> TokenAsync(this TestApp app, string email, string password, string? twoFactorCode = null) =>
        await app.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password, twoFactorCode }, Ct);

    public static async Task<string?> ProblemCodeAsync(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["code"];

    public static async Task<string> AccessTokenAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["accessToken"]!;
    }
}
