using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Biotope.Features.Organizations;

/// <summary>One name of a ROR record (schema v2 <c>names[]</c>).</summary>
internal sealed record RorName(string Value, string? Language, IReadOnlyList<string> Types)
{
    public bool IsDisplay => Types.Contains("ror_display");
    public bool IsLabel => Types.Contains("label");
    public bool IsAlias => Types.Contains("alias");
    public bool IsAcronym => Types.Contains("acronym");
}

/// <summary>A link to another ROR record: <see cref="Kind"/> is parent, child, related, successor or predecessor.</summary>
internal sealed record RorRelationship(string Kind, string RorId);

internal sealed record RorExternalId(string Scheme, string Value);

/// <summary>A ROR schema v2 record that passed validation, reduced to what the directory uses.</summary>
internal sealed record RorRecord(
    string RorId,
    string Status,
    IReadOnlyList<string> Types,
    IReadOnlyList<RorName> Names,
    string? City,
    string? CountryCode,
    string? CountrySubdivisionCode,
    string? Website,
    int? Established,
    IReadOnlyList<RorExternalId> ExternalIds,
    IReadOnlyList<RorRelationship> Relationships)
{
    public RorName Display => Names.First(n => n.IsDisplay);

    public string DisplayName => Display.Value;

    /// <summary>The display name if it is in <paramref name="language"/>, otherwise the first label in that language.</summary>
    public string? NameIn(string language) =>
        Display.Language == language ? Display.Value : Names.FirstOrDefault(n => n.IsLabel && n.Language == language)?.Value;

    public IEnumerable<string> Acronyms => Names.Where(n => n.IsAcronym).Select(n => n.Value);
}

/// <summary>Reads and validates one ROR schema v2 record file (https://ror.readme.io/docs/schema-v2).</summary>
internal static class RorRecordReader
{
    private const string RorUrlPrefix = "https://ror.org/";

