using System.Net;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Calls;

/// <summary>
/// The calls' API in both languages, identically on SQLite and PostgreSQL: a call's funder, programme and documents
/// stored in both languages (and the older one-name shape still read), refusals with French or English title and
/// detail and the same stable code.
/// </summary>
public abstract class CallLanguagesContract
{
    protected abstract Task<TestApp> StartAsync();

    private static Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body, string language) =>
        client.SendInAsync(method, url, body, language);

    private static string Text(JsonElement body, string property) => body.GetProperty(property).GetString()!;

    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    [Fact]
    public async Task A_calls_names_are_stored_in_both_languages_and_the_one_name_shape_is_still_read()
    {
        await using var app = await StartAsync();
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);
        var (created, call) = await SendAsync(staff, HttpMethod.Post, "/api/v1/calls", CallsKit.BilingualCallBody(), "fr");
        Assert.Equal(HttpStatusCode.Created, created);
        var id = call.GetProperty("id").GetInt32();
        Assert.Equal(("Région wallonne", "Pôles de compétitivité"), (Text(call, "funder"), Text(call, "programme")));
        Assert.Equal("Lettre d'engagement du consortium", Assert.Single(call.GetProperty("requiredDocuments").EnumerateArray()).GetString());

        var (_, english) = await SendAsync(staff, HttpMethod.Get, $"/api/v1/calls/{id}", null, "en");
        Assert.Equal(("Walloon Region", "Competitiveness clusters"), (Text(english, "funder"), Text(english, "programme")));
        Assert.Equal(("Région wallonne", "Walloon Region"), (Text(english, "funderFr"), Text(english, "funderEn")));
        Assert.Equal("Consortium commitment letter", Assert.Single(english.GetProperty("requiredDocuments").EnumerateArray()).GetString());
        var names = Assert.Single(english.GetProperty("requiredDocumentNames").EnumerateArray());
        Assert.Equal(("Lettre d'engagement du consortium", "Consortium commitment letter"), (Text(names, "fr"), Text(names, "en")));

        // The shape of older clients: one funder and plain document names, taken as English.
        var (legacyStatus, legacy) = await SendAsync(staff, HttpMethod.Post, "/api/v1/calls", CallsKit.CallBody("2020-01-01T09:00", "2099-12-31T12:00"), "fr");
        Assert.Equal(HttpStatusCode.Created, legacyStatus);
        Assert.Equal("Walloon Region", Text(legacy, "funderEn"));
        Assert.Equal(JsonValueKind.Null, legacy.GetProperty("funderFr").ValueKind);
        Assert.Equal("Walloon Region", Text(legacy, "funder")); // the only name known, whatever the language

        // A call without any funder is refused, in the reader's language.
        var (refused, problem) = await SendAsync(staff, HttpMethod.Post, "/api/v1/calls", new { titleEn = "x", titleFr = "x", opensAt = "2026-03-02T09:00", closesAt = "2026-04-30T12:00", criteria = Array.Empty<object>() }, "fr");
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal("call.funder.required", problem.GetProperty("errorCodes").GetProperty("funder")[0].GetString());
        Assert.Equal("Le financeur est obligatoire, en français ou en anglais.", problem.GetProperty("errors").GetProperty("funder")[0].GetString());
    }

    [Fact]
    public async Task Refusals_of_the_consortium_and_of_the_submission_read_in_the_requests_language_with_one_code()
    {
        await using var app = await StartAsync();
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);
        var (_, call) = await SendAsync(staff, HttpMethod.Post, "/api/v1/calls", CallsKit.BilingualCallBody(), "fr");
        var callId = call.GetProperty("id").GetInt32();
        var uliege = await app.IdOfAsync("uliege");
        var coordinator = await app.ClientAsAsync(Roles.MemberAdmin, uliege);
        var (_, proposal) = await SendAsync(coordinator, HttpMethod.Post, $"/api/v1/calls/{callId}/proposals", CallsKit.Content("LANGS"), "fr");
        var id = proposal.GetProperty("id").GetInt32();
        var sme = await app.AddOrganizationAsync("Biocell Wallonie", OrganizationType.Sme, "BE332");
        await coordinator.PostCurrentAsync($"/api/v1/proposals/{id}/partners", new { organizationId = sme });

        // Invited twice.
        var (status, french) = await SendAsync(coordinator, HttpMethod.Post, $"/api/v1/proposals/{id}/partners", new { organizationId = sme }, "fr");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("proposal.partner.already-invited", Text(french, "code"));
        Assert.Equal(("Déjà invitée", "Biocell Wallonie fait déjà partie du consortium ou y est déjà invitée."), (Text(french, "title"), Text(french, "detail")));
        var (_, english) = await SendAsync(coordinator, HttpMethod.Post, $"/api/v1/proposals/{id}/partners", new { organizationId = sme }, "en");
        Assert.Equal("proposal.partner.already-invited", Text(english, "code"));
        Assert.Equal(("Already invited", "Biocell Wallonie is already in the consortium or invited."), (Text(english, "title"), Text(english, "detail")));

        // The whole submit refusal: a university coordinates, partners are missing, the letter is not attached.
        (status, french) = await SendAsync(coordinator, HttpMethod.Post, $"/api/v1/proposals/{id}/submit", null, "fr");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("proposal.submit.not-eligible", Text(french, "code"));
        Assert.Equal("Non éligible", Text(french, "title"));
        var detail = Plain(Text(french, "detail"));
        Assert.StartsWith("La proposition ne remplit pas les règles de l'appel : ", detail);
        Assert.Contains("Le coordinateur doit être une grande entreprise, une PME, une start-up ou une spin-off universitaire ; Université de Liège est une université.", detail);
        Assert.Contains("Document manquant : Lettre d'engagement du consortium.", detail);
        Assert.DoesNotContain("partner", detail);
        (_, english) = await SendAsync(coordinator, HttpMethod.Post, $"/api/v1/proposals/{id}/submit", null, "en");
        Assert.Equal(("proposal.submit.not-eligible", "Not eligible"), (Text(english, "code"), Text(english, "title")));
        Assert.Contains("Missing document: Consortium commitment letter.", Text(english, "detail"));
        Assert.Contains("coordinator", english.GetProperty("failedRules").EnumerateArray().Select(r => r.GetString()));

        // The live eligibility report carries the same codes.
        var (_, report) = await SendAsync(coordinator, HttpMethod.Get, $"/api/v1/proposals/{id}/eligibility", null, "fr");
        var rule = report.GetProperty("rules").EnumerateArray().Single(r => Text(r, "rule") == "coordinator");
        Assert.Equal("eligibility.coordinator.refused", Text(rule, "code"));
        Assert.StartsWith("Le coordinateur doit être", Text(rule, "reason"));
    }

    [Fact]
    public async Task A_consensus_without_a_comment_is_refused_field_by_field_in_French_and_English()
    {
        await using var app = await StartAsync();
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);
        var (_, call) = await SendAsync(staff, HttpMethod.Post, "/api/v1/calls", CallsKit.CallBody("2020-01-01T09:00", "2099-12-31T12:00"), "en");
        var callId = call.GetProperty("id").GetInt32();
        var criteria = call.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToArray();
        var proposal = await CallsKit.SubmittedProposalAsync(app, callId, "NOCOMMENT");
        var scores = criteria.Select(c => new { criterionId = c, score = 4m, comment = c == criteria[0] ? "" : "Fine." }).ToArray();

        var (status, french) = await SendAsync(staff, HttpMethod.Put, $"/api/v1/proposals/{proposal}/consensus", new { scores, overallComment = "x" }, "fr");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var key = $"scores[{criteria[0]}].comment";
        Assert.Equal("review.score.comment-required", french.GetProperty("errorCodes").GetProperty(key)[0].GetString());
        Assert.Equal("Excellence : un commentaire accompagne obligatoirement la note.", Plain(french.GetProperty("errors").GetProperty(key)[0].GetString()!));
        var (_, english) = await SendAsync(staff, HttpMethod.Put, $"/api/v1/proposals/{proposal}/consensus", new { scores, overallComment = "x" }, "en");
        Assert.Equal("Excellence: a comment is required with the score.", english.GetProperty("errors").GetProperty(key)[0].GetString());
    }
}

public sealed class SqliteCallLanguagesTests : CallLanguagesContract
{
    protected override Task<TestApp> StartAsync() => TestApp.StartSqliteAsync();
}

public sealed class PostgresCallLanguagesTests(PostgresServer server) : CallLanguagesContract
{
    protected override Task<TestApp> StartAsync()
    {
        server.RequireOrSkip();
        return TestApp.StartPostgresAsync(server, seedDemo: true);
    }
}
