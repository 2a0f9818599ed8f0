using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Organizations;

/// <summary>
/// The organizations API, asserted identically on SQLite and on PostgreSQL (the two subclasses below):
/// the same searches must give the same answers on both databases.
/// </summary>
public abstract class OrganizationsApiContract
{
    protected abstract TestApp App { get; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<SearchResponse> SearchAsync(string query)
    {
        var response = await App.Client.GetAsync($"/api/v1/organizations?{query}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SearchResponse>(Json, TestContext.Current.CancellationToken))!;
    }

    private Task<int> IdOfAsync(string slug) => App.WithDbAsync(db => db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());

    [Fact]
    public async Task Search_is_accent_and_case_insensitive()
    {
        var plain = await SearchAsync("q=liege&pageSize=100");
        var upper = await SearchAsync("q=LI%C3%88GE&pageSize=100");
        var accented = await SearchAsync("q=Li%C3%A8ge&pageSize=100");
        Assert.Contains(plain.Items, o => o.Slug == "uliege");
        Assert.Equal(plain.Items.Select(o => o.Id), upper.Items.Select(o => o.Id));
        Assert.Equal(plain.Items.Select(o => o.Id), accented.Items.Select(o => o.Id));
        Assert.Equal(plain.Total, accented.Total);
    }

    [Fact]
    public async Task The_best_match_for_a_name_comes_first()
    {
        var result = await SearchAsync("q=universite%20de%20liege");
        Assert.Equal("uliege", result.Items[0].Slug);
    }

    [Fact]
    public async Task A_prefix_finds_whole_words_while_typing()
    {
        var result = await SearchAsync("q=immun&pageSize=100");
        Assert.NotEmpty(result.Items);
        Assert.All(result.Items, o => Assert.Contains("immun", SearchTextOf(o.Id).Result, StringComparison.Ordinal));
        Assert.Empty(result.Corrections);
    }

    [Fact]
    public async Task One_typo_is_tolerated_in_words_of_five_letters_or_more()
    {
        var typo = await SearchAsync("q=louvian&pageSize=100");
        var right = await SearchAsync("q=louvain&pageSize=100");
        Assert.Contains("louvain", typo.Corrections);
        Assert.NotEmpty(right.Items);
        Assert.Equal(right.Items.Select(o => o.Id).Order(), typo.Items.Select(o => o.Id).Order());
    }

    [Fact]
    public async Task A_french_word_finds_the_organizations_described_in_english_and_in_french()
    {
        var result = await SearchAsync("q=immunologie&pageSize=100");
        // "Institute of Medical Immunology" by its English name, ImmuneHealth by its "analyses immunologiques".
        Assert.Contains(result.Items, o => o.Slug == "imi");
        Assert.Contains(result.Items, o => o.Slug == "immunehealth");
        Assert.Equal("imi", result.Items[0].Slug);
        Assert.Empty(result.Corrections);
    }

    [Theory]
    [InlineData("th%C3%A9rapies%20cellulaires", "cell-therapy", "biowin")]
    [InlineData("imagerie", "imaging", "hainaut-biomed-imaging-centre")]
    public async Task French_words_find_every_organization_tagged_with_the_english_term(string q, string code, string example)
    {
        var result = await SearchAsync($"q={q}&pageSize=100");
        var tagged = await App.WithDbAsync(async db => (await db.Organizations.AsNoTracking().Where(o => o.DeletedAt == null).ToListAsync())
            .Where(o => o.Areas.Contains(code) || o.Capabilities.Contains(code)).Select(o => o.Slug).ToList());
        Assert.Contains(example, tagged);
        Assert.All(tagged, slug => Assert.Contains(result.Items, o => o.Slug == slug));
    }

    [Fact]
    public async Task Another_form_of_a_word_is_no_typo_and_the_word_itself_still_matches_as_a_prefix()
    {
        var english = await SearchAsync("q=immunological&pageSize=100");
        var typing = await SearchAsync("q=immunolo&pageSize=100");
        Assert.Contains(english.Items, o => o.Slug == "imi");
        Assert.Empty(english.Corrections);
        Assert.Contains(typing.Items, o => o.Slug == "immunehealth");
    }

    [Fact]
    public async Task A_search_text_written_by_an_older_normalizer_is_rewritten_on_migration()
    {
        var id = await IdOfAsync("imi");
        var stale = await App.WithDbAsync(async db =>
        {
            var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id);
            await db.Organizations.Where(o => o.Id == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.SearchText, "immunology").SetProperty(o => o.SearchVersion, 0));
            return organization;
        });
        var rewritten = await App.WithDbAsync(async db =>
        {
            await Biotope.Data.Migrator.MigrateAsync(db, TestContext.Current.CancellationToken);
            return await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id);
        });
        Assert.Equal(Biotope.Features.Organizations.Search.SearchDocument.Version, rewritten.SearchVersion);
        Assert.Equal(stale.SearchText, rewritten.SearchText);
        Assert.Equal(stale.UpdatedAt, rewritten.UpdatedAt);
        Assert.Equal(stale.Version, rewritten.Version);
        Assert.Contains(" xqimmunolog", rewritten.SearchText);
    }

    [Fact]
    public async Task Short_words_get_no_typo_tolerance()
    {
        var result = await SearchAsync("q=mosn");
        Assert.Equal(0, result.Total);
        Assert.Empty(result.Corrections);
    }

    [Fact]
    public async Task Facets_count_every_filter_and_filters_combine()
    {
        var all = await SearchAsync("pageSize=1");
        Assert.Equal(["area", "member", "province", "sector", "stage", "type"], all.Facets.Keys.Order());
        var universities = all.Facets["type"].Single(f => f.Value == "University").Count;
        Assert.True(universities >= 3);

        var filtered = await SearchAsync("type=University&pageSize=100");
        Assert.Equal(universities, filtered.Total);
        Assert.All(filtered.Items, o => Assert.Equal("University", o.Type));
        // A facet's own counts ignore its own filter, so other types stay visible to widen the search.
        Assert.True(filtered.Facets["type"].Count(f => f.Count > 0) > 1);
        Assert.True(filtered.Facets["type"].Single(f => f.Value == "University").Selected);

        var both = await SearchAsync("type=University&type=ResearchInstitute&pageSize=100");
        Assert.Equal(universities + all.Facets["type"].Single(f => f.Value == "ResearchInstitute").Count, both.Total);

        var liegeUniversities = await SearchAsync("type=University&province=BE33&pageSize=100");
        Assert.Contains(liegeUniversities.Items, o => o.Slug == "uliege");
        Assert.All(liegeUniversities.Items, o => Assert.StartsWith("BE33", o.NutsCode));
    }

    [Fact]
    public async Task Results_sort_by_name_and_page()
    {
        var first = await SearchAsync("sort=name&pageSize=5&page=1");
        var second = await SearchAsync("sort=name&pageSize=5&page=2");
        Assert.Equal(5, first.Items.Count);
        Assert.Empty(first.Items.Select(o => o.Id).Intersect(second.Items.Select(o => o.Id)));
        var names = first.Items.Concat(second.Items).Select(o => Biotope.Features.Organizations.Search.TextNormalizer.Normalize(o.Name)).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public async Task Results_sort_by_name_descending_and_by_last_update()
    {
        var descending = await SearchAsync("sort=-name&pageSize=100");
        var names = descending.Items.Select(o => Biotope.Features.Organizations.Search.TextNormalizer.Normalize(o.Name)).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal).Reverse(), names);

        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var created = await (await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Fraîcheur Analytics"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<OrganizationDetails>(Json, TestContext.Current.CancellationToken);
        var updated = await SearchAsync("sort=updated&pageSize=5");
        Assert.Equal(created!.Id, updated.Items[0].Id);
    }

    [Theory]
    [InlineData("type=Spaceship", "type")]
    [InlineData("area=astrology", "area")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("sort=random", "sort")]
    [InlineData("member=maybe", "member")]
    public async Task Bad_search_parameters_get_a_problem_naming_the_field(string query, string field)
    {
        var response = await App.Client.GetAsync($"/api/v1/organizations?{query}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_organization_reads_with_its_etag_and_an_unknown_one_is_a_404_problem()
    {
        var id = await IdOfAsync("uliege");
        var response = await App.Client.GetAsync($"/api/v1/organizations/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var details = await response.Content.ReadFromJsonAsync<OrganizationDetails>(Json, TestContext.Current.CancellationToken);
        Assert.Equal("University", details!.Type);

        var missing = await App.Client.GetAsync("/api/v1/organizations/999999", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    private static object NewOrganization(string name, string? enterpriseNumber = null, string? ror = null, string? orcid = null) => new
    {
        name,
        type = "Sme",
        sectors = new[] { "diagnostics" },
        areas = new[] { "in-vitro-diagnostics" },
        city = "Namur",
        nutsCode = "BE352",
        enterpriseNumber,
        rorId = ror,
        people = orcid is null ? Array.Empty<object>() : [new { name = "Josiah Carberry", role = "CSO", orcid }],
    };

    [Fact]
    public async Task Writing_needs_a_token_and_the_right_role()
    {
        var anonymous = await App.Client.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Anonyme SA"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var member = await App.ClientAsAsync(Roles.Member, await IdOfAsync("uliege"));
        var forbidden = await member.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Membre SA"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Staff_create_an_organization_that_search_then_finds()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var response = await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Quetzalbiotix Diagnostics", orcid: "0000-0002-1825-0097"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
        var created = await response.Content.ReadFromJsonAsync<OrganizationDetails>(Json, TestContext.Current.CancellationToken);
        Assert.Equal("0000-0002-1825-0097", created!.People.Single().Orcid);

        var found = await SearchAsync("q=quetzalbio");
        Assert.Equal(created.Id, Assert.Single(found.Items).Id);
    }

    [Fact]
    public async Task A_search_asked_before_a_change_sees_the_change_when_asked_again()
    {
        Assert.Equal(0, (await SearchAsync("q=zyxwvutbio")).Total);
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var created = await (await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Zyxwvutbio Labs"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<OrganizationDetails>(Json, TestContext.Current.CancellationToken);
        Assert.Equal(created!.Id, Assert.Single((await SearchAsync("q=zyxwvutbio")).Items).Id);

        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteWithVersionAsync($"/api/v1/organizations/{created.Id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(0, (await SearchAsync("q=zyxwvutbio")).Total);
    }

    [Theory]
    [InlineData("enterpriseNumber", "0123.456.789")]
    [InlineData("rorId", "02495e988")]
    public async Task Invalid_identifiers_are_refused_naming_the_field(string field, string value)
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var body = field == "rorId" ? NewOrganization("Mauvais ROR", ror: value) : NewOrganization("Mauvais numéro", enterpriseNumber: value);
        var response = await staff.PostAsJsonAsync("/api/v1/organizations", body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_invalid_orcid_is_refused_naming_the_person_field()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var response = await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Mauvais ORCID", orcid: "0000-0002-1825-0098"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("people[0].orcid", out _), problem.ToString());
    }

    [Fact]
    public async Task A_stale_write_is_refused_and_never_overwrites()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var created = await (await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Concurrence Bio"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<OrganizationDetails>(Json, TestContext.Current.CancellationToken);
        var url = $"/api/v1/organizations/{created!.Id}";

        async Task<HttpResponseMessage> Put(string city, string? ifMatch, int? version)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, url)
            {
                Content = JsonContent.Create(new { name = "Concurrence Bio", type = "Sme", city, nutsCode = "BE352", version }),
            };
            if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return await staff.SendAsync(request, TestContext.Current.CancellationToken);
        }

        var first = await Put("Gembloux", "\"1\"", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        var staleHeader = await Put("Dinant", "\"1\"", null);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleHeader.StatusCode);
        var staleBody = await Put("Dinant", null, 1);
        Assert.Equal(HttpStatusCode.Conflict, staleBody.StatusCode);
        var none = await Put("Dinant", null, null);
        Assert.Equal((HttpStatusCode)428, none.StatusCode);

        var stored = await App.Client.GetFromJsonAsync<OrganizationDetails>(url, Json, TestContext.Current.CancellationToken);
        Assert.Equal("Gembloux", stored!.City);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Changing_only_the_people_is_a_new_version()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var created = await (await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Personnel Bio"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<OrganizationDetails>(Json, TestContext.Current.CancellationToken);
        var body = new
        {
            name = "Personnel Bio",
            type = "Sme",
            sectors = new[] { "diagnostics" },
            areas = new[] { "in-vitro-diagnostics" },
            city = "Namur",
            nutsCode = "BE352",
            people = new[] { new { name = "Ada Lovelace", role = "CTO" } },
            version = 1
        };
        var changed = await staff.PutAsJsonAsync($"/api/v1/organizations/{created!.Id}", body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"2\"", changed.Headers.ETag?.Tag);
        var stale = await staff.PutAsJsonAsync($"/api/v1/organizations/{created.Id}", body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task A_member_admin_edits_their_own_organization_only()
    {
        var own = await IdOfAsync("uliege");
        var other = await IdOfAsync("uclouvain");
        var admin = await App.ClientAsAsync(Roles.MemberAdmin, own);
        var current = await App.Client.GetFromJsonAsync<OrganizationDetails>($"/api/v1/organizations/{own}", Json, TestContext.Current.CancellationToken);
        var input = OrganizationInput.From(await App.WithDbAsync(db => db.Organizations.Include(o => o.People).Include(o => o.Relations).SingleAsync(o => o.Id == own)));
        input.DescriptionEn = "Edited by its member admin.";

        var ownResponse = await admin.PutAsJsonAsync($"/api/v1/organizations/{own}", input, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ownResponse.StatusCode);

        var otherInput = OrganizationInput.From(await App.WithDbAsync(db => db.Organizations.Include(o => o.People).Include(o => o.Relations).SingleAsync(o => o.Id == other)));
        var otherResponse = await admin.PutAsJsonAsync($"/api/v1/organizations/{other}", otherInput, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, otherResponse.StatusCode);

        input.Version = current!.Version + 1;
        input.Membership = "Former";
        var membership = await admin.PutAsJsonAsync($"/api/v1/organizations/{own}", input, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, membership.StatusCode); // a field only staff change (ADR 017)
    }

    [Fact]
    public async Task Deletion_is_soft_and_for_staff_only()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var created = await (await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Éphémère Biotech"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<OrganizationDetails>(Json, TestContext.Current.CancellationToken);
        var url = $"/api/v1/organizations/{created!.Id}";

        var memberAdmin = await App.ClientAsAsync(Roles.MemberAdmin, created.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberAdmin.DeleteWithVersionAsync(url, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteWithVersionAsync(url, TestContext.Current.CancellationToken)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await App.Client.GetAsync(url, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(0, (await SearchAsync("q=ephemere")).Total);
        var row = await App.WithDbAsync(db => db.Organizations.SingleAsync(o => o.Id == created.Id));
        Assert.NotNull(row.DeletedAt);
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_log_with_who_before_and_after()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var created = await (await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Traçabilité SRL"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<OrganizationDetails>(Json, TestContext.Current.CancellationToken);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/organizations/{created!.Id}")
        {
            Content = JsonContent.Create(new { name = "Traçabilité SRL", type = "StartUp", city = "Namur", version = 1 }),
        };
        Assert.Equal(HttpStatusCode.OK, (await staff.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);

        var entries = await App.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Organization" && e.EntityId == created.Id.ToString()).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["Added", "Modified"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.StartsWith("clusterstaff-", e.UserEmail));
        Assert.Contains("\"Type\":\"Sme\"", entries[1].Before);
        Assert.Contains("\"Type\":\"StartUp\"", entries[1].After);
    }

    [Fact]
    public async Task The_audit_log_shows_owned_parts_on_both_sides_so_an_untouched_list_is_no_change()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var created = await (await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Identifiants SA"), TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<OrganizationDetails>(Json, TestContext.Current.CancellationToken);
        await App.WithDbAsync(async db =>
        {
            var row = await db.Organizations.SingleAsync(o => o.Id == created!.Id);
            row.ExternalIds = [new ExternalId { Scheme = "Wikidata", Value = "Q42" }, new ExternalId { Scheme = "GRID", Value = "grid.1.2" }];
            return await db.SaveChangesAsync();
        });
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/organizations/{created!.Id}")
        {
            Content = JsonContent.Create(new { name = "Identifiants SA", type = "Sme", city = "Mons", version = 2 }),
        };
        Assert.Equal(HttpStatusCode.OK, (await staff.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);

        var entries = await App.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Organization" && e.EntityId == created.Id.ToString()).OrderBy(e => e.Id).ToListAsync());
        var identifiersSet = JsonDocument.Parse(entries[1].After!).RootElement.GetProperty("ExternalIds");
        Assert.Equal(0, JsonDocument.Parse(entries[1].Before!).RootElement.GetProperty("ExternalIds").GetArrayLength());
        Assert.Equal(["Q42", "grid.1.2"], identifiersSet.EnumerateArray().Select(e => e.GetProperty("Value").GetString()));
        var edited = entries[2];
        Assert.Equal(JsonDocument.Parse(edited.Before!).RootElement.GetProperty("ExternalIds").GetRawText(), JsonDocument.Parse(edited.After!).RootElement.GetProperty("ExternalIds").GetRawText());
        Assert.Contains("\"City\":\"Mons\"", edited.After);
    }

    [Fact]
    public async Task A_malformed_body_gets_a_problem_saying_what_is_wrong()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var response = await staff.PostAsync("/api/v1/organizations",
            new StringContent("{\"name\": \"Virgule\",,}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("JSON", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_taxonomy_lists_the_two_level_areas_of_excellence()
    {
        var taxonomy = await App.Client.GetFromJsonAsync<TaxonomyDto>("/api/v1/taxonomy", Json, TestContext.Current.CancellationToken);
        Assert.Equal(["advanced-therapies", "medical-technology", "nuclear-medicine"], taxonomy!.Areas.Select(a => a.Code));
        Assert.Contains(taxonomy.Areas[2].Children!, c => c.Code == "theranostics");
        Assert.Contains(taxonomy.Types, t => t.Code == "UniversitySpinOff");
    }

    [Fact]
    public async Task Health_and_openapi_answer()
    {
        var health = await App.Client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var openApi = await App.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", TestContext.Current.CancellationToken);
        var paths = openApi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/organizations", out _));
        Assert.True(paths.TryGetProperty("/api/v1/organizations/{id}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/taxonomy", out _));
        var docs = await App.Client.GetAsync("/api/docs/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    private Task<string> SearchTextOf(int id) => App.WithDbAsync(db => db.Organizations.Where(o => o.Id == id).Select(o => o.SearchText).SingleAsync());
}

public sealed class SqliteOrganizationsApiTests(SqliteAppFixture fixture) : OrganizationsApiContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresOrganizationsApiTests(PostgresAppFixture fixture) : OrganizationsApiContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}
