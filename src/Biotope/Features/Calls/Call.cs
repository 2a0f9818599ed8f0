using System.Text.Json;
using System.Text.Json.Serialization;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Calls;

public enum CallStage
{
    SingleStage,
    TwoStage,
}

/// <summary>Cost categories of a partner budget; a call lists those it funds.</summary>
public enum CostCategory
{
    Personnel,
    Equipment,
    Subcontracting,
    Other,
    Overhead,
}

/// <summary>A call for collaborative R&amp;D projects, with its eligibility rules and evaluation criteria.</summary>
public class Call : Data.IVersioned, Data.ICreated
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string TitleEn { get; set; }
    public required string TitleFr { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    /// <summary>The funder and programme in each language known (at least one for the funder).</summary>
    public string? FunderFr { get; set; }
    public string? FunderEn { get; set; }
    public string? ProgrammeFr { get; set; }
    public string? ProgrammeEn { get; set; }
    public CallStage Stage { get; set; }
    public DateTimeOffset OpensAt { get; set; }
    /// <summary>Two-stage calls: the deadline of the letters of intent.</summary>
    public DateTimeOffset? IntentClosesAt { get; set; }
    /// <summary>The deadline of full proposals.</summary>
    public DateTimeOffset ClosesAt { get; set; }
    public decimal BudgetEnvelope { get; set; }
    public List<RequiredDocument> RequiredDocuments { get; set; } = [];
    public int ReviewersPerProposal { get; set; } = 3;
    public EligibilityRules Rules { get; set; } = new();
    public List<EvaluationCriterion> Criteria { get; set; } = [];
    /// <summary>Unpublished calls are visible to staff only.</summary>
    public bool Published { get; set; }
    /// <summary>Demo data added for a journey, not a fact of the seeds: pages say so (ADR 013).</summary>
    public bool Illustrative { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Bilingual Funder() => new(FunderFr, FunderEn);

    public Bilingual Programme() => new(ProgrammeFr, ProgrammeEn);

    public string Title(string language) => new Bilingual(TitleFr, TitleEn).In(language).Text;

    public string? Description(string language) => new Bilingual(DescriptionFr, DescriptionEn) is { IsEmpty: false } description ? description.In(language).Text : null;

    /// <summary>The required document an attachment answers, by the name it stored (either language).</summary>
    public RequiredDocument? DocumentNamed(string stored) => RequiredDocuments.FirstOrDefault(d => d.IsNamed(stored));
}

public class EvaluationCriterion
{
    public int Id { get; set; }
    public int CallId { get; set; }
    public int Position { get; set; }
    public required string NameEn { get; set; }
    public required string NameFr { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    public decimal Weight { get; set; }
    /// <summary>A proposal scoring below this on the criterion fails, whatever its total.</summary>
    public decimal PassThreshold { get; set; }
    public int ScaleMin { get; set; }
    public int ScaleMax { get; set; } = 5;

    public string Name(string language) => new Bilingual(NameFr, NameEn).In(language).Text;
}

/// <summary>A call's eligibility rules, kept as data (a JSON column) so each call sets its own.</summary>
public class EligibilityRules
{
    public int? MinPartners { get; set; }
    public int? MaxPartners { get; set; }
    /// <summary>When set, the coordinator's organization must have one of these types.</summary>
    public List<OrganizationType> CoordinatorTypes { get; set; } = [];
    public List<PartnerRequirement> RequiredPartners { get; set; } = [];
    public RegionalPresence? Regional { get; set; }
    public int? MaxDurationMonths { get; set; }
    public decimal? MaxRequestedFunding { get; set; }
    /// <summary>Share of a partner's eligible costs funded, by organization type; the first matching line applies.</summary>
    public List<FundingRate> FundingRates { get; set; } = [];
    public List<CostCategory> EligibleCostCategories { get; set; } = [CostCategory.Personnel, CostCategory.Equipment, CostCategory.Subcontracting, CostCategory.Other, CostCategory.Overhead];
}

/// <summary>"At least <see cref="Minimum"/> distinct partners whose type is one of <see cref="Types"/>".</summary>
public class PartnerRequirement
{
    public List<OrganizationType> Types { get; set; } = [];
    public int Minimum { get; set; } = 1;
    public required string LabelEn { get; set; }
    public required string LabelFr { get; set; }
}

/// <summary>Partners located in a NUTS region: every partner (<see cref="MinimumPartners"/> null) or at least N.</summary>
public class RegionalPresence
{
    public required string NutsPrefix { get; set; }
    public int? MinimumPartners { get; set; }
}

public class FundingRate
{
    public List<OrganizationType> Types { get; set; } = [];
    public decimal RatePercent { get; set; }
}

/// <summary>
/// A document the call asks for, named in each language known. Attachments point at it by either name.
/// In JSON a plain string is still read, as the English name (the API's shape before names were bilingual).
/// </summary>
[JsonConverter(typeof(RequiredDocumentConverter))]
public sealed record RequiredDocument(string? Fr, string? En)
{
    public Bilingual Name => new(Fr, En);

    public bool IsEmpty => Name.IsEmpty;

    /// <summary>Whether <paramref name="name"/> is this document's name in either language.</summary>
    public bool IsNamed(string? name) =>
        !string.IsNullOrWhiteSpace(name) && (string.Equals(Fr, name, StringComparison.OrdinalIgnoreCase) || string.Equals(En, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The name attachments store: the French one when known (any stored name still matches).</summary>
    public string Key => !string.IsNullOrWhiteSpace(Fr) ? Fr : En ?? "";
}

public sealed class RequiredDocumentConverter : JsonConverter<RequiredDocument>
{
    public override RequiredDocument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new RequiredDocument(null, reader.GetString());
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A required document is a name or { \"fr\": …, \"en\": … }.");
        string? fr = null, en = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = reader.GetString();
            reader.Read();
            var value = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            if (string.Equals(property, "fr", StringComparison.OrdinalIgnoreCase)) fr = value;
            else if (string.Equals(property, "en", StringComparison.OrdinalIgnoreCase)) en = value;
        }
        return new RequiredDocument(fr, en);
    }

    public override void Write(Utf8JsonWriter writer, RequiredDocument value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("fr", value.Fr);
        writer.WriteString("en", value.En);
        writer.WriteEndObject();
    }
}
