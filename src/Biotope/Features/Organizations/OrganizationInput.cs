using System.Text.RegularExpressions;

namespace Biotope.Features.Organizations;

/// <summary>What a person may write about an organization, through the API or the edit page.</summary>
public sealed partial class OrganizationInput
{
    public string? Name { get; set; }
    public string? NameFr { get; set; }
    public string? NameEn { get; set; }
    public string? NameNl { get; set; }
    public string? Acronym { get; set; }
    public List<string> Aliases { get; set; } = [];
    public string? Type { get; set; }
    public List<string> Sectors { get; set; } = [];
    public List<string> Areas { get; set; } = [];
    public List<string> Stages { get; set; } = [];
    public List<string> Capabilities { get; set; } = [];
    public List<string> NaceCodes { get; set; } = [];
    public string? StreetAddress { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? NutsCode { get; set; }
    public int? FoundedYear { get; set; }
    public int? Workforce { get; set; }
    public decimal? RdSharePercent { get; set; }
    public string? Website { get; set; }
    public string? EnterpriseNumber { get; set; }
    public string? RorId { get; set; }
    public string? Membership { get; set; }
    public DateOnly? MemberSince { get; set; }
    public string? DescriptionFr { get; set; }
    public string? DescriptionEn { get; set; }
    public List<PersonInput> People { get; set; } = [];
    public List<RelationInput> Relations { get; set; } = [];
    /// <summary>The version read before editing; a stale value is refused (alternative to If-Match).</summary>
    public int? Version { get; set; }

    public sealed class PersonInput
    {
        public string? Name { get; set; }
        public string? Role { get; set; }
        public string? Orcid { get; set; }
    }

    public sealed class RelationInput
    {
        public string? Kind { get; set; }
        public int OrganizationId { get; set; }
    }

    [GeneratedRegex(@"^[A-U](\d{1,2}(\.\d{1,2})?)?$")]
    private static partial Regex NaceCode();

    public static OrganizationInput From(Organization o) => new()
    {
        Name = o.Name,
        NameFr = o.NameFr,
        NameEn = o.NameEn,
        NameNl = o.NameNl,
        Acronym = o.Acronym,
        Aliases = [.. o.Aliases],
        Type = o.Type.ToString(),
        Sectors = [.. o.Sectors],
        Areas = [.. o.Areas],
        Stages = [.. o.Stages],
        Capabilities = [.. o.Capabilities],
        NaceCodes = [.. o.NaceCodes],
        StreetAddress = o.StreetAddress,
        PostalCode = o.PostalCode,
        City = o.City,
        Country = o.Country,
        NutsCode = o.NutsCode,
        FoundedYear = o.FoundedYear,
        Workforce = o.Workforce,
        RdSharePercent = o.RdSharePercent,
        Website = o.Website,
        EnterpriseNumber = o.EnterpriseNumber,
        RorId = o.RorId,
        Membership = o.Membership.ToString(),
        MemberSince = o.MemberSince,
        DescriptionFr = o.DescriptionFr,
        DescriptionEn = o.DescriptionEn,
        Version = o.Version,
        People = [.. o.People.Select(p => new PersonInput { Name = p.Name, Role = p.Role, Orcid = p.Orcid })],
        Relations = [.. o.Relations.Select(r => new RelationInput { Kind = r.Kind.ToString(), OrganizationId = r.ToOrganizationId })],
    };

    /// <summary>Checks every field; messages are keyed by the field's JSON name.</summary>
    public Dictionary<string, string[]> Validate(int currentYear)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);

