using System.Text.Json.Nodes;

namespace Biotope.Tests.Infrastructure;

/// <summary>One operation of an OpenAPI document: its method (upper case), path template, operationId and JSON.</summary>
public sealed record OpenApiOperation(string Method, string Path, string? Id, JsonObject Node);

public static class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public static IEnumerable<OpenApiOperation> Read(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item?[method] is JsonObject operation)
                    yield return new OpenApiOperation(method.ToUpperInvariant(), path, (string?)operation["operationId"], operation);
            }
        }
    }
}
