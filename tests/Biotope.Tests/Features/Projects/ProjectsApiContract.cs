using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Calls;
using Biotope.Features.Projects;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Projects;

/// <summary>
/// The projects API, asserted identically on SQLite and on PostgreSQL (the two subclasses below). Each test
/// makes its own projects, named with a prefix of its own, so the tests of a class do not see each other's.
/// </summary>
public abstract class ProjectsApiContract
{
    protected abstract TestApp App { get; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient? staff;

    private async Task<HttpClient> StaffAsync() => staff ??= await App.ClientAsAsync(Roles.ClusterStaff);

    private Task<int> OrganizationAsync(string slug) => App.WithDbAsync(db => db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());

    private static object NewProject(string acronym, string status = "Active", string? start = "2024-01-01", string? end = "2026-12-31", string[]? areas = null) => new
    {
        acronym,
        titleEn = $"{acronym} in English",
        titleFr = $"{acronym} en français",
        status,
        startDate = start,
        endDate = end,
        funder = "Walloon Region",
        areas = areas ?? ["cell-therapy"],
    };

    private async Task<ProjectDetails> CreateAsync(object body)
    {
        var response = await (await StaffAsync()).PostAsJsonAsync("/api/v1/projects", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ProjectDetails>(Json, Ct))!;
    }

    private async Task<List<PartnerDto>> SetPartnersAsync(int projectId, params object[] partners)
    {
        var response = await (await StaffAsync()).PutAsJsonWithVersionAsync($"/api/v1/projects/{projectId}/partners", new { partners }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<List<PartnerDto>>(Json, Ct))!;
    }

    private async Task<ProjectListResponse> ListAsync(string query)
    {
        var response = await App.Client.GetAsync($"/api/v1/projects?{query}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ProjectListResponse>(Json, Ct))!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static async Task AssertFieldErrorsAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in fields) Assert.True(errors.TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
    }

    [Fact]
    public async Task A_created_project_reads_back_with_its_etag_and_an_unknown_one_is_a_404_problem()
    {
        var created = await CreateAsync(NewProject("Readback-Kappa"));
        Assert.Equal("readback-kappa", created.Slug);
        Assert.Equal("Active", created.Status);
        Assert.Equal("Manual", created.Source);
        Assert.Equal(1, created.Version);
        Assert.EndsWith("/projects/readback-kappa", created.Url);

        var response = await App.Client.GetAsync($"/api/v1/projects/{created.Id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var details = await response.Content.ReadFromJsonAsync<ProjectDetails>(Json, Ct);
        Assert.Equal(new DateOnly(2024, 1, 1), details!.StartDate);
        Assert.Equal(["cell-therapy"], details.Areas);

        // A second project with the same acronym gets a slug of its own.
        Assert.Equal("readback-kappa-2", (await CreateAsync(NewProject("Readback-Kappa"))).Slug);
        await ProblemAsync(await App.Client.GetAsync("/api/v1/projects/987654", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_demo_projects_state_no_status()
    {
        var hainaut = (await ListAsync("q=hainaut")).Items.Single(p => p.Slug == "hainaut-biomed");
        Assert.Null(hainaut.Status);
        Assert.Equal("Demo", hainaut.Source);
        Assert.Equal(4, hainaut.PartnerCount);

        var details = await App.Client.GetFromJsonAsync<ProjectDetails>($"/api/v1/projects/{hainaut.Id}", Json, Ct);
        Assert.Equal(19, details!.ResearchersToHire);
        Assert.Equal([1, 2, 3], details.Strands.Select(s => s.Number));
        Assert.Equal(["OCPAM", "PSEUDART"], details.Strands[1].SubProjects.Select(p => p.Acronym).Order());
        Assert.Equal(["OCPAM", "PSEUDART"], details.SubProjects.Select(p => p.Acronym));
        // Filtering by a status never lists a project whose status no source states.
        foreach (var status in Enum.GetNames<ProjectStatus>())
            Assert.DoesNotContain((await ListAsync($"status={status}&pageSize=100")).Items, p => p.Source == "Demo");
    }

    [Fact]
    public async Task The_list_filters_by_status_area_year_words_and_partner_and_pages()
    {
        var umons = await OrganizationAsync("umons");
        var alpha = await CreateAsync(NewProject("Filtrix-Alpha", "Active", "2022-03-01", "2024-02-29", ["cell-therapy"]));
        var beta = await CreateAsync(NewProject("Filtrix-Beta", "Completed", "2018-01-01", "2020-12-31", ["gene-therapy"]));
        var gamma = await CreateAsync(NewProject("Filtrix-Gamma", "Active", "2025-01-01", null, ["theranostics"]));
        await SetPartnersAsync(beta.Id, new { organizationId = umons, role = "coordinator" });

        async Task<List<string>> Acronyms(string query) => [.. (await ListAsync($"q=filtrix&{query}")).Items.Select(p => p.Acronym)];

        Assert.Equal(["Filtrix-Alpha", "Filtrix-Beta", "Filtrix-Gamma"], await Acronyms(""));
        Assert.Equal(["Filtrix-Alpha", "Filtrix-Gamma"], await Acronyms("status=active"));
        Assert.Equal(["Filtrix-Beta"], await Acronyms("status=Completed"));
        Assert.Equal(["Filtrix-Alpha"], await Acronyms("area=cell-therapy"));
        // A group of areas covers its areas.
        Assert.Equal(["Filtrix-Alpha", "Filtrix-Beta"], await Acronyms("area=advanced-therapies"));
        Assert.Equal(["Filtrix-Alpha"], await Acronyms("year=2023"));
        Assert.Equal(["Filtrix-Gamma"], await Acronyms("year=2025"));
        Assert.Equal(["Filtrix-Gamma"], await Acronyms("year=2030"));
        Assert.Equal(["Filtrix-Beta"], await Acronyms($"partner={umons}"));
        Assert.Equal(["Filtrix-Gamma"], await Acronyms("q=gamma"));

        // Words ignore case and accents; pages do not overlap.
        var byTitle = await ListAsync("q=FILTRIX%20fran%C3%A7ais&pageSize=2&page=2");
        Assert.Equal(3, byTitle.Total);
        Assert.Equal(gamma.Id, Assert.Single(byTitle.Items).Id);
        Assert.Equal(alpha.Id, (await ListAsync("q=filtrix&pageSize=1")).Items.Single().Id);
    }

    [Fact]
    public async Task A_year_lists_the_projects_active_that_year()
    {
        await CreateAsync(NewProject("Annum-Early", "Completed", "2019-06-01", "2021-05-31"));
        await CreateAsync(NewProject("Annum-Open", "Active", "2021-01-01", null));
        await CreateAsync(NewProject("Annum-Late", "Planned", "2027-01-01", "2028-12-31"));

        async Task<List<string>> Active(int year) => [.. (await ListAsync($"q=annum&year={year}")).Items.Select(p => p.Acronym)];

        Assert.Equal(["Annum-Early"], await Active(2020));
        Assert.Equal(["Annum-Early", "Annum-Open"], await Active(2021));
        Assert.Equal(["Annum-Open"], await Active(2026));
        Assert.Equal(["Annum-Late", "Annum-Open"], await Active(2027));
    }

    [Theory]
    [InlineData("status=Dreaming", "status")]
    [InlineData("area=astrology", "area")]
    [InlineData("year=1200", "year")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Bad_list_parameters_get_a_problem_naming_the_field(string query, string field)
    {
        foreach (var path in new[] { "/api/v1/projects", "/api/v1/projects/dashboard", "/api/v1/projects/export.csv" })
        {
            if (path != "/api/v1/projects" && field.StartsWith("page", StringComparison.Ordinal)) continue;
            var response = await App.Client.GetAsync($"{path}?{query}", Ct);
            await AssertFieldErrorsAsync(response, field);
        }
    }

    [Fact]
    public async Task Invalid_projects_get_problems_naming_the_fields()
    {
        var client = await StaffAsync();
        var response = await client.PostAsJsonAsync("/api/v1/projects", new
        {
            acronym = " ",
            status = "Dreaming",
            startDate = "2025-01-01",
            endDate = "2024-01-01",
            areas = new[] { "astrology" },
            website = "example.org",
            researchersToHire = -1,
            parentProjectId = 987654,
            strands = new[] { new { number = 1, titleEn = "One" }, new { number = 1, titleEn = "" } },
        }, Ct);
        await AssertFieldErrorsAsync(response, "acronym", "titleEn", "status", "endDate", "areas", "website", "researchersToHire", "parentProjectId",
            "strands[1].number", "strands[1].titleEn");
    }

    [Fact]
    public async Task A_stale_write_is_refused_and_never_overwrites()
    {
        var client = await StaffAsync();
        var created = await CreateAsync(NewProject("Concurrence-Proj"));
        var url = $"/api/v1/projects/{created.Id}";

        async Task<HttpResponseMessage> Put(string funder, string? ifMatch, int? version)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, url)
            {
                Content = JsonContent.Create(new { acronym = "Concurrence-Proj", titleEn = "Concurrence", status = "Active", funder, version }),
            };
            if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return await client.SendAsync(request, Ct);
        }

        var first = await Put("FNRS", "\"1\"", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        await ProblemAsync(await Put("ERDF", "\"1\"", null), HttpStatusCode.PreconditionFailed);
        await ProblemAsync(await Put("ERDF", null, 1), HttpStatusCode.Conflict);
        await ProblemAsync(await Put("ERDF", null, null), (HttpStatusCode)428);
        await AssertFieldErrorsAsync(await Put("ERDF", "yesterday", null), "If-Match");

        var stored = await App.Client.GetFromJsonAsync<ProjectDetails>(url, Json, Ct);
        Assert.Equal("FNRS", stored!.Funder);
        Assert.Equal(2, stored.Version);
        Assert.Equal("concurrence-proj", stored.Slug);
    }

    [Fact]
    public async Task Partners_replace_the_list_with_their_amounts_and_are_a_new_version()
    {
        var (ulb, umons, biowin) = (await OrganizationAsync("ulb"), await OrganizationAsync("umons"), await OrganizationAsync("biowin"));
        var project = await CreateAsync(NewProject("Partenaria"));

        var partners = await SetPartnersAsync(project.Id,
            new { organizationId = ulb, role = "Coordinator", budget = 500_000.50m, funding = 400_000m, researchersToHire = 3 },
            new { organizationId = umons, role = "partner", budget = 250_000m, funding = 200_000.25m });
        Assert.Equal([ulb, umons], partners.Select(p => p.OrganizationId));
        Assert.Equal("coordinator", partners[0].Role);
        Assert.Equal("University", partners[0].OrganizationType);
        Assert.Contains("Bruxelles", partners[0].OrganizationName);

        var details = await App.Client.GetFromJsonAsync<ProjectDetails>($"/api/v1/projects/{project.Id}", Json, Ct);
        Assert.Equal(750_000.50m, details!.TotalBudget);
        Assert.Equal(600_000.25m, details.TotalFunding);
        Assert.Equal(2, details.Version);

        // Replacing keeps who stays, drops who is left out, adds who is new.
        var replaced = await SetPartnersAsync(project.Id, new { organizationId = umons, role = "coordinator" }, new { organizationId = biowin });
        Assert.Equal([umons, biowin], replaced.Select(p => p.OrganizationId));
        Assert.Equal("partner", replaced[1].Role);

        var client = await StaffAsync();
        var invalid = await client.PutAsJsonWithVersionAsync($"/api/v1/projects/{project.Id}/partners", new
        {
            partners = new object[]
            {
                new { organizationId = ulb, role = "coordinator", budget = -1m },
                new { organizationId = ulb, role = "coordinator", budget = 10.005m },
                new { organizationId = 987654, role = "sponsor", budget = 100m, funding = 200m },
            },
        }, Ct);
        await AssertFieldErrorsAsync(invalid, "partners[0].budget", "partners[1].organizationId", "partners[1].budget", "partners[2].organizationId",
            "partners[2].role", "partners[2].funding", "partners");

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/projects/{project.Id}/partners") { Content = JsonContent.Create(new { partners = Array.Empty<object>() }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await ProblemAsync(await client.SendAsync(stale, Ct), HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Every_part_and_the_deletion_take_the_project_version()
    {
        var client = await StaffAsync();
        var project = await CreateAsync(NewProject("Versionix"));
        var url = $"/api/v1/projects/{project.Id}";
        var ulb = await OrganizationAsync("ulb");

        // A malformed body is told what is wrong before the version is asked for.
        await AssertFieldErrorsAsync(await client.PostAsJsonAsync($"{url}/milestones", new { code = "", title = "" }, Ct), "code", "title");
        await client.AssertVersionRequiredAsync(HttpMethod.Put, $"{url}/partners", new { partners = new[] { new { organizationId = ulb, role = "coordinator", budget = 1000m } } });
        var milestone = (await client.AssertVersionRequiredAsync(HttpMethod.Post, $"{url}/milestones", new { code = "M1", title = "Prototype", dueDate = "2025-01-31" }, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await client.AssertVersionRequiredAsync(HttpMethod.Put, $"{url}/milestones/{milestone}", new { code = "M1", title = "Prototype", dueDate = "2025-01-31", actualDate = "2025-01-20" });
        await client.AssertVersionRequiredAsync(HttpMethod.Delete, $"{url}/milestones/{milestone}", null, HttpStatusCode.NoContent);
        var researcher = (await client.AssertVersionRequiredAsync(HttpMethod.Post, $"{url}/researchers", new { name = "Josiah Carberry" }, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await client.AssertVersionRequiredAsync(HttpMethod.Delete, $"{url}/researchers/{researcher}", null, HttpStatusCode.NoContent);
        var output = (await client.AssertVersionRequiredAsync(HttpMethod.Post, $"{url}/outputs", new { kind = "Product", title = "A prototype" }, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await client.AssertVersionRequiredAsync(HttpMethod.Delete, $"{url}/outputs/{output}", null, HttpStatusCode.NoContent);
        await client.AssertVersionRequiredAsync(HttpMethod.Delete, url, null, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Milestones_are_added_dated_flagged_late_and_removed()
    {
        var client = await StaffAsync();
        var project = await CreateAsync(NewProject("Jalonix"));
        var url = $"/api/v1/projects/{project.Id}/milestones";

        var added = await client.PostAsJsonWithVersionAsync(url, new { kind = "Deliverable", code = "D1.1", title = "Data management plan", dueDate = "2020-06-30" }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("\"2\"", added.Headers.ETag?.Tag);
        var milestone = (await added.Content.ReadFromJsonAsync<MilestoneDto>(Json, Ct))!;
        Assert.True(milestone.Late); // due in 2020, not reached
        Assert.EndsWith($"/milestones/{milestone.Id}", added.Headers.Location!.ToString());

        var reached = await client.PutAsJsonWithVersionAsync($"{url}/{milestone.Id}", new { kind = "Deliverable", code = "D1.1", title = "Data management plan", dueDate = "2020-06-30", actualDate = "2020-06-15" }, Ct);
        Assert.Equal(HttpStatusCode.OK, reached.StatusCode);
        var updated = (await reached.Content.ReadFromJsonAsync<MilestoneDto>(Json, Ct))!;
        Assert.Equal(new DateOnly(2020, 6, 15), updated.ActualDate);
        Assert.False(updated.Late);

        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10).ToString("yyyy-MM-dd");
        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { kind = "Phase", code = "", title = "", actualDate = future }, Ct), "kind", "code", "title", "actualDate");
        await ProblemAsync(await client.PutAsJsonWithVersionAsync($"{url}/987654", new { code = "M1", title = "Nothing" }, Ct), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteWithVersionAsync($"{url}/{milestone.Id}", Ct)).StatusCode);
        var details = await App.Client.GetFromJsonAsync<ProjectDetails>($"/api/v1/projects/{project.Id}", Json, Ct);
        Assert.Empty(details!.Milestones);
        Assert.Equal(4, details.Version);
    }

    [Fact]
    public async Task Researchers_are_added_with_a_valid_orcid_and_removed()
    {
        var client = await StaffAsync();
        var project = await CreateAsync(NewProject("Chercheurix"));
        var url = $"/api/v1/projects/{project.Id}/researchers";

        var added = await client.PostAsJsonWithVersionAsync(url, new { name = "Josiah Carberry", orcid = "https://orcid.org/0000-0002-1825-0097", organizationId = await OrganizationAsync("umons"), position = "Postdoc", hiredOn = "2024-09-01" }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var researcher = (await added.Content.ReadFromJsonAsync<ResearcherDto>(Json, Ct))!;
        Assert.Equal("0000-0002-1825-0097", researcher.Orcid);

        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { name = "", orcid = "0000-0002-1825-0098", organizationId = 987654 }, Ct), "name", "orcid", "organizationId");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteWithVersionAsync($"{url}/{researcher.Id}", Ct)).StatusCode);
        await ProblemAsync(await client.DeleteWithVersionAsync($"{url}/{researcher.Id}", Ct), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("10.1234/abc.def", "10.1234/abc.def")]
    [InlineData("https://doi.org/10.5281/zenodo.123", "10.5281/zenodo.123")]
    [InlineData("doi:10.1000/xyz(1)", "10.1000/xyz(1)")]
    [InlineData(" https://dx.doi.org/10.12345/a%2Fb ", "10.12345/a/b")]
    public async Task A_doi_is_stored_bare(string doi, string stored)
    {
        var client = await StaffAsync();
        var project = await CreateAsync(NewProject($"Doix-{Guid.NewGuid():N}"[..12]));
        var response = await client.PostAsJsonWithVersionAsync($"/api/v1/projects/{project.Id}/outputs", new { kind = "Publication", title = "A paper", doi, year = 2024 }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(stored, (await response.Content.ReadFromJsonAsync<OutputDto>(Json, Ct))!.Doi);
    }

    [Fact]
    public async Task Outputs_are_validated_spin_offs_reference_an_organization_and_staff_remove_them()
    {
        var client = await StaffAsync();
        var project = await CreateAsync(NewProject("Resultix"));
        var url = $"/api/v1/projects/{project.Id}/outputs";

        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { kind = "Publication", title = "Bad DOI", doi = "11.1234/abc" }, Ct), "doi");
        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { kind = "Publication", title = "Short", doi = "10.12/abc" }, Ct), "doi");
        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { kind = "SpinOff", title = "No organization" }, Ct), "organizationId");
        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { kind = "SpinOff", title = "Ghost", organizationId = 987654 }, Ct), "organizationId");
        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { kind = "Job", title = "Jobs" }, Ct), "count");
        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { kind = "Gadget", title = "", year = 1500, url = "ftp://x" }, Ct), "kind", "title", "year", "url");

