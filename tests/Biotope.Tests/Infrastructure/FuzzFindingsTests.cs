using System.Net;
using System.Text.Json.Nodes;
using Biotope.Infrastructure;

namespace Biotope.Tests.Infrastructure;

/// <summary>The 5xx the fuzz run found (ADR 016), kept as plain tests: dates far out are field errors, not overflows.</summary>
public sealed class FuzzFindingsTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31T23:59:59.9999999+14:00")]
    [InlineData("9999-12-31T23:00")]
    public void A_time_out_of_range_is_refused_with_its_code(string text)
    {
        Assert.False(BrusselsTime.TryRead(text, out _, out var error));
        Assert.Equal("time.out-of-range", error!.Key);
    }

    [Theory]
    [InlineData("from=9999-12-31", "from")]
    [InlineData("from=0001-01-01", "from")]
    [InlineData("week=9999-W52", "week")]
    public async Task Availability_far_out_is_a_field_error(string query, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var equipment = JsonNode.Parse(await fixture.App.Client.GetStringAsync("/api/v1/equipment", ct))!.AsArray();
        using var response = await fixture.App.Client.GetAsync($"/api/v1/equipment/{(int)equipment[0]!["id"]!}/availability?{query}", ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.NotNull(problem["errors"]?[field]);
    }
}
