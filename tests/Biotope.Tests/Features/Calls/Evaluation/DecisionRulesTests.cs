using System.Net;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Tests.Features.Calls.Staff;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Calls.Evaluation;

/// <summary>
/// Issue 10's evaluation rules through the API: scores start empty and a draft keeps them so, a submission asks each
/// criterion by its field; a decision needs the call closed and a consensus (stable codes, French and English texts);
/// the letter says what happened.
/// </summary>
public sealed class DecisionRulesTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    private static Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string url, object? body, string language) =>
        client.SendInAsync(method, url, body, language);

    private static string Plain(string? text) => (text ?? "").Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private static object Scores(int[] criteria, params decimal[] scores) =>
        new { scores = criteria.Select((c, i) => new { criterionId = c, score = scores[i], comment = "Argued." }), overallComment = "Consensus reached." };

    [Fact]
    public async Task A_draft_keeps_empty_scores_empty_and_submitting_names_each_missing_score()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, criteria) = await App.OpenCallAsync(staff, reviewers: 1);
        var proposal = await App.SubmittedProposalAsync(callId, "EMPTYSCORE");
        var (expert, expertId) = await App.AddExpertAsync(staff, "Draft expert", null, ["cell-therapy"], []);
        await staff.PutCurrentAsync($"/api/v1/calls/{callId}/assignment/overrides", new { proposalId = proposal, expertId, kind = "Pin" }, HttpStatusCode.NoContent);
        await staff.PostJsonAsync($"/api/v1/calls/{callId}/assignment", null);

        var blank = await expert.GetJsonAsync($"/api/v1/proposals/{proposal}/review");
        Assert.All(blank.GetProperty("scores").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("score").ValueKind));

        // A draft with one comment and no score at all stays unscored.
        var draft = await expert.PutJsonAsync($"/api/v1/proposals/{proposal}/review", new { scores = new[] { new { criterionId = criteria[0], score = (decimal?)null, comment = "Reading the work plan." } } });
        Assert.Equal(JsonValueKind.Null, draft.GetProperty("scores")[0].GetProperty("score").ValueKind);
        Assert.Equal("Reading the work plan.", draft.GetProperty("scores")[0].GetProperty("comment").GetString());

        var (status, french) = await SendAsync(expert, HttpMethod.Post, $"/api/v1/proposals/{proposal}/review/submit",
            new { scores = new[] { new { criterionId = criteria[0], score = (decimal?)null, comment = "Reading the work plan." } } }, "fr");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        foreach (var c in criteria) Assert.Equal("review.score.required", french.GetProperty("errorCodes").GetProperty($"scores[{c}].score")[0].GetString());
        Assert.Equal("Excellence : choisissez une note de 0 à 5.", Plain(french.GetProperty("errors").GetProperty($"scores[{criteria[0]}].score")[0].GetString()));
        var (_, english) = await SendAsync(expert, HttpMethod.Post, $"/api/v1/proposals/{proposal}/review/submit", new { scores = Array.Empty<object>() }, "en");
        Assert.Equal("Impact: choose a score from 0 to 5.", english.GetProperty("errors").GetProperty($"scores[{criteria[1]}].score")[0].GetString());
    }

    [Fact]
    public async Task A_decision_is_refused_while_the_call_is_open_and_without_a_consensus_in_French_and_English()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, criteria) = await App.OpenCallAsync(staff, reviewers: 1);
        var proposal = await App.SubmittedProposalAsync(callId, "TOOEARLY");
        await staff.PutJsonAsync($"/api/v1/proposals/{proposal}/consensus", Scores(criteria, 4, 4));

        var (status, french) = await SendAsync(staff, HttpMethod.Post, $"/api/v1/proposals/{proposal}/decision", new { outcome = "Labelled" }, "fr");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("decision.call-still-open", french.GetProperty("code").GetString());
        Assert.Equal("L'appel est encore ouvert", french.GetProperty("title").GetString());
        Assert.Contains("L'appel reçoit des propositions jusqu'au 1 décembre 2099", Plain(french.GetProperty("detail").GetString()));
        Assert.Equal(DateTimeOffset.Parse("2099-12-01T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture), french.GetProperty("closesAt").GetDateTimeOffset());
        var (_, english) = await SendAsync(staff, HttpMethod.Post, $"/api/v1/proposals/{proposal}/decision", new { outcome = "NotLabelled" }, "en");
        Assert.Equal(("decision.call-still-open", "The call is still open"), (english.GetProperty("code").GetString(), english.GetProperty("title").GetString()));
        Assert.Contains("The call takes submissions until 1 December 2099", english.GetProperty("detail").GetString());

        var (otherCall, otherCriteria) = await App.OpenCallAsync(staff, reviewers: 1);
        var unscored = await App.SubmittedProposalAsync(otherCall, "NOCONSENSUS");
        await App.CloseCallAsync(otherCall);
        (status, french) = await SendAsync(staff, HttpMethod.Post, $"/api/v1/proposals/{unscored}/decision", new { outcome = "NotLabelled" }, "fr");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(("decision.consensus-missing", "Pas encore de consensus"), (french.GetProperty("code").GetString(), french.GetProperty("title").GetString()));
        Assert.StartsWith("NOCONSENSUS n'a pas encore de consensus", Plain(french.GetProperty("detail").GetString()));
        (_, english) = await SendAsync(staff, HttpMethod.Post, $"/api/v1/proposals/{unscored}/decision", new { outcome = "Labelled" }, "en");
        Assert.Equal(("decision.consensus-missing", "No consensus yet"), (english.GetProperty("code").GetString(), english.GetProperty("title").GetString()));
        Assert.StartsWith("NOCONSENSUS has no consensus yet", english.GetProperty("detail").GetString());

        // With the consensus, the decision goes through.
        await staff.PutJsonAsync($"/api/v1/proposals/{unscored}/consensus", Scores(otherCriteria, 4, 4));
        await staff.PostCurrentAsync($"/api/v1/proposals/{unscored}/decision", new { outcome = "NotLabelled" });
    }

    [Theory]
    [InlineData("Labelled", 4, 4, "we are pleased to inform you that {0} is labelled", "reached the pass threshold on every criterion, with a weighted total of 4.00.")]
    [InlineData("NotLabelled", 4, 4, "we regret to inform you that {0} is not labelled", "reached the pass threshold on every criterion, with a weighted total of 4.00, but was not ranked")]
    [InlineData("NotLabelled", 2, 4, "we regret to inform you that {0} is not labelled", "did not reach the pass threshold on: Excellence.")]
    [InlineData("Labelled", 4, 1, "we are pleased to inform you that {0} is labelled", "did not reach the pass threshold on: Impact; the committee nevertheless decided to label it.")]
    public async Task The_letter_says_what_happened(string outcome, int excellence, int impact, string decision, string thresholds)
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, criteria) = await App.OpenCallAsync(staff, reviewers: 1);
        var acronym = "L" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var proposal = await App.SubmittedProposalAsync(callId, acronym);
        await staff.PutJsonAsync($"/api/v1/proposals/{proposal}/consensus", Scores(criteria, excellence, impact));
        await App.CloseCallAsync(callId);
        await staff.PostCurrentAsync($"/api/v1/proposals/{proposal}/decision", new { outcome });

        var letter = await staff.GetJsonAsync($"/api/v1/proposals/{proposal}/letter?language=en");
        var text = string.Join(" ", letter.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, decision, acronym), text);
        Assert.Contains(thresholds, text);
        Assert.Contains("Consensus reached.", text);
        var scores = letter.GetProperty("scores").EnumerateArray().Select(s => (s.GetProperty("criterion").GetString(), s.GetProperty("score").GetDecimal())).ToList();
        Assert.Equal([("Excellence", (decimal)excellence), ("Impact", (decimal)impact)], scores);
    }
}