        var spinOff = await client.PostAsJsonWithVersionAsync(url, new { kind = "SpinOff", title = "Hainaut Imaging SRL", organizationId = await OrganizationAsync("hainaut-biomed-imaging-centre") }, Ct);
        Assert.Equal(HttpStatusCode.Created, spinOff.StatusCode);
        var jobs = await client.PostAsJsonWithVersionAsync(url, new { kind = "Job", title = "Researchers hired", count = 3 }, Ct);
        Assert.Equal(HttpStatusCode.Created, jobs.StatusCode);
        var jobsId = (await jobs.Content.ReadFromJsonAsync<OutputDto>(Json, Ct))!.Id;

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteWithVersionAsync($"{url}/{jobsId}", Ct)).StatusCode);
        var details = await App.Client.GetFromJsonAsync<ProjectDetails>($"/api/v1/projects/{project.Id}", Json, Ct);
        Assert.Equal("SpinOff", Assert.Single(details!.Outputs).Kind);
    }

    [Fact]
    public async Task Progress_reports_check_the_period_the_partners_the_amounts_and_the_narrative()
    {
        var (ulb, umons, biowin) = (await OrganizationAsync("ulb"), await OrganizationAsync("umons"), await OrganizationAsync("biowin"));
        var project = await CreateAsync(NewProject("Rapportix", start: "2024-01-01", end: "2026-12-31"));
        await SetPartnersAsync(project.Id,
            new { organizationId = ulb, role = "coordinator", budget = 100_000m },
            new { organizationId = umons, role = "partner", budget = 50_000m });
        var client = await StaffAsync();
        var url = $"/api/v1/projects/{project.Id}/reports";

        var first = await client.PostAsJsonWithVersionAsync(url, new
        {
            periodStart = "2024-01-01",
            periodEnd = "2024-06-30",
            narrative = "Kick-off; the imaging platform is ordered.",
            spend = new[] { new { organizationId = ulb, amount = 30_000.10m }, new { organizationId = umons, amount = 5_000m } },
        }, Ct);
        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync(Ct));
        var report = (await first.Content.ReadFromJsonAsync<ProgressReportDto>(Json, Ct))!;
        Assert.Equal(35_000.10m, report.TotalSpend);

        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { periodStart = "2024-06-01", periodEnd = "2024-12-31", narrative = "Overlaps." }, Ct), "periodStart");
        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { periodStart = "2024-12-31", periodEnd = "2024-07-01", narrative = "Backwards." }, Ct), "periodEnd");
        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { periodStart = "2023-07-01", periodEnd = "2023-12-31", narrative = "Before." }, Ct), "periodStart");
        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new { narrative = "" }, Ct), "periodStart", "periodEnd", "narrative");
        await AssertFieldErrorsAsync(await client.PostAsJsonWithVersionAsync(url, new
        {
            periodStart = "2024-07-01",
            periodEnd = "2024-12-31",
            narrative = "Bad amounts.",
            spend = new[] { new { organizationId = biowin, amount = 10m }, new { organizationId = ulb, amount = -5m }, new { organizationId = umons, amount = 1.234m } },
        }, Ct), "spend[0].organizationId", "spend[1].amount", "spend[2].amount");

        var second = await client.PostAsJsonWithVersionAsync(url, new { periodStart = "2024-07-01", periodEnd = "2024-12-31", narrative = "Second half.", spend = new[] { new { organizationId = ulb, amount = 20_000m } } }, Ct);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);

        var reports = await client.GetFromJsonAsync<ProgressReportsResponse>(url, Json, Ct);
        Assert.Equal([new DateOnly(2024, 7, 1), new DateOnly(2024, 1, 1)], reports!.Items.Select(r => r.PeriodStart));
        var coordinator = reports.Budget.Single(b => b.OrganizationId == ulb);
        Assert.Equal((50_000.10m, 49_999.90m), (coordinator.Spent, coordinator.Remaining!.Value));
        Assert.Equal(45_000m, reports.Budget.Single(b => b.OrganizationId == umons).Remaining);
    }

    [Fact]
    public async Task Writes_need_a_token_and_the_right_role()
    {
        var project = await CreateAsync(NewProject("Droitix"));
        var id = project.Id;
        var anonymous = App.Client;
        (HttpMethod Method, string Path, object? Body)[] writes =
        [
            (HttpMethod.Post, "/api/v1/projects", NewProject("Anonymix")),
            (HttpMethod.Put, $"/api/v1/projects/{id}", NewProject("Droitix")),
            (HttpMethod.Delete, $"/api/v1/projects/{id}", null),
            (HttpMethod.Put, $"/api/v1/projects/{id}/partners", new { partners = Array.Empty<object>() }),
            (HttpMethod.Post, $"/api/v1/projects/{id}/milestones", new { code = "M1", title = "One" }),
            (HttpMethod.Put, $"/api/v1/projects/{id}/milestones/1", new { code = "M1", title = "One" }),
            (HttpMethod.Delete, $"/api/v1/projects/{id}/milestones/1", null),
            (HttpMethod.Post, $"/api/v1/projects/{id}/researchers", new { name = "A" }),
            (HttpMethod.Delete, $"/api/v1/projects/{id}/researchers/1", null),
            (HttpMethod.Post, $"/api/v1/projects/{id}/outputs", new { kind = "Product", title = "A" }),
            (HttpMethod.Delete, $"/api/v1/projects/{id}/outputs/1", null),
            (HttpMethod.Post, $"/api/v1/projects/{id}/reports", new { narrative = "A" }),
        ];
        var outsider = await App.ClientAsAsync(Roles.MemberAdmin, await OrganizationAsync("uliege"));
        foreach (var (method, path, body) in writes)
        {
            HttpRequestMessage Request() => new(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            Assert.True((await anonymous.SendAsync(Request(), Ct)).StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} anonymously");
            var forbidden = await outsider.SendAsync(Request(), Ct);
            Assert.True(forbidden.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{method} {path} by an outsider: {forbidden.StatusCode}");
            if (!path.EndsWith("/1", StringComparison.Ordinal)) await ProblemAsync(forbidden, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task The_coordinators_members_report_add_outputs_and_record_actual_dates_only()
    {
        var (ulb, umons) = (await OrganizationAsync("ulb"), await OrganizationAsync("umons"));
        var project = await CreateAsync(NewProject("Coordix"));
        await SetPartnersAsync(project.Id, new { organizationId = ulb, role = "coordinator", budget = 1000m }, new { organizationId = umons, role = "partner", budget = 1000m });
        var milestone = (await (await (await StaffAsync()).PostAsJsonWithVersionAsync($"/api/v1/projects/{project.Id}/milestones", new { code = "M1", title = "Prototype", dueDate = "2025-01-31" }, Ct))
            .Content.ReadFromJsonAsync<MilestoneDto>(Json, Ct))!;
        var coordinatorMember = await App.ClientAsAsync(Roles.Member, ulb);
        var partnerAdmin = await App.ClientAsAsync(Roles.MemberAdmin, umons);
        var url = $"/api/v1/projects/{project.Id}";

        Assert.Equal(HttpStatusCode.Created, (await coordinatorMember.PostAsJsonWithVersionAsync($"{url}/outputs", new { kind = "Product", title = "A prototype" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await coordinatorMember.PostAsJsonAsync($"{url}/reports", new { periodStart = "2024-01-01", periodEnd = "2024-12-31", narrative = "Year one." }, Ct)).StatusCode);
        var dated = await coordinatorMember.PutAsJsonWithVersionAsync($"{url}/milestones/{milestone.Id}", new { kind = "Milestone", code = "M1", title = "Prototype", dueDate = "2025-01-31", actualDate = "2025-02-10" }, Ct);
        Assert.Equal(HttpStatusCode.OK, dated.StatusCode);
        Assert.True((await dated.Content.ReadFromJsonAsync<MilestoneDto>(Json, Ct))!.Late); // reached after its due date

        // More than the date, deleting, partners and the core fields stay with staff; another partner reports nothing.
        await ProblemAsync(await coordinatorMember.PutAsJsonWithVersionAsync($"{url}/milestones/{milestone.Id}", new { kind = "Milestone", code = "M1", title = "Renamed", dueDate = "2025-01-31", actualDate = "2025-02-10" }, Ct), HttpStatusCode.Forbidden);
        await ProblemAsync(await coordinatorMember.DeleteWithVersionAsync($"{url}/milestones/{milestone.Id}", Ct), HttpStatusCode.Forbidden);
        await ProblemAsync(await coordinatorMember.PutAsJsonWithVersionAsync($"{url}/partners", new { partners = Array.Empty<object>() }, Ct), HttpStatusCode.Forbidden);
        await ProblemAsync(await coordinatorMember.PutAsJsonAsync(url, NewProject("Coordix"), Ct), HttpStatusCode.Forbidden);
        await ProblemAsync(await partnerAdmin.PostAsJsonWithVersionAsync($"{url}/outputs", new { kind = "Product", title = "Not mine" }, Ct), HttpStatusCode.Forbidden);
        await ProblemAsync(await partnerAdmin.PostAsJsonAsync($"{url}/reports", new { periodStart = "2025-01-01", periodEnd = "2025-06-30", narrative = "Not mine." }, Ct), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Progress_reports_are_hidden_from_outsiders()
    {
        var (ulb, umons, uliege) = (await OrganizationAsync("ulb"), await OrganizationAsync("umons"), await OrganizationAsync("uliege"));
        var project = await CreateAsync(NewProject("Secretix"));
        await SetPartnersAsync(project.Id, new { organizationId = ulb, role = "coordinator", budget = 1000m }, new { organizationId = umons });
        await (await StaffAsync()).PostAsJsonAsync($"/api/v1/projects/{project.Id}/reports", new { periodStart = "2024-01-01", periodEnd = "2024-12-31", narrative = "Confidential.", spend = new[] { new { organizationId = ulb, amount = 400m } } }, Ct);
        var url = $"/api/v1/projects/{project.Id}/reports";

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client.GetAsync(url, Ct)).StatusCode);
        await ProblemAsync(await (await App.ClientAsAsync(Roles.MemberAdmin, uliege)).GetAsync(url, Ct), HttpStatusCode.Forbidden);
        await ProblemAsync(await (await App.ClientAsAsync(Roles.Expert)).GetAsync(url, Ct), HttpStatusCode.Forbidden);
        var partner = await (await App.ClientAsAsync(Roles.Member, umons)).GetFromJsonAsync<ProgressReportsResponse>(url, Json, Ct);
        Assert.Equal(400m, Assert.Single(partner!.Items).TotalSpend);

        // The public project says nothing about spend.
        var body = await App.Client.GetStringAsync($"/api/v1/projects/{project.Id}", Ct);
        Assert.DoesNotContain("Confidential.", body);
        Assert.DoesNotContain("spend", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Deleting_is_refused_while_a_proposal_or_a_sub_project_links_to_the_project()
    {
        var client = await StaffAsync();
        var labelled = await CreateAsync(NewProject("Labellix"));
        await App.WithDbAsync(async db =>
        {
            var call = new Call { Slug = $"call-{Guid.NewGuid():N}", TitleEn = "Call", TitleFr = "Appel", FunderEn = "Walloon Region", ClosesAt = DateTimeOffset.UtcNow };
            db.Calls.Add(call);
            await db.SaveChangesAsync(Ct);
            db.Proposals.Add(new Proposal { CallId = call.Id, Acronym = "LABELLIX", CoordinatorOrganizationId = await db.Organizations.Select(o => o.Id).FirstAsync(Ct), ProjectId = labelled.Id });
            return await db.SaveChangesAsync(Ct);
        });
        var refused = await ProblemAsync(await client.DeleteWithVersionAsync($"/api/v1/projects/{labelled.Id}", Ct), HttpStatusCode.Conflict);
        Assert.Equal("project.delete.from-proposal", refused.GetProperty("code").GetString());

        var parent = await CreateAsync(NewProject("Parentix"));
        var child = await CreateAsync(new { acronym = "Parentix-Child", titleEn = "Child", parentProjectId = parent.Id });
        await ProblemAsync(await client.DeleteWithVersionAsync($"/api/v1/projects/{parent.Id}", Ct), HttpStatusCode.Conflict);
        // A project cannot become the child of its own child.
        await AssertFieldErrorsAsync(await client.PutAsJsonAsync($"/api/v1/projects/{parent.Id}", new { acronym = "Parentix", titleEn = "Parent", parentProjectId = child.Id, version = 1 }, Ct), "parentProjectId");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteWithVersionAsync($"/api/v1/projects/{child.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteWithVersionAsync($"/api/v1/projects/{parent.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client.GetAsync($"/api/v1/projects/{parent.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_adds_up_to_the_partners_amounts()
    {
        var (ulb, umons, biowin, iba) = (await OrganizationAsync("ulb"), await OrganizationAsync("umons"), await OrganizationAsync("biowin"), await OrganizationAsync("iba"));
        var one = await CreateAsync(NewProject("Tableaux-One", "Active", "2023-02-01", "2025-01-31", ["cell-therapy"]));
        var two = await CreateAsync(NewProject("Tableaux-Two", "Completed", "2021-01-01", "2022-12-31", ["proton-therapy"]));
        var three = await CreateAsync(NewProject("Tableaux-Three", "Planned", null, null, []));
        await SetPartnersAsync(one.Id, new { organizationId = ulb, role = "coordinator", budget = 120_000.10m, funding = 100_000m }, new { organizationId = iba, budget = 80_000m, funding = 40_000.05m });
        await SetPartnersAsync(two.Id, new { organizationId = umons, role = "coordinator", budget = 300_000m, funding = 210_000m }, new { organizationId = biowin, budget = 10_000m });
        await SetPartnersAsync(three.Id, new { organizationId = iba, role = "coordinator", funding = 5_000m });
        await (await StaffAsync()).PostAsJsonWithVersionAsync($"/api/v1/projects/{one.Id}/outputs", new { kind = "Job", title = "Engineers", count = 4 }, Ct);
        await (await StaffAsync()).PostAsJsonWithVersionAsync($"/api/v1/projects/{two.Id}/outputs", new { kind = "Publication", title = "Paper", doi = "10.1234/tableaux" }, Ct);

        var dashboard = (await App.Client.GetFromJsonAsync<ProjectDashboard>("/api/v1/projects/dashboard?q=tableaux", Json, Ct))!;
        var ids = new[] { one.Id, two.Id, three.Id };
        var partners = await App.WithDbAsync(db => db.ProjectPartners.Where(x => ids.Contains(x.ProjectId)).ToListAsync());
        var budget = partners.Sum(x => x.Budget ?? 0);
        var funding = partners.Sum(x => x.Funding ?? 0);

        Assert.Equal((3, 510_000.10m, 355_000.05m), (dashboard.Projects, dashboard.TotalBudget, dashboard.TotalFunding));
        Assert.Equal((budget, funding), (dashboard.TotalBudget, dashboard.TotalFunding));
        foreach (var rows in new[] { dashboard.ByArea, dashboard.ByStartYear, dashboard.ByPartnerKind })
            Assert.Equal((budget, funding), (rows.Sum(r => r.Budget), rows.Sum(r => r.Funding)));
        Assert.Equal(["2021", "2023", "none"], dashboard.ByStartYear.Select(r => r.Key));
        Assert.Equal(["cell-therapy", "proton-therapy", "none"], dashboard.ByArea.Select(r => r.Key));
        Assert.Equal(200_000.10m, dashboard.ByArea[0].Budget);
        Assert.Equal(["Cluster", "LargeCompany", "University"], dashboard.ByPartnerKind.Select(r => r.Key).Order());
        Assert.Equal(45_000.05m, dashboard.ByPartnerKind.Single(r => r.Key == "LargeCompany").Funding);
        Assert.Equal(2, dashboard.ByPartnerKind.Single(r => r.Key == "LargeCompany").Projects);
        Assert.Equal([1, 1, 1, 0], dashboard.ByStatus.Select(r => r.Count));
        Assert.Equal(1, dashboard.Outputs.Single(o => o.Key == "Publication").Count);
        Assert.Equal(4, dashboard.JobsCreated);

        // The list's totals are the same sums.
        var list = await ListAsync("q=tableaux");
        Assert.Equal((budget, funding), (list.TotalBudget, list.TotalFunding));
        Assert.Equal(list.Items.Sum(i => i.TotalBudget ?? 0), list.TotalBudget);
    }

    [Fact]
    public async Task The_csv_export_reads_back_and_guards_formulas()
    {
        var client = await StaffAsync();
        var project = await CreateAsync(new
        {
            acronym = "CSVGUARD",
            titleEn = "=HYPERLINK(\"http://evil.example\",\"click\")",
            titleFr = "Titre, avec \"guillemets\"\net une deuxième ligne",
            status = "Active",
            funder = "+SUM(1,2)",
            programme = "@cmd",
            keywords = new[] { "-2+3", "safe" },
        });
        await SetPartnersAsync(project.Id, new { organizationId = await OrganizationAsync("umons"), role = "coordinator", budget = 1234.5m, funding = 1000m });

        var response = await App.Client.GetAsync("/api/v1/projects/export.csv?q=csvguard", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF');

        var rows = Rfc4180.Parse(text);
        // The header speaks the request's language (French by default); the values stay machine-readable.
        Assert.Equal(ProjectCsv.HeaderIn(Texts.For("fr")), rows[0]);
        Assert.Contains("Acronyme", rows[0]);
        var row = ProjectCsv.Header.Zip(Assert.Single(rows.Skip(1))).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"click\")", row["title_en"]);
        Assert.Equal("Titre, avec \"guillemets\"\net une deuxième ligne", row["title_fr"]);
        Assert.Equal("'+SUM(1,2)", row["funder"]);
        Assert.Equal("'@cmd", row["programme"]);
        Assert.Equal("'-2+3|safe", row["keywords"]);
        Assert.Equal("1234.50", row["total_budget_eur"]);
        Assert.Equal("1000.00", row["total_funding_eur"]);
        Assert.Equal("Université de Mons", row["coordinator"]);
        Assert.Equal("Active", row["status"]);
        Assert.All(rows.Skip(1).SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@".Contains(cell[0]), cell));

        // Without filters: one row per project, as many as the list counts.
        var all = Rfc4180.Parse(Encoding.UTF8.GetString(await App.Client.GetByteArrayAsync("/api/v1/projects/export.csv", Ct)).TrimStart('\uFEFF'));
        Assert.Equal((await ListAsync("pageSize=1")).Total, all.Count - 1);
        Assert.All(all, r => Assert.Equal(ProjectCsv.Header.Count, r.Count));
    }

    [Fact]
    public async Task The_openapi_document_names_every_projects_endpoint_and_its_errors()
    {
        var openApi = await App.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var operations = openApi.GetProperty("paths").EnumerateObject()
            .Where(p => p.Name.StartsWith("/api/v1/projects", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value)))
            .ToList();
        Assert.Equal(17, operations.Count);
        Assert.All(operations, o =>
        {
            Assert.True(o.Operation.TryGetProperty("operationId", out _), $"{o.Method} {o.Path} has no name");
            Assert.Equal("Projects", o.Operation.GetProperty("tags")[0].GetString());
        });
        var update = operations.Single(o => o.Path == "/api/v1/projects/{id}" && o.Method == "put").Operation.GetProperty("responses");
        foreach (var status in new[] { "400", "401", "403", "404", "409", "412", "428" }) Assert.True(update.TryGetProperty(status, out _), $"PUT /projects/{{id}} does not document {status}");
        var reports = operations.Single(o => o.Path == "/api/v1/projects/{id}/reports" && o.Method == "get").Operation.GetProperty("responses");
        foreach (var status in new[] { "401", "403", "404" }) Assert.True(reports.TryGetProperty(status, out _), $"GET reports does not document {status}");
    }
}

public sealed class SqliteProjectsApiTests(SqliteAppFixture fixture) : ProjectsApiContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresProjectsApiTests(PostgresAppFixture fixture) : ProjectsApiContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}

/// <summary>A minimal RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; records end with CRLF.</summary>
internal static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"' && field.Length == 0) quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else if (c is '"' or '\r' or '\n') throw new FormatException($"Unexpected {(int)c} at {i}: not RFC 4180.");
            else field.Append(c);
        }
        if (quoted) throw new FormatException("A quoted field is not closed.");
        if (field.Length > 0 || record.Count > 0) { record.Add(field.ToString()); records.Add(record); }
        return records;
    }
}
