using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Features.Notifications;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Biotope.Tests.Features.Platforms.PlatformsKit;
using static Biotope.Tests.Features.Platforms.Services.ServicesKit;

namespace Biotope.Tests.Features.Platforms.Services;

/// <summary>
/// Service requests through the API, identically on SQLite and PostgreSQL: the whole path with its recorded events,
/// illegal moves, who may download the results, due times and overdue flags in working days, rights across
/// platforms, concurrent quotes. The app's clock is a <see cref="FakeClock"/> each test sets.
/// </summary>
public abstract class ServiceRequestsContract
{
    protected abstract TestApp App { get; }

    protected abstract FakeClock Clock { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Request(int offeringId, int quantity = 3, string description = "24 human serum samples, stored at -80 °C; IL-6, TNF-α, IL-1β.") =>
        new { offeringId, quantity, description };

    /// <summary>A platform with one offering (€120.50 a sample, 5 working days), its manager, and a member of a company who requests it.</summary>
    private async Task<(int PlatformId, int OfferingId, SignedIn Manager, SignedIn Member)> SetUpAsync(string name, int turnaroundDays = 5)
    {
        var (platformId, _) = await App.AddPlatformAsync(name);
        var offeringId = await App.AddOfferingAsync(platformId, turnaroundDays: turnaroundDays);
        return (platformId, offeringId, await App.ManagerOfAsync(platformId), await App.MemberOfNewCompanyAsync(name + " client"));
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task A_request_goes_from_requested_to_closed_and_every_step_is_recorded_in_order()
    {
        var (_, offeringId, manager, member) = await SetUpAsync("Immunology path");

        Clock.Set(Utc("2026-06-01T07:00:00Z")); // Monday 09:00 in Brussels
        var created = await member.Client.PostJsonAsync("/api/v1/service-requests", Request(offeringId), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal("Requested", created.GetProperty("status").GetString());
        Assert.Equal(361.50m, created.GetProperty("listPrice").GetDecimal());
        Assert.Equal(["withdraw"], Strings(created.GetProperty("allowedActions")));

        Clock.Set(Utc("2026-06-01T08:00:00Z"));
        // Every move names the version it read (ADR 024): none is a 428, a stale one a 412.
        var quoted = await manager.Client.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/service-requests/{id}/quote", new { note = "Includes the standard curve." });
        Assert.Equal("Quoted", quoted.GetProperty("status").GetString());
        Assert.Equal(361.50m, quoted.GetProperty("quotedPrice").GetDecimal()); // 3 × €120.50 by default
        Assert.Equal(5, quoted.GetProperty("quotedTurnaroundDays").GetInt32());
        Assert.Equal(["quote", "decline"], Strings(quoted.GetProperty("allowedActions")));
        var seen = await member.Client.GetJsonAsync($"/api/v1/service-requests/{id}");
        Assert.Equal(["accept", "withdraw"], Strings(seen.GetProperty("allowedActions")));

        Clock.Set(Utc("2026-06-01T10:00:00Z"));
        Assert.Equal("Accepted", (await member.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/accept", null)).GetProperty("status").GetString());

        Clock.Set(Utc("2026-06-03T08:30:00Z")); // Wednesday 10:30
        var received = await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/samples-received", new { note = "24 tubes, frozen." });
        Assert.Equal(Utc("2026-06-03T08:30:00Z"), received.GetProperty("samplesReceivedAt").GetDateTimeOffset());
        // Five working days after Wednesday, skipping the weekend: the next Wednesday, 18:00 in Brussels (summer time).
        Assert.Equal(Utc("2026-06-10T16:00:00Z"), received.GetProperty("dueAt").GetDateTimeOffset());
        Assert.False(received.GetProperty("overdue").GetBoolean());

        Clock.Set(Utc("2026-06-03T09:00:00Z"));
        Assert.Equal("InProgress", (await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/start", null)).GetProperty("status").GetString());

        Clock.Set(Utc("2026-06-08T12:00:00Z")); // Monday 14:00
        var csv = "sample,IL-6\nS01,12.5\n"u8.ToArray();
        using (var upload = await manager.Client.UploadResultsAsync(id, csv, note: "Two samples were haemolysed."))
        {
            var delivered = JsonDocument.Parse(await upload.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.True(upload.StatusCode == HttpStatusCode.OK, delivered.ToString());
            Assert.Equal("ResultsDelivered", delivered.GetProperty("status").GetString());
            Assert.Equal(Utc("2026-06-08T12:00:00Z"), delivered.GetProperty("deliveredAt").GetDateTimeOffset());
            Assert.Equal(3, delivered.GetProperty("turnaroundWorkingDays").GetInt32()); // Thursday, Friday, Monday
            Assert.Equal("cytokines.csv", delivered.GetProperty("result").GetProperty("fileName").GetString());
            Assert.Equal(csv.Length, delivered.GetProperty("result").GetProperty("size").GetInt32());
        }

        Clock.Set(Utc("2026-06-09T07:00:00Z"));
        var closed = await member.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/close", new { note = "Thanks." });
        Assert.Equal("Closed", closed.GetProperty("status").GetString());
        Assert.Empty(closed.GetProperty("allowedActions").EnumerateArray());

        var events = closed.GetProperty("events").EnumerateArray().Select(e => (
            From: e.GetProperty("from").ValueKind == JsonValueKind.Null ? null : e.GetProperty("from").GetString(),
            To: e.GetProperty("to").GetString(),
            Who: e.GetProperty("userId").GetString(),
            At: e.GetProperty("at").GetDateTimeOffset(),
            Note: e.GetProperty("note").ValueKind == JsonValueKind.Null ? null : e.GetProperty("note").GetString())).ToList();
        Assert.Equal(
        [
            (null, "Requested", member.UserId, Utc("2026-06-01T07:00:00Z"), null),
            ("Requested", "Quoted", manager.UserId, Utc("2026-06-01T08:00:00Z"), "Includes the standard curve."),
            ("Quoted", "Accepted", member.UserId, Utc("2026-06-01T10:00:00Z"), null),
            ("Accepted", "SamplesReceived", manager.UserId, Utc("2026-06-03T08:30:00Z"), "24 tubes, frozen."),
            ("SamplesReceived", "InProgress", manager.UserId, Utc("2026-06-03T09:00:00Z"), null),
            ("InProgress", "ResultsDelivered", manager.UserId, Utc("2026-06-08T12:00:00Z"), "Two samples were haemolysed."),
            ("ResultsDelivered", "Closed", member.UserId, Utc("2026-06-09T07:00:00Z"), "Thanks."),
        ], events);
        Assert.Equal(member.Email, closed.GetProperty("events")[0].GetProperty("userName").GetString());

        // The requester heard of the quote and the results; the manager of the request and the acceptance.
        var kinds = await App.WithDbAsync(db => db.Notifications.Where(n => n.Link == $"/service-requests/{id}").OrderBy(n => n.Id).Select(n => new { n.UserId, n.Kind }).ToListAsync(Ct));
        Assert.Equal(["service-quote", "service-results"], kinds.Where(n => n.UserId == member.UserId).Select(n => n.Kind));
        Assert.Equal(["service-request", "service-accepted"], kinds.Where(n => n.UserId == manager.UserId).Select(n => n.Kind));
        var quoteMail = await App.WithDbAsync(db => db.Outbox.Where(m => m.To == member.Email && m.Subject.Contains($"#{id}")).Select(m => m.Body).FirstAsync(Ct));
        // Each language part of the e-mail in its own money format; the quantity in words ("3 échantillons", "3 samples").
        Assert.Contains("361,50 €", Plain(quoteMail));
        Assert.Contains("€361.50", quoteMail);
        Assert.Contains("× 3 échantillons", Plain(quoteMail));
        Assert.Contains("× 3 samples", quoteMail);
    }

    [Theory]
    [InlineData(24, "fr", "24 échantillons")]
    [InlineData(1, "fr", "1 échantillon")]
    [InlineData(24, "en", "24 samples")]
    [InlineData(1, "en", "1 sample")]
    public async Task The_request_page_says_the_quantity_in_words_singular_or_plural(int quantity, string language, string expected)
    {
        var (_, offeringId, _, member) = await SetUpAsync("Immunology quantity " + quantity + language);
        var id = (await member.Client.PostJsonAsync("/api/v1/service-requests", new { offeringId, quantity, description = "Sérums humains." }, HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        var browser = await Pages.SignedInAsync(App, member.Email, member.Password);
        var page = Plain(await Pages.GetAsync(browser, $"/service-requests/{id}", language));
        Assert.Contains($"<dd>{expected}</dd>", page);
    }

    [Fact]
    public async Task An_illegal_move_is_409_naming_the_status_and_the_allowed_moves()
    {
        var (_, offeringId, manager, member) = await SetUpAsync("Immunology illegal");
        Clock.Set(Utc("2026-06-01T07:00:00Z"));
        var id = (await member.Client.PostJsonAsync("/api/v1/service-requests", Request(offeringId), HttpStatusCode.Created)).GetProperty("id").GetInt64();

        var early = await member.Client.PostCurrentInAsync("en", $"/api/v1/service-requests/{id}/accept", null, HttpStatusCode.Conflict);
        Assert.Equal("Requested", early.GetProperty("status").GetString());
        Assert.Equal("service-request.illegal", Code(early));
        Assert.Equal("The request is Requested: 'Accept the quote' is not possible now. Possible now: Send the quote (platform), Decline the request (platform) and Withdraw the request (requester).",
            early.GetProperty("detail").GetString());
        var earlyInFrench = await member.Client.PostCurrentInAsync("fr", $"/api/v1/service-requests/{id}/accept", null, HttpStatusCode.Conflict);
        Assert.Equal(("service-request.illegal", "Impossible dans ce statut"), (Code(earlyInFrench), earlyInFrench.GetProperty("title").GetString()));
        Assert.StartsWith("La demande est au statut « Demandée »", Plain(earlyInFrench.GetProperty("detail").GetString()!));
        var allowed = early.GetProperty("allowed").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["quote", "decline", "withdraw"], allowed);
        Assert.Equal(["Manager", "Manager", "Requester"], early.GetProperty("allowed").EnumerateArray().Select(a => a.GetProperty("by").GetString()));
        await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/start", null, HttpStatusCode.Conflict);
        await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/close", null, HttpStatusCode.Conflict);
        using (var tooEarly = await manager.Client.UploadResultsAsync(id, [1, 2, 3])) Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);

        // Moves that belong to the other side are refused whatever the status.
        await member.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/quote", new { price = 1m }, HttpStatusCode.Forbidden);
        await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/withdraw", null, HttpStatusCode.Forbidden);

        await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/quote", new { price = 300m, turnaroundDays = 0 }, HttpStatusCode.BadRequest);
        await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/quote", new { price = 300m, turnaroundDays = 4 });
        await member.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/accept", null);
        await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/samples-received", null);
        // Samples are in: the requester can no longer withdraw; the platform can still decline until the work starts.
        var late = await member.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/withdraw", null, HttpStatusCode.Conflict);
        Assert.Equal("SamplesReceived", late.GetProperty("status").GetString());
        await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/quote", null, HttpStatusCode.Conflict);
        var declined = await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/decline", new { note = "The samples thawed in transit." });
        Assert.Equal("Cancelled", declined.GetProperty("status").GetString());
        Assert.False(declined.GetProperty("overdue").GetBoolean());

        var over = await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/start", null, HttpStatusCode.Conflict);
        Assert.Equal("service-request.illegal.final", Code(over));
        Assert.Empty(over.GetProperty("allowed").EnumerateArray());
        var events = await App.WithDbAsync(db => db.ServiceRequestEvents.CountAsync(e => e.RequestId == id, Ct));
        Assert.Equal(5, events); // requested, quoted, accepted, samples received, cancelled: the refused moves left no trace
    }

    [Fact]
    public async Task Results_are_downloaded_by_the_requester_and_the_platform_only()
    {
        var (_, offeringId, manager, member) = await SetUpAsync("Immunology results");
        Clock.Set(Utc("2026-06-01T07:00:00Z"));
        var id = (await member.Client.PostJsonAsync("/api/v1/service-requests", Request(offeringId), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        foreach (var step in new[] { "quote", "accept", "samples-received", "start" })
            await (step == "accept" ? member : manager).Client.PostCurrentAsync($"/api/v1/service-requests/{id}/{step}", null);
        var content = new byte[300_000];
        new Random(42).NextBytes(content);
        using (var upload = await manager.Client.UploadResultsAsync(id, content, @"C:\lab\run 12\report.pdf", "application/pdf")) Assert.Equal(HttpStatusCode.OK, upload.StatusCode);

        var url = $"/api/v1/service-requests/{id}/results";
        foreach (var reader in new[] { member.Client, manager.Client, await App.ClientAsAsync(Roles.ClusterStaff) })
        {
            using var response = await reader.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(content, await response.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("report.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }

        // Another company's member, a colleague of the requester, a manager of another platform: the request does not exist for them.
        var stranger = await App.MemberOfNewCompanyAsync("Other company");
        var colleague = await App.SignInAsync(Roles.Member, await App.WithDbAsync(db => db.Users.Where(u => u.Id == member.UserId).Select(u => u.OrganizationId!.Value).SingleAsync(Ct)));
        var (otherPlatform, _) = await App.AddPlatformAsync("Other platform");
        var otherManager = await App.ManagerOfAsync(otherPlatform);
        foreach (var outsider in new[] { stranger, colleague, otherManager })
        {
            using var download = await outsider.Client.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
            await outsider.Client.GetJsonAsync($"/api/v1/service-requests/{id}", HttpStatusCode.NotFound);
        }
        using var anonymous = await App.Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var anonymousRead = await App.Client.GetAsync($"/api/v1/service-requests/{id}", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousRead.StatusCode);
    }

    [Fact]
    public async Task Results_are_one_file_of_at_most_25_MB()
    {
        var (_, offeringId, manager, member) = await SetUpAsync("Immunology big file");
        Clock.Set(Utc("2026-06-01T07:00:00Z"));
        var id = (await member.Client.PostJsonAsync("/api/v1/service-requests", Request(offeringId), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        foreach (var step in new[] { "quote", "accept", "samples-received", "start" })
            await (step == "accept" ? member : manager).Client.PostCurrentAsync($"/api/v1/service-requests/{id}/{step}", null);

        using (var empty = await manager.Client.UploadResultsAsync(id, [])) Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using (var tooBig = await manager.Client.UploadResultsAsync(id, new byte[25 * 1024 * 1024 + 1]))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
            Assert.Contains("service-request.file.too-large", await tooBig.Content.ReadAsStringAsync(Ct));
        }
        using (var atTheCap = await manager.Client.UploadResultsAsync(id, new byte[25 * 1024 * 1024], "plates.zip", "application/zip")) Assert.Equal(HttpStatusCode.OK, atTheCap.StatusCode);
        var stored = await App.WithDbAsync(db => db.ServiceRequests.Where(r => r.Id == id).Select(r => new { r.ResultFileName, r.ResultContentType, Size = r.ResultContent!.Length }).SingleAsync(Ct));
        Assert.Equal(("plates.zip", "application/zip", 25 * 1024 * 1024), (stored.ResultFileName, stored.ResultContentType, stored.Size));
    }

    [Fact]
    public async Task A_request_is_overdue_once_the_clock_passes_its_due_time_and_no_longer_once_delivered()
    {
        var (platformId, offeringId, manager, member) = await SetUpAsync("Immunology overdue", turnaroundDays: 2);
        Clock.Set(Utc("2026-06-04T07:00:00Z"));
        var id = (await member.Client.PostJsonAsync("/api/v1/service-requests", Request(offeringId), HttpStatusCode.Created)).GetProperty("id").GetInt64();
        foreach (var step in new[] { "quote", "accept" })
            await (step == "accept" ? member : manager).Client.PostCurrentAsync($"/api/v1/service-requests/{id}/{step}", null);

        Clock.Set(Utc("2026-06-05T13:00:00Z")); // Friday 15:00 in Brussels
        var received = await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/samples-received", null);
        // Two working days after a Friday: Monday and Tuesday; due Tuesday at 18:00 in Brussels.
        Assert.Equal(Utc("2026-06-09T16:00:00Z"), received.GetProperty("dueAt").GetDateTimeOffset());
        await manager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/start", null);

        var overdueList = $"/api/v1/service-requests?overdue=true&platformId={platformId}";
        Clock.Set(Utc("2026-06-09T15:59:00Z"));
        Assert.False((await member.Client.GetJsonAsync($"/api/v1/service-requests/{id}")).GetProperty("overdue").GetBoolean());
        Assert.Empty((await manager.Client.GetJsonAsync(overdueList)).EnumerateArray());

        Clock.Set(Utc("2026-06-09T16:01:00Z"));
        Assert.True((await member.Client.GetJsonAsync($"/api/v1/service-requests/{id}")).GetProperty("overdue").GetBoolean());
        var flagged = await manager.Client.GetJsonAsync(overdueList);
        Assert.Equal([id], flagged.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.True(flagged[0].GetProperty("overdue").GetBoolean());
        var mine = await member.Client.GetJsonAsync("/api/v1/service-requests");
        Assert.True(mine.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id).GetProperty("overdue").GetBoolean());

        Clock.Set(Utc("2026-06-10T09:00:00Z"));
        using (var upload = await manager.Client.UploadResultsAsync(id, "late but complete"u8.ToArray())) Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var delivered = await member.Client.GetJsonAsync($"/api/v1/service-requests/{id}");
        Assert.False(delivered.GetProperty("overdue").GetBoolean());
        Assert.Equal(3, delivered.GetProperty("turnaroundWorkingDays").GetInt32()); // Monday, Tuesday, Wednesday
        Assert.Empty((await manager.Client.GetJsonAsync(overdueList)).EnumerateArray());
        Assert.Equal([id], (await manager.Client.GetJsonAsync($"/api/v1/service-requests?status=ResultsDelivered&platformId={platformId}")).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        await manager.Client.GetJsonAsync("/api/v1/service-requests?status=Lost", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Another_platforms_manager_cannot_see_or_quote_a_request_404()
    {
        var (_, offeringId, manager, member) = await SetUpAsync("Immunology rights");
        var (otherPlatform, _) = await App.AddPlatformAsync("Imaging rights");
        var otherManager = await App.ManagerOfAsync(otherPlatform);
        Clock.Set(Utc("2026-06-01T07:00:00Z"));
        var id = (await member.Client.PostJsonAsync("/api/v1/service-requests", Request(offeringId), HttpStatusCode.Created)).GetProperty("id").GetInt64();

        // 404, not 403: a manager of another platform may not learn that the request exists.
        await otherManager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/quote", new { price = 10m }, HttpStatusCode.NotFound);
        await otherManager.Client.PostCurrentAsync($"/api/v1/service-requests/{id}/decline", null, HttpStatusCode.NotFound);
        Assert.DoesNotContain((await otherManager.Client.GetJsonAsync("/api/v1/service-requests")).EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);

        var received = await manager.Client.GetJsonAsync("/api/v1/service-requests");
        var row = received.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == id);
        Assert.False(row.GetProperty("mine").GetBoolean());
        Assert.Equal("Immunology rights client", row.GetProperty("organizationName").GetString());
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var quoted = await staff.PostCurrentAsync($"/api/v1/service-requests/{id}/quote", new { price = 99.99m, turnaroundDays = 7 });
        Assert.Equal(99.99m, quoted.GetProperty("quotedPrice").GetDecimal());
    }

    [Fact]
    public async Task Two_concurrent_quotes_on_the_version_read_one_wins_the_other_is_409()
    {
        var (_, offeringId, manager, member) = await SetUpAsync("Immunology race");
        var colleague = await App.SignInAsync(Roles.PlatformManager);
        var platformId = await App.WithDbAsync(db => db.ServiceOfferings.Where(o => o.Id == offeringId).Select(o => o.PlatformId).SingleAsync(Ct));
        await App.WithDbAsync(db =>
        {
            db.PlatformManagers.Add(new Biotope.Features.Platforms.PlatformManager { PlatformId = platformId, UserId = colleague.UserId });
            return db.SaveChangesAsync(Ct);
        });
        Clock.Set(Utc("2026-06-01T07:00:00Z"));
        for (var round = 0; round < 3; round++)
        {
            var created = await member.Client.PostJsonAsync("/api/v1/service-requests", Request(offeringId), HttpStatusCode.Created);
            var id = created.GetProperty("id").GetInt64();
            var version = created.GetProperty("version").GetInt32();
            var responses = await Task.WhenAll(
                manager.Client.PostAsJsonAsync($"/api/v1/service-requests/{id}/quote", new { price = 100m, version }, Ct),
                colleague.Client.PostAsJsonAsync($"/api/v1/service-requests/{id}/quote", new { price = 200m, version }, Ct));
            var statuses = responses.Select(r => r.StatusCode).Order().ToList();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], statuses);
            var winner = responses.Single(r => r.StatusCode == HttpStatusCode.OK);
            var winningPrice = JsonDocument.Parse(await winner.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("quotedPrice").GetDecimal();
            var stored = await App.WithDbAsync(db => db.ServiceRequests.Where(r => r.Id == id).Select(r => new { r.QuotedPrice, r.Version }).SingleAsync(Ct));
            Assert.Equal((winningPrice, version + 1), (stored.QuotedPrice!.Value, stored.Version));
            Assert.Equal(1, await App.WithDbAsync(db => db.ServiceRequestEvents.CountAsync(e => e.RequestId == id && e.To == Biotope.Features.Platforms.ServiceRequestStatus.Quoted, Ct)));
            foreach (var response in responses) response.Dispose();
        }
    }

    [Fact]
    public async Task A_request_needs_an_organization_an_active_offering_a_quantity_and_a_description()
    {
        var (platformId, offeringId, _, member) = await SetUpAsync("Immunology inputs");
        var retired = await App.AddOfferingAsync(platformId, "Retired assay", active: false);

        var invalid = await member.Client.PostJsonAsync("/api/v1/service-requests", new { offeringId, quantity = 0, description = " " }, HttpStatusCode.BadRequest);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("quantity", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("description", out _));
        var inactive = await member.Client.PostInAsync("en", "/api/v1/service-requests", Request(retired), HttpStatusCode.BadRequest);
        Assert.Equal("This analysis is not offered.", inactive.GetProperty("errors").GetProperty("offeringId")[0].GetString());
        Assert.Equal("service-request.offering.not-offered", ErrorCodes(inactive, "offeringId").Single());
        var inactiveInFrench = await member.Client.PostJsonAsync("/api/v1/service-requests", Request(retired), HttpStatusCode.BadRequest);
        Assert.Equal("Cette analyse n'est pas proposée.", FieldMessages(inactiveInFrench, "offeringId").Single());
        await member.Client.PostJsonAsync("/api/v1/service-requests", Request(999_999), HttpStatusCode.BadRequest);

        var withoutOrganization = await App.ClientAsAsync(Roles.Expert);
        await withoutOrganization.PostJsonAsync("/api/v1/service-requests", Request(offeringId), HttpStatusCode.Forbidden);
        using var anonymous = await App.Client.PostAsJsonAsync("/api/v1/service-requests", Request(offeringId), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_catalogue_is_public_and_edited_by_the_platforms_managers_with_versions()
    {
        var (platformId, offeringId, manager, member) = await SetUpAsync("Immunology catalogue");
        await App.AddOfferingAsync(platformId, "Retired assay", active: false);

        var seenByVisitor = await App.Client.GetFromJsonAsync<JsonElement>($"/api/v1/platforms/{platformId}/services", Ct);
        Assert.Equal(["Cytokine panel (12-plex)"], seenByVisitor.EnumerateArray().Select(o => o.GetProperty("nameEn").GetString()));
        Assert.Equal(120.50m, seenByVisitor[0].GetProperty("price").GetDecimal());
        Assert.Equal(5, seenByVisitor[0].GetProperty("turnaroundDays").GetInt32());
        var seenByManager = await manager.Client.GetJsonAsync($"/api/v1/platforms/{platformId}/services");
        Assert.Equal(2, seenByManager.GetArrayLength());
        using (var missing = await App.Client.GetAsync("/api/v1/platforms/999999/services", Ct)) Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var body = new { nameEn = "Flow cytometry immunophenotyping", nameFr = "Immunophénotypage par cytométrie en flux", price = 85m, unit = "sample", turnaroundDays = 10 };
        await member.Client.PostJsonAsync($"/api/v1/platforms/{platformId}/services", body, HttpStatusCode.Forbidden);
        using (var anonymous = await App.Client.PostAsJsonAsync($"/api/v1/platforms/{platformId}/services", body, Ct)) Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var invalid = await manager.Client.PostJsonAsync($"/api/v1/platforms/{platformId}/services", new { nameEn = "X", price = -1m, turnaroundDays = 0 }, HttpStatusCode.BadRequest);
        Assert.Equal(["nameFr", "price", "turnaroundDays"], invalid.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        var created = await manager.Client.PostJsonAsync($"/api/v1/platforms/{platformId}/services", body, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal(1, created.GetProperty("version").GetInt32());

        // Replacing needs the version read; a stale one is refused; 'active: false' takes it out of the public catalogue.
        var change = new { body.nameEn, body.nameFr, price = 90m, body.unit, body.turnaroundDays, active = false };
        await manager.Client.PutJsonAsync($"/api/v1/services/{id}", change, HttpStatusCode.PreconditionRequired);
        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/services/{id}") { Content = JsonContent.Create(change) })
        {
            stale.Headers.IfMatch.ParseAdd("\"7\"");
            using var response = await manager.Client.SendAsync(stale, Ct);
            Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        }
        var updated = await manager.Client.PutJsonAsync($"/api/v1/services/{id}", new { body.nameEn, body.nameFr, price = 90m, body.unit, body.turnaroundDays, active = false, version = 1 });
        Assert.Equal((90m, false, 2), (updated.GetProperty("price").GetDecimal(), updated.GetProperty("active").GetBoolean(), updated.GetProperty("version").GetInt32()));
        await manager.Client.PutJsonAsync($"/api/v1/services/{id}", new { body.nameEn, body.nameFr, price = 95m, body.unit, body.turnaroundDays, version = 1 }, HttpStatusCode.Conflict);
        using (var hidden = await App.Client.GetAsync($"/api/v1/services/{id}", Ct)) Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(90m, (await manager.Client.GetJsonAsync($"/api/v1/services/{id}")).GetProperty("price").GetDecimal());
        var (otherPlatform, _) = await App.AddPlatformAsync("Imaging catalogue");
        var otherManager = await App.ManagerOfAsync(otherPlatform);
        await otherManager.Client.PutJsonAsync($"/api/v1/services/{offeringId}", new { body.nameEn, body.nameFr, price = 1m, body.unit, body.turnaroundDays, version = 1 }, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_services_and_service_requests_endpoints()
    {
        var document = await App.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var paths = document.GetProperty("paths");
        foreach (var (path, method, tag) in new[]
        {
            ("/api/v1/platforms/{id}/services", "get", "Services"), ("/api/v1/platforms/{id}/services", "post", "Services"),
            ("/api/v1/services/{id}", "put", "Services"), ("/api/v1/service-requests", "post", "Service requests"),
            ("/api/v1/service-requests/{id}/quote", "post", "Service requests"), ("/api/v1/service-requests/{id}/results", "get", "Service requests"),
        })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.Equal(tag, operation.GetProperty("tags")[0].GetString());
            Assert.True(operation.TryGetProperty("operationId", out _), $"{method} {path} has no name");
        }
        Assert.True(paths.GetProperty("/api/v1/service-requests/{id}/accept").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _));
    }
}

public sealed class ServicesSqliteFixture() : ClockedSqliteFixture(Utc("2026-06-01T07:00:00Z"));

public sealed class ServicesPostgresFixture(PostgresServer server) : ClockedPostgresFixture(server, Utc("2026-06-01T07:00:00Z"));

public sealed class SqliteServiceRequestsTests(ServicesSqliteFixture fixture) : ServiceRequestsContract, IClassFixture<ServicesSqliteFixture>
{
    protected override TestApp App => fixture.App;
    protected override FakeClock Clock => fixture.Clock;
}

public sealed class PostgresServiceRequestsTests(ServicesPostgresFixture fixture) : ServiceRequestsContract, IClassFixture<ServicesPostgresFixture>
{
    protected override TestApp App => fixture.Require();
    protected override FakeClock Clock => fixture.Clock;
}