    private static readonly IReadOnlySet<string> Statuses = new HashSet<string>(["active", "inactive", "withdrawn"]);
    private static readonly IReadOnlySet<string> OrganizationTypes =
        new HashSet<string>(["education", "funder", "healthcare", "company", "archive", "nonprofit", "government", "facility", "other"]);
    private static readonly IReadOnlySet<string> NameTypes = new HashSet<string>(["ror_display", "label", "alias", "acronym"]);
    private static readonly IReadOnlySet<string> RelationshipKinds = new HashSet<string>(["parent", "child", "related", "successor", "predecessor"]);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
    };

    public static bool TryRead(string json, [NotNullWhen(true)] out RorRecord? record, [NotNullWhen(false)] out string? error)
    {
        record = null;
        RecordJson? raw;
        try
        {
            raw = JsonSerializer.Deserialize<RecordJson>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            error = $"invalid JSON: {ex.Message}";
            return false;
        }
        if (raw is null)
        {
            error = "invalid JSON: the file holds no record";
            return false;
        }
        error = Validate(raw);
        if (error is not null) return false;
        record = ToRecord(raw);
        return true;
    }

    private static string? Validate(RecordJson raw)
    {
        if (string.IsNullOrWhiteSpace(raw.Id)) return "missing id";
        if (RorIdProblem(raw.Id) is { } idProblem) return idProblem;

        if (string.IsNullOrWhiteSpace(raw.Status)) return "missing status";
        if (!Statuses.Contains(raw.Status)) return $"unknown status \"{raw.Status}\"";

        if (raw.Types is not { Count: > 0 }) return "no organization type";
        if (raw.Types.FirstOrDefault(t => !OrganizationTypes.Contains(t)) is { } unknownType) return $"unknown organization type \"{unknownType}\"";

        if (raw.Names is not { Count: > 0 }) return "no names";
        foreach (var name in raw.Names)
        {
            if (name is null || string.IsNullOrWhiteSpace(name.Value)) return "a name has no value";
            if (name.Types is not { Count: > 0 }) return $"name \"{name.Value}\" has no type";
            if (name.Types.FirstOrDefault(t => !NameTypes.Contains(t)) is { } unknownNameType) return $"name \"{name.Value}\" has unknown type \"{unknownNameType}\"";
        }
        if (!raw.Names.Any(n => n.Types!.Contains("ror_display"))) return "no name of type ror_display";

        if (raw.Locations is not { Count: > 0 } || raw.Locations[0]?.GeonamesDetails is null) return "no location";
        if (raw.Locations[0].GeonamesDetails!.CountryCode is { } country && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
            return $"invalid country code \"{country}\"";

        foreach (var relationship in raw.Relationships ?? [])
        {
            if (relationship is null || string.IsNullOrWhiteSpace(relationship.Id)) return "a relationship has no id";
            if (relationship.Type is null || !RelationshipKinds.Contains(relationship.Type)) return $"relationship to {relationship.Id} has unknown type \"{relationship.Type}\"";
            if (RorIdProblem(relationship.Id) is { } relationshipProblem) return $"relationship: {relationshipProblem}";
        }

        foreach (var externalId in raw.ExternalIds ?? [])
        {
            if (externalId is null || string.IsNullOrWhiteSpace(externalId.Type)) return "an external id has no type";
        }
        return null;
    }

    private static RorRecord ToRecord(RecordJson raw)
    {
        var place = raw.Locations![0].GeonamesDetails!;
        return new RorRecord(
            RorId: BareRorId(raw.Id!),
            Status: raw.Status!,
            Types: raw.Types!,
            Names: [.. raw.Names!.Select(n => new RorName(n.Value!.Trim(), string.IsNullOrWhiteSpace(n.Lang) ? null : n.Lang.Trim().ToLowerInvariant(), n.Types!))],
            City: Trimmed(place.Name),
            CountryCode: Trimmed(place.CountryCode)?.ToUpperInvariant(),
            CountrySubdivisionCode: Trimmed(place.CountrySubdivisionCode)?.ToUpperInvariant(),
            Website: (raw.Links ?? []).Where(l => l?.Type == "website").Select(l => Trimmed(l.Value)).FirstOrDefault(v => v is not null),
            Established: raw.Established,
            ExternalIds: [.. (raw.ExternalIds ?? [])
                .Select(e => (Scheme: e.Type!.Trim().ToLowerInvariant(), Value: Trimmed(e.Preferred) ?? (e.All ?? []).Select(Trimmed).FirstOrDefault(v => v is not null)))
                .Where(e => e.Value is not null)
                .Select(e => new RorExternalId(e.Scheme, e.Value!))],
            Relationships: [.. (raw.Relationships ?? []).Select(r => new RorRelationship(r.Type!, BareRorId(r.Id!)))]);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string BareRorId(string url) => url.Trim()[RorUrlPrefix.Length..].ToLowerInvariant();

    // A record's id must be the canonical URL form; the id itself is checked by the shared validator.
    private static string? RorIdProblem(string url)
    {
        var trimmed = url.Trim();
        if (!trimmed.StartsWith(RorUrlPrefix, StringComparison.OrdinalIgnoreCase) || trimmed.Length != RorUrlPrefix.Length + 9)
            return $"id \"{url}\" is not a ROR URL (https://ror.org/ followed by 9 characters)";
        return Identifiers.TryNormalizeRor(trimmed, out _, out var error) ? null : $"id \"{url}\": {error}";
    }

    // The subset of the ROR schema v2 the importer reads; unknown properties are ignored.
    private sealed record RecordJson(
        string? Id,
        string? Status,
        List<string>? Types,
        List<NameJson>? Names,
        List<LocationJson>? Locations,
        List<LinkJson>? Links,
        List<ExternalIdJson>? ExternalIds,
        List<RelationshipJson>? Relationships,
        int? Established);

    private sealed record NameJson(string? Value, List<string>? Types, string? Lang);

    private sealed record LocationJson(GeonamesDetailsJson? GeonamesDetails);

    private sealed record GeonamesDetailsJson(string? Name, string? CountryCode, string? CountrySubdivisionCode);

    private sealed record LinkJson(string? Type, string? Value);

    private sealed record ExternalIdJson(string? Type, string? Preferred, List<string>? All);

    private sealed record RelationshipJson(string? Type, string? Id);
}
