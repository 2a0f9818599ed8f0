using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Biotope.Tests.Features.Platforms.Bookings.BookingKit;
using static Biotope.Tests.Features.Platforms.PlatformsKit;

namespace Biotope.Tests.Features.Platforms.Bookings;

/// <summary>
/// The booking engine through its API, identically on SQLite and PostgreSQL: daylight-saving times, the rules in order,
/// approval, cancellation terms, check-in and no-shows, buffers, rate periods, rights, and a race for one slot.
/// Each test makes its own instrument and people, and sets the shared clock first.
/// </summary>
public abstract class BookingsApiContract
{
    protected abstract TestApp App { get; }

    protected abstract FakeClock Clock { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<JsonElement> BookAsync(Booker booker, Instrument instrument, string start, string end, HttpStatusCode expected = HttpStatusCode.Created) =>
        booker.Client.PostJsonAsync("/api/v1/bookings", Body(instrument, start, end), expected);

    private static Task<JsonElement> QuoteAsync(Booker booker, Instrument instrument, string start, string end, HttpStatusCode expected = HttpStatusCode.OK) =>
        booker.Client.PostJsonAsync("/api/v1/bookings/quote", Body(instrument, start, end), expected);

    private static long Id(JsonElement booking) => booking.GetProperty("id").GetInt64();

    private static string[] Errors(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var messages) ? [.. messages.EnumerateArray().Select(m => m.GetString()!)] : [];

    // ---------------------------------------------------------------------------------------------
    // Daylight saving
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_booking_across_the_autumn_change_lasts_and_costs_its_real_three_hours_and_round_trips_as_utc()
    {
        Clock.Set(Utc("2026-10-20T08:00:00Z"));
        var instrument = await App.InstrumentAsync();
        var member = await App.MemberAsync();

        var quote = await QuoteAsync(member, instrument, "2026-10-25T01:30", "2026-10-25T03:30");
        Assert.Equal(180, quote.GetProperty("durationMinutes").GetInt32());
        Assert.Equal(180.00m, quote.GetProperty("price").GetDecimal());
        Assert.Equal("Academic", quote.GetProperty("category").GetString());
        Assert.Equal(60m, quote.GetProperty("hourlyRate").GetDecimal());

        // 02:30 happens twice that night: a wall-clock time means the first (summer) one; an offset picks the second.
        var ambiguous = await QuoteAsync(member, instrument, "2026-10-25T02:30", "2026-10-25T03:00");
        Assert.Equal(Utc("2026-10-25T00:30:00Z"), ambiguous.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(90, ambiguous.GetProperty("durationMinutes").GetInt32());
        var second = await QuoteAsync(member, instrument, "2026-10-25T02:30+01:00", "2026-10-25T03:00");
        Assert.Equal(Utc("2026-10-25T01:30:00Z"), second.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(30, second.GetProperty("durationMinutes").GetInt32());
        Assert.Equal("2026-10-25T02:30+01:00", second.GetProperty("startsAtLocal").GetString());

        using var response = await member.Client.PostAsJsonAsync("/api/v1/bookings", Body(instrument, "2026-10-25T01:30", "2026-10-25T03:30"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal($"/api/v1/bookings/{Id(created)}", response.Headers.Location?.ToString());

        var read = await member.Client.GetJsonAsync($"/api/v1/bookings/{Id(created)}");
        foreach (var booking in new[] { created, read })
        {
            // 01:30 CEST is 23:30Z the day before; 03:30 CET, after the clocks went back, is 02:30Z.
            Assert.Equal(Utc("2026-10-24T23:30:00Z"), booking.GetProperty("startsAt").GetDateTimeOffset());
            Assert.Equal(Utc("2026-10-25T02:30:00Z"), booking.GetProperty("endsAt").GetDateTimeOffset());
            Assert.Equal("2026-10-25T01:30+02:00", booking.GetProperty("startsAtLocal").GetString());
            Assert.Equal("2026-10-25T03:30+01:00", booking.GetProperty("endsAtLocal").GetString());
            Assert.Equal(180, booking.GetProperty("durationMinutes").GetInt32());
            Assert.Equal(quote.GetProperty("price").GetDecimal(), booking.GetProperty("price").GetDecimal());
            Assert.Equal("Confirmed", booking.GetProperty("status").GetString());
        }
        var stored = await App.WithDbAsync(db => db.Bookings.SingleAsync(b => b.Id == Id(created)));
        Assert.Equal(180.00m, stored.Price);
        Assert.Equal(TimeSpan.FromHours(3), stored.EndsAt - stored.StartsAt);
    }

    [Fact]
    public async Task A_time_in_the_spring_gap_is_refused_and_a_booking_across_it_lasts_and_costs_two_hours()
    {
        Clock.Set(Utc("2026-03-20T08:00:00Z"));
        var instrument = await App.InstrumentAsync();
        var member = await App.MemberAsync();

        var refused = await BookAsync(member, instrument, "2026-03-29T02:30", "2026-03-29T04:00", HttpStatusCode.BadRequest);
        Assert.Equal("time.does-not-exist", Assert.Single(ErrorCodes(refused, "startsAt")));
        Assert.Contains("2026-03-29 02:30 n'existe pas à Bruxelles", Assert.Single(Errors(refused, "startsAt")));
        var refusedEnd = await QuoteAsync(member, instrument, "2026-03-29T01:00", "2026-03-29T02:30", HttpStatusCode.BadRequest);
        Assert.Equal("time.does-not-exist", Assert.Single(ErrorCodes(refusedEnd, "endsAt")));

        var booking = await BookAsync(member, instrument, "2026-03-29T01:00", "2026-03-29T04:00");
        Assert.Equal(Utc("2026-03-29T00:00:00Z"), booking.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(Utc("2026-03-29T02:00:00Z"), booking.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal(120, booking.GetProperty("durationMinutes").GetInt32());
        Assert.Equal(120.00m, booking.GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task The_autumn_week_has_a_25_hour_Sunday_and_the_spring_week_a_23_hour_one()
    {
        Clock.Set(Utc("2026-03-01T08:00:00Z"));
        var instrument = await App.InstrumentAsync();
        var member = await App.MemberAsync();
        await BookAsync(member, instrument, "2026-10-25T01:30", "2026-10-25T03:30");

        var autumn = await App.Client.GetJsonAsync($"/api/v1/equipment/{instrument.EquipmentId}/availability?week=2026-W43");
        Assert.Equal("2026-W43", autumn.GetProperty("week").GetString());
        var days = autumn.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(7, days.Count);
        Assert.Equal("2026-10-19", days[0].GetProperty("date").GetString());
        Assert.All(days.Take(6), d => Assert.Equal(24 * 60, d.GetProperty("minutes").GetInt32()));
        var sunday = days[6];
        Assert.Equal("2026-10-25", sunday.GetProperty("date").GetString());
        Assert.Equal(25 * 60, sunday.GetProperty("minutes").GetInt32());
        var open = Assert.Single(sunday.GetProperty("open").EnumerateArray());
        Assert.Equal(Utc("2026-10-24T22:00:00Z"), open.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(Utc("2026-10-25T23:00:00Z"), open.GetProperty("endsAt").GetDateTimeOffset());
        var busy = Assert.Single(sunday.GetProperty("busy").EnumerateArray());
        Assert.Equal(Utc("2026-10-24T23:30:00Z"), busy.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(Utc("2026-10-25T02:30:00Z"), busy.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal("booking", busy.GetProperty("kind").GetString());
        var free = sunday.GetProperty("free").EnumerateArray().Select(f => (f.GetProperty("startsAtLocal").GetString(), f.GetProperty("endsAtLocal").GetString())).ToList();
        Assert.Equal([("2026-10-25T00:00+02:00", "2026-10-25T01:30+02:00"), ("2026-10-25T03:30+01:00", "2026-10-26T00:00+01:00")], free);

        // The same window asked as from/days; and the spring week's Sunday has 23 hours.
        var byDays = await App.Client.GetJsonAsync($"/api/v1/equipment/{instrument.EquipmentId}/availability?from=2026-10-19&days=7");
        Assert.Equal(25 * 60, byDays.GetProperty("days")[6].GetProperty("minutes").GetInt32());
        var spring = await App.Client.GetJsonAsync($"/api/v1/equipment/{instrument.EquipmentId}/availability?week=2026-W13");
        Assert.Equal(23 * 60, spring.GetProperty("days")[6].GetProperty("minutes").GetInt32());
        var springOpen = Assert.Single(spring.GetProperty("days")[6].GetProperty("open").EnumerateArray());
        Assert.Equal(TimeSpan.FromHours(23), springOpen.GetProperty("endsAt").GetDateTimeOffset() - springOpen.GetProperty("startsAt").GetDateTimeOffset());
    }

    // ---------------------------------------------------------------------------------------------
    // One slot, many clients
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Sixteen_clients_racing_for_one_slot_make_one_booking_and_fifteen_conflicts_naming_it()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync(r => r.BufferMinutes = 15);
        var members = new List<Booker>();
        for (var i = 0; i < 16; i++) members.Add(await App.MemberAsync());

        var start = new TaskCompletionSource();
        var attempts = members.Select(async (member, i) =>
        {
            await start.Task;
            // Not all the same times: every attempt overlaps every other one.
            var body = Body(instrument, i % 2 == 0 ? "2026-11-10T09:00" : "2026-11-10T09:30", i % 2 == 0 ? "2026-11-10T10:00" : "2026-11-10T10:30");
            using var response = await member.Client.PostAsJsonAsync("/api/v1/bookings", body, Ct);
            return (response.StatusCode, Body: await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        var losers = results.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
        Assert.Equal(15, losers.Count);
        Assert.All(losers, l =>
        {
            Assert.Equal(HttpStatusCode.Conflict, l.StatusCode);
            Assert.Equal(Id(winner.Body), l.Body.GetProperty("conflictingBookingId").GetInt64());
            Assert.Equal(winner.Body.GetProperty("startsAt").GetDateTimeOffset(), l.Body.GetProperty("conflictingStartsAt").GetDateTimeOffset());
        });

        var overlapping = await App.WithDbAsync(db =>
        {
            var active = db.Bookings.Where(b => b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed);
            return (from a in active
                    from b in active
                    where a.EquipmentId == b.EquipmentId && a.Id < b.Id && a.StartsAt < b.BlockedUntil && b.StartsAt < a.BlockedUntil
                    select a.Id).CountAsync();
        });
        Assert.Equal(0, overlapping);
        Assert.Equal(1, await App.WithDbAsync(db => db.Bookings.CountAsync(b => b.EquipmentId == instrument.EquipmentId)));

        // Whatever the application does, the database itself refuses an overlapping row.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            """
            INSERT INTO bookings (equipment_id, user_id, organization_id, starts_at, ends_at, blocked_until, status, purpose, category, hourly_rate, price,
                cancellation_charge, version, created_at, updated_at)
            SELECT equipment_id, user_id, organization_id, starts_at, ends_at, blocked_until, 'Pending', 'inserted by hand', category, hourly_rate, price,
                cancellation_charge, 1, created_at, updated_at
            FROM bookings WHERE id = {0}
            """, Id(winner.Body))));
        if (App.IsPostgres)
        {
            var postgres = Assert.IsType<Npgsql.PostgresException>(refused);
            Assert.Equal("23P01", postgres.SqlState);
            Assert.Equal("bookings_no_overlap", postgres.ConstraintName);
        }
        else
        {
            Assert.Contains("bookings_no_overlap", Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(refused).Message);
        }
    }

    [Fact]
    public async Task A_quote_is_written_in_the_readers_language_with_its_money_format()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync(rules => rules.LateCancellationPercent = 100,
            equipment => equipment.Rates.Single(r => r.Category == UserCategory.Academic).HourlyRate = 1250m);
        var member = await App.MemberAsync();
        var body = Body(instrument, "2026-11-10T09:00", "2026-11-10T10:00");

        var english = await member.Client.PostInAsync("en", "/api/v1/bookings/quote", body);
        Assert.Equal(1250m, english.GetProperty("price").GetDecimal());
        Assert.Equal("Tuesday 10 November 2026, 09:00 – 10:00", english.GetProperty("when").GetString());
        Assert.Equal("Free cancellation until 8 November 2026, 09:00; after that, 100% of the price (€1,250.00).", english.GetProperty("cancellationTerms").GetString());

        var french = await member.Client.PostInAsync("fr", "/api/v1/bookings/quote", body);
        Assert.Equal("mardi 10 novembre 2026 à 09:00 – 10:00", french.GetProperty("when").GetString());
        Assert.Equal("Annulation gratuite jusqu'au 8 novembre 2026 à 09:00 ; ensuite, 100 % du prix (1 250,00 €).", Plain(french.GetProperty("cancellationTerms").GetString()!));
        // French typography: a narrow no-break space before ";" and in the thousands, a no-break space before "€".
        Assert.Contains("09:00\u202F;", french.GetProperty("cancellationTerms").GetString());
    }

    // ---------------------------------------------------------------------------------------------
    // The rules, in order
    // ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("maintenance", "equipmentId", "booking.equipment.maintenance", "is in maintenance and cannot be booked")]
    [InlineData("decommissioned", "equipmentId", "booking.equipment.decommissioned", "is decommissioned and cannot be booked")]
    [InlineData("unknown equipment", "equipmentId", "booking.equipment.unknown", "There is no equipment")]
    [InlineData("not a time", "startsAt", "time.invalid", "'next tuesday' is not a date and time")]
    [InlineData("end before start", "endsAt", "booking.end-before-start", "The end must be after the start.")]
    [InlineData("too short", "endsAt", "booking.too-short", "lasts at least 1 h; this one lasts 30 min")]
    [InlineData("too long", "endsAt", "booking.too-long", "lasts at most 2 h; this one lasts 3 h")]
    [InlineData("off the grid", "startsAt", "booking.off-grid", "30-minute grid from midnight, Brussels time: 09:10 is not on it")]
    [InlineData("in the past", "startsAt", "booking.start.past", "The start is in the past.")]
    [InlineData("short notice", "startsAt", "booking.notice", "Book at least 48 hours ahead: the earliest start is now 4 November 2026, 09:00")]
    [InlineData("too far ahead", "startsAt", "booking.advance", "Bookings open 30 days ahead")]
    [InlineData("closed weekday", "startsAt", "booking.closed-day", "The instrument is closed on Saturday 14 November 2026.")]
    [InlineData("before opening", "startsAt", "booking.outside-hours", "07:00 is outside the opening hours of Tuesday 10 November 2026: 08:00–12:00, 13:00–18:00.")]
    [InlineData("past closing", "endsAt", "booking.past-closing", "The booking runs past closing time: on Tuesday 10 November 2026 the instrument closes at 12:00.")]
    [InlineData("across midnight", "endsAt", "booking.same-day", "A booking starts and ends on the same opening day: on Tuesday 10 November 2026 the instrument closes at 24:00.")]
    [InlineData("closure", "startsAt", "booking.closure.reason", "The instrument is closed Tuesday 10 November 2026, 08:00 – 12:00: Helium refill.")]
    [InlineData("no certificate", "certificate", "booking.certificate.required", "You need a valid certificate of 'MRI safety' to book this instrument.")]
    [InlineData("expired certificate", "certificate", "booking.certificate.required", "You need a valid certificate of 'MRI safety' to book this instrument.")]
    [InlineData("weekly limit", "startsAt", "booking.weekly-limit", "You already have 1 booking of this instrument in the week of Monday 9 November 2026: the limit is 1 a week.")]
    [InlineData("no rate", "rate", "booking.no-rate", "has no rate for the category 'Non-member company' on Tuesday 10 November 2026: ask the platform.")]
    public async Task Each_rule_is_refused_with_its_field_and_message(string rule, string field, string code, string message)
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z")); // Monday 2 November, 09:00 in Brussels
        var (start, end) = ("2026-11-10T09:00", "2026-11-10T10:00");
        var instrument = await App.InstrumentAsync(rules =>
        {
            switch (rule)
            {
                case "too short": rules.MinDurationMinutes = 60; break;
                case "too long": rules.MaxDurationMinutes = 120; break;
                case "short notice": rules.MinNoticeHours = 48; break;
                case "too far ahead": rules.MaxAdvanceDays = 30; break;
                case "weekly limit": rules.MaxBookingsPerUserPerWeek = 1; break;
                case "closed weekday" or "before opening" or "past closing":
                    rules.OpeningHours = [.. Enumerable.Range(1, 5).SelectMany(d => new[]
                    {
                        new OpeningHours { Day = (DayOfWeek)d, Opens = new TimeOnly(8, 0), Closes = new TimeOnly(12, 0) },
                        new OpeningHours { Day = (DayOfWeek)d, Opens = new TimeOnly(13, 0), Closes = new TimeOnly(18, 0) },
                    })];
                    break;
            }
        }, equipment =>
        {
            if (rule == "maintenance") equipment.Status = EquipmentStatus.Maintenance;
            if (rule == "decommissioned") equipment.Status = EquipmentStatus.Decommissioned;
            if (rule == "closure") equipment.Closures.Add(new Closure { StartsAt = Utc("2026-11-10T07:00:00Z"), EndsAt = Utc("2026-11-10T11:00:00Z"), Reason = "Helium refill" });
            if (rule == "no rate") equipment.Rates.RemoveAll(r => r.Category == UserCategory.NonMemberCompany);
        });
        var member = rule == "no rate" ? await App.MemberAsync(OrganizationType.Sme) : await App.MemberAsync();
        var body = (object)Body(instrument, start, end);
        switch (rule)
        {
            case "unknown equipment": body = new { equipmentId = instrument.EquipmentId + 100_000, startsAt = start, endsAt = end }; break;
            case "not a time": body = Body(instrument, "next tuesday", end); break;
            case "end before start": body = Body(instrument, "2026-11-10T10:00", "2026-11-10T09:00"); break;
            case "too short": body = Body(instrument, "2026-11-10T09:00", "2026-11-10T09:30"); break;
            case "too long": body = Body(instrument, "2026-11-10T09:00", "2026-11-10T12:00"); break;
            case "off the grid": body = Body(instrument, "2026-11-10T09:10", "2026-11-10T10:10"); break;
            case "in the past": body = Body(instrument, "2026-11-01T09:00", "2026-11-01T10:00"); break;
            case "short notice": body = Body(instrument, "2026-11-03T10:00", "2026-11-03T11:00"); break;
            case "too far ahead": body = Body(instrument, "2026-12-10T09:00", "2026-12-10T10:00"); break;
            case "closed weekday": body = Body(instrument, "2026-11-14T09:00", "2026-11-14T10:00"); break;
            case "before opening": body = Body(instrument, "2026-11-10T07:00", "2026-11-10T08:00"); break;
            case "past closing": body = Body(instrument, "2026-11-10T11:00", "2026-11-10T13:00"); break;
            case "across midnight": body = Body(instrument, "2026-11-10T23:00", "2026-11-11T01:00"); break;
            case "closure": body = Body(instrument, "2026-11-10T11:30", "2026-11-10T12:30"); break;
            case "no certificate":
                await App.RequireModuleAsync(instrument, "MRI safety", "Sécurité IRM");
                break;
            case "expired certificate":
                // Valid until the day before the booking: the day the booking starts is what counts.
                await App.CertifyAsync(member.UserId, await App.RequireModuleAsync(instrument, "MRI safety", "Sécurité IRM"), new DateOnly(2025, 11, 9), new DateOnly(2026, 11, 9));
                break;
            case "weekly limit":
                await BookAsync(member, instrument, "2026-11-09T09:00", "2026-11-09T10:00");
                break;
        }

        var quoted = await member.Client.PostInAsync("en", "/api/v1/bookings/quote", body, HttpStatusCode.BadRequest);
        var refused = await member.Client.PostInAsync("en", "/api/v1/bookings", body, HttpStatusCode.BadRequest);
        foreach (var problem in new[] { quoted, refused })
        {
            var messages = Errors(problem, field);
            Assert.True(messages.Length > 0, $"no error for '{field}' in {problem}");
            Assert.Contains(message, messages[0]);
            Assert.Equal(code, ErrorCodes(problem, field)[0]);
        }
        // Without Accept-Language the API answers in French, with the same code.
        var french = await member.Client.PostJsonAsync("/api/v1/bookings", body, HttpStatusCode.BadRequest);
        Assert.Equal(code, ErrorCodes(french, field)[0]);
        Assert.NotEqual(Errors(refused, field)[0], Errors(french, field)[0]);
        if (rule is "no certificate" or "expired certificate")
        {
            var module = refused.GetProperty("requiredModule");
            Assert.Equal("MRI safety", module.GetProperty("titleEn").GetString());
            Assert.Equal("Sécurité IRM", module.GetProperty("titleFr").GetString());
        }
        if (rule == "weekly limit") await BookAsync(member, instrument, "2026-11-16T09:00", "2026-11-16T10:00");
        Assert.Equal(rule == "weekly limit" ? 2 : 0, await App.WithDbAsync(db => db.Bookings.CountAsync(b => b.EquipmentId == instrument.EquipmentId)));
    }

    [Fact]
    public async Task Booking_needs_an_account_with_an_organization_and_a_valid_certificate_unlocks_it()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync();
        var noOrganization = await App.SignedInAsync(Roles.Expert, null);
        var refused = await noOrganization.Client.PostInAsync("en", "/api/v1/bookings", Body(instrument, "2026-11-10T09:00", "2026-11-10T10:00"), HttpStatusCode.Forbidden);
        Assert.Equal("booking.no-organization", Code(refused));
        Assert.Equal("Forbidden", refused.GetProperty("title").GetString());
        Assert.Contains("billed to an organization", refused.GetProperty("detail").GetString());
        var refusedInFrench = await noOrganization.Client.PostInAsync("fr", "/api/v1/bookings", Body(instrument, "2026-11-10T09:00", "2026-11-10T10:00"), HttpStatusCode.Forbidden);
        Assert.Equal("booking.no-organization", Code(refusedInFrench));
        Assert.Equal("Interdit", refusedInFrench.GetProperty("title").GetString());
        Assert.Contains("facturées à une organisation", refusedInFrench.GetProperty("detail").GetString());
        await App.Client.PostJsonAsync("/api/v1/bookings", Body(instrument, "2026-11-10T09:00", "2026-11-10T10:00"), HttpStatusCode.Unauthorized);

        var member = await App.MemberAsync();
        var module = await App.RequireModuleAsync(instrument, "MRI safety", "Sécurité IRM");
        await BookAsync(member, instrument, "2026-11-10T09:00", "2026-11-10T10:00", HttpStatusCode.BadRequest);
        await App.CertifyAsync(member.UserId, module, new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 10));
        var booked = await BookAsync(member, instrument, "2026-11-10T09:00", "2026-11-10T10:00");
        Assert.Equal("Confirmed", booked.GetProperty("status").GetString());
    }

    // ---------------------------------------------------------------------------------------------
    // Approval
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_booking_needing_approval_holds_its_slot_notifies_the_managers_is_approved_once_and_cancels_free_while_pending()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync(r => r.ApprovalRequired = true);
        var manager = await App.ManagerAsync(instrument.PlatformId);
        var member = await App.MemberAsync();
        var other = await App.MemberAsync();

        var quote = await QuoteAsync(member, instrument, "2026-11-10T09:00", "2026-11-10T10:00");
        Assert.True(quote.GetProperty("approvalRequired").GetBoolean());
        var booking = await BookAsync(member, instrument, "2026-11-10T09:00", "2026-11-10T10:00");
        Assert.Equal("Pending", booking.GetProperty("status").GetString());
        var id = Id(booking);
        Assert.Equal(1, await App.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == manager.UserId && n.Kind == "booking-pending")));

        // Pending already holds the slot.
        var taken = await BookAsync(other, instrument, "2026-11-10T09:30", "2026-11-10T10:30", HttpStatusCode.Conflict);
        Assert.Equal(id, taken.GetProperty("conflictingBookingId").GetInt64());

        await member.Client.PostCurrentAsync($"/api/v1/bookings/{id}/approve", null, HttpStatusCode.Forbidden);
        await other.Client.PostCurrentAsync($"/api/v1/bookings/{id}/approve", null, HttpStatusCode.NotFound);
        var approved = await manager.Client.PostCurrentAsync($"/api/v1/bookings/{id}/approve", new { note = "See you at 9." });
        Assert.Equal("Confirmed", approved.GetProperty("status").GetString());
        Assert.Equal("See you at 9.", approved.GetProperty("decisionNote").GetString());
        Assert.Equal(2, approved.GetProperty("version").GetInt32());
        var notice = await App.WithDbAsync(db => db.Notifications.SingleAsync(n => n.UserId == member.UserId && n.Kind == "booking-approved"));
        Assert.Contains("See you at 9.", notice.BodyEn);

        var again = await manager.Client.PostCurrentAsync($"/api/v1/bookings/{id}/approve", null, HttpStatusCode.Conflict);
        Assert.Equal("booking.decide.not-pending", Code(again));
        Assert.Contains("seule une réservation en attente", again.GetProperty("detail").GetString());
        await manager.Client.PostCurrentAsync($"/api/v1/bookings/{id}/reject", null, HttpStatusCode.Conflict);

        // A booking still awaiting approval cancels free, even late; once confirmed, the late share applies.
        var waiting = Id(await BookAsync(other, instrument, "2026-11-03T09:00", "2026-11-03T10:00"));
        var stillWaiting = Id(await BookAsync(other, instrument, "2026-11-03T11:00", "2026-11-03T12:00"));
        Assert.Equal(0m, (await other.Client.GetJsonAsync($"/api/v1/bookings/{waiting}")).GetProperty("cancellationChargeNow").GetDecimal());
        Assert.Equal(0m, (await other.Client.PostCurrentAsync($"/api/v1/bookings/{stillWaiting}/cancel", null)).GetProperty("cancellationCharge").GetDecimal());
        await manager.Client.PostCurrentAsync($"/api/v1/bookings/{waiting}/approve", null);
        Assert.Equal(30.00m, (await other.Client.GetJsonAsync($"/api/v1/bookings/{waiting}")).GetProperty("cancellationChargeNow").GetDecimal());
        Assert.Equal(30.00m, (await other.Client.PostCurrentAsync($"/api/v1/bookings/{waiting}/cancel", null)).GetProperty("cancellationCharge").GetDecimal());
    }

    [Fact]
    public async Task Every_change_of_state_takes_the_booking_version()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync(r => r.ApprovalRequired = true);
        var manager = await App.ManagerAsync(instrument.PlatformId);
        var member = await App.MemberAsync();
        var approved = Id(await BookAsync(member, instrument, "2026-11-10T09:00", "2026-11-10T10:00"));
        var rejected = Id(await BookAsync(member, instrument, "2026-11-11T09:00", "2026-11-11T10:00"));
        var used = Id(await BookAsync(member, instrument, "2026-11-12T09:00", "2026-11-12T10:00"));

        // A stranger is refused before any version is asked for.
        await (await App.MemberAsync()).Client.PostJsonAsync($"/api/v1/bookings/{approved}/cancel", null, HttpStatusCode.NotFound);
        await manager.Client.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/bookings/{approved}/approve", new { note = "See you." });
        await manager.Client.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/bookings/{rejected}/reject", null);
        await member.Client.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/bookings/{approved}/cancel", null);
        await manager.Client.PostCurrentAsync($"/api/v1/bookings/{used}/approve", null);
        Clock.Set(Utc("2026-11-12T08:05:00Z"));
        await member.Client.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/bookings/{used}/check-in", null);
        await member.Client.AssertVersionRequiredAsync(HttpMethod.Post, $"/api/v1/bookings/{used}/check-out", null);
    }

    [Fact]
    public async Task Two_managers_approving_at_once_make_one_approval_and_one_conflict()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync(r => r.ApprovalRequired = true);
        var managers = new[] { await App.ManagerAsync(instrument.PlatformId), await App.ManagerAsync(instrument.PlatformId) };
        var member = await App.MemberAsync();
        var id = Id(await BookAsync(member, instrument, "2026-11-10T09:00", "2026-11-10T10:00"));

        // Both read the same version, then approve at once.
        var etag = await managers[0].Client.ETagAsync($"/api/v1/bookings/{id}");
        var results = await Task.WhenAll(managers.Select(async m =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/bookings/{id}/approve") { Content = JsonContent.Create(new { note = m.Email }) };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var response = await m.Client.SendAsync(request, Ct);
            return response.StatusCode;
        }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Order());
        Assert.Equal(1, await App.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == member.UserId && n.Kind == "booking-approved")));
    }

    [Fact]
    public async Task Rejecting_frees_the_slot_and_tells_the_booker()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync(r => r.ApprovalRequired = true);
        var manager = await App.ManagerAsync(instrument.PlatformId);
        var (first, second) = (await App.MemberAsync(), await App.MemberAsync());
        var id = Id(await BookAsync(first, instrument, "2026-11-10T09:00", "2026-11-10T10:00"));
        await BookAsync(second, instrument, "2026-11-10T09:00", "2026-11-10T10:00", HttpStatusCode.Conflict);

        var rejected = await manager.Client.PostCurrentAsync($"/api/v1/bookings/{id}/reject", new { note = "Magnet maintenance that day." });
        Assert.Equal("Rejected", rejected.GetProperty("status").GetString());
        Assert.Contains("Magnet maintenance", (await App.WithDbAsync(db => db.Notifications.SingleAsync(n => n.UserId == first.UserId && n.Kind == "booking-rejected"))).BodyEn);

        var rebooked = await BookAsync(second, instrument, "2026-11-10T09:00", "2026-11-10T10:00");
        Assert.Equal("Pending", rebooked.GetProperty("status").GetString());
    }

    // ---------------------------------------------------------------------------------------------
    // Cancellation, check-in, no-shows
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task Cancelling_is_free_until_the_notice_then_costs_its_share_to_the_cent()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync(r => { r.FreeCancellationHours = 48; r.LateCancellationPercent = 35m; }, e =>
        {
            e.Rates.RemoveAll(r => r.Category == UserCategory.Academic);
            e.Rates.Add(new RateCard { Category = UserCategory.Academic, HourlyRate = 74.07m, ValidFrom = new DateOnly(2026, 1, 1) });
        });
        var member = await App.MemberAsync();
        var manager = await App.ManagerAsync(instrument.PlatformId);

        // 1.5 h at 74.07 is 111.105: 111.11 to the cent; 35 % of it is 38.8885: 38.89.
        var quote = await QuoteAsync(member, instrument, "2026-11-05T09:00", "2026-11-05T10:30");
        Assert.Equal(111.11m, quote.GetProperty("price").GetDecimal());
        Assert.Equal(38.89m, quote.GetProperty("lateCancellationCharge").GetDecimal());
        Assert.Equal(Utc("2026-11-03T08:00:00Z"), quote.GetProperty("freeCancellationUntil").GetDateTimeOffset());
        var late = await BookAsync(member, instrument, "2026-11-05T09:00", "2026-11-05T10:30");
        var onTime = await BookAsync(member, instrument, "2026-11-06T09:00", "2026-11-06T10:30");
        var byPlatform = await BookAsync(member, instrument, "2026-11-05T13:00", "2026-11-05T14:30");
        Assert.Equal(quote.GetProperty("price").GetDecimal(), late.GetProperty("price").GetDecimal());

        // Exactly 48 hours before the start is still free.
        Clock.Set(Utc("2026-11-04T08:00:00Z"));
        Assert.Equal(0m, (await member.Client.GetJsonAsync($"/api/v1/bookings/{Id(onTime)}")).GetProperty("cancellationChargeNow").GetDecimal());
        var free = await member.Client.PostCurrentAsync($"/api/v1/bookings/{Id(onTime)}/cancel", null);
        Assert.Equal("Cancelled", free.GetProperty("status").GetString());
        Assert.Equal(0m, free.GetProperty("cancellationCharge").GetDecimal());
        Assert.Equal(Utc("2026-11-04T08:00:00Z"), free.GetProperty("cancelledAt").GetDateTimeOffset());

        Assert.Equal(38.89m, (await member.Client.GetJsonAsync($"/api/v1/bookings/{Id(late)}")).GetProperty("cancellationChargeNow").GetDecimal());
        var charged = await member.Client.PostCurrentAsync($"/api/v1/bookings/{Id(late)}/cancel", null);
        Assert.Equal(38.89m, charged.GetProperty("cancellationCharge").GetDecimal());
        Assert.Equal(38.89m, await App.WithDbAsync(db => db.Bookings.Where(b => b.Id == Id(late)).Select(b => b.CancellationCharge).SingleAsync()));

        // The platform cancelling someone's booking charges nothing; a cancelled one cannot be cancelled again.
        var platformCancel = await manager.Client.PostCurrentAsync($"/api/v1/bookings/{Id(byPlatform)}/cancel", null);
        Assert.Equal(0m, platformCancel.GetProperty("cancellationCharge").GetDecimal());
        Assert.Equal(1, await App.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == member.UserId && n.Kind == "booking-cancelled")));
        await member.Client.PostCurrentAsync($"/api/v1/bookings/{Id(late)}/cancel", null, HttpStatusCode.Conflict);

        // Once started, it is too late.
        var started = await BookAsync(member, instrument, "2026-11-07T09:00", "2026-11-07T10:00");
        Clock.Set(Utc("2026-11-07T08:00:00Z"));
        var refused = await member.Client.PostCurrentAsync($"/api/v1/bookings/{Id(started)}/cancel", null, HttpStatusCode.Conflict);
        Assert.Equal("booking.cancel.started", Code(refused));
    }

    [Fact]
    public async Task Check_in_opens_15_minutes_before_the_start_and_a_booking_nobody_attended_is_a_no_show()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync();
        var member = await App.MemberAsync();
        var manager = await App.ManagerAsync(instrument.PlatformId);
        var attended = Id(await BookAsync(member, instrument, "2026-11-10T09:00", "2026-11-10T10:00"));
        var missed = Id(await BookAsync(member, instrument, "2026-11-10T11:00", "2026-11-10T12:00"));
        var byManager = Id(await BookAsync(member, instrument, "2026-11-10T13:00", "2026-11-10T14:00"));

        await member.Client.PostCurrentAsync($"/api/v1/bookings/{attended}/check-out", null, HttpStatusCode.Conflict);
        Clock.Set(Utc("2026-11-10T07:44:00Z"));
        var early = await member.Client.PostCurrentInAsync("en", $"/api/v1/bookings/{attended}/check-in", null, HttpStatusCode.Conflict);
        Assert.Equal(("booking.check-in.too-early", "Too early"), (Code(early), early.GetProperty("title").GetString()));
        Assert.Contains("15 minutes before the start, at 10 November 2026, 08:45", early.GetProperty("detail").GetString());
        var earlyInFrench = await member.Client.PostCurrentInAsync("fr", $"/api/v1/bookings/{attended}/check-in", null, HttpStatusCode.Conflict);
        Assert.Equal(("booking.check-in.too-early", "Trop tôt"), (Code(earlyInFrench), earlyInFrench.GetProperty("title").GetString()));
        Assert.Contains("15 minutes avant le début, le 10 novembre 2026 à 08:45", earlyInFrench.GetProperty("detail").GetString());
        Clock.Set(Utc("2026-11-10T07:45:00Z"));
        var inside = await member.Client.PostCurrentAsync($"/api/v1/bookings/{attended}/check-in", null);
        Assert.Equal(Utc("2026-11-10T07:45:00Z"), inside.GetProperty("checkedInAt").GetDateTimeOffset());
        await member.Client.PostCurrentAsync($"/api/v1/bookings/{attended}/check-in", null, HttpStatusCode.Conflict);
        Clock.Set(Utc("2026-11-10T09:10:00Z"));
        var left = await member.Client.PostCurrentAsync($"/api/v1/bookings/{attended}/check-out", null);
        Assert.Equal(Utc("2026-11-10T09:10:00Z"), left.GetProperty("checkedOutAt").GetDateTimeOffset());
        await member.Client.PostCurrentAsync($"/api/v1/bookings/{attended}/check-out", null, HttpStatusCode.Conflict);

        Clock.Set(Utc("2026-11-10T12:00:00Z"));
        await member.Client.PostCurrentAsync($"/api/v1/bookings/{missed}/check-in", null, HttpStatusCode.Conflict);
        var managed = await manager.Client.PostCurrentAsync($"/api/v1/bookings/{byManager}/check-in", null);
        Assert.Equal(Utc("2026-11-10T12:00:00Z"), managed.GetProperty("checkedInAt").GetDateTimeOffset());

        var mine = await member.Client.GetJsonAsync("/api/v1/bookings");
        var flags = mine.EnumerateArray().ToDictionary(b => Id(b), b => b.GetProperty("noShow").GetBoolean());
        Assert.False(flags[attended]);
        Assert.True(flags[missed]);
        Assert.False(flags[byManager]);
    }

    // ---------------------------------------------------------------------------------------------
    // Buffers and rates
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_buffer_blocks_the_next_slot_but_is_not_charged()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync(r => r.BufferMinutes = 30);
        var (first, second) = (await App.MemberAsync(), await App.MemberAsync());
        var booking = await BookAsync(first, instrument, "2026-11-10T09:00", "2026-11-10T10:00");
        Assert.Equal(60.00m, booking.GetProperty("price").GetDecimal());
        Assert.Equal(Utc("2026-11-10T09:30:00Z"), booking.GetProperty("blockedUntil").GetDateTimeOffset());

        var afterEnd = await BookAsync(second, instrument, "2026-11-10T10:00", "2026-11-10T11:00", HttpStatusCode.Conflict);
        Assert.Equal(Id(booking), afterEnd.GetProperty("conflictingBookingId").GetInt64());
        Assert.Equal("booking.taken.with-buffer", Code(afterEnd));
        Assert.Contains("gardé libre jusqu'à 10:30", afterEnd.GetProperty("detail").GetString());
        // A booking before it needs its own buffer clear too.
        await BookAsync(second, instrument, "2026-11-10T08:00", "2026-11-10T09:00", HttpStatusCode.Conflict);
        await BookAsync(second, instrument, "2026-11-10T08:00", "2026-11-10T08:30");
        var next = await BookAsync(second, instrument, "2026-11-10T10:30", "2026-11-10T11:30");
        Assert.Equal(60.00m, next.GetProperty("price").GetDecimal());

        var day = (await App.Client.GetJsonAsync($"/api/v1/equipment/{instrument.EquipmentId}/availability?from=2026-11-10&days=1")).GetProperty("days")[0];
        var busy = day.GetProperty("busy").EnumerateArray().Select(b => (b.GetProperty("startsAtLocal").GetString(), b.GetProperty("endsAtLocal").GetString())).ToList();
        Assert.Equal([("2026-11-10T08:00+01:00", "2026-11-10T09:00+01:00"), ("2026-11-10T09:00+01:00", "2026-11-10T10:30+01:00"), ("2026-11-10T10:30+01:00", "2026-11-10T12:00+01:00")], busy);
        var free = day.GetProperty("free").EnumerateArray().Select(b => (b.GetProperty("startsAtLocal").GetString(), b.GetProperty("endsAtLocal").GetString())).ToList();
        // Free until 07:30: a booking ending later would need its buffer over the 08:00 booking.
        Assert.Equal([("2026-11-10T00:00+01:00", "2026-11-10T07:30+01:00"), ("2026-11-10T12:00+01:00", "2026-11-11T00:00+01:00")], free);
    }

    [Fact]
    public async Task The_rate_card_valid_on_the_start_date_applies_and_the_price_stays_frozen()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync(equipment: e =>
        {
            e.Rates.RemoveAll(r => r.Category == UserCategory.MemberCompany);
            e.Rates.Add(new RateCard { Category = UserCategory.MemberCompany, HourlyRate = 90m, ValidFrom = new DateOnly(2026, 1, 1), ValidTo = new DateOnly(2026, 11, 30) });
            e.Rates.Add(new RateCard { Category = UserCategory.MemberCompany, HourlyRate = 110m, ValidFrom = new DateOnly(2026, 12, 1) });
        });
        var company = await App.MemberAsync(OrganizationType.Sme, MembershipStatus.Active);

        var november = await QuoteAsync(company, instrument, "2026-11-30T23:00", "2026-12-01T00:00");
        Assert.Equal("MemberCompany", november.GetProperty("category").GetString());
        Assert.Equal(90m, november.GetProperty("hourlyRate").GetDecimal());
        var december = await QuoteAsync(company, instrument, "2026-12-01T00:00", "2026-12-01T02:00");
        Assert.Equal(110m, december.GetProperty("hourlyRate").GetDecimal());
        Assert.Equal(220.00m, december.GetProperty("price").GetDecimal());

        var booked = await BookAsync(company, instrument, "2026-11-30T23:00", "2026-12-01T00:00");
        Assert.Equal(90.00m, booked.GetProperty("price").GetDecimal());
        await App.ChangeRulesAsync(instrument, e => e.Rates.Single(r => r.Category == UserCategory.MemberCompany && r.HourlyRate == 90m).HourlyRate = 95m);
        var reread = await company.Client.GetJsonAsync($"/api/v1/bookings/{Id(booked)}");
        Assert.Equal(90m, reread.GetProperty("hourlyRate").GetDecimal());
        Assert.Equal(90.00m, reread.GetProperty("price").GetDecimal());

        // The owner of the platform pays the internal rate.
        var owner = await App.SignedInAsync(Roles.Member, instrument.OwnerOrganizationId);
        Assert.Equal("Internal", (await QuoteAsync(owner, instrument, "2026-11-10T09:00", "2026-11-10T10:00")).GetProperty("category").GetString());
    }

    // ---------------------------------------------------------------------------------------------
    // Rights, lists, availability input
    // ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_booking_is_seen_by_its_booker_the_platform_managers_and_staff_only()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync();
        var elsewhere = await App.InstrumentAsync();
        var member = await App.MemberAsync();
        var stranger = await App.MemberAsync();
        var manager = await App.ManagerAsync(instrument.PlatformId);
        var otherManager = await App.ManagerAsync(elsewhere.PlatformId);
        var staff = await App.SignedInAsync(Roles.ClusterStaff, null);
        var id = Id(await BookAsync(member, instrument, "2026-11-10T09:00", "2026-11-10T10:00"));
        var own = Id(await BookAsync(stranger, elsewhere, "2026-11-10T09:00", "2026-11-10T10:00"));

        await stranger.Client.GetJsonAsync($"/api/v1/bookings/{id}", HttpStatusCode.NotFound);
        await otherManager.Client.GetJsonAsync($"/api/v1/bookings/{id}", HttpStatusCode.NotFound);
        await stranger.Client.PostCurrentAsync($"/api/v1/bookings/{id}/cancel", null, HttpStatusCode.NotFound);
        Assert.Equal(member.Email, (await manager.Client.GetJsonAsync($"/api/v1/bookings/{id}")).GetProperty("bookedBy").GetString());
        await staff.Client.GetJsonAsync($"/api/v1/bookings/{id}");
        await App.Client.GetJsonAsync($"/api/v1/bookings/{id}", HttpStatusCode.Unauthorized);

        static long[] Ids(JsonElement list) => [.. list.EnumerateArray().Select(Id)];
        Assert.Equal([id], Ids(await member.Client.GetJsonAsync("/api/v1/bookings")));
        Assert.Empty(Ids(await stranger.Client.GetJsonAsync($"/api/v1/bookings?equipment={instrument.EquipmentId}")));
        Assert.Equal([own], Ids(await stranger.Client.GetJsonAsync("/api/v1/bookings")));
        Assert.Empty(Ids(await manager.Client.GetJsonAsync("/api/v1/bookings")));
        Assert.Equal([id], Ids(await manager.Client.GetJsonAsync($"/api/v1/bookings?platform={instrument.PlatformId}")));
        Assert.Equal([id], Ids(await manager.Client.GetJsonAsync("/api/v1/bookings?managed=true")));
        Assert.Empty(Ids(await manager.Client.GetJsonAsync($"/api/v1/bookings?platform={elsewhere.PlatformId}")));
        Assert.Equal([id], Ids(await manager.Client.GetJsonAsync($"/api/v1/bookings?equipment={instrument.EquipmentId}&status=confirmed&from=2026-11-10&to=2026-11-11")));
        Assert.Empty(Ids(await manager.Client.GetJsonAsync($"/api/v1/bookings?equipment={instrument.EquipmentId}&status=Pending")));
        Assert.Empty(Ids(await manager.Client.GetJsonAsync($"/api/v1/bookings?equipment={instrument.EquipmentId}&from=2026-11-10T10:00")));
        Assert.Equal([own], Ids(await staff.Client.GetJsonAsync($"/api/v1/bookings?equipment={elsewhere.EquipmentId}")));
        var bad = await member.Client.GetJsonAsync("/api/v1/bookings?status=Lost&from=yesterday", HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(bad, "status"));
        Assert.NotEmpty(Errors(bad, "from"));
    }

    [Fact]
    public async Task The_bookings_api_is_documented_and_closed_to_visitors_except_availability()
    {
        var document = await App.Client.GetJsonAsync("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.TryGetProperty("tags", out var tags) && tags.EnumerateArray().Any(t => t.GetString() == "Bookings"))
                .Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();
        string[] expected =
        [
            "GET /api/v1/equipment/{id}/availability", "POST /api/v1/bookings/quote", "POST /api/v1/bookings", "GET /api/v1/bookings", "GET /api/v1/bookings/{id}",
            "POST /api/v1/bookings/{id}/cancel", "POST /api/v1/bookings/{id}/approve", "POST /api/v1/bookings/{id}/reject",
            "POST /api/v1/bookings/{id}/check-in", "POST /api/v1/bookings/{id}/check-out",
        ];
        Assert.Equal(expected.Order(), operations.Order());

        foreach (var operation in expected.Where(e => !e.Contains("availability", StringComparison.Ordinal)))
        {
            var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1].Replace("{id}", "1", StringComparison.Ordinal));
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST") request.Content = JsonContent.Create(new { equipmentId = 1, startsAt = "2026-11-10T09:00", endsAt = "2026-11-10T10:00" });
            using var response = await App.Client.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Availability_shows_closures_and_refuses_bad_input_by_field()
    {
        Clock.Set(Utc("2026-11-02T08:00:00Z"));
        var instrument = await App.InstrumentAsync(r =>
            r.OpeningHours = [new OpeningHours { Day = DayOfWeek.Tuesday, Opens = new TimeOnly(8, 0), Closes = new TimeOnly(18, 0) }],
            e => e.Closures.Add(new Closure { StartsAt = Utc("2026-11-10T11:00:00Z"), EndsAt = Utc("2026-11-10T13:00:00Z"), Reason = "Calibration" }));
        var member = await App.MemberAsync();
        await BookAsync(member, instrument, "2026-11-10T09:00", "2026-11-10T10:00");

        var week = await member.Client.GetJsonAsync($"/api/v1/equipment/{instrument.EquipmentId}/availability?week=2026-W46");
        var days = week.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal("2026-11-09", days[0].GetProperty("date").GetString());
        Assert.Empty(days[0].GetProperty("open").EnumerateArray());
        Assert.Empty(days[0].GetProperty("free").EnumerateArray());
        var tuesday = days[1];
        Assert.Equal(["booking", "closure"], tuesday.GetProperty("busy").EnumerateArray().Select(b => b.GetProperty("kind").GetString()));
        Assert.True(tuesday.GetProperty("busy")[0].GetProperty("mine").GetBoolean());
        Assert.False((await App.Client.GetJsonAsync($"/api/v1/equipment/{instrument.EquipmentId}/availability?week=2026-W46")).GetProperty("days")[1].GetProperty("busy")[0].GetProperty("mine").GetBoolean());
        var free = tuesday.GetProperty("free").EnumerateArray().Select(b => (b.GetProperty("startsAtLocal").GetString(), b.GetProperty("endsAtLocal").GetString())).ToList();
        Assert.Equal([("2026-11-10T08:00+01:00", "2026-11-10T09:00+01:00"), ("2026-11-10T10:00+01:00", "2026-11-10T12:00+01:00"), ("2026-11-10T14:00+01:00", "2026-11-10T18:00+01:00")], free);

        // Without a week, the current one (Monday 2 November by the clock).
        Assert.Equal("2026-W45", (await App.Client.GetJsonAsync($"/api/v1/equipment/{instrument.EquipmentId}/availability")).GetProperty("week").GetString());
        var bad = await App.Client.GetJsonAsync($"/api/v1/equipment/{instrument.EquipmentId}/availability?week=2026-W60", HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(bad, "week"));
        bad = await App.Client.GetJsonAsync($"/api/v1/equipment/{instrument.EquipmentId}/availability?from=2026-13-01&days=40", HttpStatusCode.BadRequest);
        Assert.NotEmpty(Errors(bad, "from"));
        Assert.NotEmpty(Errors(bad, "days"));
        await App.Client.GetJsonAsync($"/api/v1/equipment/{instrument.EquipmentId + 100_000}/availability", HttpStatusCode.NotFound);
    }
}

public sealed class SqliteBookingsApiTests(SqliteBookingFixture fixture) : BookingsApiContract, IClassFixture<SqliteBookingFixture>
{
    protected override TestApp App => fixture.App;

    protected override FakeClock Clock => fixture.Clock;

    /// <summary>
    /// Microsoft.Data.Sqlite begins EF Core transactions IMMEDIATE: the write lock is taken at BEGIN, before any
    /// statement, which is what serializes the overlap check and the insert of concurrent bookings.
    /// </summary>
    [Fact]
    public async Task A_transaction_takes_the_write_lock_when_it_begins()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Biotope.Data.BiotopeDb>();
        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            await using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={App.Settings.SqlitePath};Default Timeout=1");
            await other.OpenAsync(Ct);
            await using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            var locked = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => begin.ExecuteNonQuery());
            Assert.Equal(5, locked.SqliteErrorCode); // SQLITE_BUSY: the first transaction holds the write lock
            await transaction.RollbackAsync(Ct);
            begin.ExecuteNonQuery();
            begin.CommandText = "ROLLBACK;";
            begin.ExecuteNonQuery();
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}

public sealed class PostgresBookingsApiTests(PostgresBookingFixture fixture) : BookingsApiContract, IClassFixture<PostgresBookingFixture>
{
    protected override TestApp App => fixture.Require();

    protected override FakeClock Clock => fixture.Clock;
}
