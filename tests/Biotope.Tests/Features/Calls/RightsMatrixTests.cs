using System.Net;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Calls;

/// <summary>
/// Every endpoint of the calls and portfolio capabilities, for every role that is not entitled to it: 401 when
/// anonymous, 403 or 404 otherwise, and always 404 on a confidential proposal, so its existence never leaks.
/// A test also checks the matrix lists every such endpoint of the OpenAPI document.
/// </summary>
public sealed class RightsMatrixTests(RightsMatrixTests.World world) : IClassFixture<RightsMatrixTests.World>
{
    private enum Access
    {
        /// <summary>Anyone, signed in or not.</summary>
        Public,
        /// <summary>Cluster staff only: outsiders get 403 (or 404 for a profile that is not theirs).</summary>
        Staff,
        /// <summary>A confidential proposal: outsiders get exactly 404.</summary>
        Confidential,
        /// <summary>A member of an organization (starting a proposal); others 403.</summary>
        Member,
        /// <summary>The signed-in expert's own data; a non-expert gets 404.</summary>
        ExpertSelf,
        /// <summary>Portfolio writes: staff or the coordinator's organization; others 403.</summary>
        PortfolioWrite,
        /// <summary>Progress reports: staff and the project's partners; others 403 or 404.</summary>
        PortfolioConfidential,
        /// <summary>Any signed-in user, about their own data.</summary>
        SignedIn,
    }

    private sealed record Endpoint(string Method, string Template, Access Access, object? Body = null);

    private static readonly Endpoint[] Matrix =
    [
        new("GET", "/api/v1/calls", Access.Public),
        new("GET", "/api/v1/calls/{call}", Access.Public),
        new("POST", "/api/v1/calls", Access.Staff, new { }),
        new("PUT", "/api/v1/calls/{call}", Access.Staff, new { }),
        new("GET", "/api/v1/calls/{call}/proposals", Access.SignedIn),
        new("POST", "/api/v1/calls/{call}/proposals", Access.Member, new { acronym = "X" }),
        new("GET", "/api/v1/calls/{call}/conflicts", Access.Staff),
        new("GET", "/api/v1/calls/{call}/assignment", Access.Staff),
        new("POST", "/api/v1/calls/{call}/assignment", Access.Staff),
        new("PUT", "/api/v1/calls/{call}/assignment/overrides", Access.Staff, new { proposalId = 1, expertId = 1, kind = "Pin" }),
        new("DELETE", "/api/v1/calls/{call}/assignment/overrides/{proposal}/1", Access.Staff),
        new("GET", "/api/v1/calls/{call}/ranking", Access.Staff),
        new("GET", "/api/v1/proposals/{proposal}", Access.Confidential),
        new("PUT", "/api/v1/proposals/{proposal}", Access.Confidential, new { acronym = "X", version = 1 }),
        new("GET", "/api/v1/proposals/{proposal}/eligibility", Access.Confidential),
        new("GET", "/api/v1/proposals/{proposal}/budget", Access.Confidential),
        new("POST", "/api/v1/proposals/{proposal}/partners", Access.Confidential, new { organizationId = 1 }),
        new("DELETE", "/api/v1/proposals/{proposal}/partners/{partner}", Access.Confidential),
        new("POST", "/api/v1/proposals/{proposal}/partners/{partner}/accept", Access.Confidential),
        new("POST", "/api/v1/proposals/{proposal}/partners/{partner}/decline", Access.Confidential),
        new("PUT", "/api/v1/proposals/{proposal}/partners/{partner}/budget", Access.Confidential, CallsKit.BudgetBody(1m)),
        new("POST", "/api/v1/proposals/{proposal}/submit", Access.Confidential),
        new("POST", "/api/v1/proposals/{proposal}/withdraw", Access.Confidential),
        new("POST", "/api/v1/proposals/{proposal}/reopen", Access.Confidential),
        new("POST", "/api/v1/proposals/{proposal}/intent-decision", Access.Confidential, new { invite = true }),
        new("GET", "/api/v1/proposals/{proposal}/attachments", Access.Confidential),
        new("POST", "/api/v1/proposals/{proposal}/attachments", Access.Confidential, "pdf"),
        new("GET", "/api/v1/proposals/{proposal}/attachments/{attachment}", Access.Confidential),
        new("DELETE", "/api/v1/proposals/{proposal}/attachments/{attachment}", Access.Confidential),
        new("GET", "/api/v1/proposals/{proposal}/review", Access.Confidential),
        new("PUT", "/api/v1/proposals/{proposal}/review", Access.Confidential, new { scores = Array.Empty<object>() }),
        new("POST", "/api/v1/proposals/{proposal}/review/submit", Access.Confidential, new { scores = Array.Empty<object>() }),
        new("GET", "/api/v1/proposals/{proposal}/reviews", Access.Confidential),
        new("GET", "/api/v1/proposals/{proposal}/consensus", Access.Confidential),
        new("PUT", "/api/v1/proposals/{proposal}/consensus", Access.Confidential, new { scores = Array.Empty<object>() }),
        new("POST", "/api/v1/proposals/{proposal}/decision", Access.Confidential, new { outcome = "Labelled" }),
        new("GET", "/api/v1/proposals/{proposal}/letter", Access.Confidential),
        new("POST", "/api/v1/proposals/{proposal}/appeal", Access.Confidential, new { reason = "x" }),
        new("POST", "/api/v1/proposals/{proposal}/appeal/decision", Access.Confidential, new { outcome = "Rejected" }),
        new("GET", "/api/v1/experts", Access.Staff),
        new("POST", "/api/v1/experts", Access.Staff, new { name = "X" }),
        new("GET", "/api/v1/experts/{expert}", Access.Staff),
        new("PUT", "/api/v1/experts/{expert}", Access.Staff, new { name = "X", version = 1 }),
        new("GET", "/api/v1/experts/me", Access.ExpertSelf),
        new("GET", "/api/v1/experts/me/assignments", Access.ExpertSelf),
        new("GET", "/api/v1/experts/me/conflicts", Access.ExpertSelf),
        new("POST", "/api/v1/experts/me/conflicts", Access.ExpertSelf, new { organizationId = 1, reason = "x" }),
        new("GET", "/api/v1/projects", Access.Public),
        new("GET", "/api/v1/projects/dashboard", Access.Public),
        new("GET", "/api/v1/projects/export.csv", Access.Public),
        new("GET", "/api/v1/projects/{project}", Access.Public),
        new("POST", "/api/v1/projects", Access.Staff, new { acronym = "X" }),
        new("PUT", "/api/v1/projects/{project}", Access.Staff, new { acronym = "X", version = 1 }),
        new("DELETE", "/api/v1/projects/{project}", Access.Staff),
        new("PUT", "/api/v1/projects/{project}/partners", Access.Staff, new { partners = Array.Empty<object>() }),
        new("POST", "/api/v1/projects/{project}/milestones", Access.PortfolioWrite, new { kind = "Milestone", code = "M", title = "T" }),
        new("PUT", "/api/v1/projects/{project}/milestones/1", Access.PortfolioWrite, new { kind = "Milestone", code = "M", title = "T" }),
        new("DELETE", "/api/v1/projects/{project}/milestones/1", Access.PortfolioWrite),
        new("POST", "/api/v1/projects/{project}/researchers", Access.Staff, new { name = "X" }),
        new("DELETE", "/api/v1/projects/{project}/researchers/1", Access.Staff),
        new("POST", "/api/v1/projects/{project}/outputs", Access.PortfolioWrite, new { kind = "Publication", title = "T" }),
        new("DELETE", "/api/v1/projects/{project}/outputs/1", Access.PortfolioWrite),
        new("GET", "/api/v1/projects/{project}/reports", Access.PortfolioConfidential),
        new("POST", "/api/v1/projects/{project}/reports", Access.PortfolioWrite, new { periodStart = "2026-01-01", periodEnd = "2026-06-30", narrative = "x" }),
    ];

