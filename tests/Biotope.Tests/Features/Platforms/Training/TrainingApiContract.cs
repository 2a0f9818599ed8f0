using System.Net;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Platforms;
using Biotope.Features.Platforms.Training;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Biotope.Tests.Features.Platforms.Training.TrainingKit;

namespace Biotope.Tests.Features.Platforms.Training;

/// <summary>
/// The training API, asserted identically on SQLite and on PostgreSQL (the two subclasses below): places and the waitlist,
/// the race for the last place, attendance and certificates, reminders, rights. Each test makes its own module and people
/// and sets the shared clock first, so the tests of a class do not depend on each other.
/// </summary>
public abstract class TrainingApiContract
{
    protected abstract TestApp App { get; }
    protected abstract FakeClock Clock { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Statuses(IEnumerable<JsonElement> enrolments) => enrolments.Select(e => e.GetProperty("status").GetString()!).ToArray();

    private async Task<(Person Staff, int ModuleId, string Slug)> ModuleAsync(string title, int? validityMonths = 12, int? platformId = null)
    {
        var staff = await App.PersonAsync(Roles.ClusterStaff);
        var module = await staff.Client.AddModuleAsync(title, validityMonths, platformId);
        return (staff, module.GetProperty("id").GetInt32(), module.GetProperty("slug").GetString()!);
    }

    private async Task<List<Person>> PeopleAsync(int count, string role = Roles.Member)
    {
        var people = new List<Person>();
        for (var i = 0; i < count; i++) people.Add(await App.PersonAsync(role));
        return people;
    }

    [Fact]
    public async Task Places_go_first_come_first_served_and_cancellations_promote_the_waitlist_in_order()
    {
        Clock.Set(Utc("2026-10-01T08:00:00Z"));
        var (staff, moduleId, slug) = await ModuleAsync("Confocal microscopy");
        var sessionId = await staff.Client.AddSessionAsync(moduleId, "2026-10-20T09:00", "2026-10-20T12:00", capacity: 3);
        var people = await PeopleAsync(5);

        var answers = new List<JsonElement>();
        foreach (var person in people)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            answers.Add(await person.EnrolAsync(sessionId));
        }
        Assert.Equal(["Enrolled", "Enrolled", "Enrolled", "Waitlisted", "Waitlisted"], Statuses(answers));
        Assert.Equal([null, null, null, 1, 2], answers.Select(a => a.GetProperty("waitlistPosition").ValueKind == JsonValueKind.Null ? (int?)null : a.GetProperty("waitlistPosition").GetInt32()));
        var twice = await people[0].EnrolAsync(sessionId, HttpStatusCode.Conflict);
        Assert.Equal("Enrolled", twice.GetProperty("status").GetString());
        await people[3].EnrolAsync(sessionId, HttpStatusCode.Conflict);

        var session = await App.Client.GetJsonAsync($"/api/v1/training/sessions/{sessionId}");
        Assert.Equal((3, 0, 2), (session.GetProperty("enrolled").GetInt32(), session.GetProperty("placesLeft").GetInt32(), session.GetProperty("waitlisted").GetInt32()));

        // The second enrolled person cancels: the first waitlisted (people[3]) gets the place and is told; people[4] moves up.
        Clock.Advance(TimeSpan.FromHours(1));
        var firstCancel = Clock.GetUtcNow();
        Assert.Equal("Cancelled", (await people[1].CancelPlaceAsync(sessionId)).GetProperty("status").GetString());
        var promoted = await people[3].Client.GetJsonAsync($"/api/v1/training/sessions/{sessionId}/enrolments/me");
        Assert.Equal("Enrolled", promoted.GetProperty("status").GetString());
        Assert.Equal(firstCancel, promoted.GetProperty("promotedAt").GetDateTimeOffset());
        var waiting = await people[4].Client.GetJsonAsync($"/api/v1/training/sessions/{sessionId}/enrolments/me");
        Assert.Equal(("Waitlisted", 1), (waiting.GetProperty("status").GetString(), waiting.GetProperty("waitlistPosition").GetInt32()));
        var told = Assert.Single(await App.NotificationsAsync(people[3].UserId, "training-promoted"));
        Assert.Equal($"/training/{slug}", told.Link);
        Assert.Contains("20 October 2026, 09:00", told.SubjectEn);
        Assert.Empty(await App.NotificationsAsync(people[4].UserId, "training-promoted"));
        Assert.Single(await App.WithDbAsync(db => db.Outbox.Where(m => m.To == people[3].Email && m.Subject.Contains("Une place vous est attribuée")).ToListAsync()));

        // The first cancels too: people[4] is next.
        Clock.Advance(TimeSpan.FromHours(1));
        await people[0].CancelPlaceAsync(sessionId);
        Assert.Equal("Enrolled", (await people[4].Client.GetJsonAsync($"/api/v1/training/sessions/{sessionId}/enrolments/me")).GetProperty("status").GetString());
        Assert.Single(await App.NotificationsAsync(people[4].UserId, "training-promoted"));
        await people[0].CancelPlaceAsync(sessionId, HttpStatusCode.NotFound);

        // The list: the enrolled by arrival, then the cancellations; a place given up and taken again goes to the end of the queue.
        var list = (await staff.Client.GetJsonAsync($"/api/v1/training/sessions/{sessionId}/enrolments")).EnumerateArray().ToList();
        Assert.Equal([people[2].UserId, people[3].UserId, people[4].UserId, people[0].UserId, people[1].UserId], list.Select(e => e.GetProperty("userId").GetString()));
        Assert.Equal(["Enrolled", "Enrolled", "Enrolled", "Cancelled", "Cancelled"], Statuses(list));
        var back = await people[1].EnrolAsync(sessionId);
        Assert.Equal(("Waitlisted", 1), (back.GetProperty("status").GetString(), back.GetProperty("waitlistPosition").GetInt32()));
    }

