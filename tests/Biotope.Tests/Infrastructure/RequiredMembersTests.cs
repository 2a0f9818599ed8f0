using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Biotope.Features.Accounts;

namespace Biotope.Tests.Infrastructure;

/// <summary>Null or missing collections and objects in a JSON body are 400 field errors before a handler runs (ADR 016).</summary>
public sealed class RequiredMembersTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Theory]
    [InlineData("""{"rates":null}""", "rates")]
    [InlineData("""{"rates":[null]}""", "rates[0]")]
    public async Task A_null_list_or_item_is_a_field_error(string body, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        using var staff = await fixture.App.ClientAsAsync(Roles.ClusterStaff);
        var equipment = JsonNode.Parse(await staff.GetStringAsync("/api/v1/equipment", ct))!.AsArray();
        var id = (int)equipment[0]!["id"]!;

        using var response = await staff.PutAsync($"/api/v1/equipment/{id}/rates", new StringContent(body, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("problem.field.required", (string?)problem["errorCodes"]?[field]?[0]);
    }

    [Fact]
    public async Task A_missing_record_list_is_a_field_error()
    {
        var ct = TestContext.Current.CancellationToken;
        using var staff = await fixture.App.ClientAsAsync(Roles.ClusterStaff);
        // ReviewInput(List<ScoreInput> Scores, …): left out, the list would be null in the handler.
        using var response = await staff.PutAsync("/api/v1/proposals/1/consensus", new StringContent("{}", Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("problem.field.required", (string?)problem["errorCodes"]?["scores"]?[0]);
    }
}
