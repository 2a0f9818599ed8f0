using System.Text.Json.Nodes;

namespace Biotope.Tests.Infrastructure;

/// <summary>
/// The mechanism that keeps "every update takes the version" true (ADR 024): every PUT, PATCH and DELETE of the OpenAPI
/// document, and every POST that does not create (no 201), declares an If-Match header, unless it is listed below with the
/// reason it changes no versioned row. A new update endpoint without If-Match fails here.
/// </summary>
public sealed class ConcurrencyCoverageTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    /// <summary>Operations that need no version, each with why. Keep it short: an update of a versioned row belongs elsewhere.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        ["CreateToken"] = "signs in: issues a token, edits no row",
        ["ChangePassword"] = "on the current password, which is the version: a second change with the old one is refused",
        ["SignOutEverywhere"] = "renews the caller's own security stamp: nothing a stale reader could overwrite",
        ["RevokePersonalToken"] = "one-way and idempotent: a revoked token stays revoked",
        ["MarkNotificationRead"] = "one-way and idempotent flag on the caller's own notification",
        ["MarkAllNotificationsRead"] = "one-way and idempotent flag on the caller's own notifications",
        ["RevokeCalendarFeed"] = "one-way and idempotent: a revoked feed stays revoked",
        ["QuoteBooking"] = "computes a price, writes nothing",
        ["RunAssignment"] = "recomputed from the current data, not from what the caller read; a concurrent run is a 409 (Concurrency.SaveAsync)",
        ["CancelMyTrainingEnrolment"] = "the caller's own place, under the session's lock; a second cancel is a 404",
        ["ConfirmRelation"] = "one answer to a pending proposal of relation; a second is refused (not pending)",
        ["DeclineRelation"] = "one answer to a pending proposal of relation; a second is refused (not pending)",
        ["AcceptInvitation"] = "one answer to a pending invitation; a second is a 409",
        ["DeclineInvitation"] = "one answer to a pending invitation; a second is a 409",
        ["SignUp"] = "creates an account and its join request: nothing read before",
        ["ConfirmEmail"] = "one-way, by a single-use token",
        ["ForgotPassword"] = "queues an e-mail, edits no row",
        ["ResetPassword"] = "by a single-use token: the reset changes the stamp, so a second use is refused",
        ["ApproveJoinRequest"] = "one answer to a pending join request; a second is a 409",
        ["DeclineJoinRequest"] = "one answer to a pending join request; a second is a 409",
        ["EraseMyAccount"] = "one-way, confirmed with the password; a second is a 404",
        ["EraseAccount"] = "one-way, on request; a second is a 404",
        ["SetPersonConsent"] = "the person's own answer (or a written one staff record): the latest answer is the one that holds",
    };

    /// <summary>
    /// Updates of versioned rows still answered without a version (issue 11 §5, ADR 024): none is left. An entry here must move
    /// to If-Match; the test fails when one does and is still listed here, so the list only shrinks.
    /// </summary>
    private static readonly Dictionary<string, string> NotYet = new()
    {
    };

    [Fact]
    public async Task Every_update_operation_takes_if_match_or_says_why_not()
    {
        var document = JsonNode.Parse(await fixture.App.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;
        var operations = OpenApiOperations.Read(document).Where(o => o.Method is "PUT" or "PATCH" or "DELETE" || (o.Method == "POST" && o.Node["responses"]?["201"] is null)).ToList();
        var missing = operations
            .Where(o => !TakesIfMatch(o) && !Exempt.ContainsKey(o.Id ?? "") && !NotYet.ContainsKey(o.Id ?? ""))
            .Select(o => $"{o.Method} {o.Path} ({o.Id})").ToList();
        Assert.True(missing.Count == 0, "Update operations without If-Match (add [FromHeader(Name = \"If-Match\")] and check it, or list the operation in Exempt with its reason):\n" + string.Join("\n", missing));
        // An exemption for an operation that is gone, or that now takes If-Match, is dead weight.
        var stale = Exempt.Keys.Concat(NotYet.Keys).Where(id => !operations.Any(o => o.Id == id && !TakesIfMatch(o))).ToList();
        Assert.True(stale.Count == 0, "Exempt or NotYet lists operations that take If-Match or no longer exist: " + string.Join(", ", stale));
    }

    private static bool TakesIfMatch(OpenApiOperation operation) =>
        operation.Node["parameters"] is JsonArray parameters
        && parameters.Any(p => (string?)p?["in"] == "header" && string.Equals((string?)p?["name"], "If-Match", StringComparison.OrdinalIgnoreCase));
}
