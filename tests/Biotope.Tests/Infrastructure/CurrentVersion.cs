using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Biotope.Tests.Infrastructure;

/// <summary>
/// Writes that name the version they change (ADR 024): the helpers read the ETag of the resource a write belongs to, as
/// the same caller sees it, and send it as If-Match. A caller who cannot read the resource sends none: the answer is then
/// about its rights (401, 403, 404), which come before the version.
/// </summary>
public static class CurrentVersion
{
    /// <summary>The resource a write changes: /api/v1/proposals/5/partners/3/budget → /api/v1/proposals/5; training sessions and modules keep their kind.</summary>
    public static string OwnerOf(string url)
    {
        var path = url.Split('?')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // api, v1, collection, id [, ...]; /api/v1/training/sessions/7/... has one more.
        var length = segments.Length > 2 && segments[2] == "training" ? 5 : 4;
        return "/" + string.Join('/', segments.Take(Math.Min(length, segments.Length)));
    }

    /// <summary>The ETag of <paramref name="url"/> as this client reads it, or null when it cannot read it.</summary>
    public static async Task<string?> ETagAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        return response.IsSuccessStatusCode ? response.Headers.ETag?.ToString() : null;
    }

    /// <summary>A JSON write with the If-Match of the resource it belongs to (read first); asserts the status.</summary>
    public static async Task<JsonElement> SendCurrentAsync(this HttpClient client, HttpMethod method, string url, object? body, HttpStatusCode expected, string? language = null, string? owner = null)
    {
        var etag = await client.ETagAsync(owner ?? OwnerOf(url));
        using var request = new HttpRequestMessage(method, url);
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        if (body is not null) request.Content = JsonContent.Create(body, options: Biotope.Tests.Features.Calls.CallsKit.Json);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{method} {url} (If-Match {etag ?? "none"}): expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> PostCurrentAsync(this HttpClient client, string url, object? body, HttpStatusCode expected = HttpStatusCode.OK) =>
        client.SendCurrentAsync(HttpMethod.Post, url, body, expected);

    public static Task<JsonElement> PutCurrentAsync(this HttpClient client, string url, object? body, HttpStatusCode expected = HttpStatusCode.OK) =>
        client.SendCurrentAsync(HttpMethod.Put, url, body, expected);

    public static Task<JsonElement> DeleteCurrentAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.NoContent) =>
        client.SendCurrentAsync(HttpMethod.Delete, url, null, expected);

    /// <summary>A write answered in <paramref name="language"/>, with the current If-Match.</summary>
    public static Task<JsonElement> PostCurrentInAsync(this HttpClient client, string language, string url, object? body, HttpStatusCode expected = HttpStatusCode.OK) =>
        client.SendCurrentAsync(HttpMethod.Post, url, body, expected, language);

    /// <summary>As <see cref="HttpClient"/>'s own methods, with the If-Match of the resource the write belongs to: the answer is the caller's to check.</summary>
    public static async Task<HttpResponseMessage> SendWithVersionAsync(this HttpClient client, HttpMethod method, string url, object? body, CancellationToken ct)
    {
        var etag = await client.ETagAsync(OwnerOf(url));
        using var request = new HttpRequestMessage(method, url);
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await client.SendAsync(request, ct);
    }

    public static Task<HttpResponseMessage> PostAsJsonWithVersionAsync(this HttpClient client, string url, object body, CancellationToken ct) =>
        client.SendWithVersionAsync(HttpMethod.Post, url, body, ct);

    public static Task<HttpResponseMessage> PutAsJsonWithVersionAsync(this HttpClient client, string url, object body, CancellationToken ct) =>
        client.SendWithVersionAsync(HttpMethod.Put, url, body, ct);

    public static Task<HttpResponseMessage> DeleteWithVersionAsync(this HttpClient client, string url, CancellationToken ct) =>
        client.SendWithVersionAsync(HttpMethod.Delete, url, null, ct);

    /// <summary>
    /// The write sent without If-Match, with a stale one and with the current one: 428, 412 (the version unchanged), then
    /// <paramref name="success"/> and a new version of <paramref name="owner"/> (by default the resource the URL belongs to).
    /// </summary>
    public static async Task<JsonElement> AssertVersionRequiredAsync(this HttpClient client, HttpMethod method, string url, object? body, HttpStatusCode success = HttpStatusCode.OK, string? owner = null)
    {
        owner ??= OwnerOf(url);
        var etag = await client.ETagAsync(owner);
        Assert.NotNull(etag);
        var version = int.Parse(etag!.Trim('W', '/', '"'), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (ifMatch, status) in new[] { ((string?)null, HttpStatusCode.PreconditionRequired), ($"\"{version - 1}\"", HttpStatusCode.PreconditionFailed) })
        {
            using var request = new HttpRequestMessage(method, url);
            if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            if (body is not null) request.Content = JsonContent.Create(body, options: Biotope.Tests.Features.Calls.CallsKit.Json);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == status, $"{method} {url} with If-Match {ifMatch ?? "none"}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
            var code = JsonDocument.Parse(text).RootElement.GetProperty("code").GetString()!;
            Assert.True(status == HttpStatusCode.PreconditionRequired ? code.EndsWith("version-required", StringComparison.Ordinal) : code.Contains("changed", StringComparison.Ordinal), code);
        }
        Assert.Equal(etag, await client.ETagAsync(owner));
        var done = await client.SendCurrentAsync(method, url, body, success, owner: owner);
        Assert.NotEqual(etag, await client.ETagAsync(owner));
        return done;
    }
}
