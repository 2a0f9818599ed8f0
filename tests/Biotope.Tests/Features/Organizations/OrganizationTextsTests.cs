using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Organizations;

/// <summary>The directory in both languages: coded refusals, place names, plurals.</summary>
public sealed class OrganizationTextsTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> IdAsync(string slug) => App.WithDbAsync(db => db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, string language, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<string> PageAsync(string path, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await App.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Fact]
    public async Task An_edit_refusal_speaks_the_request_language_and_keeps_its_code()
    {
        var (ulb, umons) = (await IdAsync("ulb"), await IdAsync("umons"));
        var member = await App.ClientAsAsync(Roles.MemberAdmin, ulb);

        var french = await SendAsync(member, HttpMethod.Put, $"/api/v1/organizations/{umons}", "fr", new { name = "UMONS", type = "University", version = 1 }, HttpStatusCode.Forbidden);
        var english = await SendAsync(member, HttpMethod.Put, $"/api/v1/organizations/{umons}", "en", new { name = "UMONS", type = "University", version = 1 }, HttpStatusCode.Forbidden);

        Assert.Equal("organization.edit.forbidden", french.GetProperty("code").GetString());
        Assert.Equal("organization.edit.forbidden", english.GetProperty("code").GetString());
        Assert.Equal("Vous ne pouvez modifier que votre propre organisation.", french.GetProperty("detail").GetString());
        Assert.Equal("You can edit only your own organization.", english.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Field_errors_carry_a_code_each_and_read_in_French()
    {
        var ulb = await IdAsync("ulb");
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var body = new { name = " ", type = "University", rorId = "02495e988", nutsCode = "BE9", version = 1 };

        var french = await SendAsync(staff, HttpMethod.Put, $"/api/v1/organizations/{ulb}", "fr", body, HttpStatusCode.BadRequest);
        var english = await SendAsync(staff, HttpMethod.Put, $"/api/v1/organizations/{ulb}", "en", body, HttpStatusCode.BadRequest);

        var codes = french.GetProperty("errorCodes");
        Assert.Equal("organization.name.required", codes.GetProperty("name")[0].GetString());
        Assert.Equal("identifier.ror.check-digits", codes.GetProperty("rorId")[0].GetString());
        Assert.Equal("organization.nuts.unknown", codes.GetProperty("nutsCode")[0].GetString());
        Assert.Equal("Le nom est obligatoire.", french.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.StartsWith("«\u00A0BE9\u00A0» n'est pas un code NUTS", french.GetProperty("errors").GetProperty("nutsCode")[0].GetString());
        Assert.Equal("The name is required.", english.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal(JsonValueKind.String, french.GetProperty("title").ValueKind);
        Assert.NotEqual(french.GetProperty("title").GetString(), english.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_Brussels_organization_reads_Bruxelles_in_French_and_Brussels_in_English()
    {
        var ulb = await IdAsync("ulb");
        var french = await PageAsync($"/organizations/{ulb}", "fr");
        var english = await PageAsync($"/organizations/{ulb}", "en");

        Assert.Contains("<span class=\"city\">Bruxelles</span>", french);
        Assert.Contains("<span class=\"city\">Brussels</span>", english);
        // NUTS regions are named in the reader's language too.
        Assert.Contains("Arr. de Bruxelles-Capitale", french);
        Assert.Contains("Arrondissement of Brussels-Capital", english);
        // Only the French name is known: the English page says so.
        Assert.Contains("<span lang=\"fr\">Université Libre de Bruxelles</span>", english);

        Assert.Contains("<span class=\"city\">Bruxelles</span>", await PageAsync("/organizations?q=ulb", "fr"));
    }

    [Fact]
    public async Task A_public_body_is_named_officially_in_each_language()
    {
        var community = await IdAsync("french-community-of-belgium");
        Assert.Contains("Communauté française de Belgique", await PageAsync($"/organizations/{community}", "fr"));
        Assert.Contains("<h1>French Community of Belgium", await PageAsync($"/organizations/{community}", "en"));
    }

    [Theory]
    [InlineData("fr", 0, "0 partenaire")]
    [InlineData("fr", 1, "1 partenaire")]
    [InlineData("fr", 2, "2 partenaires")]
    [InlineData("en", 1, "1 partner")]
    [InlineData("en", 2, "2 partners")]
    [InlineData("fr", 1, "1 organisation", "{0} organizations")]
    [InlineData("fr", 1250, "1\u202F250 organisations", "{0} organizations")]
    [InlineData("en", 1, "1 project", "{0} projects")]
    [InlineData("fr", 3, "3 projets", "{0} projects")]
    public void Counts_agree_with_their_nouns(string language, int count, string expected, string key = "{0} partners") =>
        Assert.Equal(expected, Texts.For(language).Plural(key, count));

    [Fact]
    public async Task The_directory_counts_with_the_right_plural()
    {
        var html = await PageAsync("/organizations?q=ulb&type=University", "fr");
        Assert.Matches(@"\d+ organisations?\b", html);
        Assert.DoesNotContain("(s)", html);
    }
}