    public static TheoryData<string, string> Endpoints() => new(Matrix.Select(e => (e.Method, e.Template)));

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Outsiders_are_refused_without_learning_anything(string method, string template)
    {
        var endpoint = Matrix.Single(e => e.Method == method && e.Template == template);
        var url = world.Url(template);
        foreach (var (role, client) in world.Outsiders)
        {
            var status = await SendAsync(client, endpoint, url);
            var allowed = (endpoint.Access, role) switch
            {
                (Access.Public, _) => [HttpStatusCode.OK],
                (_, "Anonymous") => [HttpStatusCode.Unauthorized],
                (Access.Confidential, _) => [HttpStatusCode.NotFound],
                (Access.Staff, _) => [HttpStatusCode.Forbidden, HttpStatusCode.NotFound],
                (Access.Member, "Member" or "MemberAdmin") => [HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.Conflict],
                (Access.Member, _) => [HttpStatusCode.Forbidden],
                (Access.ExpertSelf, "Expert") => [HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.BadRequest],
                (Access.ExpertSelf, _) => [HttpStatusCode.NotFound],
                // Projects are public, so a 404 for a milestone or output that does not exist reveals nothing.
                (Access.PortfolioWrite, _) => [HttpStatusCode.Forbidden, HttpStatusCode.NotFound],
                (Access.PortfolioConfidential, _) => [HttpStatusCode.Forbidden, HttpStatusCode.NotFound],
                (Access.SignedIn, _) => [HttpStatusCode.OK],
                _ => Array.Empty<HttpStatusCode>(),
            };
            Assert.True(allowed.Contains(status), $"{role}: {method} {url} answered {(int)status}; expected one of {string.Join(", ", allowed.Select(s => (int)s))}");
        }
    }

