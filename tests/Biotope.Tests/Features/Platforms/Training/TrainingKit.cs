using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Features.Platforms.Training;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Platforms.Training;

/// <summary>A signed-in person for API tests: their bearer client, account id and e-mail address.</summary>
public sealed record Person(HttpClient Client, string UserId, string Email, string Password);

/// <summary>Training test data: platforms and instruments straight into the database, people with tokens, modules and sessions through the API.</summary>
public static class TrainingKit
{
    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A new account with one role; members and member admins get an organization of their own (they need one).</summary>
    public static async Task<Person> PersonAsync(this TestApp app, string role, int? organizationId = null)
    {
        if (organizationId is null && role is Roles.Member or Roles.MemberAdmin)
            organizationId = await app.AddOrganizationAsync("Trainee lab " + Guid.NewGuid().ToString("N")[..6], OrganizationType.Sme, "BE323");
        var (email, password) = await app.CreateUserAsync(role, organizationId);
        var response = await app.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString()!;
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return new Person(app.NewClient(token), userId, email, password);
    }

    /// <summary>A platform owned by a new organization.</summary>
    public static async Task<int> AddPlatformAsync(this TestApp app, string name)
    {
        var owner = await app.AddOrganizationAsync(name + " owner", OrganizationType.ResearchInstitute, "BE323");
        return await app.WithDbAsync(async db =>
        {
            var platform = new Platform { Slug = "p-" + Guid.NewGuid().ToString("N")[..10], NameEn = name, NameFr = name + " (fr)", OwnerOrganizationId = owner };
            db.Platforms.Add(platform);
            await db.SaveChangesAsync();
            return platform.Id;
        });
    }

    public static Task AddManagerAsync(this TestApp app, int platformId, string userId) => app.WithDbAsync(async db =>
    {
        db.PlatformManagers.Add(new PlatformManager { PlatformId = platformId, UserId = userId });
        return await db.SaveChangesAsync();
    });

    public static Task<int> AddEquipmentAsync(this TestApp app, int platformId, string name, int? requiredModuleId, EquipmentStatus status = EquipmentStatus.Active) => app.WithDbAsync(async db =>
    {
        var equipment = new Equipment { PlatformId = platformId, Name = name, RequiredModuleId = requiredModuleId, Status = status };
        db.Equipment.Add(equipment);
        await db.SaveChangesAsync();
        return equipment.Id;
    });

    public static async Task<JsonElement> AddModuleAsync(this HttpClient client, string title, int? validityMonths = 12, int? platformId = null, HttpStatusCode expected = HttpStatusCode.Created) =>
        await client.PostJsonAsync("/api/v1/training/modules", new
        {
            slug = $"{Biotope.Features.Organizations.Search.TextNormalizer.Slug(title)}-{Guid.NewGuid().ToString("N")[..6]}",
            titleEn = title,
            titleFr = title + " (FR)",
            descriptionEn = $"About {title}.",
            descriptionFr = $"À propos de {title}.",
            validityMonths,
            platformId,
        }, expected);

    public static object SessionBody(string startsAt, string endsAt, int capacity = 8, string language = "fr", string? trainerUserId = null, string place = "Training room") =>
        new { startsAt, endsAt, place, capacity, language, trainerUserId, trainerName = trainerUserId is null ? null : "Dr Trainer" };

    public static async Task<int> AddSessionAsync(this HttpClient client, int moduleId, string startsAt, string endsAt, int capacity = 8, string? trainerUserId = null, string language = "fr") =>
        (await client.PostJsonAsync($"/api/v1/training/modules/{moduleId}/sessions", SessionBody(startsAt, endsAt, capacity, language, trainerUserId), HttpStatusCode.Created)).GetProperty("id").GetInt32();

    public static Task<JsonElement> EnrolAsync(this Person person, int sessionId, HttpStatusCode expected = HttpStatusCode.Created) =>
        person.Client.PostJsonAsync($"/api/v1/training/sessions/{sessionId}/enrolments", null, expected);

    public static Task<JsonElement> CancelPlaceAsync(this Person person, int sessionId, HttpStatusCode expected = HttpStatusCode.OK) =>
        person.Client.SendAsync(HttpMethod.Delete, $"/api/v1/training/sessions/{sessionId}/enrolments/me", null, expected);

    public static Task<JsonElement> AttendanceAsync(this Person person, int sessionId, object marks, HttpStatusCode expected = HttpStatusCode.OK) =>
        person.Client.PutCurrentAsync($"/api/v1/training/sessions/{sessionId}/attendance", marks, expected);

    /// <summary>The notifications of one kind a user received, oldest first.</summary>
    public static Task<List<Biotope.Features.Notifications.Notification>> NotificationsAsync(this TestApp app, string userId, string kind) =>
        app.WithDbAsync(db => db.Notifications.AsNoTracking().Where(n => n.UserId == userId && n.Kind == kind).OrderBy(n => n.Id).ToListAsync());

    public static async Task<int> SendRemindersAsync(this TestApp app, DateTimeOffset now)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CertificateReminders>().SendDueAsync(now, TestContext.Current.CancellationToken);
    }
}

public sealed class TrainingSqliteFixture() : ClockedSqliteFixture(TrainingKit.Utc("2026-10-01T08:00:00Z"));

public sealed class TrainingPostgresFixture(PostgresServer server) : ClockedPostgresFixture(server, TrainingKit.Utc("2026-10-01T08:00:00Z"));
