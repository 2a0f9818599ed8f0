using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Infrastructure;

/// <summary>
/// Input hardening (ADR 015), the same on SQLite and on PostgreSQL: control characters are refused before any handler or
/// database sees them, websites are http(s) only, and every CSV export guards cells a spreadsheet would run as formulas.
/// </summary>
public abstract partial class InputHardeningContract
{
    protected abstract TestApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex AntiforgeryToken();

    private static object NewOrganization(string name, string? website = null, string personName = "Josiah Carberry", string? description = null) => new
    {
        name,
        type = "Sme",
        sectors = new[] { "diagnostics" },
        areas = new[] { "in-vitro-diagnostics" },
        city = "Namur",
        nutsCode = "BE352",
        website,
        descriptionEn = description,
        people = new[] { new { name = personName, role = "CSO" } },
    };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static void AssertFieldCode(JsonElement problem, string field, string code)
    {
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.Equal([code], problem.GetProperty("errorCodes").GetProperty(field).EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("\u0001bell")]
    [InlineData("esc\u001b[31m")]
    public async Task A_control_character_in_a_JSON_string_is_a_400_naming_the_field(string name)
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var before = await App.WithDbAsync(db => db.Organizations.CountAsync(Ct));

        var response = await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization(name), Ct);

        var problem = await ProblemAsync(response);
        Assert.Equal(InputGuard.Code, problem.GetProperty("code").GetString());
        AssertFieldCode(problem, "name", InputGuard.Code);
        Assert.Equal(before, await App.WithDbAsync(db => db.Organizations.CountAsync(Ct)));
    }

    [Fact]
    public async Task A_control_character_deep_in_a_JSON_body_names_its_path()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);

        var response = await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Chemin Bio", personName: "Jo\u0000siah"), Ct);

        AssertFieldCode(await ProblemAsync(response), "people[0].name", InputGuard.Code);
    }

    [Fact]
    public async Task Tab_carriage_return_and_line_feed_are_text()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);

        var response = await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Tabulée Bio", description: "line one\r\n\tline two"), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_control_character_in_the_query_string_is_a_400_naming_the_parameter()
    {
        var response = await App.Client.GetAsync("/api/v1/organizations?q=a%00b", Ct);

        var problem = await ProblemAsync(response);
        AssertFieldCode(problem, "q", InputGuard.Code);
        Assert.Equal(HttpStatusCode.BadRequest, (await App.Client.GetAsync("/organizations?q=a%01b", Ct)).StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_control_character_in_a_page_form_is_the_error_page_and_nothing_is_saved(bool multipart)
    {
        var (email, password) = await App.CreateUserAsync(Roles.ClusterStaff);
        using var client = await App.PageClientAsync(email, password, "en");
        var stored = await App.WithDbAsync(db => db.Organizations.Where(o => o.Slug == "uliege").Select(o => new { o.Id, o.Name }).SingleAsync(Ct));
        var (id, name) = (stored.Id, stored.Name);
        var form = await client.GetStringAsync($"/organizations/{id}/edit", Ct);
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
            ["Input.Name"] = "Université\u0000de Liège",
            ["Input.Type"] = "University",
        };
        HttpContent content = multipart ? Multipart(fields) : new FormUrlEncodedContent(fields);

        using var response = await client.PostAsync($"/organizations/{id}/edit", content, Ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("The request could not be read", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(name, await App.WithDbAsync(db => db.Organizations.Where(o => o.Id == id).Select(o => o.Name).SingleAsync(Ct)));
    }

    private static MultipartFormDataContent Multipart(Dictionary<string, string> fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields) content.Add(new StringContent(value, Encoding.UTF8), name);
        return content;
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)", WebAddress.SchemeCode)]
    [InlineData("ftp://ftp.example.org/", WebAddress.SchemeCode)]
    [InlineData("data:text/html,hello", WebAddress.SchemeCode)]
    [InlineData("www.example.org", "organization.website.invalid")]
    public async Task A_website_that_is_not_absolute_http_is_a_field_error(string website, string code)
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);

        var response = await staff.PostAsJsonAsync("/api/v1/organizations", NewOrganization("Site Bio " + code.Length, website), Ct);

        AssertFieldCode(await ProblemAsync(response), "website", code);
    }

    [Fact]
    public async Task A_formula_in_a_name_comes_out_guarded_from_every_organization_and_project_export()
    {
        const string formula = "=HYPERLINK(\"https://evil.example\",\"click\")";
        var id = await App.WithDbAsync(async db =>
        {
            var coordinator = await db.Set<Biotope.Features.Projects.ProjectPartner>().Where(p => p.Role == "coordinator").Select(p => p.OrganizationId).FirstAsync(Ct);
            var organization = await db.Organizations.SingleAsync(o => o.Id == coordinator, Ct);
            organization.Name = formula;
            await db.SaveChangesAsync(Ct);
            return coordinator;
        });
        const string guarded = "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\")\"";

        var output = new StringWriter();
        var args = App.IsPostgres
            ? new[] { "export", "organizations", "--format", "csv", "--database", App.Settings.PostgresConnectionString! }
            : ["export", "organizations", "--format", "csv", "--data-dir", App.Settings.DataDir];
        Assert.Equal(0, await Cli.RunAsync(args, output, new StringWriter()));
        var row = output.ToString().Split("\r\n").Single(l => l.StartsWith($"{id},", StringComparison.Ordinal));
        Assert.Contains("," + guarded + ",", row);

        var projects = await App.Client.GetStringAsync($"/api/v1/projects/export.csv?partner={id}", Ct);
        Assert.Contains("," + guarded + ",", projects);
        Assert.DoesNotContain(",\"=HYPERLINK", projects);
    }
}

public sealed class SqliteInputHardeningTests(SqliteAppFixture fixture) : InputHardeningContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresInputHardeningTests(PostgresAppFixture fixture) : InputHardeningContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}
