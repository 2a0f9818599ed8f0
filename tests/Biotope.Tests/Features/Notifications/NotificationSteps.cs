using System.Net.Http.Json;
using Biotope.Features.Notifications;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Notifications;

/// <summary>A signed-in account for the notification tests: its API client, its id and its e-mail address.</summary>
public sealed record SignedIn(HttpClient Client, string UserId, string Email, string Password);

internal static class NotificationSteps
{
    public static Task<string> UserIdAsync(this TestApp app, string email) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    /// <summary>Some organization of the demo data, for accounts that must belong to one (members).</summary>
    public static Task<int> AnyOrganizationAsync(this TestApp app) =>
        app.WithDbAsync(db => db.Organizations.OrderBy(o => o.Id).Select(o => o.Id).FirstAsync());

    /// <summary>A new account with <paramref name="role"/>, and a client carrying its bearer token.</summary>
    public static async Task<SignedIn> SignInAsync(this TestApp app, string role, int? organizationId = null)
    {
        var (email, password) = await app.CreateUserAsync(role, organizationId);
        var response = await app.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
        return new SignedIn(app.NewClient(token), await app.UserIdAsync(email), email, password);
    }

    /// <summary>Notifies users the way features do: through <see cref="Notifier"/>, saved with SaveChanges.</summary>
    public static Task NotifyAsync(this TestApp app, IEnumerable<string> userIds, Message message) =>
        app.WithDbAsync(async db =>
        {
            await new Notifier(db, TimeProvider.System).ToUsersAsync(userIds, message);
            return await db.SaveChangesAsync();
        });

    /// <summary>A message whose texts say which language they are in, so a test can tell which one it got.</summary>
    public static Message Bilingual(string name, string? link = null) => new("test", $"EN subject {name}", $"Objet FR {name} à voir",
        $"EN body {name}", $"Corps FR {name} : détails", link);

    private sealed record TokenResponse(string AccessToken);
}
