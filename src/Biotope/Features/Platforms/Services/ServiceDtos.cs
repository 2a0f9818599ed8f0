namespace Biotope.Features.Platforms.Services;

public sealed record OfferingDto(int Id, int PlatformId, string NameEn, string NameFr, string? DescriptionEn, string? DescriptionFr,
    decimal Price, string Unit, int TurnaroundDays, bool Active, bool Illustrative, int Version)
{
    public static OfferingDto From(ServiceOffering o) =>
        new(o.Id, o.PlatformId, o.NameEn, o.NameFr, o.DescriptionEn, o.DescriptionFr, o.Price, o.Unit, o.TurnaroundDays, o.Active, o.Illustrative, o.Version);
}

/// <summary>An analysis of the catalogue, as platform managers write it.</summary>
public sealed class OfferingInput
{
    public string? NameEn { get; set; }
    public string? NameFr { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    /// <summary>List price per unit, in euros to the cent.</summary>
    public decimal? Price { get; set; }
    /// <summary>What the price is for: "sample", "run", "batch"...</summary>
    public string? Unit { get; set; }
    /// <summary>Working days from samples received to results delivered.</summary>
    public int? TurnaroundDays { get; set; }
    /// <summary>Offered now; an inactive analysis stays on past requests but cannot be requested. Default true.</summary>
    public bool? Active { get; set; }
    public bool? Illustrative { get; set; }
    /// <summary>The version read before editing (alternative to If-Match).</summary>
    public int? Version { get; set; }

    internal FieldPhrases Validate()
    {
        var errors = new FieldPhrases();
        Name(errors, "nameEn", NameEn, "service.name-en.required");
        Name(errors, "nameFr", NameFr, "service.name-fr.required");
        if (DescriptionEn?.Trim().Length > 4000) errors.Add("descriptionEn", "service.description.too-long");
        if (DescriptionFr?.Trim().Length > 4000) errors.Add("descriptionFr", "service.description.too-long");
        if (Price is null) errors.Add("price", "service.price.required");
        else errors.Money("price", Price);
        if (Unit?.Trim().Length > 40) errors.Add("unit", "service.unit.too-long");
        if (TurnaroundDays is null) errors.Add("turnaroundDays", "service.turnaround.required");
        else if (TurnaroundDays is < 1 or > ServiceRequestWorkflow.MaxTurnaroundDays) errors.Add("turnaroundDays", "service.turnaround.range");
        return errors;
    }

    public void ApplyTo(ServiceOffering o)
    {
        o.NameEn = NameEn!.Trim();
        o.NameFr = NameFr!.Trim();
        o.DescriptionEn = Clean(DescriptionEn);
        o.DescriptionFr = Clean(DescriptionFr);
        o.Price = Price!.Value;
        o.Unit = Clean(Unit) ?? "sample";
        o.TurnaroundDays = TurnaroundDays!.Value;
        o.Active = Active ?? true;
        o.Illustrative = Illustrative ?? false;
    }

    private static void Name(FieldPhrases errors, string field, string? value, string required)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(field, required);
        else if (value.Trim().Length > 200) errors.Add(field, "service.name.too-long");
    }

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>A request for an analysis of the catalogue; the requester's organization is billed.</summary>
public sealed class ServiceRequestInput
{
    public int? OfferingId { get; set; }
    /// <summary>How many units (samples, runs...): at least 1.</summary>
    public int? Quantity { get; set; }
    /// <summary>The samples and what is to be measured.</summary>
    public string? Description { get; set; }
}

/// <summary>The platform's quote; without a price or turnaround, the catalogue's (price × quantity, its turnaround).</summary>
public sealed class QuoteInput
{
    public decimal? Price { get; set; }
    public int? TurnaroundDays { get; set; }
    public string? Note { get; set; }
    /// <summary>The version read (alternative to If-Match); optional.</summary>
    public int? Version { get; set; }
}

/// <summary>The body of a transition: an optional note for the timeline and, optionally, the version read.</summary>
public sealed class TransitionInput
{
    public string? Note { get; set; }
    public int? Version { get; set; }
}

public sealed record ServiceRequestEventDto(DateTimeOffset At, string? UserId, string? UserName, ServiceRequestStatus? From, ServiceRequestStatus To, string? Note);

public sealed record ResultFileDto(string FileName, string ContentType, int Size, string Url);

/// <param name="TurnaroundWorkingDays">Working days from samples received to results delivered, once delivered.</param>
/// <param name="Overdue">Samples received, results not delivered, and the due time has passed.</param>
/// <param name="AllowedActions">What the caller may do now (the endpoints' last segment).</param>
public sealed record ServiceRequestDto(
    long Id, int OfferingId, string OfferingName, string Unit, int PlatformId, string PlatformSlug, string PlatformName,
    string RequesterUserId, string RequesterName, int OrganizationId, string OrganizationName,
    int Quantity, string Description, ServiceRequestStatus Status,
    decimal ListPrice, decimal? QuotedPrice, int? QuotedTurnaroundDays, string? QuoteNote,
    DateTimeOffset CreatedAt, DateTimeOffset? SamplesReceivedAt, DateTimeOffset? DueAt, DateTimeOffset? DeliveredAt,
    int? TurnaroundWorkingDays, bool Overdue, ResultFileDto? Result, IReadOnlyList<string> AllowedActions,
    IReadOnlyList<ServiceRequestEventDto> Events, int Version);

public sealed record ServiceRequestSummary(
    long Id, int OfferingId, string OfferingName, int PlatformId, string PlatformSlug, string PlatformName, int OrganizationId, string OrganizationName,
    bool Mine, int Quantity, ServiceRequestStatus Status, decimal? QuotedPrice, DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt, DateTimeOffset? DeliveredAt, int? TurnaroundWorkingDays, bool Overdue);
