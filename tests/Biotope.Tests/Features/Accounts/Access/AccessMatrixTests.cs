using System.Text;
using System.Text.Json.Nodes;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Accounts.Access;

/// <summary>
/// The endpoint × role matrix (issue 11 §2): every operation of the OpenAPI document and every page route, called as each
/// of the nine roles with real ids, compared with what <see cref="AccessMatrix"/> declares; the result is docs/access.md.
/// Fails when an operation or page has no row, when a row names nothing that exists, when an answer differs from the
/// declared one, or when docs/access.md differs from the committed file (it is rewritten, so git shows the change).
/// </summary>
public sealed class AccessMatrixTests(AccessWorld world) : IClassFixture<AccessWorld>
{
    private const string MatrixFile = "tests/Biotope.Tests/Features/Accounts/Access/AccessMatrix.cs";

    private sealed record Target(string Key, string Group, JsonObject? Operation);

    private sealed record Answer(int Status, string? Location)
    {
        /// <summary>The start of the answer's body, quoted in a mismatch.</summary>
        public string Text { get; init; } = "";

        public bool IsRedirectTo(string path) => Status is >= 300 and < 400 && Location is not null && Location.StartsWith(path, StringComparison.OrdinalIgnoreCase);
        public bool SignIn => Status == 401 || IsRedirectTo("/account/login");
        public bool Denied => Status == 403 || IsRedirectTo("/account/denied");

        public override string ToString() =>
            SignIn && Status != 401 ? "401→sign-in" : Denied && Status != 403 ? "403→denied"
            : Status is >= 300 and < 400 && Location is not null ? $"{Status}→{Location.Split('?')[0]}" : Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Every_operation_and_page_answers_every_role_as_declared()
    {
        var targets = Targets();
        var rows = AccessMatrix.Rows.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var target in targets.Values.Where(t => !rows.ContainsKey(t.Key)))
            problems.Add($"{target.Key} has no row in the access matrix; add it to {MatrixFile}.");
        foreach (var row in AccessMatrix.Rows.Where(r => !targets.ContainsKey(r.Key)))
            problems.Add($"{row.Key} is in the access matrix ({MatrixFile}) but the app has no such operation or page.");
        Assert.True(AccessMatrix.Rows.Length == rows.Count, "A key appears twice in the access matrix.");

        var cells = new Dictionary<(string Key, Role Role), string>();
        var mismatches = new List<string>();
        foreach (var row in AccessMatrix.Rows.Where(r => targets.ContainsKey(r.Key)).OrderBy(r => r.Order))
        {
            // The refused first: an allowed write (a deletion, a withdrawal) must not change what a refusal is about.
            // Once an allowed deletion succeeded, the thing is gone: a later allowed caller's 404 is the right answer.
            var gone = false;
            foreach (var role in Enum.GetValues<Role>().OrderBy(r => row.Rule.For(r) == Expect.Allowed))
            {
                var expected = row.Rule.For(role);
                var answer = await SendAsync(row, targets[row.Key], role);
                var matches = Matches(expected, answer, row.Rule) || (gone && expected == Expect.Allowed && answer.Status == 404);
                gone |= row.Method == "DELETE" && expected == Expect.Allowed && answer.Status is >= 200 and < 300;
                cells[(row.Key, role)] = matches ? answer.ToString() : $"✗ {answer} (expected {Describe(expected, row)})";
                if (!matches) mismatches.Add($"{row.Key} as {role}: got {answer}, expected {Describe(expected, row)} (rule: {row.Rule.Name}) {answer.Text}");
            }
        }
        problems.AddRange(mismatches);

