using System.Net;
using System.Text.RegularExpressions;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Platforms;

/// <summary>
/// Every write of the platforms capability (platforms, equipment, bookings, services, training, calendars, statements),
/// read from the OpenAPI document so a new endpoint cannot slip past: a visitor gets 401 and nothing changes.
/// The feature contracts test the finer rights (other platform's manager, other member) endpoint by endpoint.
/// </summary>
public sealed class PlatformsRightsSweepTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private static readonly string[] Tags = ["Platforms", "Bookings", "Services", "Training", "Calendars", "Statements"];

    /// <summary>Reading these is personal or for the platform's people only.</summary>
    private static readonly string[] PrivateReads =
        ["/api/v1/bookings", "/api/v1/service-requests", "/api/v1/calendar-feeds", "/api/v1/certificates", "/api/v1/statements", "/api/v1/training/sessions/{}/enrolments"];

    [Fact]
    public async Task Visitors_get_401_on_every_write_and_private_read_and_nothing_is_stored()
    {
        var app = fixture.App;
        var document = await app.Client.GetJsonAsync("/openapi/v1.json");
        var auditBefore = await app.WithDbAsync(db => Task.FromResult(db.AuditEntries.Count()));
        var checkedOperations = 0;
        var failures = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (!operation.Value.TryGetProperty("tags", out var tags) || !tags.EnumerateArray().Any(t => Tags.Contains(t.GetString()))) continue;
                var method = operation.Name.ToUpperInvariant();
                var template = Regex.Replace(path.Name, @"\{[^}]+\}", "{}");
                var isPrivateRead = method == "GET" && PrivateReads.Any(p => template == p || template.StartsWith(p + "/", StringComparison.Ordinal));
                if (method == "GET" && !isPrivateRead) continue;
                using var request = new HttpRequestMessage(new HttpMethod(method), template.Replace("{}", "1", StringComparison.Ordinal));
                if (method is "POST" or "PUT") request.Content = System.Net.Http.Json.JsonContent.Create(new { });
                using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
                checkedOperations++;
                if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{method} {path.Name}: {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, "Not 401 for a visitor: " + string.Join("; ", failures));
        Assert.True(checkedOperations >= 30, $"only {checkedOperations} operations checked");
        Assert.Equal(auditBefore, await app.WithDbAsync(db => Task.FromResult(db.AuditEntries.Count())));
    }
}
