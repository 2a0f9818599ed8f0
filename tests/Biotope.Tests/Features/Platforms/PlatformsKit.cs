using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Platforms;

/// <summary>Platform test data written straight to the database (platforms, instruments, rates, bookings), and the people who use them.</summary>
public static class PlatformsKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A JSON request answered in <paramref name="language"/> (Accept-Language): problems come back in that language.</summary>
    public static async Task<JsonElement> SendInAsync(this HttpClient client, string language, HttpMethod method, string url, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> PostInAsync(this HttpClient client, string language, string url, object? body, HttpStatusCode expected = HttpStatusCode.OK) =>
        client.SendInAsync(language, HttpMethod.Post, url, body, expected);

    /// <summary>The stable code of a problem ("booking.start.past").</summary>
    public static string Code(JsonElement problem) => problem.GetProperty("code").GetString()!;

    /// <summary>The codes of one field's errors.</summary>
    public static string[] ErrorCodes(JsonElement problem, string field) =>
        problem.GetProperty("errorCodes").TryGetProperty(field, out var codes) ? [.. codes.EnumerateArray().Select(c => c.GetString()!)] : [];

    /// <summary>The messages of one field's errors, in the language asked for.</summary>
    public static string[] FieldMessages(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var messages) ? [.. messages.EnumerateArray().Select(m => m.GetString()!)] : [];

    /// <summary>French typography's no-break spaces as plain spaces, for comparing with typed text.</summary>
    public static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    /// <summary>A platform owned by a new organization of its own, named after <paramref name="name"/>.</summary>
    public static async Task<(int PlatformId, string Slug, int OwnerId)> AddPlatformAsync(this TestApp app, string name)
    {
        var owner = await app.AddOrganizationAsync(name + " owner", OrganizationType.ServiceProvider, "BE323");
        return await app.WithDbAsync(async db =>
        {
            var platform = new Platform { Slug = Slug(name), NameEn = name, NameFr = name + " (fr)", OwnerOrganizationId = owner };
            db.Platforms.Add(platform);
            await db.SaveChangesAsync(Ct);
            return (platform.Id, platform.Slug, owner);
        });
    }

    /// <summary>An active instrument open Monday to Friday 08:00–18:00 with the given rate cards (valid from 2020 on).</summary>
    public static Task<int> AddEquipmentAsync(this TestApp app, int platformId, string name, params (UserCategory Category, decimal Rate)[] rates) =>
        app.WithDbAsync(async db =>
        {
            var equipment = new Equipment
            {
                PlatformId = platformId,
                Name = name,
                Modality = "MRI",
                Rules = new BookingRules
                {
                    OpeningHours = [.. PlatformFormat.Week.Take(5).Select(d => new OpeningHours { Day = d, Opens = new TimeOnly(8, 0), Closes = new TimeOnly(18, 0) })],
                },
                Rates = [.. rates.Select(r => new RateCard { Category = r.Category, HourlyRate = r.Rate, ValidFrom = new DateOnly(2020, 1, 1) })],
            };
            db.Equipment.Add(equipment);
            await db.SaveChangesAsync(Ct);
            return equipment.Id;
        });

    /// <summary>
    /// A booking as the booking engine would store it: times in Brussels local time, price frozen from the rate,
    /// a cancellation charge for cancelled ones, check-in and check-out when given.
    /// </summary>
    public static Task<long> AddBookingAsync(this TestApp app, int equipmentId, string userId, int organizationId, string startsLocal, string endsLocal,
        BookingStatus status, UserCategory category, decimal hourlyRate, decimal cancellationCharge = 0, string? checkedIn = null, string? checkedOut = null) =>
        app.WithDbAsync(async db =>
        {
            var start = Local(startsLocal);
            var end = Local(endsLocal);
            var booking = new Booking
            {
                EquipmentId = equipmentId,
                UserId = userId,
                OrganizationId = organizationId,
                StartsAt = start,
                EndsAt = end,
                BlockedUntil = end,
                Status = status,
                Category = category,
                HourlyRate = hourlyRate,
                Price = Pricing.Price(start, end, hourlyRate),
                CancellationCharge = cancellationCharge,
                CancelledAt = status == BookingStatus.Cancelled ? start.AddHours(-1) : null,
                CheckedInAt = checkedIn is null ? null : Local(checkedIn),
                CheckedOutAt = checkedOut is null ? null : Local(checkedOut),
            };
            db.Bookings.Add(booking);
            await db.SaveChangesAsync(Ct);
            return booking.Id;
        });

    /// <summary>A Brussels local time ("2026-11-03T09:00") as the UTC instant; the first one in the autumn overlap.</summary>
    public static DateTimeOffset Local(string text)
    {
        Assert.True(BrusselsTime.TryParse(text, out var utc, out var error), error);
        return utc;
    }

    /// <summary>A new account with a bearer-token client, and its user id.</summary>
    public static async Task<(HttpClient Client, string UserId)> PersonAsync(this TestApp app, string role, int? organizationId = null)
    {
        var (email, password) = await app.CreateUserAsync(role, organizationId);
        var response = await app.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, Ct);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString()!;
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct));
        return (app.NewClient(token), id);
    }

    /// <summary>A platform manager bound to <paramref name="platformId"/>.</summary>
    public static async Task<(HttpClient Client, string UserId)> ManagerAsync(this TestApp app, int platformId)
    {
        var manager = await app.PersonAsync(Roles.PlatformManager);
        await app.WithDbAsync(async db =>
        {
            db.PlatformManagers.Add(new PlatformManager { PlatformId = platformId, UserId = manager.UserId });
            return await db.SaveChangesAsync(Ct);
        });
        return manager;
    }

    private static string Slug(string name) => Biotope.Features.Organizations.Search.TextNormalizer.Slug(name) + "-" + Guid.NewGuid().ToString("N")[..6];
}

/// <summary>Page requests as a browser without JavaScript makes them: cookies, the sign-in form, no redirects followed.</summary>
public static class Pages
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<HttpClient> SignedInAsync(TestApp app, string email, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var login = await client.GetStringAsync("/account/login", Ct);
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<string> GetAsync(HttpClient client, string path, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await client.SendAsync(request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
    }
}
