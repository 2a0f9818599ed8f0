using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Biotope.Features.Accounts;

namespace Biotope.Tests.Infrastructure;

/// <summary>One request the fuzzer sent that the server answered with a 5xx (or never answered).</summary>
public sealed record FuzzFailure(string Role, string Method, string Url, string Body, int Status, string Response)
{
    public override string ToString() =>
        $"{Method} {Url} as {Role} → {Status}\n  body: {Trim(Body, 600)}\n  response: {Trim(Response, 1500)}";

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max] + $"… ({text.Length} chars)";
}

public sealed record FuzzReport(int Operations, int Cases, IReadOnlyList<FuzzFailure> Failures);

/// <summary>
/// Schema-driven fuzzing of the API (ADR 016): for every operation of the served OpenAPI document, as every demo role
/// and anonymously, requests with a valid-looking body with one place made hostile, wrong types, missing, null and extra
/// fields, odd numbers and dates, real and unknown ids, malformed JSON. Any 5xx is a failure.
/// </summary>
public sealed class ApiFuzzer(TestApp app, int seed, int casesPerOperation)
{
    public static readonly (string Role, string? Email)[] Roles =
    [
        ("anonymous", null),
        ("member", DemoAccounts.ResearcherEmail),
        ("member admin", DemoAccounts.MemberAdminEmail),
        ("expert", DemoAccounts.ExpertEmail),
        ("platform manager", DemoAccounts.ManagerEmail),
        ("trainer", DemoAccounts.TrainerEmail),
        ("staff", DemoAccounts.StaffEmail),
        ("administrator", DemoAccounts.AdminEmail),
    ];

