using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Biotope.Tests.Features.Platforms.PlatformsKit;

namespace Biotope.Tests.Features.Platforms;

/// <summary>
/// The platforms and equipment API, asserted identically on SQLite and PostgreSQL. Each test makes its own platform
/// (named with a word of its own), so the tests of a class do not see each other's.
/// </summary>
public abstract class PlatformsApiContract
{
    protected abstract TestApp App { get; }

    private HttpClient? staff;

    private async Task<HttpClient> TokenClientAsync(string email, string password)
    {
        var response = await App.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, Ct);
        response.EnsureSuccessStatusCode();
        return App.NewClient((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()!);
    }

    private async Task<HttpClient> StaffAsync() => staff ??= (await App.PersonAsync(Roles.ClusterStaff)).Client;

    private static object NewPlatform(string name, int owner, object? version = null) => new
    {
        nameEn = name,
        nameFr = name + " (fr)",
        ownerOrganizationId = owner,
        descriptionEn = "Shared instruments.",
        qualityStandards = new[] { "iso 17025", "GLP" },
        services = new[] { "Imaging" },
        contactEmail = "platform@example.org",
        version,
    };

    private static object NewEquipment(int platformId, string name, string status = "Active", object? rules = null, int? version = null) => new
    {
        platformId,
        name,
        type = "Preclinical imaging",
        modality = "mri",
        status,
        serialNumber = "SN-42",
        rules = rules ?? new
        {
            minDurationMinutes = 60,
            maxDurationMinutes = 240,
            slotMinutes = 30,
            minNoticeHours = 24,
            maxAdvanceDays = 60,
            bufferMinutes = 15,
            openingHours = new[] { new { day = "Monday", opens = "08:00", closes = "18:00" }, new { day = "friday", opens = "09:00", closes = "17:30" } },
            approvalRequired = true,
            maxBookingsPerUserPerWeek = 3,
            freeCancellationHours = 48,
            lateCancellationPercent = 50,
        },
        version,
    };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The field errors of a 400 problem: field name to its messages.</summary>
    private static async Task<Dictionary<string, string[]>> FieldErrorsAsync(HttpResponseMessage response) =>
        (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;

    /// <summary>Answered in English unless <paramref name="language"/> says otherwise: the messages below are read in English.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body, string? ifMatch = null, string language = "en")
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body, options: CallsKit.Json) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await client.SendAsync(request, Ct);
    }

    /// <summary>The ETag a GET gives: the version a write of the resource or of one of its parts must send (ADR 024).</summary>
    private async Task<string> ETagAsync(string url)
    {
        using var response = await App.Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.Tag;
    }

    /// <summary>A write of a part, with the ETag of the resource it belongs to; answers the body, asserting the status.</summary>
    private async Task<JsonElement> WriteAsync(HttpClient client, HttpMethod method, string url, object? body, string etagOf, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await SendAsync(client, method, url, body, await ETagAsync(etagOf));
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Parts_need_the_version_of_what_they_belong_to_none_is_428_and_a_stale_one_412()
    {
        var staffClient = await StaffAsync();
        var (platformId, _, _) = await App.AddPlatformAsync("Versionton");
        var equipmentId = await App.AddEquipmentAsync(platformId, "Versionton scanner");
        var rates = new { rates = new[] { new { category = "Academic", hourlyRate = 12m, validFrom = "2024-01-01" } } };
        var closure = new { startsAt = "2031-01-01T08:00", endsAt = "2031-01-02T08:00" };
        var equipmentUrl = $"/api/v1/equipment/{equipmentId}";
        foreach (var (method, url, body, of) in new (HttpMethod, string, object, string)[]
        {
            (HttpMethod.Put, $"{equipmentUrl}/rates", rates, equipmentUrl),
            (HttpMethod.Post, $"{equipmentUrl}/closures", closure, equipmentUrl),
            (HttpMethod.Put, $"/api/v1/platforms/{platformId}/managers", new { managers = Array.Empty<string>() }, $"/api/v1/platforms/{platformId}"),
        })
        {
            await ProblemAsync(await SendAsync(staffClient, method, url, body), HttpStatusCode.PreconditionRequired);
            var stale = await ETagAsync(of);
            await WriteAsync(staffClient, method, url, body, of, method == HttpMethod.Post ? HttpStatusCode.Created : HttpStatusCode.OK);
            await ProblemAsync(await SendAsync(staffClient, method, url, body, stale), HttpStatusCode.PreconditionFailed);
        }
        var closureId = await App.WithDbAsync(db => db.Closures.Where(c => c.EquipmentId == equipmentId).Select(c => c.Id).SingleAsync(Ct));
        await ProblemAsync(await SendAsync(staffClient, HttpMethod.Delete, $"{equipmentUrl}/closures/{closureId}", null), HttpStatusCode.PreconditionRequired);
        await WriteAsync(staffClient, HttpMethod.Delete, $"{equipmentUrl}/closures/{closureId}", null, equipmentUrl, HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Writes_are_401_anonymous_403_for_members_and_other_managers_and_allowed_to_the_platforms_own_manager()
    {
        var staffClient = await StaffAsync();
        var owner = await App.AddOrganizationAsync("Rightsville imaging", OrganizationType.ServiceProvider, "BE323");
        var member = (await App.PersonAsync(Roles.Member, owner)).Client;

        // Only staff add platforms.
        await ProblemAsync(await SendAsync(App.Client, HttpMethod.Post, "/api/v1/platforms", NewPlatform("Rightsville", owner)), HttpStatusCode.Unauthorized);
        await ProblemAsync(await SendAsync(member, HttpMethod.Post, "/api/v1/platforms", NewPlatform("Rightsville", owner)), HttpStatusCode.Forbidden);
        var created = await staffClient.PostJsonAsync("/api/v1/platforms", NewPlatform("Rightsville", owner), HttpStatusCode.Created);
        var platformId = created.GetProperty("id").GetInt32();
        Assert.Equal("rightsville", created.GetProperty("slug").GetString());
        Assert.Equal(["ISO 17025", "GLP"], created.GetProperty("qualityStandards").Deserialize<string[]>()!);
        var other = await App.AddPlatformAsync("Otherville");
        var otherManager = (await App.ManagerAsync(other.PlatformId)).Client;
        var ownManager = (await App.ManagerAsync(platformId)).Client;

        // Changing the platform: staff and its own managers.
        var change = NewPlatform("Rightsville renamed", owner, version: 1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(App.Client, HttpMethod.Put, $"/api/v1/platforms/{platformId}", change)).StatusCode);
        await ProblemAsync(await SendAsync(member, HttpMethod.Put, $"/api/v1/platforms/{platformId}", change), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendAsync(otherManager, HttpMethod.Put, $"/api/v1/platforms/{platformId}", change), HttpStatusCode.Forbidden);
        var renamed = await ownManager.PutJsonAsync($"/api/v1/platforms/{platformId}", change);
        Assert.Equal("Rightsville renamed", renamed.GetProperty("nameEn").GetString());
        Assert.Equal(2, renamed.GetProperty("version").GetInt32());
        // A manager runs the platform but does not give it away.
        var elsewhere = await App.AddOrganizationAsync("Rightsville rival", OrganizationType.Sme, "BE323");
        // Every field of the platform's policy (PlatformEditor.Rights) is refused as a field error naming it, and nothing is stored.
        Assert.Equal(["ownerOrganizationId"], PlatformEditor.Rights.Fields);
        var givenAway = await ProblemAsync(await SendAsync(ownManager, HttpMethod.Put, $"/api/v1/platforms/{platformId}", NewPlatform("Rightsville given away", elsewhere, version: 2)), HttpStatusCode.Forbidden);
        Assert.Equal(("field.forbidden", "platform.owner.forbidden"), (PlatformsKit.Code(givenAway), PlatformsKit.ErrorCodes(givenAway, "ownerOrganizationId").Single()));
        var kept = await staffClient.GetJsonAsync($"/api/v1/platforms/{platformId}");
        Assert.Equal((2, "Rightsville renamed"), (kept.GetProperty("version").GetInt32(), kept.GetProperty("nameEn").GetString()));

        // Instruments: the same people.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(App.Client, HttpMethod.Post, "/api/v1/equipment", NewEquipment(platformId, "Scanner"))).StatusCode);
        await ProblemAsync(await SendAsync(member, HttpMethod.Post, "/api/v1/equipment", NewEquipment(platformId, "Scanner")), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendAsync(otherManager, HttpMethod.Post, "/api/v1/equipment", NewEquipment(platformId, "Scanner")), HttpStatusCode.Forbidden);
        var equipment = await ownManager.PostJsonAsync("/api/v1/equipment", NewEquipment(platformId, "Scanner"), HttpStatusCode.Created);
        var equipmentId = equipment.GetProperty("id").GetInt32();
        Assert.Equal("MRI", equipment.GetProperty("modality").GetString());
        Assert.Equal(["Monday", "Friday"], equipment.GetProperty("rules").GetProperty("openingHours").EnumerateArray().Select(h => h.GetProperty("day").GetString()));
        Assert.Equal("17:30", equipment.GetProperty("rules").GetProperty("openingHours")[1].GetProperty("closes").GetString());

        var rates = new { rates = new[] { new { category = "Academic", hourlyRate = 80.5m, validFrom = "2024-01-01" } } };
        await ProblemAsync(await SendAsync(otherManager, HttpMethod.Put, $"/api/v1/equipment/{equipmentId}/rates", rates), HttpStatusCode.Forbidden);
        await ProblemAsync(await SendAsync(member, HttpMethod.Put, $"/api/v1/equipment/{equipmentId}/rates", rates), HttpStatusCode.Forbidden);
        var saved = await WriteAsync(ownManager, HttpMethod.Put, $"/api/v1/equipment/{equipmentId}/rates", rates, $"/api/v1/equipment/{equipmentId}");
        Assert.Equal(80.5m, saved[0].GetProperty("hourlyRate").GetDecimal());
        var closure = new { startsAt = "2030-01-01T08:00", endsAt = "2030-01-02T08:00" };
        await ProblemAsync(await SendAsync(otherManager, HttpMethod.Post, $"/api/v1/equipment/{equipmentId}/closures", closure), HttpStatusCode.Forbidden);
        await WriteAsync(ownManager, HttpMethod.Post, $"/api/v1/equipment/{equipmentId}/closures", closure, $"/api/v1/equipment/{equipmentId}", HttpStatusCode.Created);

        // Naming managers is staff's.
        await ProblemAsync(await SendAsync(ownManager, HttpMethod.Put, $"/api/v1/platforms/{platformId}/managers", new { managers = Array.Empty<string>() }), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Invalid_fields_get_a_message_each_keyed_by_the_field()
    {
        var staffClient = await StaffAsync();
        var platform = await SendAsync(staffClient, HttpMethod.Post, "/api/v1/platforms", new
        {
            nameEn = " ",
            ownerOrganizationId = 987654,
            contactEmail = "not an address",
            qualityStandards = new[] { "GMP", "ISO 27001" },
            servicesEn = new[] { "Imaging", "" },
            servicesFr = new[] { "" },
            slug = "Bad Slug",
        });
        var problem = await ProblemAsync(platform, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        Assert.Equal(["contactEmail", "nameEn", "nameFr", "ownerOrganizationId", "qualityStandards[1]", "servicesEn[1]", "servicesFr[0]", "slug"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("No organization has id 987654.", errors["ownerOrganizationId"].Single());
        Assert.StartsWith("Unknown quality standard 'ISO 27001'. Standards: GMP, GLP, ISO 17025 and ISO 9001.", errors["qualityStandards[1]"].Single());
        Assert.Equal(("problem.invalid.detail", "platform.owner.unknown", "platform.service.empty"),
            (PlatformsKit.Code(problem), PlatformsKit.ErrorCodes(problem, "ownerOrganizationId").Single(), PlatformsKit.ErrorCodes(problem, "servicesFr[0]").Single()));

        // The same refusal in French, with the same codes.
        var french = await ProblemAsync(await SendAsync(staffClient, HttpMethod.Post, "/api/v1/platforms", new { nameEn = "x", nameFr = "x", ownerOrganizationId = 987654 }, language: "fr"),
            HttpStatusCode.BadRequest);
        Assert.Equal("Un ou plusieurs champs ne sont pas valides.", french.GetProperty("title").GetString());
        Assert.Equal("Aucune organisation n'a l'identifiant 987654.", PlatformsKit.FieldMessages(french, "ownerOrganizationId").Single());
        Assert.Equal("platform.owner.unknown", PlatformsKit.ErrorCodes(french, "ownerOrganizationId").Single());

        var (platformId, _, _) = await App.AddPlatformAsync("Validcheck");
        var equipment = await SendAsync(staffClient, HttpMethod.Post, "/api/v1/equipment", new
        {
            platformId,
            name = "Scope",
            modality = "Telescope",
            status = "Broken",
            requiredModuleId = 987654,
            rules = new
            {
                minDurationMinutes = 120,
                maxDurationMinutes = 60,
                slotMinutes = 7,
                maxAdvanceDays = 0,
                bufferMinutes = -5,
                openingHours = new[]
                {
                    new { day = "Monday", opens = "18:00", closes = "08:00" },
                    new { day = "Funday", opens = "08:00", closes = "12:00" },
                    new { day = "monday", opens = "8h", closes = "12:00" },
                },
                lateCancellationPercent = 150,
                maxBookingsPerUserPerWeek = 0,
            },
        });
        errors = await FieldErrorsAsync(equipment);
        Assert.Equal(
            ["modality", "requiredModuleId", "rules.bufferMinutes", "rules.lateCancellationPercent", "rules.maxAdvanceDays", "rules.maxBookingsPerUserPerWeek", "rules.maxDurationMinutes",
                "rules.openingHours[0].closes", "rules.openingHours[1].day", "rules.openingHours[2].day", "rules.openingHours[2].opens", "rules.slotMinutes", "status"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("The slot is 5 to 240 minutes and divides a day evenly (e.g. 15, 30, 60, 120).", errors["rules.slotMinutes"].Single());
        Assert.Equal("The maximum duration is at least the minimum duration.", errors["rules.maxDurationMinutes"].Single());
        Assert.Equal("The closing time is after the opening time.", errors["rules.openingHours[0].closes"].Single());
        Assert.Equal("Monday is listed twice.", errors["rules.openingHours[2].day"].Single());
        Assert.Equal("The late-cancellation share is a percentage from 0 to 100.", errors["rules.lateCancellationPercent"].Single());

        // Durations are whole slots and opening hours fall on slot boundaries; a missing module is named.
        equipment = await SendAsync(staffClient, HttpMethod.Post, "/api/v1/equipment", new
        {
            platformId,
            name = "Scope",
            requiredModuleId = 987654,
            rules = new { minDurationMinutes = 45, maxDurationMinutes = 240, slotMinutes = 30, openingHours = new[] { new { day = "Tuesday", opens = "08:15", closes = "12:00" } } },
        });
        errors = await FieldErrorsAsync(equipment);
        Assert.Equal(["requiredModuleId", "rules.minDurationMinutes", "rules.openingHours[0].opens"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("The minimum duration is a whole number of slots.", errors["rules.minDurationMinutes"].Single());
        // An unknown platform is a field error, not a 404.
        errors = await FieldErrorsAsync(await SendAsync(staffClient, HttpMethod.Post, "/api/v1/equipment", NewEquipment(987654, "Nowhere")));
        Assert.Equal("No platform has id 987654.", errors["platformId"].Single());
    }

    [Fact]
    public async Task A_stale_change_is_412_with_If_Match_409_with_a_version_field_and_428_without_either()
    {
        var staffClient = await StaffAsync();
        var (platformId, _, owner) = await App.AddPlatformAsync("Staleton");
        var response = await staffClient.GetAsync($"/api/v1/platforms/{platformId}", Ct);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/platforms/{platformId}", NewPlatform("Staleton A", owner), "\"1\"")).StatusCode);
        await ProblemAsync(await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/platforms/{platformId}", NewPlatform("Staleton B", owner), "\"1\""), HttpStatusCode.PreconditionFailed);
        await ProblemAsync(await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/platforms/{platformId}", NewPlatform("Staleton B", owner, version: 1)), HttpStatusCode.Conflict);
        await ProblemAsync(await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/platforms/{platformId}", NewPlatform("Staleton B", owner)), HttpStatusCode.PreconditionRequired);
        await ProblemAsync(await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/platforms/{platformId}", NewPlatform("Staleton B", owner), "banana"), HttpStatusCode.BadRequest);
        Assert.Equal("Staleton A", await App.WithDbAsync(db => db.Platforms.Where(p => p.Id == platformId).Select(p => p.NameEn).SingleAsync(Ct)));

        var equipmentId = await App.AddEquipmentAsync(platformId, "Staleton scanner");
        var first = await staffClient.PutJsonAsync($"/api/v1/equipment/{equipmentId}", NewEquipment(platformId, "Staleton scanner", version: 1));
        Assert.Equal(2, first.GetProperty("version").GetInt32());
        await ProblemAsync(await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/equipment/{equipmentId}", NewEquipment(platformId, "Staleton scanner 2"), "\"1\""), HttpStatusCode.PreconditionFailed);
        // Rates are part of the instrument: replacing them is a new version, and a stale If-Match is refused there too.
        var rates = new { rates = new[] { new { category = "Internal", hourlyRate = 10m, validFrom = "2024-01-01" } } };
        using var ratesResponse = await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/equipment/{equipmentId}/rates", rates, "\"2\"");
        Assert.Equal(HttpStatusCode.OK, ratesResponse.StatusCode);
        Assert.Equal("\"3\"", ratesResponse.Headers.ETag?.Tag);
        await ProblemAsync(await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/equipment/{equipmentId}/rates", rates, "\"2\""), HttpStatusCode.PreconditionFailed);
        // An instrument stays on its platform.
        var other = await App.AddPlatformAsync("Staleton other");
        var moved = await FieldErrorsAsync(await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/equipment/{equipmentId}", NewEquipment(other.PlatformId, "Staleton scanner", version: 3)));
        Assert.Contains("stays on its platform", moved["platformId"].Single());
    }

    [Fact]
    public async Task Rate_cards_of_one_category_may_not_overlap_and_the_cards_valid_today_are_the_current_rates()
    {
        var staffClient = await StaffAsync();
        var (platformId, _, _) = await App.AddPlatformAsync("Ratesburg");
        var equipmentId = await App.AddEquipmentAsync(platformId, "Ratesburg cytometer", (UserCategory.Academic, 10m));

        var bad = await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/equipment/{equipmentId}/rates", new
        {
            rates = new object[]
            {
                new { category = "Academic", hourlyRate = -1m, validFrom = "2024-01-01", validTo = "2024-12-31" },
                new { category = "Academic", hourlyRate = 50m, validFrom = "2025-06-01", validTo = "2025-01-01" },
                new { category = "academic", hourlyRate = 60m, validFrom = "2024-07-01" },
                new { category = "Student", hourlyRate = 60.123m, validFrom = "2024-07-01" },
                new { category = "Internal", hourlyRate = 5m },
            },
        });
        var errors = await FieldErrorsAsync(bad);
        Assert.Equal(["rates[0].hourlyRate", "rates[1].validTo", "rates[2].validFrom", "rates[3].category", "rates[3].hourlyRate", "rates[4].validFrom"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Overlaps rates[0]: one category has one rate on any day (Academic).", errors["rates[2].validFrom"].Single());
        Assert.Equal("The last day of validity is before the first.", errors["rates[1].validTo"].Single());
        Assert.Equal("Amounts are in euros to the cent (at most two decimals).", errors["rates[3].hourlyRate"].Single());
        // Nothing was replaced.
        Assert.Equal([10m], await App.WithDbAsync(db => db.RateCards.Where(r => r.EquipmentId == equipmentId).Select(r => r.HourlyRate).ToListAsync(Ct)));

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Biotope.Infrastructure.Texts.Brussels).DateTime);
        var saved = await WriteAsync(staffClient, HttpMethod.Put, $"/api/v1/equipment/{equipmentId}/rates", new
        {
            rates = new object[]
            {
                new { category = "Academic", hourlyRate = 40m, validFrom = "2020-01-01", validTo = today.AddDays(-1).ToString("yyyy-MM-dd") },
                new { category = "Academic", hourlyRate = 45.5m, validFrom = today.ToString("yyyy-MM-dd") },
                new { category = "MemberCompany", hourlyRate = 90m, validFrom = "2020-01-01" },
                new { category = "NonMemberCompany", hourlyRate = 120m, validFrom = today.AddDays(1).ToString("yyyy-MM-dd") },
            },
        }, $"/api/v1/equipment/{equipmentId}");
        Assert.Equal(4, saved.GetArrayLength());
        var details = await App.Client.GetJsonAsync($"/api/v1/equipment/{equipmentId}");
        var current = details.GetProperty("currentRates").EnumerateArray().Select(r => (r.GetProperty("category").GetString(), r.GetProperty("hourlyRate").GetDecimal())).ToList();
        Assert.Equal([("Academic", 45.5m), ("MemberCompany", 90m)], current);
        // Every card, serial and inventory numbers are for the platform's people only.
        Assert.Equal(JsonValueKind.Null, details.GetProperty("allRates").ValueKind);
        Assert.Equal(4, (await staffClient.GetJsonAsync($"/api/v1/equipment/{equipmentId}")).GetProperty("allRates").GetArrayLength());
    }

    [Fact]
    public async Task Closures_are_entered_in_Brussels_time_refuse_the_spring_gap_and_name_the_bookings_they_overlap()
    {
        var (platformId, _, owner) = await App.AddPlatformAsync("Closureton");
        var equipmentId = await App.AddEquipmentAsync(platformId, "Closureton microscope", (UserCategory.Internal, 20m));
        var (manager, _) = await App.ManagerAsync(platformId);
        var (_, bookerId) = await App.PersonAsync(Roles.Member, owner);
        var overlapped = await App.AddBookingAsync(equipmentId, bookerId, owner, "2030-12-24T09:00", "2030-12-24T11:00", BookingStatus.Confirmed, UserCategory.Internal, 20m);
        await App.AddBookingAsync(equipmentId, bookerId, owner, "2030-12-20T09:00", "2030-12-20T11:00", BookingStatus.Confirmed, UserCategory.Internal, 20m);

        var gap = await FieldErrorsAsync(await SendAsync(manager, HttpMethod.Post, $"/api/v1/equipment/{equipmentId}/closures", new { startsAt = "2030-03-31T02:30", endsAt = "2030-04-01T08:00" }));
        Assert.Contains("does not exist in Brussels", gap["startsAt"].Single());
        var backwards = await FieldErrorsAsync(await SendAsync(manager, HttpMethod.Post, $"/api/v1/equipment/{equipmentId}/closures", new { startsAt = "2030-12-24T08:00", endsAt = "2030-12-23T08:00" }));
        Assert.Equal("The closure ends after it starts.", backwards["endsAt"].Single());

        var created = await WriteAsync(manager, HttpMethod.Post, $"/api/v1/equipment/{equipmentId}/closures",
            new { startsAt = "2030-12-24T08:00", endsAt = "2031-01-02T18:00", reason = "Winter holidays" }, $"/api/v1/equipment/{equipmentId}", HttpStatusCode.Created);
        var closure = created.GetProperty("closure");
        Assert.Equal(new DateTimeOffset(2030, 12, 24, 7, 0, 0, TimeSpan.Zero), closure.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2031, 1, 2, 17, 0, 0, TimeSpan.Zero), closure.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal([overlapped], created.GetProperty("overlappingBookingIds").Deserialize<long[]>()!);
        // The booking is not cancelled by the closure.
        Assert.Equal(BookingStatus.Confirmed, await App.WithDbAsync(db => db.Bookings.Where(b => b.Id == overlapped).Select(b => b.Status).SingleAsync(Ct)));

        var closureId = closure.GetProperty("id").GetInt32();
        var listed = (await App.Client.GetJsonAsync($"/api/v1/equipment/{equipmentId}")).GetProperty("closures");
        Assert.Equal("Winter holidays", listed.EnumerateArray().Single().GetProperty("reason").GetString());
        await WriteAsync(manager, HttpMethod.Delete, $"/api/v1/equipment/{equipmentId}/closures/{closureId}", null, $"/api/v1/equipment/{equipmentId}", HttpStatusCode.NoContent);
        await WriteAsync(manager, HttpMethod.Delete, $"/api/v1/equipment/{equipmentId}/closures/{closureId}", null, $"/api/v1/equipment/{equipmentId}", HttpStatusCode.NotFound);
        Assert.Equal(0, (await App.Client.GetJsonAsync($"/api/v1/equipment/{equipmentId}")).GetProperty("closures").GetArrayLength());
    }

    [Fact]
    public async Task Decommissioning_keeps_past_bookings_and_the_list_leaves_decommissioned_instruments_out_unless_asked()
    {
        var staffClient = await StaffAsync();
        var (platformId, _, owner) = await App.AddPlatformAsync("Retireville");
        var kept = await App.AddEquipmentAsync(platformId, "Retireville flow cytometer");
        var retired = await App.AddEquipmentAsync(platformId, "Retireville old scanner", (UserCategory.Internal, 30m));
        var (_, bookerId) = await App.PersonAsync(Roles.Member, owner);
        var past = await App.AddBookingAsync(retired, bookerId, owner, "2025-03-03T09:00", "2025-03-03T10:00", BookingStatus.Confirmed, UserCategory.Internal, 30m);

        var changed = await staffClient.PutJsonAsync($"/api/v1/equipment/{retired}", NewEquipment(platformId, "Retireville old scanner", "decommissioned", version: 1));
        Assert.Equal("Decommissioned", changed.GetProperty("status").GetString());
        Assert.True(await App.WithDbAsync(db => db.Bookings.AnyAsync(b => b.Id == past && b.Status == BookingStatus.Confirmed, Ct)));

        async Task<List<string>> NamesAsync(string query) =>
            [.. (await App.Client.GetJsonAsync($"/api/v1/equipment?platform={platformId}{query}")).EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];
        Assert.Equal(["Retireville flow cytometer"], await NamesAsync(""));
        Assert.Equal(["Retireville old scanner"], await NamesAsync("&status=Decommissioned"));
        Assert.Equal(["Retireville flow cytometer"], await NamesAsync("&modality=mri"));
        Assert.Equal(["Retireville old scanner"], await NamesAsync("&modality=MRI&status=decommissioned"));
        Assert.Empty(await NamesAsync("&modality=Flow%20cytometer"));
        var errors = await FieldErrorsAsync(await App.Client.GetAsync($"/api/v1/equipment?modality=Telescope&status=Lost", Ct));
        Assert.Equal(["modality", "status"], errors.Keys.Order(StringComparer.Ordinal));

        // The platform's public page data leave it out too; its managers still see it.
        Assert.Equal([kept], (await App.Client.GetJsonAsync($"/api/v1/platforms/{platformId}")).GetProperty("equipment").EnumerateArray().Select(e => e.GetProperty("id").GetInt32()));
        Assert.Equal(2, (await staffClient.GetJsonAsync($"/api/v1/platforms/{platformId}")).GetProperty("equipment").GetArrayLength());
    }

    [Fact]
    public async Task Staff_name_managers_by_id_or_email_who_get_the_role_and_the_right_to_run_the_platform()
    {
        var staffClient = await StaffAsync();
        var (platformId, _, owner) = await App.AddPlatformAsync("Managerton");
        var (researcherEmail, researcherPassword) = await App.CreateUserAsync(Roles.Member, owner);
        var researcher = await TokenClientAsync(researcherEmail, researcherPassword);
        var researcherId = await App.WithDbAsync(db => db.Users.Where(u => u.Email == researcherEmail).Select(u => u.Id).SingleAsync(Ct));
        var (_, trainerId) = await App.PersonAsync(Roles.Trainer);

        var unknown = await FieldErrorsAsync(await SendAsync(staffClient, HttpMethod.Put, $"/api/v1/platforms/{platformId}/managers",
            new { managers = new[] { researcherEmail, "nobody@example.org" } }));
        Assert.Equal(["managers[1]"], unknown.Keys);
        Assert.StartsWith("No account has the id or e-mail 'nobody@example.org'.", unknown["managers[1]"].Single());

        // Before: the researcher is refused; being named gives a role, which ends the old token (ADR 018); a new sign-in runs the platform.
        await ProblemAsync(await SendAsync(researcher, HttpMethod.Put, $"/api/v1/platforms/{platformId}", NewPlatform("Managerton", owner, version: 1)), HttpStatusCode.Forbidden);
        var managers = await WriteAsync(staffClient, HttpMethod.Put, $"/api/v1/platforms/{platformId}/managers", new { managers = new[] { researcherEmail.ToUpperInvariant(), trainerId } }, $"/api/v1/platforms/{platformId}");
        Assert.Equal(new[] { researcherId, trainerId }.Order(StringComparer.Ordinal), managers.EnumerateArray().Select(m => m.GetProperty("userId").GetString()!).Order(StringComparer.Ordinal));
        await ProblemAsync(await SendAsync(researcher, HttpMethod.Put, $"/api/v1/platforms/{platformId}", NewPlatform("Managerton", owner, version: 2)), HttpStatusCode.Unauthorized);
        researcher = await TokenClientAsync(researcherEmail, researcherPassword);
        await researcher.PutJsonAsync($"/api/v1/platforms/{platformId}", NewPlatform("Managerton", owner, version: 2));
        var roles = await App.WithDbAsync(db => (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == researcherId select r.Name).ToListAsync(Ct));
        Assert.Equal(["Member", "PlatformManager"], roles.Order(StringComparer.Ordinal));

        // The managers are shown to staff and managers only.
        Assert.Equal(JsonValueKind.Null, (await App.Client.GetJsonAsync($"/api/v1/platforms/{platformId}")).GetProperty("managers").ValueKind);
        Assert.Equal(2, (await researcher.GetJsonAsync($"/api/v1/platforms/{platformId}")).GetProperty("managers").GetArrayLength());

        // Replacing the list unbinds: the researcher keeps the role but no longer runs the platform.
        await WriteAsync(staffClient, HttpMethod.Put, $"/api/v1/platforms/{platformId}/managers", new { managers = new[] { trainerId } }, $"/api/v1/platforms/{platformId}");
        await ProblemAsync(await SendAsync(researcher, HttpMethod.Put, $"/api/v1/platforms/{platformId}", NewPlatform("Managerton", owner, version: 4)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_demo_platforms_are_listed_with_their_owner_instruments_rates_and_catalogue()
    {
        var platforms = await App.Client.GetJsonAsync("/api/v1/platforms");
        var imaging = platforms.EnumerateArray().Single(p => p.GetProperty("slug").GetString() == "hainaut-biomed-imaging-centre");
        var immune = platforms.EnumerateArray().Single(p => p.GetProperty("slug").GetString() == "immunehealth");
        Assert.Equal("hainaut-biomed-imaging-centre", imaging.GetProperty("owner").GetProperty("slug").GetString());
        Assert.Equal("immunehealth", immune.GetProperty("owner").GetProperty("slug").GetString());
        Assert.Equal(4, imaging.GetProperty("instrumentCount").GetInt32());
        Assert.Equal(2, immune.GetProperty("instrumentCount").GetInt32());
        Assert.Equal(3, immune.GetProperty("serviceOfferingCount").GetInt32());
        Assert.True(imaging.GetProperty("illustrative").GetBoolean());
        Assert.Equal(0, imaging.GetProperty("qualityStandards").GetArrayLength());

        var details = await App.Client.GetJsonAsync($"/api/v1/platforms/{imaging.GetProperty("id").GetInt32()}");
        var mri = details.GetProperty("equipment").EnumerateArray().Single(e => e.GetProperty("modality").GetString() == "MRI");
        Assert.Equal("mri-safety-and-operation", mri.GetProperty("requiredModule").GetProperty("slug").GetString());
        var petCt = details.GetProperty("equipment").EnumerateArray().Single(e => e.GetProperty("modality").GetString() == "PET-CT");
        Assert.True(petCt.GetProperty("approvalRequired").GetBoolean());
        var mriDetails = await App.Client.GetJsonAsync($"/api/v1/equipment/{mri.GetProperty("id").GetInt32()}");
        Assert.Equal(["Academic", "MemberCompany", "NonMemberCompany", "Internal"], mriDetails.GetProperty("currentRates").EnumerateArray().Select(r => r.GetProperty("category").GetString()));
        Assert.Equal(5, mriDetails.GetProperty("rules").GetProperty("openingHours").GetArrayLength());

        // The demo manager runs both platforms; the demo researcher is a member of the Université de Mons.
        var bound = await App.WithDbAsync(db => (from m in db.PlatformManagers
                                                 join u in db.Users on m.UserId equals u.Id
                                                 where u.Email == DemoAccounts.ManagerEmail
                                                 select m.PlatformId).CountAsync(Ct));
        Assert.Equal(2, bound);
        var researcherOrganization = await App.WithDbAsync(db => db.Users.Where(u => u.Email == DemoAccounts.ResearcherEmail).Select(u => u.OrganizationId).SingleAsync(Ct));
        Assert.Equal(await App.IdOfAsync("umons"), researcherOrganization);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_platform_and_statement_endpoints()
    {
        using var document = JsonDocument.Parse(await App.Client.GetStringAsync("/openapi/v1.json", Ct));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (path, method, tag) in new[]
        {
            ("/api/v1/platforms", "get", "Platforms"), ("/api/v1/platforms", "post", "Platforms"), ("/api/v1/platforms/{id}", "put", "Platforms"),
            ("/api/v1/platforms/{id}/managers", "put", "Platforms"), ("/api/v1/equipment", "get", "Platforms"), ("/api/v1/equipment/{id}/rates", "put", "Platforms"),
            ("/api/v1/equipment/{id}/closures", "post", "Platforms"), ("/api/v1/equipment/{id}/closures/{closureId}", "delete", "Platforms"),
            ("/api/v1/statements", "get", "Statements"), ("/api/v1/statements.csv", "get", "Statements"),
        })
        {
            Assert.True(paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out _), $"{method} {path} is not documented");
            Assert.Equal(tag, item.GetProperty(method).GetProperty("tags")[0].GetString());
        }
        var put = paths.GetProperty("/api/v1/equipment/{id}").GetProperty("put").GetProperty("responses");
        foreach (var status in new[] { "400", "401", "403", "404", "409", "412", "428" }) Assert.True(put.TryGetProperty(status, out _), $"PUT /equipment/{{id}} does not document {status}");
    }
}

public sealed class SqlitePlatformsApiTests(SqliteAppFixture fixture) : PlatformsApiContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresPlatformsApiTests(PostgresAppFixture fixture) : PlatformsApiContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}
