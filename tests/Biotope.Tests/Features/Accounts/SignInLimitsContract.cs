using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Accounts;

/// <summary>
/// ADR 019, asserted identically on SQLite and PostgreSQL: one answer for every wrong sign-in, failures throttled per
/// (e-mail, client address) so a victim on another client still signs in, and account events in the audit log.
/// Each test uses client addresses of its own (the test apps read them from <see cref="TestApp.ClientAddressHeader"/>).
/// </summary>
public abstract partial class SignInLimitsContract
{
    protected abstract TestApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int nextAddress;

    /// <summary>A client address no other test uses.</summary>
    protected static string NewAddress() => $"203.0.113.{Interlocked.Increment(ref nextAddress) % 250 + 1}";

    private async Task<HttpResponseMessage> TokenAsync(string email, string password, string address, string language = "en")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(TestApp.ClientAddressHeader, address);
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await App.Client.SendAsync(request, Ct);
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        problem.Remove("traceId");
        return problem;
    }

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_answer_from_the_api()
    {
        var (email, _) = await App.CreateUserAsync(Roles.ClusterStaff);
        var address = NewAddress();
        using var wrong = await TokenAsync(email, "Not-the-password-1", address);
        using var unknown = await TokenAsync($"nobody-{Guid.NewGuid():N}@test.biotope.be", "Not-the-password-1", address);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        var wrongProblem = await ProblemAsync(wrong);
        Assert.Equal("auth.invalid-credentials", (string?)wrongProblem["code"]);
        Assert.Equal("The e-mail or password is wrong.", (string?)wrongProblem["detail"]);
        Assert.Equal(wrongProblem.ToJsonString(), (await ProblemAsync(unknown)).ToJsonString());
    }

    [Fact]
    public async Task An_unknown_email_and_a_wrong_password_get_the_same_sign_in_page()
    {
        var (email, _) = await App.CreateUserAsync(Roles.ClusterStaff);
        var address = NewAddress();
        var (wrongStatus, wrongAlert) = await SignInPageAsync(email, "Not-the-password-1", address);
        var (unknownStatus, unknownAlert) = await SignInPageAsync($"nobody-{Guid.NewGuid():N}@test.biotope.be", "Not-the-password-1", address);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongStatus);
        Assert.Equal(wrongStatus, unknownStatus);
        Assert.Equal("L'adresse e-mail ou le mot de passe est incorrect.", wrongAlert);
        Assert.Equal(wrongAlert, unknownAlert);
    }

    [Fact]
    public async Task An_attackers_guesses_refuse_their_client_but_not_the_victims()
    {
        var (email, password) = await App.CreateUserAsync(Roles.ClusterStaff);
        var attacker = NewAddress();
        for (var i = 1; i < SignInThrottle.FreeFailures; i++)
        {
            using var guess = await TokenAsync(email, $"Guess-number-{i}", attacker);
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }
        using var last = await TokenAsync(email, "Guess-number-last", attacker);
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);

        // Even the right password is refused from the attacker's client, with when to come back.
        using var refused = await TokenAsync(email, password, attacker, "fr");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromMinutes(4), SignInThrottle.FirstRefusal);
        var problem = await ProblemAsync(refused);
        Assert.Equal("auth.too-many-attempts", (string?)problem["code"]);
        Assert.Equal("Trop de tentatives", (string?)problem["title"]);

        // An unknown e-mail is throttled the same way, so the 429 does not tell that the account exists.
        var unknown = $"nobody-{Guid.NewGuid():N}@test.biotope.be";
        for (var i = 1; i < SignInThrottle.FreeFailures; i++) (await TokenAsync(unknown, $"Guess-number-{i}", attacker)).Dispose();
        using var unknownLast = await TokenAsync(unknown, "Guess-number-last", attacker);
        Assert.Equal(HttpStatusCode.TooManyRequests, unknownLast.StatusCode);

        // The victim, from their own client, signs in at once.
        using var victim = await TokenAsync(email, password, NewAddress());
        Assert.Equal(HttpStatusCode.OK, victim.StatusCode);
        Assert.False(string.IsNullOrEmpty((await victim.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()));
    }

    [Fact]
    public async Task Guesses_from_many_clients_lock_the_account_briefly()
    {
        var (email, password) = await App.CreateUserAsync(Roles.ClusterStaff);
        for (var i = 0; i < 10; i++)
        {
            // Two guesses from each of five clients: none of them is throttled, the account is.
            using var guess = await TokenAsync(email, $"Guess-number-{i}", $"198.51.100.{i / 2 + 1}");
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }
        using var locked = await TokenAsync(email, password, NewAddress());
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal("auth.invalid-credentials", (string?)(await ProblemAsync(locked))["code"]);
        var lockoutEnd = await App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync(Ct));
        Assert.NotNull(lockoutEnd);
        Assert.InRange(lockoutEnd.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.UserEmail == email && e.Action == AccountAudit.LockedOut, Ct)));
    }

    [Fact]
    public async Task Sign_ins_failed_sign_ins_and_role_changes_are_in_the_audit_log()
    {
        var (email, password) = await App.CreateUserAsync(Roles.Member, await App.WithDbAsync(db => db.Organizations.Select(o => o.Id).FirstAsync(Ct)));
        var address = NewAddress();
        (await TokenAsync(email, "Not-the-password-1", address)).Dispose();
        var typed = $"Nobody-{Guid.NewGuid():N}@test.biotope.be";
        (await TokenAsync(typed, "Not-the-password-2", address)).Dispose();
        (await TokenAsync(email, password, address)).Dispose();
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True((await users.AddToRoleAsync(user, Roles.Expert)).Succeeded);
            Assert.True((await users.RemoveFromRoleAsync(user, Roles.Expert)).Succeeded);
        }

        var entries = await App.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "AppUser" && (e.After!.Contains(email) || e.After!.Contains(typed)))
            .OrderBy(e => e.Id).ToListAsync(Ct));
        string[] expected = [AccountAudit.RoleAdded, AccountAudit.SignInFailed, AccountAudit.SignInFailed, AccountAudit.SignedIn, AccountAudit.RoleAdded, AccountAudit.RoleRemoved];
        Assert.Equal(expected, entries.Select(e => e.Action).Where(a => a is not ("Added" or "Modified" or "Deleted")));
        var failed = entries.Where(e => e.Action == AccountAudit.SignInFailed).ToList();
        Assert.All(failed, e => Assert.Contains(address, e.After!, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("Not-the-password", e.After ?? "", StringComparison.Ordinal));
        // The unknown e-mail is kept as typed, without an account.
        Assert.Null(failed[1].UserId);
        Assert.Equal(typed, failed[1].UserEmail);
        // The role change is followed by the new security stamp (ADR 018), a row change of its own.
        Assert.Contains("\"Role\":\"Expert\"", entries.Last(e => e.Action == AccountAudit.RoleRemoved).After!, StringComparison.Ordinal);

        // The audit page names the events in the reader's language.
        var staff = await App.CreateUserAsync(Roles.ClusterStaff);
        foreach (var (language, signedIn, roleGiven, clientLabel) in new[] { ("fr", "Connexion", "Rôle attribué", "Adresse du client"), ("en", "Signed in", "Role given", "Client address") })
        {
            using var pages = await App.PageClientAsync(staff.Email, staff.Password, language);
            var html = WebUtility.HtmlDecode(await pages.GetStringAsync($"/audit?person={Uri.EscapeDataString(email)}", Ct));
            Assert.Contains(signedIn, html, StringComparison.Ordinal);
            Assert.Contains(clientLabel, html, StringComparison.Ordinal);
            Assert.DoesNotContain("audit.action.", html, StringComparison.Ordinal);
            var roles = WebUtility.HtmlDecode(await pages.GetStringAsync($"/audit?entity=AppUser&id={Uri.EscapeDataString(entries[^1].EntityId)}", Ct));
            Assert.Contains(roleGiven, roles, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("""<div class="alert" role="alert"><p>([^<]*)</p>""")]
    private static partial Regex Alert();

    /// <summary>Posts the sign-in form in French from <paramref name="address"/>: the status and the form's alert.</summary>
    protected async Task<(HttpStatusCode Status, string? Alert)> SignInPageAsync(string email, string password, string address)
    {
        using var client = await App.PageClientAsync(null, "", "fr");
        client.DefaultRequestHeaders.Add(TestApp.ClientAddressHeader, address);
        var form = await client.GetStringAsync("/account/login", Ct);
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
            ["Email"] = email,
            ["Password"] = password,
        }), Ct);
        var match = Alert().Match(await response.Content.ReadAsStringAsync(Ct));
        return (response.StatusCode, match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null);
    }
}

public sealed class SqliteSignInLimitsTests(SqliteAppFixture fixture) : SignInLimitsContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresSignInLimitsTests(PostgresAppFixture fixture) : SignInLimitsContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.App;
}
