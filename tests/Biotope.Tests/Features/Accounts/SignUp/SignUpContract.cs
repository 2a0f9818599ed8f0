using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Features.Accounts.SignUp;
using Biotope.Tests.Features.Notifications;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Accounts.SignUp;

/// <summary>
/// ADR 020 on SQLite and PostgreSQL: sign up, confirm the e-mail from the outbox's link, the member admin approves, the
/// person signs in as a Member of the organization; forgot password → link → new password, once; no account enumeration.
/// </summary>
public abstract partial class SignUpContract
{
    protected abstract TestApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public const string Password = "Brand-new-pass-42";

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static string NewEmail() => $"signup-{Guid.NewGuid():N}@test.biotope.be";

    private async Task<HttpResponseMessage> PostAsync(string path, object body, string language = "en", HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await (client ?? App.Client).SendAsync(request, Ct);
    }

    /// <summary>The last e-mail queued for <paramref name="email"/> and the user id and token of its link to <paramref name="path"/>.</summary>
    public static async Task<(string Subject, string Body, string Link, string UserId, string Token)> MailAsync(TestApp app, string email, string path)
    {
        var mail = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.To == email).OrderByDescending(m => m.Id).FirstAsync());
        var match = Regex.Match(mail.Body, $@"(http\S+{Regex.Escape(path)}\?user=([^&\s]+)&token=(\S+))");
        Assert.True(match.Success, mail.Body);
        return (mail.Subject, mail.Body, match.Groups[1].Value, Uri.UnescapeDataString(match.Groups[2].Value), Uri.UnescapeDataString(match.Groups[3].Value));
    }

    private async Task<HttpStatusCode> TokenStatusAsync(string email, string password)
    {
        using var response = await App.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, Ct);
        return response.StatusCode;
    }

    private async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))?["code"];

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        using var response = await App.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, Ct);
        response.EnsureSuccessStatusCode();
        return App.NewClient((string)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["accessToken"]!);
    }

    [Fact]
    public async Task A_person_signs_up_confirms_and_becomes_a_member_once_the_member_admin_approves()
    {
        var organizationId = await App.AnyOrganizationAsync();
        var email = NewEmail();
        using var signUp = await PostAsync("/api/v1/auth/sign-up", new { name = "Ada Lovelace", email, password = Password, organizationId, message = "I run the imaging lab." }, "fr");
        Assert.Equal(HttpStatusCode.Accepted, signUp.StatusCode);

        // Not before the e-mail is confirmed; only the password's owner is told why.
        Assert.Equal(HttpStatusCode.Forbidden, await TokenStatusAsync(email, Password));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(email, "Wrong-password-42"));
        var admin = await App.ClientAsAsync(Roles.MemberAdmin, organizationId);
        Assert.DoesNotContain(email, await admin.GetStringAsync("/api/v1/join-requests", Ct));

        var (subject, body, link, userId, token) = await MailAsync(App, email, "/account/confirm-email");
        Assert.Equal("Biotope\u00a0: confirmez votre adresse e-mail", subject); // in the language of the sign-up
        Assert.Contains("48 heures", body);
        Assert.StartsWith(App.Settings.PublicUrl ?? App.BaseUrl, link);
        using (var wrong = await PostAsync("/api/v1/auth/confirm-email", new { userId, token = token + "x" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("auth.confirm-link-invalid", await wrong.Content.ReadAsStringAsync(Ct));
        }
        using (var confirm = await PostAsync("/api/v1/auth/confirm-email", new { userId, token }))
            Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);

        // Signed in, but with no rights beyond their own space until approved.
        var waiting = await SignedInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await waiting.GetAsync("/api/v1/join-requests", Ct)).StatusCode);
        Assert.Empty(await App.WithDbAsync(db => db.UserRoles.Where(r => r.UserId == userId).ToListAsync()));

        var pending = await admin.GetFromJsonAsync<List<JoinRequestDto>>("/api/v1/join-requests", Json, Ct);
        var request = Assert.Single(pending!, r => r.Email == email);
        Assert.Equal(("Ada Lovelace", "I run the imaging lab.", organizationId), (request.Name, request.Message, request.OrganizationId));
        var adminId = await App.WithDbAsync(db => db.Users.Where(u => u.OrganizationId == organizationId).Select(u => u.Id).ToListAsync());
        Assert.True(await App.WithDbAsync(db => db.Notifications.AnyAsync(n => adminId.Contains(n.UserId) && n.Kind == "join-request")));

        // Another organization's admin neither sees nor decides it.
        var otherOrganization = await App.WithDbAsync(db => db.Organizations.Where(o => o.Id != organizationId && o.DeletedAt == null).Select(o => o.Id).FirstAsync());
        var stranger = await App.ClientAsAsync(Roles.MemberAdmin, otherOrganization);
        Assert.DoesNotContain(email, await stranger.GetStringAsync("/api/v1/join-requests", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/join-requests/{request.Id}/approve", null, Ct)).StatusCode);
        var member = await App.ClientAsAsync(Roles.Member, organizationId);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync($"/api/v1/join-requests/{request.Id}/approve", null, Ct)).StatusCode);

        using (var approve = await admin.PostAsync($"/api/v1/join-requests/{request.Id}/approve", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
            Assert.Equal("Approved", (string?)JsonNode.Parse(await approve.Content.ReadAsStringAsync(Ct))!["status"]);
        }
        using (var twice = await admin.PostAsync($"/api/v1/join-requests/{request.Id}/decline", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Equal("join-request.decided", await CodeAsync(twice));
        }
        // The role change ended the old token; a new sign-in carries the organization and the Member role.
        Assert.Equal(HttpStatusCode.Unauthorized, (await waiting.GetAsync("/api/v1/me/tokens", Ct)).StatusCode);
        var user = await App.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == userId));
        Assert.Equal(organizationId, user.OrganizationId);
        Assert.True(await App.WithDbAsync(db => db.UserRoles.AnyAsync(r => r.UserId == userId && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Member))));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityId == userId && a.Action == AccountAudit.RoleAdded)));
        Assert.True(await App.WithDbAsync(db => db.Notifications.AnyAsync(n => n.UserId == userId && n.Kind == "join-approved")));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(email, Password));
    }

    [Fact]
    public async Task Signing_up_with_a_known_email_answers_the_same_and_tells_the_owner()
    {
        var (email, password) = await App.CreateUserAsync(Roles.Expert);
        var organizationId = await App.AnyOrganizationAsync();
        using var known = await PostAsync("/api/v1/auth/sign-up", new { name = "Mallory", email, password = Password, organizationId });
        using var unknown = await PostAsync("/api/v1/auth/sign-up", new { name = "Mallory", email = NewEmail(), password = Password, organizationId });

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(Ct), await unknown.Content.ReadAsStringAsync(Ct));
        var mail = await App.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.To == email).OrderByDescending(m => m.Id).FirstAsync());
        Assert.Equal("Biotope: an account already uses this address", mail.Subject);
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(email, password)); // the account is untouched
    }

    [Fact]
    public async Task Signing_up_again_before_confirming_sends_a_new_confirmation_link_that_works()
    {
        var organizationId = await App.AnyOrganizationAsync();
        var email = NewEmail();
        using (var first = await PostAsync("/api/v1/auth/sign-up", new { name = "Lost Link", email, password = Password, organizationId }))
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var (_, _, firstLink, _, _) = await MailAsync(App, email, "/account/confirm-email");
        using (var again = await PostAsync("/api/v1/auth/sign-up", new { name = "Lost Link", email, password = Password, organizationId }))
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);

        var (subject, _, link, userId, token) = await MailAsync(App, email, "/account/confirm-email");
        Assert.Equal("Biotope: confirm your e-mail address", subject);
        Assert.NotEqual(firstLink, link);
        Assert.Equal(1, await App.WithDbAsync(db => db.Users.CountAsync(u => u.Email == email)));
        using (var confirm = await PostAsync("/api/v1/auth/confirm-email", new { userId, token }))
            Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(email, Password));
    }

    [Fact]
    public async Task A_sign_up_with_wrong_fields_names_each_field()
    {
        using var response = await PostAsync("/api/v1/auth/sign-up", new { name = "", email = "not-an-address", password = "short", organizationId = 999_999, message = new string('m', 1001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["errorCodes"]!.AsObject();
        Assert.Equal(["email", "message", "name", "organizationId", "password"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task A_reset_link_sets_a_new_password_once_and_the_old_one_is_refused()
    {
        var (email, oldPassword) = await App.CreateUserAsync(Roles.Expert);
        var unknownEmail = NewEmail();
        using var known = await PostAsync("/api/v1/auth/forgot-password", new { email }, "fr");
        using var unknown = await PostAsync("/api/v1/auth/forgot-password", new { email = unknownEmail }, "fr");
        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(Ct), await unknown.Content.ReadAsStringAsync(Ct));
        Assert.False(await App.WithDbAsync(db => db.Outbox.AnyAsync(m => m.To == unknownEmail)));

        var (subject, body, _, userId, token) = await MailAsync(App, email, "/account/reset-password");
        Assert.Equal("Biotope\u00a0: choisissez un nouveau mot de passe", subject);
        Assert.Contains("2 heures", body);
        using (var weak = await PostAsync("/api/v1/auth/reset-password", new { userId, token, password = "weak" }))
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        using (var reset = await PostAsync("/api/v1/auth/reset-password", new { userId, token, password = Password }))
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        using (var again = await PostAsync("/api/v1/auth/reset-password", new { userId, token, password = "Another-pass-42" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Contains("auth.reset-link-invalid", await again.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(email, oldPassword));
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(email, "Another-pass-42"));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(email, Password));
    }

    /// <summary>
    /// The token of a link as if it had been made <paramref name="age"/> ago: Identity's token is the data protector's
    /// envelope of (creation ticks, user id, purpose, stamp); the test rewrites the ticks with the app's own keys.
    /// </summary>
    private string Aged(string token, string providerName, TimeSpan age)
    {
        var protector = App.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().CreateProtector(providerName);
        var plain = protector.Unprotect(Convert.FromBase64String(token));
        BitConverter.GetBytes(DateTimeOffset.UtcNow.Subtract(age).UtcTicks).CopyTo(plain, 0);
        return Convert.ToBase64String(protector.Protect(plain));
    }

    [Fact]
    public async Task A_confirmation_link_older_than_48_hours_is_refused_and_a_younger_one_works()
    {
        var email = NewEmail();
        using (var signUp = await PostAsync("/api/v1/auth/sign-up", new { name = "Slow Reader", email, password = Password, organizationId = await App.AnyOrganizationAsync() }))
            Assert.Equal(HttpStatusCode.Accepted, signUp.StatusCode);
        var (_, _, _, userId, token) = await MailAsync(App, email, "/account/confirm-email");

        using (var expired = await PostAsync("/api/v1/auth/confirm-email", new { userId, token = Aged(token, EmailConfirmationTokens.ProviderName, TimeSpan.FromHours(48.1)) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
            Assert.Equal("auth.confirm-link-invalid", (string?)JsonNode.Parse(await expired.Content.ReadAsStringAsync(Ct))!["errorCodes"]!["token"]![0]);
        }
        Assert.Equal(HttpStatusCode.Forbidden, await TokenStatusAsync(email, Password));
        using (var late = await PostAsync("/api/v1/auth/confirm-email", new { userId, token = Aged(token, EmailConfirmationTokens.ProviderName, TimeSpan.FromHours(47.9)) }))
            Assert.Equal(HttpStatusCode.NoContent, late.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(email, Password));
    }

    [Fact]
    public async Task A_reset_link_older_than_2_hours_is_refused_and_the_password_stays()
    {
        var (email, oldPassword) = await App.CreateUserAsync(Roles.Expert);
        using (var forgot = await PostAsync("/api/v1/auth/forgot-password", new { email }))
            Assert.Equal(HttpStatusCode.Accepted, forgot.StatusCode);
        var (_, _, _, userId, token) = await MailAsync(App, email, "/account/reset-password");

        using (var expired = await PostAsync("/api/v1/auth/reset-password", new { userId, token = Aged(token, "DataProtectorTokenProvider", TimeSpan.FromMinutes(121)), password = Password }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
            Assert.Contains("auth.reset-link-invalid", await expired.Content.ReadAsStringAsync(Ct));
        }
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(email, oldPassword));
        using (var inTime = await PostAsync("/api/v1/auth/reset-password", new { userId, token = Aged(token, "DataProtectorTokenProvider", TimeSpan.FromMinutes(119)), password = Password }))
            Assert.Equal(HttpStatusCode.NoContent, inTime.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(email, Password));
    }

    [Fact]
    public async Task Sign_ups_never_confirmed_are_deleted_a_week_after_their_request_and_nothing_else()
    {
        var organizationId = await App.AnyOrganizationAsync();
        var (stale, recent, confirmed) = (NewEmail(), NewEmail(), NewEmail());
        foreach (var email in new[] { stale, recent, confirmed })
            using (var signUp = await PostAsync("/api/v1/auth/sign-up", new { name = "Maybe " + email[..12], email, password = Password, organizationId }))
                Assert.Equal(HttpStatusCode.Accepted, signUp.StatusCode);
        var (_, _, _, confirmedId, token) = await MailAsync(App, confirmed, "/account/confirm-email");
        using (var confirm = await PostAsync("/api/v1/auth/confirm-email", new { userId = confirmedId, token }))
            Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        var (staffEmail, _) = await App.CreateUserAsync(Roles.ClusterStaff);
        var now = DateTimeOffset.UtcNow;
        // The stale and the confirmed sign-ups asked eight days ago; the recent one six.
        await App.WithDbAsync(async db =>
        {
            foreach (var request in await db.JoinRequests.Where(r => db.Users.Any(u => u.Id == r.UserId && (u.Email == stale || u.Email == confirmed || u.Email == recent))).ToListAsync(Ct))
                request.CreatedAt = now - TimeSpan.FromDays(await db.Users.AnyAsync(u => u.Id == request.UserId && u.Email == recent, Ct) ? 6 : 8);
            return await db.SaveChangesAsync(Ct);
        });

        await using var scope = App.Services.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<UnconfirmedAccounts>().DeleteStaleAsync(now, Ct);

        var left = await App.WithDbAsync(db => db.Users.Where(u => u.Email == stale || u.Email == recent || u.Email == confirmed || u.Email == staffEmail).Select(u => u.Email!).ToListAsync(Ct));
        Assert.Equal(new[] { confirmed, recent, staffEmail }.Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
        Assert.Equal(1, deleted);
        Assert.False(await App.WithDbAsync(db => db.JoinRequests.AnyAsync(r => !db.Users.Any(u => u.Id == r.UserId), Ct)));
    }
}

public sealed class SqliteSignUpTests(SqliteAppFixture fixture) : SignUpContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresSignUpTests(PostgresAppFixture fixture) : SignUpContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.App;
}
