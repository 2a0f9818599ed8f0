using System.Text.RegularExpressions;
using Biotope.Infrastructure;

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
    public string? CityFr { get; set; }
    public string? CityEn { get; set; }
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
        CityFr = o.CityFr,
        CityEn = o.CityEn,
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

    /// <summary>Checks every field; messages (phrases whose keys are the codes) are keyed by the field's JSON name.</summary>
    public Dictionary<string, List<Phrase>> Validate(int currentYear)
    {
        var errors = new Dictionary<string, List<Phrase>>();
        void Add(string field, Phrase message) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(message);
        static PhraseList Names<TEnum>() where TEnum : struct, Enum => new([.. Enum.GetNames<TEnum>()]);

        if (string.IsNullOrWhiteSpace(Name)) Add("name", Phrase.Of("organization.name.required"));
        else if (Name.Trim().Length > 300) Add("name", Phrase.Of("organization.name.too-long", 300));
        if (!Enum.TryParse<OrganizationType>(Type, ignoreCase: true, out _) || int.TryParse(Type, out _))
            Add("type", Phrase.Of("organization.type.unknown", Type, Names<OrganizationType>()));
        foreach (var code in Sectors.Where(c => !Taxonomy.IsSector(c))) Add("sectors", Phrase.Of("organization.sector.unknown", code));
        foreach (var code in Areas.Where(c => !Taxonomy.IsArea(c))) Add("areas", Phrase.Of("organization.area.unknown", code));
        foreach (var code in Stages.Where(c => !Taxonomy.IsStage(c))) Add("stages", Phrase.Of("organization.stage.unknown", code));
        foreach (var code in Capabilities.Where(c => !Taxonomy.IsCapability(c))) Add("capabilities", Phrase.Of("organization.capability.unknown", code));
        foreach (var code in NaceCodes.Where(c => !NaceCode().IsMatch(c))) Add("naceCodes", Phrase.Of("organization.nace.invalid", code));
        if (NutsCode is { Length: > 0 } nuts && !Nuts.IsKnown(nuts)) Add("nutsCode", Phrase.Of("organization.nuts.unknown", nuts));
        if (Country is { Length: > 0 } country && !(country.Length == 2 && country.All(char.IsAsciiLetter))) Add("country", Phrase.Of("organization.country.invalid"));
        if (FoundedYear is { } year && (year < 1000 || year > currentYear)) Add("foundedYear", Phrase.Of("organization.founded-year.range", currentYear));
        if (Workforce is < 0) Add("workforce", Phrase.Of("organization.workforce.negative"));
        if (RdSharePercent is < 0 or > 100) Add("rdSharePercent", Phrase.Of("organization.rd-share.range"));
        if (WebAddress.Check(Website, "organization.website.invalid") is { } websiteError) Add("website", websiteError);
        if (EnterpriseNumber is { Length: > 0 } && Identifiers.CheckEnterpriseNumber(EnterpriseNumber) is { } enterpriseError)
            Add("enterpriseNumber", enterpriseError);
        if (RorId is { Length: > 0 } && Identifiers.CheckRor(RorId) is { } rorError)
            Add("rorId", rorError);
        if (Membership is { Length: > 0 } && !Enum.TryParse<MembershipStatus>(Membership, ignoreCase: true, out _))
            Add("membership", Phrase.Of("organization.membership.unknown", Membership, Names<MembershipStatus>()));
        for (var i = 0; i < People.Count; i++)
        {
            var person = People[i];
            if (string.IsNullOrWhiteSpace(person.Name)) Add($"people[{i}].name", Phrase.Of("organization.person.name-required"));
            if (person.Orcid is { Length: > 0 } && Identifiers.CheckOrcid(person.Orcid) is { } orcidError)
                Add($"people[{i}].orcid", orcidError);
        }
        for (var i = 0; i < Relations.Count; i++)
        {
            if (!Enum.TryParse<RelationKind>(Relations[i].Kind, ignoreCase: true, out _) || int.TryParse(Relations[i].Kind, out _))
                Add($"relations[{i}].kind", Phrase.Of("organization.relation.unknown", Relations[i].Kind, Names<RelationKind>()));
        }
        return errors;
    }

    /// <summary>Copies the (already validated) fields onto the entity, normalizing identifiers.</summary>
    public void ApplyTo(Organization o)
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
        o.CityFr = Clean(CityFr);
        o.CityEn = Clean(CityEn);
        o.Country = Clean(Country)?.ToUpperInvariant() ?? "BE";
        o.NutsCode = Clean(NutsCode);
        o.FoundedYear = FoundedYear;
        o.Workforce = Workforce;
        o.RdSharePercent = RdSharePercent;
        o.Website = Clean(Website);
        o.EnterpriseNumber = Identifiers.TryNormalizeEnterpriseNumber(EnterpriseNumber, out var enterprise, out _) ? enterprise : null;
        o.RorId = Identifiers.TryNormalizeRor(RorId, out var ror, out _) ? ror : null;
        // Who may change these is the editor's field policy (staff only); here they are copied like any other field.
        o.Membership = Membership is { Length: > 0 } ? Enum.Parse<MembershipStatus>(Membership, ignoreCase: true) : MembershipStatus.None;
        o.MemberSince = MemberSince;
        o.DescriptionFr = Clean(DescriptionFr);
        o.DescriptionEn = Clean(DescriptionEn);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Distinct(IEnumerable<string> values) =>
        [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal)];
}
