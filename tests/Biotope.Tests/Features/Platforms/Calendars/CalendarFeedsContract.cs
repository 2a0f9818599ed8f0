using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Features.Notifications;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Biotope.Tests.Features.Platforms.Calendars.CalendarKit;

namespace Biotope.Tests.Features.Platforms.Calendars;

/// <summary>
/// The calendar feeds, read back with ical.js, asserted identically on SQLite and PostgreSQL. The clock stands at
/// 2026-07-01 08:00 UTC, so feeds cover 2026-06-01 to 2027-07-01. Each test makes its own platform, instruments and people.
/// </summary>
public abstract class CalendarFeedsContract
{
    public static readonly DateTimeOffset Now = Utc("2026-07-01T08:00:00Z");

    protected abstract TestApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Unique() => Guid.NewGuid().ToString("N")[..6];

    /// <summary>A new account of <paramref name="role"/> in a new organization, with a display name when given.</summary>
    private async Task<(SignedIn Person, int Organization, string OrganizationName)> PersonAsync(string role = Roles.Member, string? name = null)
    {
        var organizationName = "Laboratoire " + Unique();
        var organization = await App.AddOrganizationAsync(organizationName, OrganizationType.University, "BE323");
        var person = await App.SignInAsync(role, organization);
        if (name is not null) await App.NameAsync(person.UserId, name);
        return (person, organization, organizationName);
    }

    private async Task<(int Platform, int Equipment)> PlatformAsync(int owner, string name = "Imagerie", string instrument = "Confocal LSM 980")
    {
        var platform = await App.AddPlatformAsync(owner, $"{name} {Unique()}");
        return (platform, await App.AddEquipmentAsync(platform, instrument));
    }