        var markdown = Markdown(targets, rows, cells);
        var path = Path.Combine(RepositoryRoot(), "docs", "access.md");
        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken) : null;
        if (committed != markdown)
        {
            await File.WriteAllTextAsync(path, markdown, TestContext.Current.CancellationToken);
            problems.Add("docs/access.md changed (rewritten now): review the difference with git diff and commit it.");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} access matrix problems:\n" + string.Join("\n", problems));
    }

    /// <summary>Every operation of the served OpenAPI document and every Razor page route, keyed as the matrix's rows are.</summary>
    private Dictionary<string, Target> Targets()
    {
        var targets = new Dictionary<string, Target>(StringComparer.Ordinal);
        foreach (var operation in OpenApiOperations.Read(world.OpenApi))
        {
            var key = $"{operation.Method} {operation.Path}";
            targets[key] = new Target(key, (string?)operation.Node["tags"]?[0] ?? "Other", operation.Node);
        }
        foreach (var endpoint in world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page) continue;
            var key = "PAGE /" + endpoint.RoutePattern.RawText;
            targets[key] = new Target(key, "Pages: " + page.ViewEnginePath.Split('/', StringSplitOptions.RemoveEmptyEntries)[0], null);
        }
        return targets;
    }

    private async Task<Answer> SendAsync(AccessRow row, Target target, Role role)
    {
        var url = world.Fill(row.Path, row.Id);
        using var request = new HttpRequestMessage(row.IsPage ? HttpMethod.Get : new HttpMethod(row.Method), url);
        if (target.Operation is { } operation)
        {
            var sampler = new SchemaSampler(world.OpenApi, new Random(StableHash(row.Key)), world.RealId);
            var query = new List<string>();
            foreach (var parameter in operation["parameters"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                if ((string?)parameter["in"] != "query" || parameter["required"]?.GetValue<bool>() != true) continue;
                var value = sampler.Valid(parameter["schema"] as JsonObject, (string)parameter["name"]!);
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
                query.Add($"{Uri.EscapeDataString((string)parameter["name"]!)}={Uri.EscapeDataString(text)}");
            }
            if (query.Count > 0) request.RequestUri = new Uri(url + "?" + string.Join('&', query), UriKind.Relative);
            var content = operation["requestBody"]?["content"] as JsonObject;
            if (row.Body is not null)
                request.Content = new StringContent(row.Body is string json ? world.FillBody(json) : System.Text.Json.JsonSerializer.Serialize(row.Body, CallsKit.Json), Encoding.UTF8, "application/json");
            else if (content?["application/json"]?["schema"] is JsonObject schema)
                request.Content = new StringContent(sampler.Valid(schema)?.ToJsonString() ?? "{}", Encoding.UTF8, "application/json");
            else if (content is not null)
                request.Content = new MultipartFormDataContent { { new ByteArrayContent(CallsKit.TinyPdf), "file", "matrix.pdf" } };
        }
        var client = row.IsPage ? world.Pages[role] : world.Api[role];
        // A write without a 'version' field names the version its caller reads, as a client does (ADR 024): the answer is about
        // rights and rules, not a missing If-Match. (A sampled 'version' stays the one that is checked.)
        var sent = request.Content is null ? "" : await request.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!row.IsPage && row.Method != "GET" && !sent.Contains("\"version\"", StringComparison.Ordinal)
            && await client.ETagAsync(CurrentVersion.OwnerOf(url)) is { } etag)
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : null;
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        // The access-denied page answers 403 itself: there, a 403 is the page shown.
        var status = row.Path == "/account/denied" && (int)response.StatusCode == 403 ? 200 : (int)response.StatusCode;
        return new Answer(status, location) { Text = row.IsPage ? "" : body.Length > 300 ? body[..300] : body };
    }

    /// <summary>
    /// Allowed: anything but a refusal and a server error (for a write, reaching validation or a business rule is being
    /// allowed; a 404 counts as a refusal where the rule hides). Refused: 401 or the sign-in redirect for a visitor, 403 or
    /// the access-denied page for the signed-in, exactly 404 where the rule hides the resource.
    /// </summary>
    private static bool Matches(Expect expected, Answer answer, AccessRule rule) => expected switch
    {
        Expect.Allowed => !answer.SignIn && !answer.Denied && answer.Status < 500 && !(answer.Status == 404 && rule.Refusal == Expect.NotFound),
        Expect.SignIn => answer.SignIn,
        Expect.Forbidden => answer.Denied,
        Expect.NotFound => answer.Status == 404,
        _ => false,
    };

    private static string Describe(Expect expected, AccessRow row) => expected switch
    {
        Expect.Allowed => "allowed",
        Expect.SignIn => row.IsPage ? "401→sign-in" : "401",
        Expect.Forbidden => row.IsPage ? "403→denied" : "403",
        _ => "404",
    };

    private static string Markdown(Dictionary<string, Target> targets, Dictionary<string, AccessRow> rows, Dictionary<(string, Role), string> cells)
    {
        var roles = Enum.GetValues<Role>();
        var text = new StringBuilder()
            .AppendLine("# Access matrix")
            .AppendLine()
            .AppendLine($"Generated by `{MatrixFile.Replace("AccessMatrix.cs", "AccessMatrixTests.cs", StringComparison.Ordinal)}` from the rules in `{MatrixFile}`; do not edit by hand.")
            .AppendLine("Every operation of the OpenAPI document and every page, called by one person per role on the demo data with real ids")
            .AppendLine("(see `AccessWorld.cs`: the member is the UMons researcher, the member admin IBA's, coordinator of the demo proposals;")
            .AppendLine("the invited partner is ULiège's member admin, invited to the draft NEUROPET and not yet accepted; the expert, manager and trainer are the demo ones).")
            .AppendLine()
            .AppendLine("Legend: a number is the status answered to an allowed request (a write may stop at validation or a business rule, e.g. 400 or 409: it was let through);")
            .AppendLine("**401** / **401→sign-in**: refused, sign in first (API / page); **403** / **403→denied**: refused to this role; **404** (bold): refused without saying the resource exists;")
            .AppendLine("`302→/x`: a page that sends elsewhere. The Rule column says who is allowed.")
            .AppendLine();
        foreach (var group in targets.Values.Where(t => rows.ContainsKey(t.Key)).GroupBy(t => t.Group).OrderBy(g => g.Key.StartsWith("Pages", StringComparison.Ordinal)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"## {group.Key}").AppendLine();
            text.AppendLine("| " + (group.Key.StartsWith("Pages", StringComparison.Ordinal) ? "Page" : "Operation") + " | Rule | " + string.Join(" | ", roles.Select(r => AccessWorld.People[r].Title)) + " |");
            text.AppendLine("|---|---|" + string.Concat(roles.Select(_ => "---|")));
            foreach (var target in group.OrderBy(t => rows[t.Key].Path, StringComparer.Ordinal).ThenBy(t => t.Key, StringComparer.Ordinal))
            {
                var row = rows[target.Key];
                var name = row.IsPage ? row.Path : row.Key;
                text.Append($"| `{name}` | {row.Rule.Name}{(row.Rule.Overrides is { Count: > 0 } ? " (with exceptions)" : "")} |");
                foreach (var role in roles)
                {
                    var cell = cells[(target.Key, role)];
                    text.Append(' ').Append(cell.StartsWith("401", StringComparison.Ordinal) || cell.StartsWith("403", StringComparison.Ordinal) || (cell == "404" && row.Rule.For(role) == Expect.NotFound) ? $"**{cell}**" : cell).Append(" |");
                }
                text.AppendLine();
            }
            text.AppendLine();
        }
        return text.ToString();
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            var hash = (int)2166136261;
            foreach (var c in text) hash = (hash ^ c) * 16777619;
            return hash;
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Biotope.slnx"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (Biotope.slnx) is not above " + AppContext.BaseDirectory);
    }
}
