using System.Net;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Calls.Staff;

/// <summary>Pages over plain HTTP as a browser without JavaScript uses them: a cookie sign-in, then forms with their antiforgery token.</summary>
internal static partial class StaffPagesKit
{
    /// <summary>A client with its own cookie jar, signed in through /account/login, that does not follow redirects.</summary>
    public static async Task<HttpClient> SignedInAsync(this TestApp app, string role, string language = "en", int? organizationId = null)
    {
        var (email, password) = await app.CreateUserAsync(role, organizationId);
        return await app.SignedInAsAsync(email, password, language);
    }

    /// <summary>A page client signed in as an existing account (made through the API, say).</summary>
    public static async Task<HttpClient> SignedInAsAsync(this TestApp app, string email, string password, string language = "en")
    {
        var client = Anonymous(app, language);
        var login = await client.GetAsync("/account/login", TestContext.Current.CancellationToken);
        var response = await client.PostFormAsync("/account/login", await login.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), [("Email", email), ("Password", password)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static HttpClient Anonymous(TestApp app, string language = "en")
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    public static async Task<(HttpStatusCode Status, string Html)> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        return (response.StatusCode, await ReadAsync(response));
    }

    /// <summary>The page with its character references decoded, so that tests read "l'évaluation" as a person does.</summary>
    public static async Task<string> ReadAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    /// <summary>The "version" field of a form on the proposal, as the page renders it.</summary>
    public static async Task<(string Name, string Value)> ProposalVersionAsync(this TestApp app, int proposalId, int offset = 0) =>
        ("version", (offset + await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Proposals.Where(p => p.Id == proposalId).Select(p => p.Version)))).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The "version" field of a form on the call (pins and exclusions), as the page renders it.</summary>
    public static async Task<(string Name, string Value)> CallVersionAsync(this TestApp app, int callId, int offset = 0) =>
        ("version", (offset + await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Calls.Where(c => c.Id == callId).Select(c => c.Version)))).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Posts a form with the antiforgery token of <paramref name="page"/>, the page the form was read from.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, string page, IEnumerable<(string Name, string Value)> fields)
    {
        var token = Token().Match(page);
        Assert.True(token.Success, "the page has no antiforgery token");
        var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token.Groups[1].Value), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        return await client.PostAsync(url, content, TestContext.Current.CancellationToken);
    }

    /// <summary>Reads a page, posts one of its forms and returns the answer with its body.</summary>
    public static async Task<(HttpStatusCode Status, string Html, Uri? Location)> SubmitAsync(this HttpClient client, string pageUrl, string action, IEnumerable<(string Name, string Value)> fields)
    {
        var (status, page) = await client.GetPageAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, status);
        var response = await client.PostFormAsync(action, page, fields);
        return (response.StatusCode, await ReadAsync(response), response.Headers.Location);
    }

    /// <summary>
    /// A published call open from 2020 to 2099, with no eligibility rule but two criteria, made through the API;
    /// a two-stage one takes letters of intent until 2098.
    /// </summary>
    public static async Task<(int CallId, int[] Criteria)> OpenCallAsync(this TestApp app, HttpClient staffApi, int reviewers, bool twoStage = false)
    {
        var call = await staffApi.PostJsonAsync("/api/v1/calls", new
        {
            titleEn = "Staff pages call " + Guid.NewGuid().ToString("N")[..8],
            titleFr = "Appel des pages du personnel",
            funder = "Walloon Region",
            stage = twoStage ? "TwoStage" : "SingleStage",
            opensAt = "2020-01-06T09:00",
            intentClosesAt = twoStage ? "2098-12-01T12:00" : null,
            closesAt = "2099-12-01T12:00",
            budgetEnvelope = 1_000_000m,
            reviewersPerProposal = reviewers,
            published = true,
            rules = new { },
            criteria = new object[]
            {
                new { nameEn = "Excellence", nameFr = "Excellence", weight = 60m, passThreshold = 3m, scaleMin = 0, scaleMax = 5, descriptionEn = "Quality of the science and of the work plan.", descriptionFr = "Qualité de la science et du plan de travail." },
                new { nameEn = "Impact", nameFr = "Impact", weight = 40m, passThreshold = 2m, scaleMin = 0, scaleMax = 5, descriptionEn = "Benefits for patients and for the region.", descriptionFr = "Retombées pour les patients et pour la région." },
            },
        }, HttpStatusCode.Created);
        return (call.GetProperty("id").GetInt32(), [.. call.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("id").GetInt32())]);
    }

    /// <summary>A proposal by a new SME, written and submitted through the API (a letter of intent in a two-stage call); optionally with a PDF attached.</summary>
    public static async Task<int> SubmittedProposalAsync(this TestApp app, int callId, string acronym, bool withDocument = false)
    {
        var sme = await app.AddOrganizationAsync($"{acronym} Biotech", OrganizationType.Sme, "BE332");
        var coordinator = await app.ClientAsAsync(Roles.Member, sme);
        var created = await coordinator.PostJsonAsync($"/api/v1/calls/{callId}/proposals", CallsKit.Content(acronym), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        await coordinator.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{sme}/budget", CallsKit.BudgetBody(100_000m));
        if (withDocument) await coordinator.UploadPdfAsync(id, CallsKit.TinyPdf, null, HttpStatusCode.Created);
        await coordinator.PostCurrentAsync($"/api/v1/proposals/{id}/submit", null);
        return id;
    }

    /// <summary>The call stops taking submissions: its deadline is moved to a minute ago, so that decisions may be taken.</summary>
    public static Task CloseCallAsync(this TestApp app, int callId)
    {
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        return app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(db.Calls.Where(c => c.Id == callId), c => c.SetProperty(x => x.ClosesAt, past)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
