namespace Biotope.Features.Organizations;

public sealed record OrganizationSummary(int Id, string Slug, string Name, string? Acronym, string Type, string? City, string? NutsCode,
    IReadOnlyList<string> Sectors, IReadOnlyList<string> Areas, bool Member, string Url);

/// <summary>A person on the profile; <see cref="Public"/> false: shown only to staff and the organization's member admins (ADR 022).</summary>
public sealed record PersonDto(string Name, string? Role, string? Orcid, bool Public, DateTimeOffset? PublicConsentAt, string? PublicConsentBy);

/// <summary>A relation; <see cref="Status"/> is "proposed" until the other organization confirms it (only its author sees those).</summary>
public sealed record RelationDto(string Kind, int OrganizationId, string OrganizationName, string Direction, string Status = "confirmed");

public sealed record PendingRelationDto(int Id, string Kind, int FromOrganizationId, string From, int ToOrganizationId, string To, bool AwaitsYou);

public sealed record ExternalIdDto(string Scheme, string Value);

public sealed record OrganizationDetails(
    int Id, string Slug, string Name, string? NameFr, string? NameEn, string? NameNl, string? Acronym, IReadOnlyList<string> Aliases,
    string Type, IReadOnlyList<string> Sectors, IReadOnlyList<string> Areas, IReadOnlyList<string> Stages, IReadOnlyList<string> Capabilities,
    IReadOnlyList<string> NaceCodes, string? StreetAddress, string? PostalCode, string? City, string? CityFr, string? CityEn, string Country, string? NutsCode,
    int? FoundedYear, int? Workforce, decimal? RdSharePercent, string? Website, string? EnterpriseNumber, string? RorId,
    IReadOnlyList<ExternalIdDto> ExternalIds, string Membership, DateOnly? MemberSince, string? DescriptionFr, string? DescriptionEn,
    IReadOnlyList<PersonDto> People, IReadOnlyList<RelationDto> Relations, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record SearchResponse(IReadOnlyList<OrganizationSummary> Items, int Total, int Page, int PageSize,
    IReadOnlyDictionary<string, IReadOnlyList<Search.FacetValue>> Facets, IReadOnlyList<string> Corrections);

public static class OrganizationMapping
{
    /// <summary>
    /// <paramref name="related"/> names the other ends of relations in both directions; <paramref name="allPeople"/> (staff and
    /// the organization's member admins) includes the people who have not consented to be shown publicly.
    /// </summary>
    public static OrganizationDetails ToDetails(this Organization o, IReadOnlyList<RelationDto> related, bool allPeople) => new(
        o.Id, o.Slug, o.Name, o.NameFr, o.NameEn, o.NameNl, o.Acronym, o.Aliases, o.Type.ToString(), o.Sectors, o.Areas, o.Stages,
        o.Capabilities, o.NaceCodes, o.StreetAddress, o.PostalCode, o.City, o.CityFr, o.CityEn, o.Country, o.NutsCode, o.FoundedYear, o.Workforce,
        o.RdSharePercent, o.Website, o.EnterpriseNumber, o.RorId, [.. o.ExternalIds.Select(e => new ExternalIdDto(e.Scheme, e.Value))],
        o.Membership.ToString(), o.MemberSince, o.DescriptionFr, o.DescriptionEn,
        [.. o.People.Shown(allPeople).Select(p => new PersonDto(p.Name, p.Role, p.Orcid, p.IsPublic, p.PublicConsentAt, p.PublicConsentBy?.ToString()))], related, o.Version, o.CreatedAt, o.UpdatedAt);

    /// <summary>The people a reader sees, in profile order: the public ones, or everyone for those who edit the organization.</summary>
    public static IEnumerable<Person> Shown(this IEnumerable<Person> people, bool allPeople) =>
        people.Where(p => allPeople || p.IsPublic).OrderBy(p => p.Id);

    public static string ETag(this Organization o) => $"\"{o.Version}\"";
}