    private async Task<(HttpResponseMessage Response, string Text)> FetchAsync(string url)
    {
        var response = await App.Client.GetAsync(url, Ct);
        return (response, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Reads a feed that must exist, checks it is served as a private iCalendar file, and parses it with ical.js.</summary>
    private async Task<(ParsedCalendar Calendar, string Text)> PrivateFeedAsync(string url)
    {
        var (response, text) = await FetchAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.EndsWith(".ics", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.True(response.Headers.CacheControl?.Private, "private feeds are not for shared caches");
        Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.CacheControl?.MaxAge);
        return (await IcalJs.ParseAsync(text), text);
    }

    private async Task<HttpStatusCode> StatusOfAsync(string url) => (await FetchAsync(url)).Response.StatusCode;

    private static async Task<(long Id, string Url, JsonElement Body)> CreateFeedAsync(HttpClient client, object body)
    {
        var created = await client.PostJsonAsync("/api/v1/calendar-feeds", body, HttpStatusCode.Created);
        return (created.GetProperty("id").GetInt64(), created.GetProperty("url").GetString()!, created);
    }

    private static string TokenOf(string url) => new Uri(url).AbsolutePath["/calendars/".Length..^".ics".Length];

    [Fact]
    public async Task The_public_instrument_feed_gives_the_exact_instants_across_the_autumn_change_in_summer_and_in_winter()
    {
        var (booker, organization, organizationName) = await PersonAsync(name: "Ada Lovelace");
        var (_, equipment) = await PlatformAsync(organization);
        var across = (Start: Brussels("2026-10-25 01:30"), End: Brussels("2026-10-25 03:30"));
        Assert.Equal(Utc("2026-10-24T23:30:00Z"), across.Start);
        Assert.Equal(Utc("2026-10-25T02:30:00Z"), across.End);
        var dst = await App.AddBookingAsync(equipment, booker.UserId, organization, across.Start, across.End, purpose: "Étude confidentielle");
        var summer = await App.AddBookingAsync(equipment, booker.UserId, organization, Brussels("2026-07-15 09:00"), Brussels("2026-07-15 11:00"), BookingStatus.Pending);
        var winter = await App.AddBookingAsync(equipment, booker.UserId, organization, Brussels("2026-12-10 09:00"), Brussels("2026-12-10 11:00"));
        var cancelled = await App.AddBookingAsync(equipment, booker.UserId, organization, Brussels("2026-08-03 09:00"), Brussels("2026-08-03 10:00"), BookingStatus.Cancelled);
        var rejected = await App.AddBookingAsync(equipment, booker.UserId, organization, Brussels("2026-08-04 09:00"), Brussels("2026-08-04 10:00"), BookingStatus.Rejected);
        var recent = await App.AddBookingAsync(equipment, booker.UserId, organization, Brussels("2026-06-10 09:00"), Brussels("2026-06-10 10:00"));
        var tooOld = await App.AddBookingAsync(equipment, booker.UserId, organization, Brussels("2026-05-20 09:00"), Brussels("2026-05-20 10:00"));
        var tooFar = await App.AddBookingAsync(equipment, booker.UserId, organization, Brussels("2027-08-02 09:00"), Brussels("2027-08-02 10:00"));
        var closure = await App.AddClosureAsync(equipment, Brussels("2026-08-10 00:00"), Brussels("2026-08-15 00:00"), "Maintenance annuelle");

        var (response, text) = await FetchAsync($"/api/v1/equipment/{equipment}/calendar.ics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal($"equipment-{equipment}.ics", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Contains("\r\nDTSTART:20261024T233000Z\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nDTEND:20261025T023000Z\r\n", text, StringComparison.Ordinal);
        var calendar = await IcalJs.ParseAsync(text);
        Assert.Equal("PUBLISH", calendar.Method);
        var night = calendar.Single($"booking-{dst}@biotope");
        Assert.Equal(("2026-10-24T23:30:00.000Z", "2026-10-25T02:30:00.000Z"), (night.Start, night.End));
        // Two hours on the wall clock, three real hours: the clocks went back at 03:00.
        Assert.Equal(TimeSpan.FromHours(3), Utc(night.End) - Utc(night.Start));
        Assert.Equal(("Réservé", "CONFIRMED"), (night.Summary, night.Status));
        var july = calendar.Single($"booking-{summer}@biotope");
        Assert.Equal(("2026-07-15T07:00:00.000Z", "2026-07-15T09:00:00.000Z", "TENTATIVE"), (july.Start, july.End, july.Status));
        var december = calendar.Single($"booking-{winter}@biotope");
        Assert.Equal(("2026-12-10T08:00:00.000Z", "2026-12-10T10:00:00.000Z", "CONFIRMED"), (december.Start, december.End, december.Status));
        Assert.True(calendar.Has($"booking-{recent}@biotope"), "a booking 21 days ago is in the feed");
        foreach (var absent in new[] { cancelled, rejected, tooOld, tooFar }) Assert.False(calendar.Has($"booking-{absent}@biotope"), $"booking {absent} should not be in the feed");
        var closed = calendar.Single($"closure-{closure}@biotope");
        Assert.Equal(("Fermé", "Maintenance annuelle", "2026-08-09T22:00:00.000Z", "2026-08-14T22:00:00.000Z"), (closed.Summary, closed.Description, closed.Start, closed.End));
        Assert.Equal(5, calendar.Events.Count);
        // Anonymous: who booked, for whom and why stay out of the public feed.
        foreach (var secret in new[] { "Ada", booker.Email, organizationName, "confidentielle" }) Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);

        var english = await IcalJs.ParseAsync((await FetchAsync($"/api/v1/equipment/{equipment}/calendar.ics?lang=en")).Text);
        Assert.Equal("Booked", english.Single($"booking-{dst}@biotope").Summary);
        Assert.Equal("Closed", english.Single($"closure-{closure}@biotope").Summary);
        Assert.Contains("busy times", english.Name);

        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync("/api/v1/equipment/999999/calendar.ics"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOfAsync($"/api/v1/equipment/{equipment}/calendar.ics?lang=de"));
    }

    [Fact]
    public async Task My_feed_has_my_bookings_and_my_sessions_and_nothing_of_anyone_else()
    {
        var (me, organization, _) = await PersonAsync(name: "Marie Curie");
        var (other, otherOrganization, _) = await PersonAsync(name: "Rosalind Franklin");
        var (platform, equipment) = await PlatformAsync(organization, instrument: "Cytomètre Aurora");
        var confirmed = await App.AddBookingAsync(equipment, me.UserId, organization, Brussels("2026-09-01 10:00"), Brussels("2026-09-01 12:00"), purpose: "Tri cellulaire");
        var pending = await App.AddBookingAsync(equipment, me.UserId, organization, Brussels("2026-09-02 10:00"), Brussels("2026-09-02 12:00"), BookingStatus.Pending);
        var cancelled = await App.AddBookingAsync(equipment, me.UserId, organization, Brussels("2026-09-03 10:00"), Brussels("2026-09-03 12:00"), BookingStatus.Cancelled);
        var rejected = await App.AddBookingAsync(equipment, me.UserId, organization, Brussels("2026-09-04 10:00"), Brussels("2026-09-04 12:00"), BookingStatus.Rejected);
        var theirs = await App.AddBookingAsync(equipment, other.UserId, otherOrganization, Brussels("2026-09-05 10:00"), Brussels("2026-09-05 12:00"));
        var enrolled = await App.AddSessionAsync(platform, "Cytométrie de base", Brussels("2026-11-05 09:00"), Brussels("2026-11-05 17:00"));
        await App.EnrolAsync(enrolled, me.UserId, EnrolmentStatus.Enrolled);
        await App.EnrolAsync(enrolled, other.UserId, EnrolmentStatus.Enrolled);
        var waitlisted = await App.AddSessionAsync(platform, "Tri avancé", Brussels("2026-09-20 09:00"), Brussels("2026-09-20 12:00"));
        await App.EnrolAsync(waitlisted, me.UserId, EnrolmentStatus.Waitlisted);
        var left = await App.AddSessionAsync(platform, "Sécurité biologique", Brussels("2026-09-21 09:00"), Brussels("2026-09-21 12:00"));
        await App.EnrolAsync(left, me.UserId, EnrolmentStatus.Cancelled);
        var notMine = await App.AddSessionAsync(platform, "Microscopie", Brussels("2026-09-22 09:00"), Brussels("2026-09-22 12:00"));
        await App.EnrolAsync(notMine, other.UserId, EnrolmentStatus.Enrolled);
        var teaching = await App.AddSessionAsync(platform, "Préparation d'échantillons", Brussels("2026-09-23 14:00"), Brussels("2026-09-23 16:00"), trainerUserId: me.UserId, capacity: 10);
        await App.EnrolAsync(teaching, other.UserId, EnrolmentStatus.Enrolled);

        var (_, url, created) = await CreateFeedAsync(me.Client, new { scope = "User", language = "en" });

        Assert.StartsWith(App.BaseUrl + "/calendars/", url);
        Assert.EndsWith(".ics?lang=en", url);
        Assert.Equal("User", created.GetProperty("scope").GetString());
        var (calendar, text) = await PrivateFeedAsync(url);
        Assert.Equal("My Biotope bookings and training", calendar.Name);
        var booking = calendar.Single($"booking-{confirmed}@biotope");
        Assert.Equal(("Booking: Cytomètre Aurora", "CONFIRMED"), (booking.Summary, booking.Status));
        Assert.Equal(("2026-09-01T08:00:00.000Z", "2026-09-01T10:00:00.000Z"), (booking.Start, booking.End));
        Assert.Contains("Purpose: Tri cellulaire", booking.Description);
        Assert.Equal(App.BaseUrl + "/bookings", booking.Url);
        Assert.Equal("TENTATIVE", calendar.Single($"booking-{pending}@biotope").Status);
        Assert.Equal("CANCELLED", calendar.Single($"booking-{cancelled}@biotope").Status);
        Assert.False(calendar.Has($"booking-{rejected}@biotope"));
        Assert.False(calendar.Has($"booking-{theirs}@biotope"));
        var session = calendar.Single($"session-{enrolled}@biotope");
        Assert.Equal(("Training: Cytométrie de base (EN)", "CONFIRMED", "Salle de formation 1"), (session.Summary, session.Status, session.Location));
        // 5 November is winter time: 09:00 in Brussels is 08:00 UTC.
        Assert.Equal(("2026-11-05T08:00:00.000Z", "2026-11-05T16:00:00.000Z"), (session.Start, session.End));
        var waiting = calendar.Single($"session-{waitlisted}@biotope");
        Assert.Equal("TENTATIVE", waiting.Status);
        Assert.Contains("waiting list", waiting.Description);
        Assert.False(calendar.Has($"session-{left}@biotope"));
        Assert.False(calendar.Has($"session-{notMine}@biotope"));
        var given = calendar.Single($"session-{teaching}@biotope");
        Assert.Equal(("Training you give: Préparation d'échantillons (EN)", "CONFIRMED", "2026-09-23T12:00:00.000Z"), (given.Summary, given.Status, given.Start));
        Assert.Contains("Enrolled: 1 of 10 places", given.Description);
        Assert.Equal(6, calendar.Events.Count);
        Assert.DoesNotContain("Rosalind", text, StringComparison.Ordinal);

        var french = (await PrivateFeedAsync(url.Replace("lang=en", "lang=fr", StringComparison.Ordinal))).Calendar;
        Assert.Equal("Réservation : Cytomètre Aurora", PlatformsKit.Plain(french.Single($"booking-{confirmed}@biotope").Summary!));
        Assert.Equal("Formation : Cytométrie de base", PlatformsKit.Plain(french.Single($"session-{enrolled}@biotope").Summary!));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOfAsync(url.Replace("lang=en", "lang=nl", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_platform_feed_has_its_instruments_bookings_with_names_its_closures_and_its_sessions_only()
    {
        var (manager, owner, _) = await PersonAsync(Roles.PlatformManager);
        var (booker, organization, organizationName) = await PersonAsync(name: "Ada Lovelace");
        var (platform, confocal) = await PlatformAsync(owner, "ImmuneHealth", "Confocal");
        var cytometer = await App.AddEquipmentAsync(platform, "Cytomètre");
        var (elsewhere, otherInstrument) = await PlatformAsync(owner, "Ailleurs", "IRM 3T");
        await App.ManageAsync(platform, manager.UserId);
        var onConfocal = await App.AddBookingAsync(confocal, booker.UserId, organization, Brussels("2026-10-25 01:30"), Brussels("2026-10-25 03:30"), purpose: "Imagerie de coupes");
        var onCytometer = await App.AddBookingAsync(cytometer, booker.UserId, organization, Brussels("2026-07-20 14:00"), Brussels("2026-07-20 15:30"), BookingStatus.Pending);
        var cancelled = await App.AddBookingAsync(cytometer, booker.UserId, organization, Brussels("2026-07-21 14:00"), Brussels("2026-07-21 15:30"), BookingStatus.Cancelled);
        var onOther = await App.AddBookingAsync(otherInstrument, booker.UserId, organization, Brussels("2026-07-22 14:00"), Brussels("2026-07-22 15:30"));
        var closure = await App.AddClosureAsync(cytometer, Brussels("2026-12-24 00:00"), Brussels("2027-01-04 00:00"), "Congés");
        var session = await App.AddSessionAsync(platform, "Cytométrie de base", Brussels("2026-10-01 09:00"), Brussels("2026-10-01 12:00"), capacity: 6);
        await App.EnrolAsync(session, booker.UserId, EnrolmentStatus.Enrolled);
        var otherSession = await App.AddSessionAsync(elsewhere, "IRM", Brussels("2026-10-02 09:00"), Brussels("2026-10-02 12:00"));
        var cancelledSession = await App.AddSessionAsync(platform, "Tri cellulaire", Brussels("2026-10-08 09:00"), Brussels("2026-10-08 12:00"));
        await App.CancelSessionAsync(cancelledSession);

        var (_, url, created) = await CreateFeedAsync(manager.Client, new { scope = "Platform", platformId = platform });

        Assert.EndsWith("?lang=fr", url);
        Assert.StartsWith("ImmuneHealth", created.GetProperty("target").GetString());
        var (calendar, _) = await PrivateFeedAsync(url);
        var night = calendar.Single($"booking-{onConfocal}@biotope");
        Assert.Equal($"Confocal: Ada Lovelace ({organizationName})", night.Summary);
        Assert.Equal(("2026-10-24T23:30:00.000Z", "2026-10-25T02:30:00.000Z"), (night.Start, night.End));
        Assert.Contains($"Réservé par : Ada Lovelace <{booker.Email}>", PlatformsKit.Plain(night.Description!));
        Assert.Contains("Objet : Imagerie de coupes", PlatformsKit.Plain(night.Description!));
        var pending = calendar.Single($"booking-{onCytometer}@biotope");
        Assert.Equal(($"Cytomètre: Ada Lovelace ({organizationName})", "TENTATIVE", "2026-07-20T12:00:00.000Z", "2026-07-20T13:30:00.000Z"),
            (pending.Summary, pending.Status, pending.Start, pending.End));
        Assert.Equal("Cytomètre: Fermé", calendar.Single($"closure-{closure}@biotope").Summary);
        var training = calendar.Single($"session-{session}@biotope");
        Assert.Equal(("Formation : Cytométrie de base", "2026-10-01T07:00:00.000Z"), (PlatformsKit.Plain(training.Summary!), training.Start));
        // A French feed line: French typography (a no-break space before the colon) and the count in words.
        Assert.Contains("Inscriptions\u00A0: 1 sur 6 places", training.Description);
        Assert.False(calendar.Has($"booking-{cancelled}@biotope"));
        Assert.False(calendar.Has($"booking-{onOther}@biotope"));
        Assert.False(calendar.Has($"session-{otherSession}@biotope"));
        var called = calendar.Single($"session-{cancelledSession}@biotope");
        Assert.Equal("CANCELLED", called.Status);
        Assert.StartsWith("Cette session est annulée.", called.Description);
        Assert.Equal(5, calendar.Events.Count);
    }

    [Fact]
    public async Task The_instrument_feed_shows_who_booked_that_instrument_only()
    {
        var (manager, owner, _) = await PersonAsync(Roles.PlatformManager);
        var (booker, organization, organizationName) = await PersonAsync(name: "Grace Hopper");
        var (platform, confocal) = await PlatformAsync(owner);
        var cytometer = await App.AddEquipmentAsync(platform, "Cytomètre");
        await App.ManageAsync(platform, manager.UserId);
        var mine = await App.AddBookingAsync(confocal, booker.UserId, organization, Brussels("2026-12-10 09:00"), Brussels("2026-12-10 11:00"));
        var other = await App.AddBookingAsync(cytometer, booker.UserId, organization, Brussels("2026-12-10 09:00"), Brussels("2026-12-10 11:00"));

        var (_, url, created) = await CreateFeedAsync(manager.Client, new { scope = "Equipment", equipmentId = confocal, language = "en" });

        Assert.Equal("Confocal LSM 980", created.GetProperty("target").GetString());
        var (calendar, _) = await PrivateFeedAsync(url);
        Assert.Equal("Confocal LSM 980 — bookings", calendar.Name);
        var booking = calendar.Single($"booking-{mine}@biotope");
        Assert.Equal(($"Grace Hopper ({organizationName})", "2026-12-10T08:00:00.000Z", "2026-12-10T10:00:00.000Z"), (booking.Summary, booking.Start, booking.End));
        Assert.Contains($"Organization: {organizationName}", booking.Description);
        Assert.False(calendar.Has($"booking-{other}@biotope"));
    }

    [Fact]
    public async Task Only_the_platforms_managers_and_staff_may_create_instrument_and_platform_feeds()
    {
        var (member, organization, _) = await PersonAsync();
        var (otherManager, _, _) = await PersonAsync(Roles.PlatformManager);
        var (staff, _, _) = await PersonAsync(Roles.ClusterStaff);
        var (platform, equipment) = await PlatformAsync(organization);
        var (otherPlatform, _) = await PlatformAsync(organization);
        await App.ManageAsync(otherPlatform, otherManager.UserId);

        foreach (var client in new[] { member.Client, otherManager.Client })
        {
            await client.PostJsonAsync("/api/v1/calendar-feeds", new { scope = "Equipment", equipmentId = equipment }, HttpStatusCode.Forbidden);
            await client.PostJsonAsync("/api/v1/calendar-feeds", new { scope = "Platform", platformId = platform }, HttpStatusCode.Forbidden);
        }
        await member.Client.PostJsonAsync("/api/v1/calendar-feeds", new { scope = "User" }, HttpStatusCode.Created);
        var (_, url, _) = await CreateFeedAsync(staff.Client, new { scope = "Equipment", equipmentId = equipment });
        await PrivateFeedAsync(url);
        await CreateFeedAsync(staff.Client, new { scope = "Platform", platformId = platform });
        Assert.Equal(0, await App.WithDbAsync(db => db.CalendarFeeds.CountAsync(f => f.UserId == member.UserId && f.Scope != CalendarScope.User)));
    }

    [Fact]
    public async Task Wrong_requests_are_refused_with_field_errors_and_visitors_with_401()
    {
        var (member, organization, _) = await PersonAsync();
        var (_, equipment) = await PlatformAsync(organization);

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client.PostAsync("/api/v1/calendar-feeds", JsonContent(new { scope = "User" }), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client.GetAsync("/api/v1/calendar-feeds", Ct)).StatusCode);
        async Task ErrorOnAsync(object body, string field)
        {
            var problem = await member.Client.PostJsonAsync("/api/v1/calendar-feeds", body, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        }
        await ErrorOnAsync(new { }, "scope");
        await ErrorOnAsync(new { scope = "Equipment" }, "equipmentId");
        await ErrorOnAsync(new { scope = "Equipment", equipmentId = 999999 }, "equipmentId");
        await ErrorOnAsync(new { scope = "Platform" }, "platformId");
        await ErrorOnAsync(new { scope = "Platform", platformId = 999999 }, "platformId");
        await ErrorOnAsync(new { scope = "User", equipmentId = equipment }, "equipmentId");
        await ErrorOnAsync(new { scope = "User", language = "de" }, "language");
        Assert.Equal(0, await App.WithDbAsync(db => db.CalendarFeeds.CountAsync(f => f.UserId == member.UserId)));
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_revoked_feed_answers_404_and_lists_as_revoked_without_its_address()
    {
        var (me, _, _) = await PersonAsync();
        var (someoneElse, _, _) = await PersonAsync();
        var (staff, _, _) = await PersonAsync(Roles.ClusterStaff);
        var (id, url, _) = await CreateFeedAsync(me.Client, new { scope = "User" });
        var (otherId, otherUrl, _) = await CreateFeedAsync(someoneElse.Client, new { scope = "User" });
        await PrivateFeedAsync(url);

        var listed = await me.Client.GetJsonAsync("/api/v1/calendar-feeds");
        var entry = Assert.Single(listed.EnumerateArray());
        Assert.Equal(id, entry.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("revokedAt").ValueKind);
        Assert.False(entry.TryGetProperty("url", out _));
        Assert.DoesNotContain(TokenOf(url), listed.GetRawText(), StringComparison.Ordinal);

        // Someone else's feed is not found, not forbidden.
        await someoneElse.Client.SendAsync(HttpMethod.Delete, $"/api/v1/calendar-feeds/{id}", null, HttpStatusCode.NotFound);
        await someoneElse.Client.GetJsonAsync($"/api/v1/calendar-feeds/{id}", HttpStatusCode.NotFound);
        await PrivateFeedAsync(url);

        await me.Client.SendAsync(HttpMethod.Delete, $"/api/v1/calendar-feeds/{id}", null, HttpStatusCode.NoContent);

        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(url));
        var revoked = await me.Client.GetJsonAsync($"/api/v1/calendar-feeds/{id}");
        Assert.Equal(Now, revoked.GetProperty("revokedAt").GetDateTimeOffset());
        await me.Client.SendAsync(HttpMethod.Delete, $"/api/v1/calendar-feeds/{id}", null, HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(otherUrl));

        // Staff may revoke anyone's feed.
        await staff.Client.SendAsync(HttpMethod.Delete, $"/api/v1/calendar-feeds/{otherId}", null, HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(otherUrl));
    }

    [Fact]
    public async Task Unknown_and_malformed_addresses_answer_404()
    {
        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync($"/calendars/{token}.ics"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync("/calendars/not-a-token.ics"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync($"/calendars/{token[..^1]}!.ics"));
    }

    [Fact]
    public async Task Only_the_tokens_SHA_256_is_stored()
    {
        var (me, _, _) = await PersonAsync();

        var (id, url, _) = await CreateFeedAsync(me.Client, new { scope = "User" });

        var token = TokenOf(url);
        Assert.Equal(43, token.Length);
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(token).Length);
        var stored = await App.WithDbAsync(db => db.CalendarFeeds.SingleAsync(f => f.Id == id));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored.TokenHash);
        Assert.Equal(Now, stored.CreatedAt);
        Assert.False(await App.WithDbAsync(db => db.CalendarFeeds.AnyAsync(f => f.TokenHash.Contains(token))));
        // The audit log keeps neither the token nor its hash.
        var audit = await App.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == nameof(CalendarFeed) && a.EntityId == id.ToString()).Select(a => a.After).ToListAsync());
        Assert.NotEmpty(audit);
        Assert.All(audit, after => Assert.DoesNotContain(token, after ?? "", StringComparison.Ordinal));
        Assert.All(audit, after => Assert.DoesNotContain(stored.TokenHash, after ?? "", StringComparison.Ordinal));
        // Two feeds never share a token.
        var (_, second, _) = await CreateFeedAsync(me.Client, new { scope = "User" });
        Assert.NotEqual(token, TokenOf(second));
    }

    [Fact]
    public async Task A_manager_who_leaves_the_platform_loses_its_feeds_but_keeps_their_own()
    {
        var (manager, owner, _) = await PersonAsync(Roles.PlatformManager);
        var (platform, equipment) = await PlatformAsync(owner);
        await App.ManageAsync(platform, manager.UserId);
        var (_, platformFeed, _) = await CreateFeedAsync(manager.Client, new { scope = "Platform", platformId = platform });
        var (_, instrumentFeed, _) = await CreateFeedAsync(manager.Client, new { scope = "Equipment", equipmentId = equipment });
        var (_, personalFeed, _) = await CreateFeedAsync(manager.Client, new { scope = "User" });
        await PrivateFeedAsync(platformFeed);
        await PrivateFeedAsync(instrumentFeed);

        await App.StopManagingAsync(platform, manager.UserId);

        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(platformFeed));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(instrumentFeed));
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(personalFeed));