    [Fact]
    public async Task Outsiders_listing_a_calls_proposals_see_none_of_them()
    {
        foreach (var (role, client) in world.Outsiders.Where(o => o.Role != "Anonymous"))
        {
            var list = await client.GetJsonAsync(world.Url("/api/v1/calls/{call}/proposals"));
            Assert.True(list.EnumerateArray().All(p => p.GetProperty("acronym").GetString() != "SECRET"), $"{role} sees {list}");
        }
        var staffList = await world.Staff.GetJsonAsync(world.Url("/api/v1/calls/{call}/proposals"));
        Assert.Contains(staffList.EnumerateArray(), p => p.GetProperty("acronym").GetString() == "SECRET");
    }

    [Fact]
    public async Task The_matrix_covers_every_endpoint_of_the_capability()
    {
        var document = await world.App.Client.GetJsonAsync("/openapi/v1.json");
        var tags = new[] { "Calls", "Proposals", "Experts", "Assignment", "Evaluation", "Projects" };
        var documented = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
                if (operation.Value.TryGetProperty("tags", out var t) && t.EnumerateArray().Any(x => tags.Contains(x.GetString())))
                    documented.Add($"{operation.Name.ToUpperInvariant()} {Normalize(path.Name)}");
        var covered = Matrix.Select(e => $"{e.Method} {Normalize(e.Template)}").ToHashSet();
        var missing = documented.Where(d => !covered.Contains(d)).ToList();
        Assert.True(missing.Count == 0, "Not in the rights matrix: " + string.Join("; ", missing));
        Assert.True(documented.Count >= 50, $"only {documented.Count} endpoints documented");
    }

    /// <summary>Route parameters and literal ids alike become {}, so the matrix's concrete URLs match the document's templates.</summary>
    private static string Normalize(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}|(?<=/)\d+(?=/|$)", "{}");

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, Endpoint endpoint, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
        if (endpoint.Body is "pdf")
        {
            var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(CallsKit.TinyPdf), "file", "x.pdf");
            request.Content = form;
        }
        else if (endpoint.Body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(endpoint.Body, options: CallsKit.Json);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    /// <summary>A call with one submitted proposal (with an attachment, an assigned expert, a labelled project) and outsiders of every role.</summary>
    public sealed class World : IAsyncLifetime
    {
        public TestApp App { get; private set; } = null!;
        public HttpClient Staff { get; private set; } = null!;
        public List<(string Role, HttpClient Client)> Outsiders { get; } = [];
        private readonly Dictionary<string, int> ids = [];

        public string Url(string template) => System.Text.RegularExpressions.Regex.Replace(template, @"\{(\w+)\}", m => ids[m.Groups[1].Value].ToString(System.Globalization.CultureInfo.InvariantCulture));

        public async ValueTask InitializeAsync()
        {
            var clock = new FakeClock(DateTimeOffset.Parse("2026-05-04T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
            App = await TestApp.StartSqliteAsync(clock: clock);
            Staff = await App.ClientAsAsync(Roles.ClusterStaff);
            var call = await Staff.PostJsonAsync("/api/v1/calls", CallsKit.CallBody("2026-05-01T09:00", "2026-06-30T12:00"), HttpStatusCode.Created);
            ids["call"] = call.GetProperty("id").GetInt32();
            var sme = await App.AddOrganizationAsync("Matrix SME", OrganizationType.Sme, "BE332");
            var partner = await App.AddOrganizationAsync("Matrix Lab", OrganizationType.ResearchInstitute, "BE310");
            var coordinator = await App.ClientAsAsync(Roles.MemberAdmin, sme);
            var proposal = await coordinator.PostJsonAsync($"/api/v1/calls/{ids["call"]}/proposals", CallsKit.Content("SECRET"), HttpStatusCode.Created);
            ids["proposal"] = proposal.GetProperty("id").GetInt32();
            await coordinator.PostCurrentAsync($"/api/v1/proposals/{ids["proposal"]}/partners", new { organizationId = partner });
            ids["partner"] = partner;
            ids["attachment"] = (await coordinator.UploadPdfAsync(ids["proposal"], CallsKit.TinyPdf, null, HttpStatusCode.Created)).GetProperty("id").GetInt32();
            var (_, expertId) = await App.AddExpertAsync(Staff, "Matrix expert", null, ["cell-therapy"], []);
            ids["expert"] = expertId;
            ids["project"] = await App.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Projects.Select(p => p.Id)));

            var unrelated = await App.AddOrganizationAsync("Unrelated company", OrganizationType.LargeCompany, "BE323");
            Outsiders.Add(("Anonymous", App.NewClient()));
            Outsiders.Add(("Member", await App.ClientAsAsync(Roles.Member, unrelated)));
            Outsiders.Add(("MemberAdmin", await App.ClientAsAsync(Roles.MemberAdmin, unrelated)));
            var (expert, _) = await App.AddExpertAsync(Staff, "Unassigned expert", null, ["proton-therapy"], []);
            Outsiders.Add(("Expert", expert));
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

}