    [Fact]
    public async Task Two_people_racing_for_the_last_place_get_one_place_and_one_waitlist_spot()
    {
        Clock.Set(Utc("2026-10-01T08:00:00Z"));
        var (staff, moduleId, _) = await ModuleAsync("Mass spectrometry");
        for (var round = 0; round < 4; round++)
        {
            var sessionId = await staff.Client.AddSessionAsync(moduleId, $"2026-10-2{round}T09:00", $"2026-10-2{round}T12:00", capacity: 2);
            var first = await App.PersonAsync(Roles.Member);
            await first.EnrolAsync(sessionId);
            var racers = await PeopleAsync(2);
            var answers = await Task.WhenAll(racers.Select(r => r.EnrolAsync(sessionId)));
            Assert.Equal(["Enrolled", "Waitlisted"], Statuses(answers).Order());
            Assert.Equal(2, await App.WithDbAsync(db => db.Enrolments.CountAsync(e => e.SessionId == sessionId && e.Status == EnrolmentStatus.Enrolled)));
        }

        // A crowd for three places: exactly three get one, the others queue in distinct positions.
        var crowdSession = await staff.Client.AddSessionAsync(moduleId, "2026-10-28T09:00", "2026-10-28T12:00", capacity: 3);
        var crowd = await PeopleAsync(12);
        var results = await Task.WhenAll(crowd.Select(p => p.EnrolAsync(crowdSession)));
        Assert.Equal(3, results.Count(r => r.GetProperty("status").GetString() == "Enrolled"));
        var positions = results.Where(r => r.GetProperty("status").GetString() == "Waitlisted").Select(r => r.GetProperty("waitlistPosition").GetInt32()).Order();
        Assert.Equal(Enumerable.Range(1, 9), positions);
        var stored = await App.WithDbAsync(db => db.Enrolments.Where(e => e.SessionId == crowdSession).GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(3, stored.Single(s => s.Key == EnrolmentStatus.Enrolled).Count);
        Assert.Equal(9, stored.Single(s => s.Key == EnrolmentStatus.Waitlisted).Count);
    }

    [Fact]
    public async Task Attendance_and_cancelling_take_the_session_version()
    {
        Clock.Set(Utc("2026-11-01T08:00:00Z"));
        var (staff, moduleId, _) = await ModuleAsync("Versioned safety");
        var trainer = await App.PersonAsync(Roles.Trainer);
        var sessionId = await staff.Client.AddSessionAsync(moduleId, "2026-11-20T09:00", "2026-11-20T12:00", trainerUserId: trainer.UserId);
        var cancelled = await staff.Client.AddSessionAsync(moduleId, "2026-11-21T09:00", "2026-11-21T12:00");
        var member = await App.PersonAsync(Roles.Member);
        await member.EnrolAsync(sessionId);

        await member.Client.PostJsonAsync($"/api/v1/training/sessions/{cancelled}/cancel", null, HttpStatusCode.Forbidden);
        await staff.Client.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/training/sessions/{cancelled}/cancel", null);
        Clock.Set(Utc("2026-11-20T10:00:00Z"));
        // A malformed sheet is told what is wrong before the version is asked for.
        await trainer.Client.PutJsonAsync($"/api/v1/training/sessions/{sessionId}/attendance", new object[] { new { userId = "nobody", attended = true } }, HttpStatusCode.BadRequest);
        var sheet = await trainer.Client.AssertVersionRequiredAsync(HttpMethod.Put, $"/api/v1/training/sessions/{sessionId}/attendance", new object[] { new { userId = member.UserId, attended = true } });
        Assert.True(Assert.Single(sheet.EnumerateArray()).GetProperty("attended").GetBoolean());
    }

    [Fact]
    public async Task Attendance_issues_a_certificate_valid_for_the_module_months_and_absent_again_revokes_it()
    {
        Clock.Set(Utc("2026-11-01T08:00:00Z"));
        var platformId = await App.AddPlatformAsync("Imaging centre");
        var (staff, moduleId, _) = await ModuleAsync("MRI safety", 12, platformId);
        var scanner = await App.AddEquipmentAsync(platformId, "MRI 3T", moduleId);
        await App.AddEquipmentAsync(platformId, "Old MRI 1.5T", moduleId, EquipmentStatus.Decommissioned);
        var trainer = await App.PersonAsync(Roles.Trainer);
        var sessionId = await staff.Client.AddSessionAsync(moduleId, "2026-11-30T09:00", "2026-11-30T12:00", trainerUserId: trainer.UserId);
        var member = await App.PersonAsync(Roles.Member);
        await member.EnrolAsync(sessionId);
        object[] present = [new { userId = member.UserId, attended = true }];

        var early = await trainer.AttendanceAsync(sessionId, present, HttpStatusCode.Conflict);
        Assert.Equal("Session pas encore commencée", early.GetProperty("title").GetString());
        Assert.Equal("training.attendance.not-started", PlatformsKit.Code(early));

        Clock.Set(Utc("2026-11-30T11:00:00Z"));
        await (await App.PersonAsync(Roles.Member)).EnrolAsync(sessionId, HttpStatusCode.Conflict);
        var sheet = await trainer.AttendanceAsync(sessionId, present);
        var line = Assert.Single(sheet.EnumerateArray());
        Assert.True(line.GetProperty("attended").GetBoolean());
        var certificateId = line.GetProperty("certificateId").GetInt64();

        var mine = Assert.Single((await member.Client.GetJsonAsync("/api/v1/certificates")).EnumerateArray());
        Assert.Equal(certificateId, mine.GetProperty("id").GetInt64());
        Assert.Equal("2026-11-30", mine.GetProperty("issuedOn").GetString());
        Assert.Equal("2027-11-29", mine.GetProperty("expiresOn").GetString());
        Assert.Equal("Valid", mine.GetProperty("state").GetString());
        Assert.Equal(sessionId, mine.GetProperty("sessionId").GetInt32());
        var unlocked = Assert.Single(mine.GetProperty("equipment").EnumerateArray());
        Assert.Equal((scanner, "MRI 3T"), (unlocked.GetProperty("id").GetInt32(), unlocked.GetProperty("name").GetString()));
        Assert.Equal("/training/certificates", Assert.Single(await App.NotificationsAsync(member.UserId, "training-certificate")).Link);

        Task<bool> ValidOn(string day) => App.WithDbAsync(db => db.HasValidCertificateAsync(member.UserId, moduleId, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(await ValidOn("2026-11-29"));
        Assert.True(await ValidOn("2026-11-30"));
        Assert.True(await ValidOn("2027-11-29"));
        Assert.False(await ValidOn("2027-11-30"));

        // Saving the same sheet again issues nothing new.
        await trainer.AttendanceAsync(sessionId, present);
        Assert.Equal(1, await App.WithDbAsync(db => db.Certificates.CountAsync(c => c.UserId == member.UserId)));
        Assert.Single(await App.NotificationsAsync(member.UserId, "training-certificate"));

        // Corrected to absent: the certificate is revoked, and booking would be refused.
        Clock.Set(Utc("2026-12-01T09:00:00Z"));
        var absent = Assert.Single((await trainer.AttendanceAsync(sessionId, new object[] { new { userId = member.UserId, attended = false } })).EnumerateArray());
        Assert.False(absent.GetProperty("attended").GetBoolean());
        Assert.Equal(JsonValueKind.Null, absent.GetProperty("certificateId").ValueKind);
        Assert.False(await ValidOn("2027-01-01"));
        var revoked = await member.Client.GetJsonAsync($"/api/v1/certificates/{certificateId}");
        Assert.Equal("Revoked", revoked.GetProperty("state").GetString());
        Assert.Equal(Utc("2026-12-01T09:00:00Z"), revoked.GetProperty("revokedAt").GetDateTimeOffset());

        // Present after all: the same certificate comes back.
        var again = Assert.Single((await trainer.AttendanceAsync(sessionId, present)).EnumerateArray());
        Assert.Equal(certificateId, again.GetProperty("certificateId").GetInt64());
        Assert.True(await ValidOn("2027-01-01"));

        // Who sees it: the holder, staff, the platform's managers; anyone else gets 404; only staff list another user's.
        var stranger = await App.PersonAsync(Roles.Member);
        await stranger.Client.GetJsonAsync($"/api/v1/certificates/{certificateId}", HttpStatusCode.NotFound);
        await stranger.Client.GetJsonAsync($"/api/v1/certificates?user={member.UserId}", HttpStatusCode.Forbidden);
        await staff.Client.GetJsonAsync($"/api/v1/certificates/{certificateId}");
        Assert.Single((await staff.Client.GetJsonAsync($"/api/v1/certificates?user={member.UserId}")).EnumerateArray());
        var manager = await App.PersonAsync(Roles.PlatformManager);
        await App.AddManagerAsync(platformId, manager.UserId);
        await manager.Client.GetJsonAsync($"/api/v1/certificates/{certificateId}");
        await App.Client.GetJsonAsync("/api/v1/certificates", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Holders_are_reminded_once_within_thirty_days_of_expiry_and_not_earlier()
    {
        Clock.Set(Utc("2026-11-01T08:00:00Z"));
        var (staff, moduleId, slug) = await ModuleAsync("Flow cytometry", 12);
        var trainer = await App.PersonAsync(Roles.Trainer);
        var sessionId = await staff.Client.AddSessionAsync(moduleId, "2026-11-30T09:00", "2026-11-30T12:00", trainerUserId: trainer.UserId);
        var (holder, revoked, renewed) = (await App.PersonAsync(Roles.Member), await App.PersonAsync(Roles.Member), await App.PersonAsync(Roles.Member));
        foreach (var person in new[] { holder, revoked, renewed }) await person.EnrolAsync(sessionId);
        Clock.Set(Utc("2026-11-30T12:00:00Z"));
        await trainer.AttendanceAsync(sessionId, new object[] { new { userId = holder.UserId, attended = true }, new { userId = revoked.UserId, attended = true }, new { userId = renewed.UserId, attended = true } });
        await trainer.AttendanceAsync(sessionId, new object[] { new { userId = revoked.UserId, attended = false } });
        // A refresher ten months later: the first certificate's expiry needs no reminder.
        Clock.Set(Utc("2027-09-01T08:00:00Z"));
        var refresher = await staff.Client.AddSessionAsync(moduleId, "2027-10-04T09:00", "2027-10-04T12:00", trainerUserId: trainer.UserId);
        await renewed.EnrolAsync(refresher);
        Clock.Set(Utc("2027-10-04T12:00:00Z"));
        await trainer.AttendanceAsync(refresher, new object[] { new { userId = renewed.UserId, attended = true } });

        // 31 days before the last valid day (29 November 2027): too early.
        await App.SendRemindersAsync(Utc("2027-10-29T10:00:00Z"));
        Assert.Empty(await App.NotificationsAsync(holder.UserId, "certificate-expiring"));

        // 30 days before: sent, in both languages, with the module's page.
        var now = Utc("2027-10-30T07:00:00Z");
        await App.SendRemindersAsync(now);
        var reminder = Assert.Single(await App.NotificationsAsync(holder.UserId, "certificate-expiring"));
        Assert.Equal($"/training/{slug}", reminder.Link);
        Assert.Contains("Flow cytometry", reminder.SubjectEn);
        Assert.Contains("29 November 2027", reminder.SubjectEn);
        Assert.Contains("29 novembre 2027", reminder.SubjectFr);
        var mail = Assert.Single(await App.WithDbAsync(db => db.Outbox.Where(m => m.To == holder.Email && m.Subject.Contains("expire")).ToListAsync()));
        Assert.Contains("29 novembre 2027", mail.Body);
        Assert.Contains("29 November 2027", mail.Body);
        Assert.Contains($"/training/{slug}", mail.Body);
        Assert.Equal(now, await App.WithDbAsync(db => db.Certificates.Where(c => c.UserId == holder.UserId).Select(c => c.ReminderSentAt).SingleAsync()));

        // Once only; never for a revoked certificate or one already renewed.
        await App.SendRemindersAsync(Utc("2027-11-15T10:00:00Z"));
        await App.SendRemindersAsync(Utc("2027-11-29T10:00:00Z"));
        Assert.Single(await App.NotificationsAsync(holder.UserId, "certificate-expiring"));
        Assert.Empty(await App.NotificationsAsync(revoked.UserId, "certificate-expiring"));
        Assert.Empty(await App.NotificationsAsync(renewed.UserId, "certificate-expiring"));
        Clock.Set(Utc("2027-11-15T10:00:00Z"));
        Assert.Equal("ExpiringSoon", Assert.Single((await holder.Client.GetJsonAsync("/api/v1/certificates")).EnumerateArray()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Only_the_right_people_run_modules_sessions_enrolments_and_attendance()
    {
        Clock.Set(Utc("2026-10-01T08:00:00Z"));
        var platform = await App.AddPlatformAsync("Analysis centre");
        var otherPlatform = await App.AddPlatformAsync("Other centre");
        var manager = await App.PersonAsync(Roles.PlatformManager);
        await App.AddManagerAsync(platform, manager.UserId);
        var member = await App.PersonAsync(Roles.Member);
        var staff = await App.PersonAsync(Roles.ClusterStaff);

        await member.Client.AddModuleAsync("Not mine", platformId: platform, expected: HttpStatusCode.Forbidden);
        await manager.Client.AddModuleAsync("Elsewhere", platformId: otherPlatform, expected: HttpStatusCode.Forbidden);
        await manager.Client.AddModuleAsync("No platform", platformId: null, expected: HttpStatusCode.Forbidden);
        var staffModule = (await staff.Client.AddModuleAsync("Cluster module", platformId: null)).GetProperty("id").GetInt32();
        var moduleId = (await manager.Client.AddModuleAsync("ELISA", platformId: platform)).GetProperty("id").GetInt32();
        await manager.Client.PostJsonAsync($"/api/v1/training/modules/{staffModule}/sessions", SessionBody("2026-10-20T09:00", "2026-10-20T12:00"), HttpStatusCode.Forbidden);

        var trainerA = await App.PersonAsync(Roles.Trainer);
        var trainerB = await App.PersonAsync(Roles.Trainer);
        var sessionA = await manager.Client.AddSessionAsync(moduleId, "2026-10-20T09:00", "2026-10-20T12:00", trainerUserId: trainerA.UserId);
        var sessionB = await manager.Client.AddSessionAsync(moduleId, "2026-10-21T09:00", "2026-10-21T12:00", trainerUserId: trainerB.UserId);
        await member.Client.PutJsonAsync($"/api/v1/training/sessions/{sessionA}", SessionBody("2026-10-20T09:00", "2026-10-20T12:00"), HttpStatusCode.Forbidden);

        await App.Client.PostJsonAsync($"/api/v1/training/sessions/{sessionA}/enrolments", null, HttpStatusCode.Unauthorized);
        await member.EnrolAsync(sessionA);
        await member.EnrolAsync(sessionB);
        Clock.Set(Utc("2026-10-21T10:00:00Z"));
        object[] present = [new { userId = member.UserId, attended = true }];
        await member.AttendanceAsync(sessionA, present, HttpStatusCode.Forbidden);
        await member.Client.GetJsonAsync($"/api/v1/training/sessions/{sessionA}/enrolments", HttpStatusCode.Forbidden);
        await trainerA.AttendanceAsync(sessionB, present, HttpStatusCode.Forbidden);
        await trainerA.Client.GetJsonAsync($"/api/v1/training/sessions/{sessionB}/enrolments", HttpStatusCode.Forbidden);
        Assert.Single((await trainerA.Client.GetJsonAsync($"/api/v1/training/sessions/{sessionA}/enrolments")).EnumerateArray());
        await trainerA.AttendanceAsync(sessionA, present);
        await manager.AttendanceAsync(sessionB, present);
        await App.Client.PutCurrentAsync($"/api/v1/training/sessions/{sessionA}/attendance", present, HttpStatusCode.Unauthorized);

        // Only enrolled people are on the sheet.
        var problem = await trainerA.AttendanceAsync(sessionA, new object[] { new { userId = trainerB.UserId, attended = true } }, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("[0].userId", out _));
    }

    [Fact]
    public async Task Sessions_are_validated_in_Brussels_time_and_capacity_never_drops_below_the_enrolled()
    {
        Clock.Set(Utc("2026-10-01T08:00:00Z"));
        var (staff, moduleId, _) = await ModuleAsync("PET-CT", 24);
        var url = $"/api/v1/training/modules/{moduleId}/sessions";
        var member = await App.PersonAsync(Roles.Member);
        var trainer = await App.PersonAsync(Roles.Trainer);

        async Task FieldErrorAsync(object body, string field)
        {
            var problem = await staff.Client.PostJsonAsync(url, body, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
        }
        await FieldErrorAsync(SessionBody("2026-10-20T09:00", "2026-10-20T12:00", capacity: 0), "capacity");
        await FieldErrorAsync(SessionBody("2026-10-20T09:00", "2026-10-20T12:00", language: "de"), "language");
        await FieldErrorAsync(SessionBody("2026-03-29T02:30", "2026-03-29T05:00"), "startsAt");
        await FieldErrorAsync(SessionBody("2026-10-20T12:00", "2026-10-20T09:00"), "endsAt");
        await FieldErrorAsync(SessionBody("2026-10-20T09:00", "2026-10-20T12:00", trainerUserId: member.UserId), "trainerUserId");
        await FieldErrorAsync(new { startsAt = "2026-10-20T09:00", endsAt = "2026-10-20T12:00", place = "Room", capacity = 4, language = "en", trainerEmail = "nobody@test.biotope.be" }, "trainerEmail");

        // Summer time before 25 October, winter time after: 09:00 in Brussels is 07:00 then 08:00 UTC.
        var summer = await staff.Client.PostJsonAsync(url, new { startsAt = "2026-10-20T09:00", endsAt = "2026-10-20T12:00", place = "Room", capacity = 2, language = "en", trainerEmail = trainer.Email }, HttpStatusCode.Created);
        Assert.Equal(Utc("2026-10-20T07:00:00Z"), summer.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal((trainer.UserId, "en"), (summer.GetProperty("trainerUserId").GetString(), summer.GetProperty("language").GetString()));
        var winter = await staff.Client.PostJsonAsync(url, SessionBody("2026-11-30T09:00", "2026-11-30T12:00"), HttpStatusCode.Created);
        Assert.Equal(Utc("2026-11-30T08:00:00Z"), winter.GetProperty("startsAt").GetDateTimeOffset());

        var sessionId = summer.GetProperty("id").GetInt32();
        var people = await PeopleAsync(3);
        foreach (var person in people) await person.EnrolAsync(sessionId);
        var version = (await App.Client.GetJsonAsync($"/api/v1/training/sessions/{sessionId}")).GetProperty("version").GetInt32();

        object Edit(int capacity, int? v) => new { startsAt = "2026-10-20T09:00", endsAt = "2026-10-20T12:30", place = "Room 2", capacity, language = "en", trainerUserId = trainer.UserId, version = v };
        var refused = await staff.Client.PutJsonAsync($"/api/v1/training/sessions/{sessionId}", Edit(1, version), HttpStatusCode.Conflict);
        Assert.Equal(2, refused.GetProperty("enrolled").GetInt32());
        await staff.Client.PutJsonAsync($"/api/v1/training/sessions/{sessionId}", Edit(3, null), (HttpStatusCode)428);
        await staff.Client.PutJsonAsync($"/api/v1/training/sessions/{sessionId}", Edit(3, version - 1), HttpStatusCode.Conflict);

        // One more place: the waitlisted person gets it and is told.
        var edited = await staff.Client.PutJsonAsync($"/api/v1/training/sessions/{sessionId}", Edit(3, version));
        Assert.Equal((3, 0, 0, "Room 2", version + 1), (edited.GetProperty("enrolled").GetInt32(), edited.GetProperty("placesLeft").GetInt32(), edited.GetProperty("waitlisted").GetInt32(),
            edited.GetProperty("place").GetString(), edited.GetProperty("version").GetInt32()));
        Assert.Single(await App.NotificationsAsync(people[2].UserId, "training-promoted"));

        // A stale If-Match on the module is a 412.
        var module = await App.Client.GetJsonAsync($"/api/v1/training/modules/{moduleId}");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/training/modules/{moduleId}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { titleEn = "PET-CT imaging", titleFr = "Imagerie TEP-CT", validityMonths = 24 }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{module.GetProperty("version").GetInt32() + 5}\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await staff.Client.SendAsync(request, Ct)).StatusCode);
        var renamed = await staff.Client.PutJsonAsync($"/api/v1/training/modules/{moduleId}", new { titleEn = "PET-CT imaging", titleFr = "Imagerie TEP-CT", validityMonths = 24, version = module.GetProperty("version").GetInt32() });
        Assert.Equal("PET-CT imaging", renamed.GetProperty("titleEn").GetString());
        await staff.Client.PostJsonAsync("/api/v1/training/modules", new { slug = "certificates", titleEn = "x", titleFr = "x" }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_catalogue_lists_what_a_module_unlocks_and_its_sessions_to_come_and_a_cancelled_session_tells_everyone()
    {
        Clock.Set(Utc("2026-10-01T08:00:00Z"));
        var platformId = await App.AddPlatformAsync("Cytometry platform");
        var (staff, moduleId, _) = await ModuleAsync("Cell sorting", 24, platformId);
        var sorter = await App.AddEquipmentAsync(platformId, "Cell sorter", moduleId);
        await App.AddEquipmentAsync(platformId, "Retired sorter", moduleId, EquipmentStatus.Decommissioned);
        var past = await staff.Client.AddSessionAsync(moduleId, "2026-09-10T09:00", "2026-09-10T12:00");
        var soon = await staff.Client.AddSessionAsync(moduleId, "2026-10-12T09:00", "2026-10-12T12:00", capacity: 1, language: "en");
        var later = await staff.Client.AddSessionAsync(moduleId, "2026-11-12T09:00", "2026-11-12T12:00", capacity: 4);
        var (enrolled, waiting) = (await App.PersonAsync(Roles.Member), await App.PersonAsync(Roles.Member));
        await enrolled.EnrolAsync(soon);
        await waiting.EnrolAsync(soon);

        var catalogue = (await App.Client.GetJsonAsync("/api/v1/training/modules")).EnumerateArray().Single(m => m.GetProperty("id").GetInt32() == moduleId);
        Assert.Equal(24, catalogue.GetProperty("validityMonths").GetInt32());
        Assert.Equal(platformId, catalogue.GetProperty("platform").GetProperty("id").GetInt32());
        var unlocked = Assert.Single(catalogue.GetProperty("equipment").EnumerateArray());
        Assert.Equal((sorter, "Cell sorter"), (unlocked.GetProperty("id").GetInt32(), unlocked.GetProperty("name").GetString()));
        var sessions = catalogue.GetProperty("sessions").EnumerateArray().ToList();
        Assert.Equal([soon, later], sessions.Select(s => s.GetProperty("id").GetInt32()));
        Assert.DoesNotContain(past, sessions.Select(s => s.GetProperty("id").GetInt32()));
        Assert.Equal((1, 0, 1), (sessions[0].GetProperty("enrolled").GetInt32(), sessions[0].GetProperty("placesLeft").GetInt32(), sessions[0].GetProperty("waitlisted").GetInt32()));
        Assert.Equal((0, 4, 0), (sessions[1].GetProperty("enrolled").GetInt32(), sessions[1].GetProperty("placesLeft").GetInt32(), sessions[1].GetProperty("waitlisted").GetInt32()));

        var member = await App.PersonAsync(Roles.Member);
        await member.Client.PostCurrentAsync($"/api/v1/training/sessions/{soon}/cancel", null, HttpStatusCode.Forbidden);
        var cancelled = await staff.Client.PostCurrentAsync($"/api/v1/training/sessions/{soon}/cancel", null);
        Assert.Equal(Clock.GetUtcNow(), cancelled.GetProperty("cancelledAt").GetDateTimeOffset());
        await staff.Client.PostCurrentAsync($"/api/v1/training/sessions/{soon}/cancel", null, HttpStatusCode.Conflict);
        await member.EnrolAsync(soon, HttpStatusCode.Conflict);
        foreach (var person in new[] { enrolled, waiting })
        {
            var message = Assert.Single(await App.NotificationsAsync(person.UserId, "training-cancelled"));
            Assert.Contains("12 October 2026, 09:00", message.BodyEn);
        }
        var afterCatalogue = (await App.Client.GetJsonAsync("/api/v1/training/modules")).EnumerateArray().Single(m => m.GetProperty("id").GetInt32() == moduleId);
        Assert.Equal([later], afterCatalogue.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetInt32()));
        var details = await App.Client.GetJsonAsync($"/api/v1/training/modules/{moduleId}");
        Assert.Equal(JsonValueKind.String, details.GetProperty("sessions").EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == soon).GetProperty("cancelledAt").ValueKind);
        await App.Client.GetJsonAsync("/api/v1/training/modules/999999", HttpStatusCode.NotFound);

        // Every training endpoint is in the OpenAPI document, under its tag.
        var document = await App.Client.GetJsonAsync("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("tags", out var tags) && tags.EnumerateArray().Any(t => t.GetString() == "Training"))
                .Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "GET /api/v1/training/modules", "POST /api/v1/training/modules", "PUT /api/v1/training/modules/{id}", "POST /api/v1/training/modules/{id}/sessions",
            "PUT /api/v1/training/sessions/{id}", "POST /api/v1/training/sessions/{id}/cancel", "POST /api/v1/training/sessions/{id}/enrolments",
            "DELETE /api/v1/training/sessions/{id}/enrolments/me", "GET /api/v1/training/sessions/{id}/enrolments", "PUT /api/v1/training/sessions/{id}/attendance",
            "GET /api/v1/certificates", "GET /api/v1/certificates/{id}",
        }, operations);
    }
}

public sealed class SqliteTrainingApiTests(TrainingSqliteFixture fixture) : TrainingApiContract, IClassFixture<TrainingSqliteFixture>
{
    protected override TestApp App => fixture.App;
    protected override FakeClock Clock => fixture.Clock;
}

public sealed class PostgresTrainingApiTests(TrainingPostgresFixture fixture) : TrainingApiContract, IClassFixture<TrainingPostgresFixture>
{
    protected override TestApp App => fixture.Require();
    protected override FakeClock Clock => fixture.Clock;
}