        // Rights are read when the feed is served: given the platform back, the same address works again.
        await App.ManageAsync(platform, manager.UserId);
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(platformFeed));
    }

    [Fact]
    public async Task The_endpoints_are_in_the_OpenAPI_document_under_Calendars()
    {
        var paths = (await App.Client.GetJsonAsync("/openapi/v1.json")).GetProperty("paths");
        foreach (var (path, method) in new[]
        {
            ("/api/v1/equipment/{id}/calendar.ics", "get"), ("/api/v1/calendar-feeds", "post"), ("/api/v1/calendar-feeds", "get"),
            ("/api/v1/calendar-feeds/{id}", "get"), ("/api/v1/calendar-feeds/{id}", "delete"), ("/calendars/{token}.ics", "get"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var operations), $"{path} is missing");
            Assert.True(operations.TryGetProperty(method, out var operation), $"{method} {path} is missing");
            Assert.Equal("Calendars", operation.GetProperty("tags")[0].GetString());
            Assert.True(operation.TryGetProperty("operationId", out _), $"{method} {path} has no name");
        }
    }
}

/// <summary>An app whose clock stands at <see cref="CalendarFeedsContract.Now"/>, on SQLite.</summary>
public sealed class SqliteCalendarApp : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await TestApp.StartSqliteAsync(seedDemo: false, clock: new FakeClock(CalendarFeedsContract.Now));

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>An app whose clock stands at <see cref="CalendarFeedsContract.Now"/>, on the throw-away PostgreSQL server.</summary>
public sealed class PostgresCalendarApp(PostgresServer server) : IAsyncLifetime
{
    private TestApp? app;

    public async ValueTask InitializeAsync()
    {
        if (server.Available) app = await TestApp.StartPostgresAsync(server, seedDemo: false, clock: new FakeClock(CalendarFeedsContract.Now));
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }

    public TestApp Require()
    {
        server.RequireOrSkip();
        return app!;
    }
}

public sealed class SqliteCalendarFeedsTests(SqliteCalendarApp fixture) : CalendarFeedsContract, IClassFixture<SqliteCalendarApp>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresCalendarFeedsTests(PostgresCalendarApp fixture) : CalendarFeedsContract, IClassFixture<PostgresCalendarApp>
{
    protected override TestApp App => fixture.Require();
}
