using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Calls;

/// <summary>Small helpers for the calls tests: JSON requests that assert their status, and the actors of a call.</summary>
public static class CallsKit
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static readonly byte[] TinyPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    public static async Task<JsonElement> SendAsync(this HttpClient client, HttpMethod method, string url, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A request in a given language (Accept-Language), answered whatever its status: for tests of texts and codes.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendInAsync(this HttpClient client, HttpMethod method, string url, object? body, string language)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static Task<JsonElement> GetJsonAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK) => client.SendAsync(HttpMethod.Get, url, null, expected);

    public static Task<JsonElement> PostJsonAsync(this HttpClient client, string url, object? body, HttpStatusCode expected = HttpStatusCode.OK) => client.SendAsync(HttpMethod.Post, url, body, expected);

    public static Task<JsonElement> PutJsonAsync(this HttpClient client, string url, object? body, HttpStatusCode expected = HttpStatusCode.OK) => client.SendAsync(HttpMethod.Put, url, body, expected);

    public static async Task<int> AddOrganizationAsync(this TestApp app, string name, OrganizationType type, string? nuts)
    {
        var slug = Biotope.Features.Organizations.Search.TextNormalizer.Slug(name) + "-" + Guid.NewGuid().ToString("N")[..6];
        return await app.WithDbAsync(async db =>
        {
            var organization = new Organization { Slug = slug, Name = name, Type = type, NutsCode = nuts };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            return organization.Id;
        });
    }

    public static Task<int> IdOfAsync(this TestApp app, string slug) =>
        app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id)));

    /// <summary>A call shaped on the regional rules: a company coordinates; 2 companies incl. an SME; 2 research institutions; 2 partners in BE3.</summary>
    public static object CallBody(string opensAt, string closesAt, int reviewers = 2, string stage = "SingleStage", string? intentClosesAt = null) => new
    {
        titleEn = "Health cluster projects " + Guid.NewGuid().ToString("N")[..6],
        titleFr = "Projets du pôle santé",
        funder = "Walloon Region",
        programme = "Competitiveness clusters",
        stage,
        opensAt,
        intentClosesAt,
        closesAt,
        budgetEnvelope = 5_000_000m,
        requiredDocuments = new[] { "Consortium commitment letter" },
        reviewersPerProposal = reviewers,
        published = true,
        rules = new
        {
            minPartners = 4,
            maxPartners = 10,
            coordinatorTypes = new[] { "LargeCompany", "Sme", "StartUp", "UniversitySpinOff" },
            requiredPartners = new object[]
            {
                new { types = new[] { "LargeCompany", "Sme", "StartUp", "UniversitySpinOff" }, minimum = 2, labelEn = "Companies", labelFr = "Entreprises" },
                new { types = new[] { "Sme", "StartUp", "UniversitySpinOff" }, minimum = 1, labelEn = "SMEs", labelFr = "PME" },
                new { types = new[] { "University", "ResearchInstitute" }, minimum = 2, labelEn = "Research institutions", labelFr = "Institutions de recherche" },
            },
            regional = new { nutsPrefix = "BE3", minimumPartners = 2 },
            maxDurationMonths = 36,
            maxRequestedFunding = 2_000_000m,
            fundingRates = new object[]
            {
                new { types = new[] { "LargeCompany" }, ratePercent = 50m },
                new { types = new[] { "Sme", "StartUp", "UniversitySpinOff" }, ratePercent = 70m },
                new { types = new[] { "University", "ResearchInstitute" }, ratePercent = 100m },
            },
            eligibleCostCategories = new[] { "Personnel", "Equipment", "Subcontracting", "Other", "Overhead" },
        },
        criteria = new object[]
        {
            new { nameEn = "Excellence", nameFr = "Excellence", weight = 40m, passThreshold = 3m, scaleMin = 0, scaleMax = 5 },
            new { nameEn = "Innovation", nameFr = "Innovation", weight = 35m, passThreshold = 3m, scaleMin = 0, scaleMax = 5 },
            new { nameEn = "Sustainable development", nameFr = "Développement durable", weight = 25m, passThreshold = 2m, scaleMin = 0, scaleMax = 5 },
        },
    };

    /// <summary>The regional call of <see cref="CallBody"/>, open from 2020 to 2099, with its funder, programme and documents in both languages.</summary>
    public static object BilingualCallBody()
    {
        var body = JsonSerializer.SerializeToNode(CallBody("2020-01-01T09:00", "2099-12-31T12:00"), Json)!.AsObject();
        body.Remove("funder");
        body.Remove("programme");
        body["funderFr"] = "Région wallonne";
        body["funderEn"] = "Walloon Region";
        body["programmeFr"] = "Pôles de compétitivité";
        body["programmeEn"] = "Competitiveness clusters";
        body["requiredDocuments"] = JsonSerializer.SerializeToNode(new[] { new { fr = "Lettre d'engagement du consortium", en = "Consortium commitment letter" } });
        return body;
    }

    public static object Content(string acronym, int duration = 24) => new
    {
        acronym,
        titleEn = $"{acronym}: antibody production for cell therapy",
        titleFr = $"{acronym} : production d'anticorps pour la thérapie cellulaire",
        summaryEn = "A joint academic-industrial project.",
        summaryFr = "Un projet conjoint académique-industriel.",
        areas = new[] { "monoclonal-antibodies", "cell-therapy" },
        keywords = new[] { "bioprocess", "immunology" },
        durationMonths = duration,
        workPackages = new object[]
        {
            new { number = 1, title = "Process development", startMonth = 1, endMonth = 12, milestones = new[] { new { code = "M1", title = "Pilot batch", month = 12 } }, deliverables = new[] { new { code = "D1.1", title = "Process report", month = 12 } } },
            new { number = 2, title = "Clinical-grade scale-up", startMonth = 13, endMonth = duration, milestones = Array.Empty<object>(), deliverables = new[] { new { code = "D2.1", title = "GMP batch record", month = duration } } },
        },
    };

    public static object BudgetBody(decimal personnel, decimal equipment = 0, decimal overheadRate = 0, decimal subcontracting = 0, decimal other = 0, int hires = 0) => new
    {
        personnelCost = personnel,
        personnelFte = 1.5m,
        researchersToHire = hires,
        equipmentCost = equipment,
        subcontractingCost = subcontracting,
        otherCost = other,
        overheadRatePercent = overheadRate,
    };

    public static async Task<JsonElement> UploadPdfAsync(this HttpClient client, int proposalId, byte[] content, string? document, HttpStatusCode expected)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "letter.pdf");
        if (document is not null) form.Add(new StringContent(document), "document");
        using var response = await client.PostAsync($"/api/v1/proposals/{proposalId}/attachments", form, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"upload: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>An expert account with its profile; returns the expert's client and id.</summary>
    public static async Task<(HttpClient Client, int Id)> AddExpertAsync(this TestApp app, HttpClient staff, string name, int? organizationId, string[] areas, string[] keywords, int maxLoad = 6)
    {
        var (email, password) = await app.CreateUserAsync(Roles.Expert);
        var created = await staff.PostJsonAsync("/api/v1/experts", new { name, email, organizationId, areas, keywords, languages = new[] { "fr", "en" }, maxLoad }, HttpStatusCode.Created);
        var token = await app.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, TestContext.Current.CancellationToken);
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString()!;
        return (app.NewClient(accessToken), created.GetProperty("id").GetInt32());
    }

    /// <summary>A submitted, eligible proposal in an open call: an SME coordinates with a large company, ULiège and ULB.</summary>
    public static async Task<int> SubmittedProposalAsync(TestApp app, int callId, string acronym)
    {
        var sme = await app.AddOrganizationAsync(acronym + " SME", OrganizationType.Sme, "BE332");
        var large = await app.AddOrganizationAsync(acronym + " Pharma", OrganizationType.LargeCompany, "BE310");
        var client = await app.ClientAsAsync(Roles.MemberAdmin, sme);
        var id = (await client.PostJsonAsync($"/api/v1/calls/{callId}/proposals", Content(acronym), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        foreach (var partner in new[] { large, await app.IdOfAsync("uliege"), await app.IdOfAsync("ulb") })
        {
            var admin = await app.ClientAsAsync(Roles.MemberAdmin, partner);
            await client.PostCurrentAsync($"/api/v1/proposals/{id}/partners", new { organizationId = partner });
            await admin.PostJsonAsync($"/api/v1/proposals/{id}/partners/{partner}/accept", null);
        }
        await client.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{sme}/budget", BudgetBody(100_000m));
        await client.UploadPdfAsync(id, TinyPdf, "Consortium commitment letter", HttpStatusCode.Created);
        await client.PostCurrentAsync($"/api/v1/proposals/{id}/submit", null);
        return id;
    }
}
