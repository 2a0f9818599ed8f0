using System.Text.Json.Nodes;

namespace Biotope.Tests.Infrastructure;

/// <summary>
/// Makes JSON values from an OpenAPI schema (the document's own <c>$ref</c>s resolved): a valid-looking value, and the
/// hostile ones the fuzzer puts in one place of it (ADR 016). Every choice comes from the caller's seeded random.
/// </summary>
public sealed class SchemaSampler(JsonNode document, Random random, Func<string, int?> realId)
{
    private const int MaxDepth = 6;

    /// <summary>Stands for a lone surrogate (U+D800), which the JSON writer refuses: the fuzzer writes its escape instead.</summary>
    public const string LoneSurrogate = "LONE_SURROGATE_D800";

    /// <summary>Hostile texts, NUL and other control characters included (refused by the input guard, ADR 015).</summary>
    public static readonly string[] HostileStrings =
    [
        "a\0b",
        "tab\tand\u0001control",
        new string('x', 20_000),
        "😀🧬 ‮gnp.exe‏ עברית مرحبا",
        "'; DROP TABLE organizations; --",
        "\" OR 1=1 --",
        "<script>alert(1)</script><img src=x onerror=alert(1)>",
        "%00%ff../../etc/passwd",
        "\u0007\u001b[31m\t\r\n",
        LoneSurrogate,
        "   ",
        "",
        "{{7*7}}${7*7}",
        "e\u0301te\u0301",
    ];

    public static readonly string[] OddDates =
    [
        "0001-01-01", "9999-12-31", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999+14:00", "2026-02-30", "2026-13-01",
        "not a date", "2026-W99", "-0001-01-01", "2026-10-25T02:30:00", "", "1970-01-01T00:00:00-14:00",
    ];

    public static readonly JsonNode?[] OddNumbers =
    [
        JsonValue.Create(long.MaxValue), JsonValue.Create(long.MinValue), JsonValue.Create(-1), JsonValue.Create(0),
        JsonValue.Create(2147483648L), JsonValue.Create(-2147483649L), JsonValue.Create(1e300), JsonValue.Create(-1e300),
        JsonValue.Create(0.000000001m), JsonValue.Create(79228162514264337593543950335m), JsonValue.Create(1.5), JsonValue.Create(-99999999999.99m),
    ];

    public JsonObject Resolve(JsonObject schema)
    {
        for (var i = 0; i < 10 && schema["$ref"] is JsonValue reference; i++)
        {
            var name = ((string)reference!).Split('/')[^1];
            if (document["components"]?["schemas"]?[name] is not JsonObject target) break;
            schema = target;
        }
        return schema;
    }

    /// <summary>The schema's types other than null ("integer" before "string" when both are allowed).</summary>
    public static List<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray array => [.. array.Select(t => (string)t!).Where(t => t != "null").OrderBy(t => t == "string" ? 1 : 0)],
        JsonValue value => [(string)value!],
        _ => schema["properties"] is not null ? ["object"] : schema["items"] is not null ? ["array"] : [],
    };

    public JsonNode? Valid(JsonObject? schema, string name = "", int depth = 0)
    {
        if (schema is null || depth > MaxDepth) return null;
        schema = Resolve(schema);
        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[key] is JsonArray choices && choices.OfType<JsonObject>().Select(Resolve).FirstOrDefault(c => Types(c) is not ["null"]) is { } choice)
                return Valid(choice, name, depth + 1);
        }
        if (schema["enum"] is JsonArray values && values.Count > 0)
            return values[random.Next(values.Count)]?.DeepClone();
        var type = Types(schema).FirstOrDefault();
        switch (type)
        {
            case "object":
                var result = new JsonObject();
                foreach (var (property, propertySchema) in schema["properties"]?.AsObject() ?? [])
                    result[property] = Valid(propertySchema as JsonObject, property, depth + 1);
                return result;
            case "array":
                var items = new JsonArray();
                var count = random.Next(0, 3);
                for (var i = 0; i < count; i++) items.Add(Valid(schema["items"] as JsonObject, name, depth + 1));
                return items;
            case "integer":
                return realId(name) is { } id && name.EndsWith("id", StringComparison.OrdinalIgnoreCase) ? JsonValue.Create(id) : JsonValue.Create(random.Next(0, 10));
            case "number":
                return JsonValue.Create(Math.Round((decimal)random.NextDouble() * 100, 2));
            case "boolean":
                return JsonValue.Create(random.Next(2) == 0);
            case "string":
                return JsonValue.Create(ValidString(schema, name));
            default:
                return null;
        }
    }

    private string ValidString(JsonObject schema, string name)
    {
        var format = (string?)schema["format"];
        var lower = name.ToLowerInvariant();
        return format switch
        {
            "date" => "2026-11-16",
            "date-time" => "2026-11-16T09:00:00+01:00",
            "time" => "09:00:00",
            "uuid" => Guid.NewGuid().ToString(),
            "email" => "fuzz@example.org",
            "uri" => "https://example.org/fuzz",
            _ when lower.Contains("email") => "fuzz@example.org",
            _ when lower.Contains("startsat") || lower.Contains("endsat") || lower.EndsWith("at", StringComparison.Ordinal) => "2026-11-16T09:00",
            _ when lower.Contains("date") || lower is "from" or "to" or "validfrom" or "validto" => "2026-11-16",
            _ when lower.Contains("month") => "2026-11",
            _ when lower.Contains("week") => "2026-W47",
            _ when lower.Contains("language") => "fr",
            _ => "Fuzz " + random.Next(1000),
        };
    }

    /// <summary>A value of the wrong kind for this schema.</summary>
    public JsonNode? WrongType(JsonObject? schema)
    {
        var type = schema is null ? null : Types(Resolve(schema)).FirstOrDefault();
        JsonNode?[] candidates = type switch
        {
            "string" => [JsonValue.Create(42), new JsonObject(), new JsonArray(), JsonValue.Create(true)],
            "integer" or "number" => [JsonValue.Create("forty-two"), JsonValue.Create("1e400"), new JsonArray(), JsonValue.Create(true)],
            "boolean" => [JsonValue.Create("yes"), JsonValue.Create(1), new JsonObject()],
            "array" => [JsonValue.Create("a"), new JsonObject(), JsonValue.Create(7)],
            "object" => [JsonValue.Create("a"), new JsonArray(1, 2), JsonValue.Create(7)],
            _ => [JsonValue.Create("a"), JsonValue.Create(7), new JsonArray()],
        };
        return candidates[random.Next(candidates.Length)];
    }

    public JsonNode? Hostile(JsonObject? schema)
    {
        var type = schema is null ? "string" : Types(Resolve(schema)).FirstOrDefault() ?? "string";
        return type switch
        {
            "integer" or "number" => OddNumbers[random.Next(OddNumbers.Length)]?.DeepClone(),
            "string" when schema is not null && (string?)Resolve(schema)["format"] is "date" or "date-time" || random.Next(4) == 0 => JsonValue.Create(OddDates[random.Next(OddDates.Length)]),
            _ => JsonValue.Create(HostileStrings[random.Next(HostileStrings.Length)]),
        };
    }
}
