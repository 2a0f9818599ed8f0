using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Projects;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Organizations;

public class DetailsModel(BiotopeDb db, Texts texts, Privacy.PeopleConsent consent) : PageModel
{
    public Organization Organization { get; private set; } = null!;
    public List<RelationDto> Relations { get; private set; } = [];
    public List<Project> Projects { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public bool IsStaff => User.IsStaff();
    public string JsonLd { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var organization = await db.LoadAsync(id, ct);
        if (organization is null) return NotFound();
        Organization = organization;
        Relations = await db.RelationsAsync(id, texts.Language, ct);
        Projects = await db.Projects.AsNoTracking().Where(p => p.Partners.Any(x => x.OrganizationId == id)).OrderBy(p => p.Acronym).ToListAsync(ct);
        CanEdit = User.CanEditOrganization(id);
        JsonLd = SchemaOrg(organization, Relations, PublicBaseUrl.Of(HttpContext));
        return Page();
    }

    /// <summary>Staff record (or withdraw) the written consent of a person on the profile to be shown publicly (ADR 022).</summary>
    public async Task<IActionResult> OnPostConsentAsync(int id, int personId, bool given, CancellationToken ct)
    {
        if (!User.IsStaff()) return Forbid();
        var outcome = await consent.SetConsentAsync(User, personId, given, ct);
        return outcome.Succeeded ? LocalRedirect($"/organizations/{id}#people") : NotFound();
    }

    /// <summary>schema.org description of the organization, for search engines and linked-data clients.</summary>
    public static string SchemaOrg(Organization o, IReadOnlyList<RelationDto> relations, string baseUrl)
    {
        var type = o.Type switch
        {
            OrganizationType.University => "CollegeOrUniversity",
            OrganizationType.Hospital => "Hospital",
            OrganizationType.ResearchInstitute => "ResearchOrganization",
            OrganizationType.PublicAgency => "GovernmentOrganization",
            OrganizationType.LargeCompany or OrganizationType.Sme or OrganizationType.StartUp or OrganizationType.UniversitySpinOff
                or OrganizationType.ServiceProvider or OrganizationType.Investor => "Corporation",
            _ => "Organization",
        };
        var json = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = type,
            ["@id"] = $"{baseUrl}/organizations/{o.Id}",
            ["url"] = $"{baseUrl}/organizations/{o.Id}",
            ["name"] = o.Name,
        };
        var names = new[] { o.NameFr, o.NameEn, o.NameNl, o.Acronym }.Concat(o.Aliases).Where(n => !string.IsNullOrWhiteSpace(n) && n != o.Name).Distinct().ToList();
        if (names.Count > 0) json["alternateName"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]);
        if ((o.DescriptionEn ?? o.DescriptionFr) is { } description) json["description"] = description;
        if (o.Website is { } site) json["sameAs"] = new JsonArray([JsonValue.Create(site), .. RorUrl(o)]);
        else if (o.RorId is not null) json["sameAs"] = new JsonArray([.. RorUrl(o)]);
        if (o.FoundedYear is { } year) json["foundingDate"] = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (o.Workforce is { } workforce) json["numberOfEmployees"] = new JsonObject { ["@type"] = "QuantitativeValue", ["value"] = workforce };
        if (o.EnterpriseNumber is { } vat) json["vatID"] = "BE" + vat.Replace(".", "", StringComparison.Ordinal);
        if (o.City is not null || o.StreetAddress is not null)
        {
            var address = new JsonObject { ["@type"] = "PostalAddress", ["addressCountry"] = o.Country };
            if (o.StreetAddress is { } street) address["streetAddress"] = street;
            if (o.PostalCode is { } postal) address["postalCode"] = postal;
            if (o.City is { } city) address["addressLocality"] = city;
            json["address"] = address;
        }
        var identifiers = new JsonArray();
        if (o.RorId is { } ror) identifiers.Add(new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "ROR", ["value"] = ror });
        foreach (var e in o.ExternalIds) identifiers.Add(new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = e.Scheme, ["value"] = e.Value });
        if (identifiers.Count > 0) json["identifier"] = identifiers;
        var parents = relations.Where(r => r.Direction == "outgoing" && r.Kind is nameof(RelationKind.PartOf) or nameof(RelationKind.SubsidiaryOf) or nameof(RelationKind.SpinOffOf)).ToList();
        if (parents.Count > 0) json["parentOrganization"] = new JsonArray([.. parents.Select(p => (JsonNode)new JsonObject { ["@id"] = $"{baseUrl}/organizations/{p.OrganizationId}", ["name"] = p.OrganizationName })]);
        var children = relations.Where(r => r.Direction == "incoming" && r.Kind is nameof(RelationKind.PartOf) or nameof(RelationKind.SubsidiaryOf)).ToList();
        if (children.Count > 0) json["subOrganization"] = new JsonArray([.. children.Select(p => (JsonNode)new JsonObject { ["@id"] = $"{baseUrl}/organizations/{p.OrganizationId}", ["name"] = p.OrganizationName })]);
        // Linked data is public: only the people who consented to be shown (ADR 022), whoever reads the page.
        if (o.People.Any(p => p.IsPublic))
        {
            json["member"] = new JsonArray([.. o.People.Shown(allPeople: false).Select(p =>
            {
                var person = new JsonObject { ["@type"] = "Person", ["name"] = p.Name };
                if (p.Role is { } role) person["jobTitle"] = role;
                if (p.Orcid is { } orcid) person["identifier"] = $"https://orcid.org/{orcid}";
                return (JsonNode)person;
            })]);
        }
        // The encoder always escapes '<', '>' and '&', so the JSON cannot close the script element it sits in.
        return json.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) });
    }

    private static IEnumerable<JsonNode?> RorUrl(Organization o) => o.RorId is { } ror ? [JsonValue.Create($"https://ror.org/{ror}")] : [];
}
