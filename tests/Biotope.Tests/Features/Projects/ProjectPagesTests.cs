using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Features.Projects;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Projects;

/// <summary>The portfolio pages read and posted over plain HTTP: what a crawler or a browser without JavaScript gets.</summary>
public sealed partial class ProjectPagesTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Task<int> OrganizationAsync(string slug) => App.WithDbAsync(db => db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string language, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request, Ct);
    }

    /// <summary>The page as text, with character references decoded (Razor writes ' as &amp;#x27;).</summary>
    private async Task<string> GetAsync(string path, string language = "fr", HttpClient? client = null)
    {
        var response = await SendAsync(client ?? App.Client, HttpMethod.Get, path, language);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>A project made through the API by staff, with partners, a late milestone and a publication.</summary>
    private async Task<ProjectDetails> StaffProjectAsync(string acronym)
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var created = await (await staff.PostAsJsonAsync("/api/v1/projects", new
        {
            acronym,
            titleEn = $"{acronym}: imaging for cell therapy",
            titleFr = $"{acronym} : imagerie pour la thérapie cellulaire",
            summaryEn = "An English summary.",
            summaryFr = "Un résumé en français.",
            status = "Active",
            startDate = "2019-01-01",
            endDate = "2027-12-31",
            funder = "Walloon Region",
            areas = new[] { "cell-therapy" },
        }, Ct)).Content.ReadFromJsonAsync<ProjectDetails>(Json, Ct);
        var id = created!.Id;
        await staff.PutAsJsonWithVersionAsync($"/api/v1/projects/{id}/partners", new
        {
            partners = new object[]
            {
                new { organizationId = await OrganizationAsync("ulb"), role = "coordinator", budget = 200_000m, funding = 150_000m },
                new { organizationId = await OrganizationAsync("iba"), role = "partner", budget = 100_000m, funding = 50_000m },
            },
        }, Ct);
        await staff.PostAsJsonWithVersionAsync($"/api/v1/projects/{id}/milestones", new { kind = "Deliverable", code = "D1.1", title = "Imaging protocol", dueDate = "2020-03-31" }, Ct);
        await staff.PostAsJsonWithVersionAsync($"/api/v1/projects/{id}/milestones", new { code = "M1", title = "Platform open", dueDate = "2020-01-31", actualDate = "2020-01-15" }, Ct);
        await staff.PostAsJsonWithVersionAsync($"/api/v1/projects/{id}/outputs", new { kind = "Publication", title = "A paper", doi = "https://doi.org/10.1234/imaging.2024", year = 2024 }, Ct);
        return created;
    }

    /// <summary>A browser-like client signed in through the sign-in form (cookie, antiforgery), not following redirects.</summary>
    private async Task<HttpClient> SignedInAsync(string role, int? organizationId = null)
    {
        var (email, password) = await App.CreateUserAsync(role, organizationId);
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(App.BaseUrl) };
        var login = await GetAsync("/account/login", client: client);
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = Token(login),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static string Token(string html) => AntiforgeryToken().Match(html).Groups[1].Value;

    [Fact]
    public async Task The_Hainaut_Biomed_page_in_French_shows_its_strands_partners_and_sub_projects()
    {
        var html = await GetAsync("/projects/hainaut-biomed", "fr");
        Assert.Contains("<html lang=\"fr\">", html);
        Assert.Contains("Statut non précisé", html);
        Assert.Contains("Volet 1", html);
        Assert.Contains("Un centre d'imagerie de pointe", html);
        Assert.Contains("Recherche conjointe entre académiques et entreprises", html);
        Assert.Contains("Soutien au centre de recherche conjoint ImmuneHealth", html);
        Assert.Contains("<dd>19</dd>", html);
        foreach (var slug in new[] { "ulb", "umons", "academie-wallonie-bruxelles", "biowin" })
            Assert.Contains($"href=\"/organizations/{await OrganizationAsync(slug)}\"", html);
        Assert.Contains("href=\"/projects/ocpam\"", html);
        Assert.Contains("href=\"/projects/pseudart\"", html);
        // Nothing the seed does not state: no dates, no amounts, no status presented as a fact.
        Assert.DoesNotContain("Prévu", html);
        Assert.DoesNotContain("€", html);
        Assert.DoesNotContain(">Début<", html);
    }

    [Fact]
    public async Task The_Hainaut_Biomed_page_in_English()
    {
        var html = await GetAsync("/projects/hainaut-biomed", "en");
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("Status not stated", html);
        Assert.Contains("Strand 3", html);
        Assert.Contains("A cutting-edge imaging centre", html);
        Assert.Contains("particularly in the field of immunological analyses", html);
        Assert.Contains("Université de Mons", html);

        // A title only the English source gives is marked as English on the French page.
        var ocpam = await GetAsync("/projects/ocpam", "fr");
        Assert.Contains("<span class=\"project-title\"><span lang=\"en\">Optimization of a Monoclonal Antibody Production Chain</span></span>", ocpam);
        Assert.Contains("href=\"/projects/hainaut-biomed\"", ocpam);
    }

    [Fact]
    public async Task The_project_page_carries_a_schema_org_ResearchProject()
    {
        var project = await StaffProjectAsync("Schemix");
        var html = await GetAsync($"/projects/{project.Slug}", "en");
        using var document = JsonDocument.Parse(JsonLd().Match(html).Groups[1].Value);
        var root = document.RootElement;
        Assert.Equal("https://schema.org", root.GetProperty("@context").GetString());
        Assert.Equal("ResearchProject", root.GetProperty("@type").GetString());
        Assert.Equal("Schemix: imaging for cell therapy", root.GetProperty("name").GetString());
        Assert.Equal("An English summary.", root.GetProperty("description").GetString());
        Assert.Equal("2019-01-01", root.GetProperty("startDate").GetString());
        Assert.Equal("2027-12-31", root.GetProperty("endDate").GetString());
        Assert.Equal("Walloon Region", root.GetProperty("funder").GetProperty("name").GetString());
        Assert.Equal("Walloon Region", root.GetProperty("sponsor").GetProperty("name").GetString());
        Assert.EndsWith($"/projects/{project.Slug}", root.GetProperty("url").GetString());
        var members = root.GetProperty("member").EnumerateArray().ToList();
        Assert.Equal(["IBA", "Université Libre de Bruxelles"], members.Select(m => m.GetProperty("name").GetString()).Order());
        Assert.All(members, m => Assert.Contains("/organizations/", m.GetProperty("@id").GetString()));

        var french = await GetAsync($"/projects/{project.Slug}", "fr");
        using var frenchLd = JsonDocument.Parse(JsonLd().Match(french).Groups[1].Value);
        Assert.Equal("Un résumé en français.", frenchLd.RootElement.GetProperty("description").GetString());

        // The demo project states no dates: the JSON-LD does not either.
        using var hainaut = JsonDocument.Parse(JsonLd().Match(await GetAsync("/projects/hainaut-biomed", "en")).Groups[1].Value);
        Assert.False(hainaut.RootElement.TryGetProperty("startDate", out _));
        Assert.Equal(4, hainaut.RootElement.GetProperty("member").GetArrayLength());
        Assert.Equal(["OCPAM", "PSEUDART"], hainaut.RootElement.GetProperty("subOrganization").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Late_milestones_are_flagged_and_dois_link_to_doi_org()
    {
        var project = await StaffProjectAsync("Retardix");
        var html = await GetAsync($"/projects/{project.Slug}", "en");
        Assert.Matches("<tr class=\"is-late\">\\s*<th scope=\"row\" class=\"identifier\">D1.1</th>", html);
        Assert.Contains("<span class=\"late-flag\"><span aria-hidden=\"true\">⚠ </span>Late</span>", html);
        Assert.Matches("<tr class=\"\">\\s*<th scope=\"row\" class=\"identifier\">M1</th>", html);
        Assert.Contains("href=\"https://doi.org/10.1234/imaging.2024\"", html);
        Assert.Contains("€200,000", html);
        Assert.Contains("Coordinator", html);
    }

    [Fact]
    public async Task The_portfolio_page_filters_and_shows_the_dashboard_without_javascript()
    {
        var project = await StaffProjectAsync("Tablix");
        var html = await GetAsync("/projects?q=tablix&status=Active", "fr");
        Assert.Contains("<h1>Projets</h1>", html);
        Assert.Contains($"href=\"/projects/{project.Slug}\"", html);
        Assert.DoesNotContain("href=\"/projects/hainaut-biomed\"", html);
        Assert.Matches("<option value=\"Active\" selected=\"selected\">", html);
        Assert.Contains("href=\"/api/v1/projects/export.csv?status=Active&q=tablix\"", html);

        Assert.Contains("Tableau de bord du portefeuille", html);
        Assert.Contains("Financement par domaine d'excellence", html);
        Assert.Contains("<th scope=\"row\">Thérapie cellulaire</th>", html);
        Assert.Contains("Financement par type de partenaire", html);
        Assert.Contains("<th scope=\"row\">Grande entreprise</th>", html);
        // One money format per language: the French one groups with a narrow no-break space and writes the cents.
        Assert.Matches("200\u202F000,00[\u00A0\u202F ]€", html);
        Assert.Contains("--share: 100%", html);
        Assert.Contains("€200,000.00", await GetAsync("/projects?q=tablix&status=Active", "en"));

        var all = await GetAsync("/projects", "en");
        Assert.Contains("href=\"/projects/hainaut-biomed\"", all);
        Assert.Contains("Portfolio dashboard", all);
        Assert.Contains("Status not stated", all);
        Assert.Contains("<a href=\"/projects\" aria-current=\"page\">Projects</a>", all);

        // Filters that are not understood are said and ignored.
        Assert.Contains("Some filters were not understood", await GetAsync("/projects?status=Dreaming", "en"));
    }

    [Fact]
    public async Task The_organization_page_links_its_projects()
    {
        var html = await GetAsync($"/organizations/{await OrganizationAsync("umons")}", "en");
        Assert.Contains("href=\"/projects/hainaut-biomed\"", html);
    }

    [Fact]
    public async Task An_unknown_project_is_a_404_page()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client.GetAsync("/projects/no-such-project", Ct)).StatusCode);
    }

    [Fact]
    public async Task Staff_edit_the_core_fields_and_a_stale_form_does_not_overwrite()
    {
        var project = await StaffProjectAsync("Editix");
        var path = $"/projects/{project.Slug}/edit";
        var anonymous = await SendAsync(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(App.BaseUrl) }, HttpMethod.Get, path, "fr");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.ToString());
        var member = await SendAsync(await SignedInAsync(Roles.MemberAdmin, await OrganizationAsync("ulb")), HttpMethod.Get, path, "fr");
        Assert.Contains("/account/denied", member.Headers.Location!.ToString());

        var staff = await SignedInAsync(Roles.ClusterStaff);
        var form = await GetAsync(path, "en", staff);
        var version = VersionField().Match(form).Groups[1].Value;
        Dictionary<string, string> Fields(string funder, string formVersion) => new()
        {
            ["__RequestVerificationToken"] = Token(form),
            ["Input.Version"] = formVersion,
            ["Input.Acronym"] = "Editix",
            ["Input.TitleEn"] = "Editix: imaging for cell therapy",
            ["Input.Status"] = "Completed",
            ["Input.StartDate"] = "2019-01-01",
            ["Input.EndDate"] = "2027-12-31",
            ["Input.Funder"] = funder,
            ["Input.Areas"] = "cell-therapy",
            ["KeywordsText"] = "imaging, cells",
        };

        var saved = await SendAsync(staff, HttpMethod.Post, path, "en", new FormUrlEncodedContent(Fields("FNRS", version)));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await App.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id));
        Assert.Equal(("FNRS", ProjectStatus.Completed), (stored.Funder, stored.Status));
        Assert.Equal(["imaging", "cells"], stored.Keywords);

        var stale = await SendAsync(staff, HttpMethod.Post, path, "en", new FormUrlEncodedContent(Fields("ERDF", version)));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else saved this project", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync(Ct)));
        Assert.Equal("FNRS", (await App.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == project.Id))).Funder);

        var backwards = Fields("FNRS", stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        backwards["Input.EndDate"] = "2018-01-01";
        var invalid = await SendAsync(staff, HttpMethod.Post, path, "fr", new FormUrlEncodedContent(backwards));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidHtml = WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync(Ct));
        Assert.Contains("id=\"err-endDate\"", invalidHtml);
        Assert.Contains("La date de fin précède la date de début.", invalidHtml);
    }

    [Fact]
    public async Task The_coordinator_reports_progress_against_the_remaining_budget_and_partners_read_the_reports()
    {
        var project = await StaffProjectAsync("Budgetix");
        var coordinator = await SignedInAsync(Roles.Member, await OrganizationAsync("ulb"));
        var path = $"/projects/{project.Slug}/reports/new";

        var form = await GetAsync(path, "fr", coordinator);
        Assert.Contains("Budget restant", form);
        Assert.Matches("200\u202F000,00[\u00A0\u202F ]€", form);
        Assert.Contains("<label class=\"visually-hidden\" for=\"f-spend-0--amount\">", form);
        var detail = await GetAsync($"/projects/{project.Slug}", "fr", coordinator);
        Assert.Contains($"href=\"/projects/{project.Slug}/reports/new\"", detail);

        var (ulb, iba) = (await OrganizationAsync("ulb"), await OrganizationAsync("iba"));
        Dictionary<string, string> Fields(string narrative, string amount) => new()
        {
            ["__RequestVerificationToken"] = Token(form),
            ["PeriodStart"] = "2019-01-01",
            ["PeriodEnd"] = "2019-12-31",
            ["Narrative"] = narrative,
            ["Spend[0].OrganizationId"] = ulb.ToString(),
            ["Spend[0].Amount"] = amount,
            ["Spend[1].OrganizationId"] = iba.ToString(),
            ["Spend[1].Amount"] = "",
        };

        var invalid = await SendAsync(coordinator, HttpMethod.Post, path, "fr", new FormUrlEncodedContent(Fields("", "douze")));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidHtml = WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync(Ct));
        Assert.Contains("id=\"err-spend-0--amount\"", invalidHtml);
        Assert.Contains("Indiquez un montant en euros, par exemple 1\u202F250,50", invalidHtml);
        var missingNarrative = WebUtility.HtmlDecode(await (await SendAsync(coordinator, HttpMethod.Post, path, "fr", new FormUrlEncodedContent(Fields("", "10")))).Content.ReadAsStringAsync(Ct));
        Assert.Contains("Le rapport narratif est obligatoire.", missingNarrative);

        var submitted = await SendAsync(coordinator, HttpMethod.Post, path, "fr", new FormUrlEncodedContent(Fields("Première année.", "12 345,67")));
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal($"/projects/{project.Slug}/reports?submitted=true", submitted.Headers.Location!.ToString());
        var report = await App.WithDbAsync(db => db.ProgressReports.AsNoTracking().SingleAsync(r => r.ProjectId == project.Id));
        Assert.Equal(12_345.67m, report.Spend.Single(s => s.Amount > 0).Amount);

        // A partner that does not coordinate reads the reports and the remaining budget, but has no form.
        var partner = await SignedInAsync(Roles.MemberAdmin, iba);
        var reports = await GetAsync($"/projects/{project.Slug}/reports", "en", partner);
        Assert.Contains("Première année.", reports);
        Assert.Contains("€187,654.33", reports);
        Assert.DoesNotContain("/reports/new", reports);
        Assert.Contains("/account/denied", (await SendAsync(partner, HttpMethod.Get, path, "en")).Headers.Location!.ToString());

        // Outsiders and anonymous visitors see neither the reports nor a link to them.
        var outsider = await SignedInAsync(Roles.MemberAdmin, await OrganizationAsync("uliege"));
        Assert.Contains("/account/denied", (await SendAsync(outsider, HttpMethod.Get, $"/projects/{project.Slug}/reports", "en")).Headers.Location!.ToString());
        Assert.DoesNotContain("/reports", await GetAsync($"/projects/{project.Slug}", "en"));
        Assert.DoesNotContain("Première année.", await GetAsync($"/projects/{project.Slug}", "en", outsider));
    }

    [Fact]
    public void Keys_built_from_portfolio_data_have_both_languages()
    {
        var keys = Enum.GetNames<ProjectStatus>().Select(s => $"status.{s}")
            .Concat(ProjectRoles.All.Select(r => $"role.{r}"))
            .Concat(Enum.GetNames<MilestoneKind>().Select(k => $"milestone.{k}"))
            .Concat(Enum.GetNames<OutputKind>().SelectMany(k => new[] { $"output.{k}", $"outputs.{k}" }))
            .Concat(Enum.GetNames<ProjectSource>().Select(s => $"source.{s}"))
            .Append("Status not stated");
        Assert.All(keys, key =>
        {
            Assert.True(ResourceFiles.French.ContainsKey(key), $"\"{key}\" has no French translation");
            Assert.True(key == "Status not stated" || ResourceFiles.English.ContainsKey(key), $"\"{key}\" has no English text");
        });
    }

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLd();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("name=\"Input.Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();
}
