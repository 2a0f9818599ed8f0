using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Calls;
using Biotope.Features.Notifications;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Features.Privacy;
using Biotope.Features.Projects;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Privacy;

/// <summary>
/// Personal data (ADR 022), asserted identically on SQLite and PostgreSQL with the demo data: the export, the erasure by the
/// person and by staff (the person found nowhere afterwards, statements unchanged), consent of people on profiles, unused accounts.
/// </summary>
public abstract class PrivacyContract
{
    protected abstract TestApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> TokenClientAsync(string email, string password)
    {
        var response = await App.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return App.NewClient((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString());
    }

    private Task<HttpClient> DemoAsync(string email) => TokenClientAsync(email, TestApp.DemoPassword);

    private Task<string> UserIdAsync(string email) => App.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));

    private static async Task<HttpResponseMessage> EraseMineAsync(HttpClient client, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me") { Content = JsonContent.Create(body) };
        return await client.SendAsync(request, Ct);
    }

    /// <summary>iCalendar folds long lines (RFC 5545 §3.1): a name may be cut by "\r\n ".</summary>
    private static string Unfold(string text) => text.Replace("\r\n ", "", StringComparison.Ordinal);

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).TryGetProperty("code", out var code) ? code.GetString() : null;

    /// <summary>A member of an organization with a name of their own (accented, so JSON escapes it in the audit log).</summary>
    private async Task<(string Email, string Password, string UserId, string Name, int OrganizationId)> MemberAsync(int? organizationId = null)
    {
        var organization = organizationId ?? await App.WithDbAsync(db => db.Organizations.Where(o => o.Slug == DemoAccounts.ResearcherOrganizationSlug).Select(o => o.Id).SingleAsync(Ct));
        var (email, password) = await App.CreateUserAsync(Roles.Member, organization);
        var name = $"Zoé Effaçable {Guid.NewGuid():N}"[..24];
        var userId = await UserIdAsync(email);
        await App.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == userId, Ct);
            user.DisplayName = name;
            return await db.SaveChangesAsync(Ct);
        });
        return (email, password, userId, name, organization);
    }

    private async Task<int> AddPersonAsync(int organizationId, string name, string? userId = null, bool consent = false) =>
        await App.WithDbAsync(async db =>
        {
            var person = new Person
            {
                OrganizationId = organizationId,
                Name = name,
                Role = "Researcher",
                Orcid = "0000-0002-1825-0097",
                UserId = userId,
                PublicConsentAt = consent ? DateTimeOffset.UtcNow : null,
                PublicConsentBy = consent ? ConsentSource.Staff : null,
            };
            db.People.Add(person);
            await db.SaveChangesAsync(Ct);
            return person.Id;
        });

    [Fact]
    public async Task The_export_holds_the_persons_records_without_secrets_and_is_audited()
    {
        var me = await MemberAsync();
        await AddPersonAsync(me.OrganizationId, me.Name, me.UserId);
        var client = await TokenClientAsync(me.Email, me.Password);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "nightly export", scope = "Read" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/calendar-feeds", new { scope = "User" }, Ct)).StatusCode);

        var response = await client.GetAsync("/api/v1/me/data", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var data = JsonDocument.Parse(text).RootElement;
        Assert.Equal(me.Email, data.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal(["Member"], data.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(me.Name, data.GetProperty("people")[0].GetProperty("name").GetString());
        Assert.Equal("nightly export", data.GetProperty("personalTokens")[0].GetProperty("name").GetString());
        Assert.Equal("User", data.GetProperty("calendarFeeds")[0].GetProperty("scope").GetString());
        Assert.Contains(data.GetProperty("auditEntries").EnumerateArray(), a => a.GetProperty("action").GetString() == "SignedIn");
        foreach (var key in new[] { "expertProfiles", "proposalsWritten", "reviews", "bookings", "serviceRequests", "enrolments", "certificates", "notifications", "consents" })
            Assert.Equal(JsonValueKind.Array, data.GetProperty(key).ValueKind);
        Assert.DoesNotContain("passwordHash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("tokenHash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("bio_", text, StringComparison.Ordinal);
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityId == me.UserId && a.Action == PersonalDataExport.Exported, Ct)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client.GetAsync("/api/v1/me/data", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_erased_member_with_a_booking_a_review_a_profile_entry_and_a_calendar_is_found_nowhere_and_statements_add_up_the_same()
    {
        var me = await MemberAsync();
        var client = await TokenClientAsync(me.Email, me.Password);
        // A confirmed booking in a month that has others, billed to an organization of the demo data.
        var (equipmentId, platformId, organizationId, month) = await App.WithDbAsync(async db =>
        {
            var other = await db.Bookings.Include(b => b.Equipment).Where(b => b.Status == BookingStatus.Confirmed && b.Price > 0).OrderBy(b => b.Id).FirstAsync(Ct);
            var user = await db.Users.SingleAsync(u => u.Id == me.UserId, Ct);
            user.OrganizationId = other.OrganizationId;
            // A free hour early in the morning, in the last days (calendars show the past 30 days).
            var today = DateTimeOffset.UtcNow.Date;
            var start = DateTimeOffset.MinValue;
            for (var day = -10; day <= 40 && start == DateTimeOffset.MinValue; day++)
            {
                var candidate = new DateTimeOffset(today.AddDays(day).AddHours(3), TimeSpan.Zero);
                if (!await db.Bookings.AnyAsync(b => b.EquipmentId == other.EquipmentId && b.StartsAt < candidate.AddHours(2) && b.BlockedUntil > candidate, Ct)) start = candidate;
            }
            db.Bookings.Add(new Booking
            {
                EquipmentId = other.EquipmentId,
                UserId = me.UserId,
                OrganizationId = other.OrganizationId,
                StartsAt = start,
                EndsAt = start.AddHours(1),
                BlockedUntil = start.AddHours(1),
                Status = BookingStatus.Confirmed,
                Purpose = "Pilot scans",
                Category = other.Category,
                HourlyRate = 100,
                Price = 123.45m,
            });
            await db.SaveChangesAsync(Ct);
            var local = Biotope.Infrastructure.BrusselsTime.ToLocal(start);
            return (other.EquipmentId, other.Equipment!.PlatformId, other.OrganizationId, local.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        });
        client = await TokenClientAsync(me.Email, me.Password);
        // An expert profile and a submitted review.
        var proposalId = await App.WithDbAsync(async db =>
        {
            var proposal = await db.Proposals.OrderBy(p => p.Id).FirstAsync(Ct);
            var expert = new Expert { UserId = me.UserId, Name = me.Name, Email = me.Email, Orcid = "0000-0001-5109-3700", Languages = ["fr"] };
            db.Experts.Add(expert);
            await db.SaveChangesAsync(Ct);
            var assignment = new ReviewAssignment { CallId = proposal.CallId, ProposalId = proposal.Id, ExpertId = expert.Id, AssignedAt = DateTimeOffset.UtcNow };
            db.ReviewAssignments.Add(assignment);
            await db.SaveChangesAsync(Ct);
            db.Reviews.Add(new Review { AssignmentId = assignment.Id, ProposalId = proposal.Id, ExpertId = expert.Id, Status = ReviewStatus.Submitted, OverallComment = "A sound plan.", SubmittedAt = DateTimeOffset.UtcNow });
            db.Outbox.Add(new OutboxMessage { To = me.Email, Subject = "Bonjour " + me.Name, Body = $"Bonjour {me.Name},\n\n---\n\nHello {me.Name} <{me.Email}>" });
            // Hired on a project under their ORCID iD (typed by the coordinator, not linked to the account).
            db.ProjectResearchers.Add(new ProjectResearcher { ProjectId = db.Projects.OrderBy(p => p.Id).Select(p => p.Id).First(), Name = me.Name, Orcid = "0000-0001-5109-3700", Position = "Postdoc" });
            return await db.SaveChangesAsync(Ct) > 0 ? proposal.Id : 0;
        });
        // A public entry on the organization's profile, and calendars: the person's own and the instrument's (which names who booked).
        var personId = await AddPersonAsync(organizationId, me.Name, me.UserId, consent: true);
        var ownFeed = await (await client.PostAsJsonAsync("/api/v1/calendar-feeds", new { scope = "User" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var manager = await DemoAsync(DemoAccounts.ManagerEmail);
        var feedResponse = await manager.PostAsJsonAsync("/api/v1/calendar-feeds", new { scope = "Equipment", equipmentId }, Ct);
        Assert.Equal(HttpStatusCode.Created, feedResponse.StatusCode);
        var instrumentFeed = new Uri((await feedResponse.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("url").GetString()!).PathAndQuery;
        var staff = await DemoAsync(DemoAccounts.StaffEmail);
        var statementUrl = $"/api/v1/statements?organization={organizationId}&month={month}";
        var platformStatementUrl = $"/api/v1/statements?platform={platformId}&month={month}";
        var before = await staff.GetFromJsonAsync<JsonElement>(statementUrl, Ct);
        var platformBefore = await staff.GetFromJsonAsync<JsonElement>(platformStatementUrl, Ct);
        var staffPages = await App.PageClientAsync(DemoAccounts.StaffEmail, TestApp.DemoPassword);
        string[] places =
        [
            $"/organizations/{organizationId}", $"/api/v1/organizations/{organizationId}", "/api/v1/experts", statementUrl,
            $"/api/v1/statements.csv?organization={organizationId}&month={month}", instrumentFeed, "/admin/outbox", $"/proposals/{proposalId}",
        ];
        // Before: the person is there (so the checks below can fail).
        Assert.Contains(me.Name, await (await staffPages.GetAsync($"/organizations/{organizationId}", Ct)).Content.ReadAsStringAsync(Ct));
        Assert.Contains(me.Name, Unfold(await (await manager.GetAsync(instrumentFeed, Ct)).Content.ReadAsStringAsync(Ct)));
        Assert.Contains(me.Name, await staff.GetStringAsync("/api/v1/experts", Ct));

        var wrong = await EraseMineAsync(client, new { password = "Not-my-password-1" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("account.erase.not-confirmed", (await wrong.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errorCodes").GetProperty("password")[0].GetString());
        var erased = await EraseMineAsync(client, new { password = me.Password });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var pseudonym = (await erased.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("pseudonym").GetString()!;
        Assert.Matches("^Former user [0-9A-F]{4}$", pseudonym);
        // Signing in fails, the old token and the own calendar stop.
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client.PostAsJsonAsync("/api/v1/auth/token", new { email = me.Email, password = me.Password }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me/tokens", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client.GetAsync(new Uri(ownFeed.GetProperty("url").GetString()!).PathAndQuery, Ct)).StatusCode);
        // Found nowhere: pages, API, CSV, calendars, outbox, search, audit.
        foreach (var place in places)
        {
            var page = place.StartsWith("/calendars/", StringComparison.Ordinal) ? await manager.GetAsync(place, Ct)
                : place.StartsWith("/api/", StringComparison.Ordinal) ? await staff.GetAsync(place, Ct) : await staffPages.GetAsync(place, Ct);
            Assert.True(page.IsSuccessStatusCode, $"{place}: {page.StatusCode}");
            var body = Unfold(await page.Content.ReadAsStringAsync(Ct));
            Assert.DoesNotContain(me.Name, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(me.Email, body, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(pseudonym, Unfold(await (await manager.GetAsync(instrumentFeed, Ct)).Content.ReadAsStringAsync(Ct)));
        var search = await App.Client.GetStringAsync("/api/v1/organizations?q=" + Uri.EscapeDataString(me.Name), Ct);
        Assert.DoesNotContain(me.Name, search, StringComparison.OrdinalIgnoreCase);
        var outboxId = await App.WithDbAsync(db => db.Outbox.Where(m => m.To == pseudonym).Select(m => m.Id).SingleAsync(Ct));
        var message = await (await staffPages.GetAsync($"/admin/outbox/{outboxId}", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(me.Name, message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(me.Email, message, StringComparison.OrdinalIgnoreCase);
        var stored = await App.WithDbAsync(async db => string.Join("\n",
            (await db.AuditEntries.AsNoTracking().Where(a => a.Action != "SignInFailed").Select(a => a.UserEmail + a.EntityId + a.Before + a.After).ToListAsync(Ct))
            .Concat(await db.People.AsNoTracking().Select(p => p.Name).ToListAsync(Ct))
            .Concat(await db.Experts.AsNoTracking().Select(e => e.Name + e.Email + e.Orcid).ToListAsync(Ct))
            .Concat(await db.Users.AsNoTracking().Select(u => u.Email + u.UserName + u.DisplayName).ToListAsync(Ct))
            .Concat(await db.ProjectResearchers.AsNoTracking().Select(r => r.Name + r.Orcid).ToListAsync(Ct))
            .Concat(await db.Outbox.AsNoTracking().Select(m => m.To + m.Subject + m.Body).ToListAsync(Ct))
            .Concat(await db.Notifications.AsNoTracking().Select(n => n.SubjectEn + n.SubjectFr + n.BodyEn + n.BodyFr).ToListAsync(Ct))));
        Assert.DoesNotContain(me.Email, stored, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(me.Name, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(JsonSerializer.Serialize(me.Name)[1..^1], stored, StringComparison.Ordinal);
        Assert.DoesNotContain("0000-0001-5109-3700", stored, StringComparison.Ordinal);
        // Nothing else is lost: the statements add up to the same, the review keeps its text, the audit keeps its entries.
        var after = await staff.GetFromJsonAsync<JsonElement>(statementUrl, Ct);
        Assert.Equal(before.GetProperty("totals").GetRawText(), after.GetProperty("totals").GetRawText());
        Assert.Equal(platformBefore.GetProperty("totals").GetRawText(), (await staff.GetFromJsonAsync<JsonElement>(platformStatementUrl, Ct)).GetProperty("totals").GetRawText());
        Assert.Equal(before.GetProperty("lines").GetArrayLength(), after.GetProperty("lines").GetArrayLength());
        await App.WithDbAsync(async db =>
        {
            Assert.True(await db.Bookings.AnyAsync(b => b.UserId == me.UserId && b.Price == 123.45m, Ct));
            Assert.Equal("A sound plan.", await db.Reviews.Where(r => r.ProposalId == proposalId && r.OverallComment == "A sound plan.").Select(r => r.OverallComment).SingleAsync(Ct));
            Assert.Equal(pseudonym, await db.Experts.Where(e => e.Name == pseudonym).Select(e => e.Name).SingleAsync(Ct));
            Assert.False(await db.People.AnyAsync(p => p.Id == personId, Ct));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == me.UserId && a.Action == "SignedIn" && a.UserEmail == pseudonym, Ct));
            var erasure = await db.AuditEntries.SingleAsync(a => a.EntityId == me.UserId && a.Action == AccountErasure.Erased, Ct);
            Assert.Contains("\"self\"", erasure.After);
            return 0;
        });
    }

    [Fact]
    public async Task Staff_erase_an_account_on_request_with_a_reason_within_their_rights()
    {
        var me = await MemberAsync();
        var client = await TokenClientAsync(me.Email, me.Password);
        var staff = await DemoAsync(DemoAccounts.StaffEmail);
        var adminId = await UserIdAsync(DemoAccounts.AdminEmail);
        var staffId = await UserIdAsync(DemoAccounts.StaffEmail);

        var noReason = await staff.PostAsJsonAsync($"/api/v1/accounts/{me.UserId}/erasure", new { reason = " " }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("account.erase.reason-required", (await noReason.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errorCodes").GetProperty("reason")[0].GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/accounts/{me.UserId}/erasure", new { reason = "mine" }, Ct)).StatusCode);
        var administrator = await staff.PostAsJsonAsync($"/api/v1/accounts/{adminId}/erasure", new { reason = "letter 12" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, administrator.StatusCode);
        Assert.Equal("account.erase.administrator", await CodeAsync(administrator));
        Assert.Equal("account.erase.own-account", await CodeAsync(await staff.PostAsJsonAsync($"/api/v1/accounts/{staffId}/erasure", new { reason = "me" }, Ct)));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync("/api/v1/accounts/no-such-account/erasure", new { reason = "letter 12" }, Ct)).StatusCode);

        var erased = await staff.PostAsJsonAsync($"/api/v1/accounts/{me.UserId}/erasure", new { reason = "Written request of 2026-12-01" }, Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me/data", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync($"/api/v1/accounts/{me.UserId}/erasure", new { reason = "again" }, Ct)).StatusCode);
        var entry = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.EntityId == me.UserId && a.Action == AccountErasure.Erased, Ct));
        Assert.Equal(DemoAccounts.StaffEmail, entry.UserEmail);
        Assert.Contains("Written request of 2026-12-01", entry.After);
    }

    [Fact]
    public async Task People_on_a_profile_are_public_only_with_a_recorded_consent()
    {
        var organizationId = await App.WithDbAsync(db => db.Organizations.Where(o => o.Slug == DemoAccounts.MemberAdminOrganizationSlug).Select(o => o.Id).SingleAsync(Ct));
        var me = await MemberAsync(organizationId);
        var hidden = $"Hidden Person {Guid.NewGuid():N}"[..22];
        var personId = await AddPersonAsync(organizationId, hidden);
        var memberAdmin = await DemoAsync(DemoAccounts.MemberAdminEmail);
        var staff = await DemoAsync(DemoAccounts.StaffEmail);
        var outsider = await App.ClientAsAsync(Roles.Expert);
        var url = $"/api/v1/organizations/{organizationId}";

        Assert.DoesNotContain(hidden, await App.Client.GetStringAsync(url, Ct));
        Assert.DoesNotContain(hidden, await App.Client.GetStringAsync($"/organizations/{organizationId}", Ct));
        Assert.DoesNotContain(hidden, await outsider.GetStringAsync(url, Ct));
        var seen = (await staff.GetFromJsonAsync<JsonElement>(url, Ct)).GetProperty("people").EnumerateArray().Single(p => p.GetProperty("name").GetString() == hidden);
        Assert.False(seen.GetProperty("public").GetBoolean());
        Assert.Contains(hidden, await memberAdmin.GetStringAsync(url, Ct));
        // The demo shows consented people publicly (ULiège's member admin, who consented themselves).
        Assert.Contains("Demo member admin of ULiège (illustrative)", await App.Client.GetStringAsync(url, Ct));

        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PutAsJsonAsync($"/api/v1/people/{personId}/consent", new { given = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberAdmin.PutAsJsonAsync($"/api/v1/people/{personId}/consent", new { given = true }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await memberAdmin.PutAsJsonAsync($"/api/v1/people/{personId}/account", new { email = me.Email }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PutAsJsonAsync("/api/v1/people/999999/consent", new { given = true }, Ct)).StatusCode);
        var unknown = await staff.PutAsJsonAsync($"/api/v1/people/{personId}/account", new { email = "nobody@test.biotope.be" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var written = await staff.PutAsJsonAsync($"/api/v1/people/{personId}/consent", new { given = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal("Staff", (await written.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("publicConsentBy").GetString());
        Assert.Contains(hidden, await App.Client.GetStringAsync(url, Ct));
        Assert.Contains(hidden, await App.Client.GetStringAsync($"/organizations/{organizationId}", Ct));

        // Linked to the person's account, they withdraw it and give it again themselves.
        // The person is part of the organization's profile: the link takes the organization's version and makes a new one (ADR 024).
        await staff.AssertVersionRequiredAsync(HttpMethod.Put, $"/api/v1/people/{personId}/account", new { email = me.Email }, owner: url);
        var self = await TokenClientAsync(me.Email, me.Password);
        Assert.Equal(HttpStatusCode.OK, (await self.PutAsJsonAsync($"/api/v1/people/{personId}/consent", new { given = false }, Ct)).StatusCode);
        Assert.DoesNotContain(hidden, await App.Client.GetStringAsync(url, Ct));
        var given = await self.PutAsJsonAsync($"/api/v1/people/{personId}/consent", new { given = true }, Ct);
        Assert.Equal("Self", (await given.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("publicConsentBy").GetString());
        var export = await self.GetFromJsonAsync<JsonElement>("/api/v1/me/data", Ct);
        Assert.Equal("Self", export.GetProperty("consents")[0].GetProperty("recordedBy").GetString());
    }

    [Fact]
    public async Task Accounts_unused_for_24_months_are_listed_for_staff()
    {
        var old = await MemberAsync();
        var recent = await MemberAsync();
        await TokenClientAsync(recent.Email, recent.Password);
        await App.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(AppUser) && a.EntityId == old.UserId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.At, DateTimeOffset.UtcNow.AddMonths(-25)), Ct));
        var staff = await DemoAsync(DemoAccounts.StaffEmail);

        var list = await staff.GetStringAsync("/api/v1/accounts/inactive", Ct);

        Assert.Contains(old.Email, list);
        Assert.DoesNotContain(recent.Email, list);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.ClientAsAsync(Roles.Expert)).GetAsync("/api/v1/accounts/inactive", Ct)).StatusCode);
        var page = await (await App.PageClientAsync(DemoAccounts.StaffEmail, TestApp.DemoPassword, "en")).GetStringAsync("/admin/accounts", Ct);
        Assert.Contains(old.Email, page);
    }
}

public sealed class SqlitePrivacyTests(SqliteAppFixture fixture) : PrivacyContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresPrivacyTests(PostgresAppFixture fixture) : PrivacyContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}
