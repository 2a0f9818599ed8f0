using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Notifications;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Notifications;

/// <summary>The notifications API, asserted identically on SQLite and on PostgreSQL (the two subclasses below).</summary>
public abstract class NotificationsApiContract
{
    protected abstract TestApp App { get; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(Json, Ct))!;
    }

    private static async Task<NotificationListResponse> ListAsync(HttpClient client, string query = "", string language = "en")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/notifications" + query);
        request.Headers.AcceptLanguage.ParseAdd(language);
        return await ReadAsync<NotificationListResponse>(await client.SendAsync(request, Ct));
    }

    private static async Task<int> UnreadAsync(HttpClient client) =>
        (await ReadAsync<UnreadCountResponse>(await client.GetAsync("/api/v1/notifications/unread-count", Ct))).Unread;

    /// <summary>A member with three notifications, written one after the other (oldest first).</summary>
    private async Task<SignedIn> MemberWithThreeAsync()
    {
        var member = await App.SignInAsync(Roles.Member, await App.AnyOrganizationAsync());
        foreach (var name in new[] { "one", "two", "three" })
            await App.NotifyAsync([member.UserId], NotificationSteps.Bilingual(name, $"/organizations?q={name}"));
        return member;
    }

    [Fact]
    public async Task The_list_is_newest_first_in_the_requested_language()
    {
        var member = await MemberWithThreeAsync();

        var english = await ListAsync(member.Client, language: "en");
        Assert.Equal(["EN subject three", "EN subject two", "EN subject one"], english.Items.Select(n => n.Subject));
        Assert.Equal("EN body three", english.Items[0].Body);
        Assert.Equal("/organizations?q=three", english.Items[0].Link);
        Assert.All(english.Items, n => Assert.False(n.Read));
        Assert.All(english.Items, n => Assert.True(n.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal((3, 3, 1, 20), (english.Total, english.Unread, english.Page, english.PageSize));

        var french = await ListAsync(member.Client, language: "fr-BE");
        Assert.Equal(["Objet FR three à voir", "Objet FR two à voir", "Objet FR one à voir"], french.Items.Select(n => n.Subject));
        Assert.Equal("Corps FR three : détails", french.Items[0].Body);
    }

    [Fact]
    public async Task The_list_is_paged()
    {
        var member = await MemberWithThreeAsync();

        var first = await ListAsync(member.Client, "?pageSize=2");
        var second = await ListAsync(member.Client, "?pageSize=2&page=2");

        Assert.Equal(["EN subject three", "EN subject two"], first.Items.Select(n => n.Subject));
        Assert.Equal(["EN subject one"], second.Items.Select(n => n.Subject));
        Assert.Equal(3, second.Total);
        var invalid = await member.Client.GetAsync("/api/v1/notifications?pageSize=500", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Marking_one_read_changes_the_filter_and_the_count()
    {
        var member = await MemberWithThreeAsync();
        var two = (await ListAsync(member.Client)).Items.Single(n => n.Subject == "EN subject two");
        Assert.Equal(3, await UnreadAsync(member.Client));

        var marked = await ReadAsync<NotificationDto>(await member.Client.PostAsync($"/api/v1/notifications/{two.Id}/read", null, Ct));
        Assert.True(marked.Read);
        Assert.NotNull(marked.ReadAt);
        // Again: harmless, and the first reading time stays.
        var again = await ReadAsync<NotificationDto>(await member.Client.PostAsync($"/api/v1/notifications/{two.Id}/read", null, Ct));
        Assert.Equal(marked.ReadAt, again.ReadAt);

        Assert.Equal(2, await UnreadAsync(member.Client));
        var unread = await ListAsync(member.Client, "?unreadOnly=true");
        Assert.Equal(["EN subject three", "EN subject one"], unread.Items.Select(n => n.Subject));
        Assert.Equal((2, 2), (unread.Total, unread.Unread));
        var all = await ListAsync(member.Client, "?unreadOnly=false");
        Assert.Equal(3, all.Total);
        Assert.True(all.Items.Single(n => n.Id == two.Id).Read);
    }

    [Fact]
    public async Task Read_all_marks_only_the_callers_notifications()
    {
        var member = await MemberWithThreeAsync();
        var other = await MemberWithThreeAsync();

        var result = await ReadAsync<MarkedReadResponse>(await member.Client.PostAsync("/api/v1/notifications/read-all", null, Ct));

        Assert.Equal(3, result.Marked);
        Assert.Equal(0, await UnreadAsync(member.Client));
        Assert.Empty((await ListAsync(member.Client, "?unreadOnly=true")).Items);
        Assert.All((await ListAsync(member.Client)).Items, n => Assert.True(n.Read));
        Assert.Equal(3, await UnreadAsync(other.Client));
        Assert.Equal(0, (await ReadAsync<MarkedReadResponse>(await member.Client.PostAsync("/api/v1/notifications/read-all", null, Ct))).Marked);
    }

    [Fact]
    public async Task Another_users_notification_is_not_found_and_stays_unread()
    {
        var owner = await MemberWithThreeAsync();
        var stranger = await App.SignInAsync(Roles.ClusterStaff);
        var id = (await ListAsync(owner.Client)).Items[0].Id;

        var response = await stranger.Client.PostAsync($"/api/v1/notifications/{id}/read", null, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, await UnreadAsync(owner.Client));
        Assert.DoesNotContain((await ListAsync(stranger.Client)).Items, n => n.Id == id);
        var missing = await owner.Client.PostAsync("/api/v1/notifications/999999999/read", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/v1/notifications")]
    [InlineData("GET", "/api/v1/notifications/unread-count")]
    [InlineData("POST", "/api/v1/notifications/1/read")]
    [InlineData("POST", "/api/v1/notifications/read-all")]
    public async Task Anonymous_callers_get_401(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        var response = await App.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_endpoints_are_in_the_OpenAPI_document()
    {
        var paths = (await App.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct)).GetProperty("paths");
        foreach (var path in new[] { "/api/v1/notifications", "/api/v1/notifications/unread-count", "/api/v1/notifications/{id}/read", "/api/v1/notifications/read-all" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing");
    }

    [Fact]
    public async Task Notifications_go_when_their_user_is_deleted()
    {
        var member = await MemberWithThreeAsync();
        await App.WithDbAsync(async db => await db.Users.Where(u => u.Id == member.UserId).ExecuteDeleteAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == member.UserId)));
    }
}

public sealed class SqliteNotificationsApiTests(SqliteAppFixture fixture) : NotificationsApiContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresNotificationsApiTests(PostgresAppFixture fixture) : NotificationsApiContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}
