using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Projects;

public class ProjectPageModel(BiotopeDb db, Texts texts, TimeProvider clock) : PageModel
{
    public Project Project { get; private set; } = null!;
    public ProjectLinks Links { get; private set; } = ProjectLinks.None;
    /// <summary>Names of the organizations researchers and outputs refer to.</summary>
    public Dictionary<int, Organization> Organizations { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public bool CanEdit { get; private set; }
    public bool CanReport { get; private set; }
    public bool CanReadReports { get; private set; }
    public string JsonLd { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var project = await db.LoadBySlugAsync(slug, ct);
        if (project is null) return NotFound();
        Project = project;
        Links = await db.LinksAsync(project, ct);
        var referenced = project.Researchers.Select(r => r.OrganizationId).Concat(project.Outputs.Select(o => o.OrganizationId)).OfType<int>().Distinct().ToList();
        Organizations = await db.Organizations.AsNoTracking().Where(o => referenced.Contains(o.Id) && o.DeletedAt == null).ToDictionaryAsync(o => o.Id, ct);
        Today = ProjectQueries.Today(clock);
        CanEdit = User.IsStaff();
        CanReport = User.CanReport(project);
        CanReadReports = User.CanReadReports(project);
        JsonLd = SchemaOrg(project, Links, PublicBaseUrl.Of(HttpContext), texts.Language);
        return Page();
    }

    /// <summary>schema.org ResearchProject: name, description, dates, funder, partner organizations and links to related projects.</summary>
    public static string SchemaOrg(Project p, ProjectLinks links, string baseUrl, string language)
    {
        var url = baseUrl + ProjectMapping.PagePath(p.Slug);
        var json = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "ResearchProject",
            ["@id"] = url,
            ["url"] = url,
            ["name"] = p.Title(language),
            ["alternateName"] = p.Acronym,
        };
        if (p.Summary(language) is { } description) json["description"] = description;
        if (p.StartDate is { } start) json["startDate"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (p.EndDate is { } end) json["endDate"] = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The funder is also the sponsor (schema.org's wider term, which some consumers read instead).
        if (p.Funder is { } funder)
        {
            json["funder"] = new JsonObject { ["@type"] = "Organization", ["name"] = funder };
            json["sponsor"] = new JsonObject { ["@type"] = "Organization", ["name"] = funder };
        }
        if (p.Website is { } website) json["sameAs"] = website;
        if (p.Keywords.Count > 0) json["keywords"] = string.Join(", ", p.Keywords);
        if (p.CordisId is { } cordis) json["identifier"] = new JsonObject { ["@type"] = "PropertyValue", ["propertyID"] = "CORDIS", ["value"] = cordis };
        JsonObject Organization(ProjectPartner x) => new()
        {
            ["@type"] = "Organization",
            ["@id"] = $"{baseUrl}/organizations/{x.OrganizationId}",
            ["url"] = $"{baseUrl}/organizations/{x.OrganizationId}",
            ["name"] = x.Organization?.DisplayName(language) ?? "",
        };
        if (p.Partners.Count > 0) json["member"] = new JsonArray([.. p.Partners.OrderBy(x => x.Organization?.Name, StringComparer.OrdinalIgnoreCase).Select(x => (JsonNode)Organization(x))]);
        JsonObject Reference(ProjectRef r) => new() { ["@type"] = "ResearchProject", ["@id"] = baseUrl + ProjectMapping.PagePath(r.Slug), ["name"] = r.Acronym };
        if (links.Parent is { } parent) json["parentOrganization"] = Reference(parent);
        if (links.Children.Count > 0) json["subOrganization"] = new JsonArray([.. links.Children.Select(c => (JsonNode)Reference(c))]);
        // The encoder always escapes '<', '>' and '&', so the JSON cannot close the script element it sits in.
        return json.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) });
    }
}
