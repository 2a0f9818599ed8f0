using System.Text.Json.Nodes;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Infrastructure;

/// <summary>The served OpenAPI document passes Redocly's recommended rules and says what each operation requires (ADR 016).</summary>
public sealed class OpenApiDocumentTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private static readonly string TestsDir = Path.Combine(TestPaths.RepoRoot, "tests", "Biotope.Tests");
    private static readonly string Redocly = Path.Combine(TestsDir, "node_modules", ".bin", "redocly");

    [Fact]
    public async Task Redocly_lint_finds_no_error()
    {
        if (!File.Exists(Redocly))
        {
            var reason = $"@redocly/cli is not installed ({Redocly}); run scripts/test (or npm ci in tests/Biotope.Tests).";
            if (ServiceRequirement.Required) throw new InvalidOperationException(reason + " (services are required in this run)");
            Assert.Skip(reason);
        }
        var file = Path.Combine(Path.GetTempPath(), $"biotope-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await fixture.App.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        try
        {
            var result = await ProcessRunner.RunAsync(Redocly,
                ["lint", file, "--config", Path.Combine(TestsDir, "redocly.yaml"), "--format", "stylish", "--max-problems", "1000"],
                TestsDir, TimeSpan.FromMinutes(2));
            TestContext.Current.TestOutputHelper?.WriteLine(result.Output);
            Assert.True(result.Succeeded, "redocly lint found errors:\n" + result.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Every_operation_has_a_summary_and_declares_the_security_it_requires()
    {
        var document = JsonNode.Parse(await fixture.App.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;
        Assert.Equal("http", (string?)document["components"]?["securitySchemes"]?[OpenApiSetup.BearerScheme]?["type"]);
        Assert.Equal("bearer", (string?)document["components"]?["securitySchemes"]?[OpenApiSetup.BearerScheme]?["scheme"]);
        var operations = OpenApiOperations.Read(document).ToDictionary(o => o.Id ?? $"{o.Method} {o.Path}");
        Assert.True(operations.Count > 100, $"only {operations.Count} operations in the document");

        var problems = new List<string>();
        foreach (var operation in operations.Values)
        {
            if (string.IsNullOrWhiteSpace((string?)operation.Node["summary"])) problems.Add($"{operation.Method} {operation.Path}: no summary");
            if (operation.Node["security"] is not JsonArray) problems.Add($"{operation.Method} {operation.Path}: no security");
        }
        // The endpoints' own metadata is the truth: each that requires authorization says so, and nothing else does.
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>() is not null);
        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
            if (!operations.TryGetValue(name, out var operation)) continue;
            checkedCount++;
            var requirements = operation.Node["security"]?.AsArray() ?? [];
            var bearerOnly = requirements.Count > 0 && requirements.All(r => r?[OpenApiSetup.BearerScheme] is not null);
            var required = OpenApiSetup.RequiresAuthorization(endpoint.Metadata);
            if (required != bearerOnly)
                problems.Add($"{operation.Method} {operation.Path}: requires authorization = {required}, but security = {requirements.ToJsonString()}");
        }
        Assert.True(checkedCount > 100, $"only {checkedCount} operations matched an endpoint by name");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