        if (string.IsNullOrWhiteSpace(Name)) Add("name", "The name is required.");
        else if (Name.Trim().Length > 300) Add("name", "The name is longer than 300 characters.");
        if (!Enum.TryParse<OrganizationType>(Type, ignoreCase: true, out _) || int.TryParse(Type, out _))
            Add("type", $"Unknown organization type '{Type}'. Types: {string.Join(", ", Enum.GetNames<OrganizationType>())}.");
        foreach (var code in Sectors.Where(c => !Taxonomy.IsSector(c))) Add("sectors", $"Unknown sector '{code}'.");
        foreach (var code in Areas.Where(c => !Taxonomy.IsArea(c))) Add("areas", $"Unknown area of excellence '{code}'.");
        foreach (var code in Stages.Where(c => !Taxonomy.IsStage(c))) Add("stages", $"Unknown value-chain stage '{code}'.");
        foreach (var code in Capabilities.Where(c => !Taxonomy.IsCapability(c))) Add("capabilities", $"Unknown capability '{code}'.");
        foreach (var code in NaceCodes.Where(c => !NaceCode().IsMatch(c))) Add("naceCodes", $"'{code}' is not a NACE Rev. 2 code (e.g. C21, C21.2, M72.1).");
        if (NutsCode is { Length: > 0 } nuts && !Nuts.IsKnown(nuts)) Add("nutsCode", $"'{nuts}' is not a Belgian NUTS 2021 code known to Biotope (e.g. BE3, BE33, BE332).");
        if (Country is { Length: > 0 } country && !(country.Length == 2 && country.All(char.IsAsciiLetter))) Add("country", "The country is a two-letter ISO 3166 code, e.g. BE.");
        if (FoundedYear is { } year && (year < 1000 || year > currentYear)) Add("foundedYear", $"The founding year must be between 1000 and {currentYear}.");
        if (Workforce is < 0) Add("workforce", "The workforce cannot be negative.");
        if (RdSharePercent is < 0 or > 100) Add("rdSharePercent", "The R&D share is a percentage between 0 and 100.");
        if (Website is { Length: > 0 } site && !(Uri.TryCreate(site, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            Add("website", "The website must be a full http:// or https:// address.");
        if (EnterpriseNumber is { Length: > 0 } && !Identifiers.TryNormalizeEnterpriseNumber(EnterpriseNumber, out _, out var enterpriseError))
            Add("enterpriseNumber", $"Invalid Belgian enterprise number: {enterpriseError}");
        if (RorId is { Length: > 0 } && !Identifiers.TryNormalizeRor(RorId, out _, out var rorError))
            Add("rorId", $"Invalid ROR id: {rorError}");
        if (Membership is { Length: > 0 } && !Enum.TryParse<MembershipStatus>(Membership, ignoreCase: true, out _))
            Add("membership", $"Unknown membership status '{Membership}'. Statuses: {string.Join(", ", Enum.GetNames<MembershipStatus>())}.");
        for (var i = 0; i < People.Count; i++)
        {
            var person = People[i];
            if (string.IsNullOrWhiteSpace(person.Name)) Add($"people[{i}].name", "A person needs a name.");
            if (person.Orcid is { Length: > 0 } && !Identifiers.TryNormalizeOrcid(person.Orcid, out _, out var orcidError))
                Add($"people[{i}].orcid", $"Invalid ORCID iD: {orcidError}");
        }
        for (var i = 0; i < Relations.Count; i++)
        {
            if (!Enum.TryParse<RelationKind>(Relations[i].Kind, ignoreCase: true, out _) || int.TryParse(Relations[i].Kind, out _))
                Add($"relations[{i}].kind", $"Unknown relation '{Relations[i].Kind}'. Relations: {string.Join(", ", Enum.GetNames<RelationKind>())}.");
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    /// <summary>Copies the (already validated) fields onto the entity, normalizing identifiers.</summary>
    public void ApplyTo(Organization o, bool canChangeMembership)
    {
        o.Name = Name!.Trim();
        o.NameFr = Clean(NameFr);
        o.NameEn = Clean(NameEn);
        o.NameNl = Clean(NameNl);
        o.Acronym = Clean(Acronym);
        o.Aliases = Distinct(Aliases);
        o.Type = Enum.Parse<OrganizationType>(Type!, ignoreCase: true);
        o.Sectors = Distinct(Sectors);
        o.Areas = Distinct(Areas);
        o.Stages = Distinct(Stages);
        o.Capabilities = Distinct(Capabilities);
        o.NaceCodes = Distinct(NaceCodes);
        o.StreetAddress = Clean(StreetAddress);
        o.PostalCode = Clean(PostalCode);
        o.City = Clean(City);
        o.Country = Clean(Country)?.ToUpperInvariant() ?? "BE";
        o.NutsCode = Clean(NutsCode);
        o.FoundedYear = FoundedYear;
        o.Workforce = Workforce;
        o.RdSharePercent = RdSharePercent;
        o.Website = Clean(Website);
        o.EnterpriseNumber = Identifiers.TryNormalizeEnterpriseNumber(EnterpriseNumber, out var enterprise, out _) ? enterprise : null;
        o.RorId = Identifiers.TryNormalizeRor(RorId, out var ror, out _) ? ror : null;
        if (canChangeMembership)
        {
            o.Membership = Membership is { Length: > 0 } ? Enum.Parse<MembershipStatus>(Membership, ignoreCase: true) : MembershipStatus.None;
            o.MemberSince = MemberSince;
        }
        o.DescriptionFr = Clean(DescriptionFr);
        o.DescriptionEn = Clean(DescriptionEn);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Distinct(IEnumerable<string> values) =>
        [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal)];
}
