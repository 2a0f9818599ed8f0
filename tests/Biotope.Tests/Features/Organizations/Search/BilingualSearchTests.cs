using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Organizations;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Organizations.Search;

/// <summary>French and English forms of a word give the same result lists, in the same order, on SQLite and PostgreSQL (ADR 011).</summary>
public sealed class BilingualSearchTests(SqliteAppFixture sqlite, PostgresAppFixture postgres) : IClassFixture<SqliteAppFixture>, IClassFixture<PostgresAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static async Task<List<string>> SlugsAsync(TestApp app, string q)
    {
        var response = await app.Client.GetFromJsonAsync<SearchResponse>($"/api/v1/organizations?q={Uri.EscapeDataString(q)}&pageSize=100", Json, TestContext.Current.CancellationToken);
        return [.. response!.Items.Select(o => o.Slug)];
    }

    [Theory]
    [InlineData("immunologie")]
    [InlineData("immunology")]
    [InlineData("thérapies cellulaires")]
    [InlineData("cell therapy")]
    [InlineData("imagerie")]
    [InlineData("imaging")]
    [InlineData("technologies médicales")]
    [InlineData("liege")]
    [InlineData("immun")]
    public async Task Both_databases_give_the_same_list(string q)
    {
        var onPostgres = await SlugsAsync(postgres.Require(), q);
        var onSqlite = await SlugsAsync(sqlite.App, q);
        Assert.NotEmpty(onSqlite);
        Assert.Equal(onSqlite, onPostgres);
    }

    [Theory]
    [InlineData("immunologie", "immunology")]
    [InlineData("thérapies cellulaires", "cell therapy")]
    [InlineData("imagerie", "imaging")]
    [InlineData("technologie", "technology")]
    public async Task A_word_and_its_other_language_form_find_the_same_organizations(string french, string english)
    {
        var fromFrench = await SlugsAsync(sqlite.App, french);
        var fromEnglish = await SlugsAsync(sqlite.App, english);
        Assert.NotEmpty(fromFrench);
        Assert.Equal(fromEnglish.Order(), fromFrench.Order());
    }
}