    private static readonly string[] UnknownIds = ["0", "-1", "2147483647", "999999", "2147483648", "abc"];
    private Random random = new(0);
    private readonly Dictionary<string, List<int>> ids = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The fuzz settings: FUZZ_SEED and FUZZ_CASES (cases per operation) from the environment, or the suite's.</summary>
    public static (int Seed, int Cases) Settings() =>
        (int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : 20261207,
         int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), out var c) && c > 0 ? c : 200);

    public async Task<FuzzReport> RunAsync(CancellationToken ct)
    {
        random = new Random(seed);
        var document = JsonNode.Parse(await app.Client.GetStringAsync("/openapi/v1.json", ct))!;
        var clients = new List<(string Role, HttpClient Client)>();
        foreach (var (role, email) in Roles) clients.Add((role, email is null ? app.NewClient() : app.NewClient(await TokenAsync(email, ct))));
        var operations = OpenApiOperations.Read(document).OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal).ToList();
        await CollectIdsAsync(clients[^1].Client, operations, ct);
        var failures = new List<FuzzFailure>();
        var cases = 0;
        foreach (var (operation, index) in operations.Select((o, i) => (o, i)))
        {
            // One random per operation: a shorter run's cases are the first ones of a longer run with the same seed.
            random = new Random(unchecked(seed + 7919 * index));
            var sampler = new SchemaSampler(document, random, RealId);
            for (var i = 0; i < casesPerOperation; i++)
            {
                var (role, client) = clients[i % clients.Count];
                var request = Build(operation, sampler, i);
                cases++;
                var failure = await SendAsync(client, role, request, ct);
                if (failure is not null) failures.Add(failure);
            }
        }
        foreach (var (_, client) in clients) client.Dispose();
        return new FuzzReport(operations.Count, cases, failures);
    }

    private async Task<string> TokenAsync(string email, CancellationToken ct)
    {
        var response = await app.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = TestApp.DemoPassword }, ct);
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["accessToken"]!;
    }

    /// <summary>Ids of real rows, from every list the administrator can read: keyed by the list's last path segment.</summary>
    private async Task CollectIdsAsync(HttpClient admin, List<OpenApiOperation> operations, CancellationToken ct)
    {
        foreach (var operation in operations.Where(o => o.Method == "GET" && !o.Path.Contains('{') && !o.Path.Contains('.')))
            await CollectFromAsync(admin, operation.Path, Singular(operation.Path.TrimEnd('/').Split('/')[^1]), ct);
        await CollectNestedIdsAsync(admin, operations, ct);
    }

    private async Task CollectNestedIdsAsync(HttpClient admin, List<OpenApiOperation> operations, CancellationToken ct)
    {
        // Lists under a real parent (a call's proposals), once the top-level ids are known.
        foreach (var operation in operations.Where(o => o.Method == "GET" && o.Path.Contains('{') && !o.Path.EndsWith('}') && !o.Path.Contains('.')))
        {
            var segments = operation.Path.Split('/');
            string? parent = null;
            for (var i = 0; i < segments.Length; i++)
            {
                if (!segments[i].StartsWith('{')) { parent = Singular(segments[i]); continue; }
                var name = segments[i].Trim('{', '}');
                if (RealId(name == "id" ? parent ?? name : name) is not { } id) return;
                segments[i] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            await CollectFromAsync(admin, string.Join('/', segments), Singular(segments[^1]), ct);
        }
    }

    private async Task CollectFromAsync(HttpClient admin, string url, string key, CancellationToken ct)
    {
        using var response = await admin.GetAsync(url, ct);
        if (!response.IsSuccessStatusCode) return;
        JsonNode? body;
        try { body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)); }
        catch (System.Text.Json.JsonException) { return; }
        var list = body as JsonArray ?? body?["items"] as JsonArray;
        foreach (var item in list ?? [])
        {
            if (item?["id"] is JsonValue id && id.TryGetValue<int>(out var value)) Add(key, value);
        }
    }

    private void Add(string key, int id) => (ids.TryGetValue(key, out var list) ? list : ids[key] = []).Add(id);

    private static string Singular(string segment) => segment.EndsWith('s') ? segment[..^1] : segment;

    /// <summary>A real id for a parameter or field name ("callId", "organizationId", "id" after /calls/), if one is known.</summary>
    private int? RealId(string name)
    {
        var key = name.EndsWith("Id", StringComparison.Ordinal) ? name[..^2] : name;
        if (ids.TryGetValue(key, out var list) && list.Count > 0) return list[random.Next(list.Count)];
        var all = ids.Values.Where(l => l.Count > 0).ToList();
        return all.Count == 0 ? null : all[random.Next(all.Count)][0];
    }

    private sealed record FuzzRequest(string Method, string Url, string? Body, string ContentType);

    private FuzzRequest Build(OpenApiOperation operation, SchemaSampler sampler, int index)
    {
        // The first case is the valid-looking request with real ids; the others each spoil one thing.
        var kind = index == 0 ? 0 : random.Next(0, 10);
        var path = operation.Path;
        var query = new List<string>();
        string? lastResource = null;
        foreach (var segment in operation.Path.Split('/'))
        {
            if (!segment.StartsWith('{')) { lastResource = Singular(segment); continue; }
            var name = segment.Trim('{', '}');
            var real = RealId(name == "id" ? lastResource ?? name : name);
            var value = kind == 9 || real is null ? UnknownIds[random.Next(UnknownIds.Length)] : real.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            path = path.Replace(segment, Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        foreach (var parameter in operation.Node["parameters"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if ((string?)parameter["in"] != "query" || random.Next(3) == 0) continue;
            var name = (string)parameter["name"]!;
            var schema = parameter["schema"] as JsonObject;
            var value = kind == 8 && random.Next(2) == 0 ? sampler.Hostile(schema) : sampler.Valid(schema, name);
            if (value is null) continue;
            var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
            query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(text).Replace(EscapedLoneSurrogate, "%ED%A0%80", StringComparison.Ordinal)}");
        }
        var url = query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";

        var content = operation.Node["requestBody"]?["content"] as JsonObject;
        if (content is null) return new FuzzRequest(operation.Method, url, null, "");
        if (content["application/json"]?["schema"] is not JsonObject bodySchema)
            return new FuzzRequest(operation.Method, url, kind == 0 ? "" : "--x\r\n\r\nnot multipart", content.First().Key);

        var body = sampler.Valid(bodySchema);
        string json;
        switch (kind)
        {
            case 1: json = Spoil(body, sampler, bodySchema, SpoilKind.Hostile); break;
            case 2: json = Spoil(body, sampler, bodySchema, SpoilKind.WrongType); break;
            case 3: json = Spoil(body, sampler, bodySchema, SpoilKind.Missing); break;
            case 4: json = Spoil(body, sampler, bodySchema, SpoilKind.Null); break;
            case 5: json = Spoil(body, sampler, bodySchema, SpoilKind.Extra); break;
            case 6: json = Malformed(body?.ToJsonString() ?? "{}"); break;
            case 7: json = Spoil(body, sampler, bodySchema, SpoilKind.Hostile); break;
            default: json = body?.ToJsonString() ?? "null"; break;
        }
        return new FuzzRequest(operation.Method, url, json.Replace(SchemaSampler.LoneSurrogate, "\\ud800", StringComparison.Ordinal), "application/json");
    }

    /// <summary>A lone surrogate cannot be written by the JSON writer: it travels as its JSON escape (body) or invalid UTF-8 (query).</summary>
    private static readonly string EscapedLoneSurrogate = Uri.EscapeDataString(SchemaSampler.LoneSurrogate);

    private enum SpoilKind { Hostile, WrongType, Missing, Null, Extra }

    /// <summary>Changes one place of the body, chosen among every object member and array item, at any depth.</summary>
    private string Spoil(JsonNode? body, SchemaSampler sampler, JsonObject schema, SpoilKind spoil)
    {
        if (body is null) return spoil == SpoilKind.WrongType ? "\"text\"" : "{}";
        var places = new List<(JsonNode Parent, string? Member, int Item, JsonObject? Schema)>();
        Collect(body, sampler.Resolve(schema), sampler, places, 0);
        if (places.Count == 0)
            return spoil == SpoilKind.WrongType ? sampler.WrongType(schema)?.ToJsonString() ?? "null" : body.ToJsonString();
        var (parent, member, item, placeSchema) = places[random.Next(places.Count)];
        JsonNode? value = spoil switch
        {
            SpoilKind.Hostile => sampler.Hostile(placeSchema),
            SpoilKind.WrongType => sampler.WrongType(placeSchema),
            SpoilKind.Extra => new JsonObject { ["unexpected"] = "extra", ["id"] = 1, ["__proto__"] = new JsonObject() },
            _ => null,
        };
        if (parent is JsonObject o && member is not null)
        {
            if (spoil == SpoilKind.Missing) o.Remove(member);
            else if (spoil == SpoilKind.Extra) o["fuzzExtra" + random.Next(100)] = value;
            else o[member] = value;
        }
        else if (parent is JsonArray a)
        {
            if (spoil == SpoilKind.Missing) a.RemoveAt(item);
            else if (spoil == SpoilKind.Extra) a.Add(value);
            else a[item] = value;
        }
        return body.ToJsonString();
    }

    private static void Collect(JsonNode node, JsonObject? schema, SchemaSampler sampler, List<(JsonNode, string?, int, JsonObject?)> places, int depth)
    {
        if (depth > 6) return;
        if (node is JsonObject o)
        {
            foreach (var (name, child) in o.ToList())
            {
                var childSchema = schema?["properties"]?[name] is JsonObject s ? sampler.Resolve(s) : null;
                places.Add((o, name, -1, childSchema));
                if (child is not null) Collect(child, childSchema, sampler, places, depth + 1);
            }
        }
        else if (node is JsonArray a)
        {
            var itemSchema = schema?["items"] is JsonObject s ? sampler.Resolve(s) : null;
            for (var i = 0; i < a.Count; i++)
            {
                places.Add((a, null, i, itemSchema));
                if (a[i] is { } child) Collect(child, itemSchema, sampler, places, depth + 1);
            }
        }
    }

    private string Malformed(string json)
    {
        string[] broken =
        [
            json.Length > 1 ? json[..(json.Length / 2)] : "{",
            json + "}", "{\"a\":", "[1,2", "{'single': 'quotes'}", "{\"a\":1,}", "\uFEFF" + json, "nul", "{\"a\":\"\\uZZZZ\"}",
            new string('[', 5000) + new string(']', 5000), "{\"a\":1e999999}", "",
        ];
        return broken[random.Next(broken.Length)];
    }

    private static async Task<FuzzFailure?> SendAsync(HttpClient client, string role, FuzzRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (request.Body is not null) message.Content = new StringContent(request.Body, Encoding.UTF8, request.ContentType);
        try
        {
            using var response = await client.SendAsync(message, ct);
            var status = (int)response.StatusCode;
            if (status < 500) return null;
            return new FuzzFailure(role, request.Method, request.Url, request.Body ?? "", status, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException ex)
        {
            return new FuzzFailure(role, request.Method, request.Url, request.Body ?? "", 0, ex.ToString());
        }
    }
}
