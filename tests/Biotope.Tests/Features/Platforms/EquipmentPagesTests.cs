using System.Net;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Features.Platforms;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Biotope.Tests.Features.Platforms.PlatformsKit;

namespace Biotope.Tests.Features.Platforms;

/// <summary>The platform and instrument pages over plain HTTP (no JavaScript): what visitors see and how managers edit an instrument.</summary>
public sealed partial class EquipmentPagesTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private async Task<(HttpClient Client, int PlatformId, int EquipmentId, string Slug)> ManagerWithInstrumentAsync(string name)
    {
        var (platformId, slug, _) = await App.AddPlatformAsync(name);
        var equipmentId = await App.AddEquipmentAsync(platformId, name + " scanner", (UserCategory.Academic, 100m));
        var (email, password) = await App.CreateUserAsync(Roles.PlatformManager);
        await App.WithDbAsync(async db =>
        {
            db.PlatformManagers.Add(new PlatformManager { PlatformId = platformId, UserId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct) });
            return await db.SaveChangesAsync(Ct);
        });
        return (await Pages.SignedInAsync(App, email, password), platformId, equipmentId, slug);
    }

    /// <summary>The edit form's fields as the page renders them, so a post changes only what the test sets.</summary>
    private static Dictionary<string, string> FormOf(string html)
    {
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryToken().Match(html).Groups[1].Value };
        foreach (Match input in Regex.Matches(html, "<input[^>]*>"))
        {
            var tag = input.Value;
            var name = Regex.Match(tag, "name=\"([^\"]+)\"").Groups[1].Value;
            if (!name.StartsWith("Form.", StringComparison.Ordinal)) continue;
            var value = WebUtility.HtmlDecode(Regex.Match(tag, "value=\"([^\"]*)\"").Groups[1].Value);
            if (tag.Contains("type=\"checkbox\"", StringComparison.Ordinal)) { if (tag.Contains("checked", StringComparison.Ordinal)) fields[name] = value; }
            else fields[name] = value;
        }
        foreach (Match select in Regex.Matches(html, "<select[^>]*name=\"(Form\\.[^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline))
            fields[select.Groups[1].Value] = WebUtility.HtmlDecode(Regex.Match(select.Groups[2].Value, "<option value=\"([^\"]*)\" selected").Groups[1].Value);
        return fields;
    }

    [Fact]
    public async Task A_manager_changes_the_status_and_opening_hours_and_a_bad_time_is_answered_next_to_its_day()
    {
        var (manager, _, equipmentId, _) = await ManagerWithInstrumentAsync("Formville");
        var form = FormOf(await Pages.GetAsync(manager, $"/equipment/{equipmentId}/edit", "en"));
        Assert.Equal("true", form["Form.Days[0].Open"]);
        Assert.False(form.ContainsKey("Form.Days[5].Open"));

        form["Form.Status"] = "Maintenance";
        form["Form.SlotMinutes"] = "15";
        form["Form.Days[5].Open"] = "true";
        form["Form.Days[5].Opens"] = "09:00";
        form["Form.Days[5].Closes"] = "12:30";
        var saved = await manager.PostAsync($"/equipment/{equipmentId}/edit", new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var equipment = await App.WithDbAsync(db => db.Equipment.AsNoTracking().SingleAsync(e => e.Id == equipmentId, Ct));
        Assert.Equal((EquipmentStatus.Maintenance, 15, 2), (equipment.Status, equipment.Rules.SlotMinutes, equipment.Version));
        var saturday = equipment.Rules.OpeningHours.Single(h => h.Day == DayOfWeek.Saturday);
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(12, 30)), (saturday.Opens, saturday.Closes));

        // The instrument page says it is under maintenance and offers no booking.
        var page = await Pages.GetAsync(App.Client, $"/equipment/{equipmentId}", "fr");
        Assert.Contains("En maintenance : cet instrument ne peut pas être réservé pour l'instant.", PlatformsKit.Plain(page));
        Assert.DoesNotContain($"/equipment/{equipmentId}/availability", page);

        // Tuesday closing before it opens: 400, the message by Tuesday's closing time, in French.
        form = FormOf(await Pages.GetAsync(manager, $"/equipment/{equipmentId}/edit", "fr"));
        form["Form.Days[1].Opens"] = "14:00";
        form["Form.Days[1].Closes"] = "10:00";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/equipment/{equipmentId}/edit") { Content = new FormUrlEncodedContent(form) };
        request.Headers.AcceptLanguage.ParseAdd("fr");
        var refused = await manager.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
        Assert.Contains("id=\"err-hours-1-closes\"", html);
        Assert.Contains("L'heure de fermeture est après l'heure d'ouverture.", html);
        Assert.Contains("aria-describedby=\"err-hours-1-closes\"", html);

        // A stale form is not saved over someone else's change.
        form = FormOf(await Pages.GetAsync(manager, $"/equipment/{equipmentId}/edit", "en"));
        await App.WithDbAsync(async db =>
        {
            var e = await db.Equipment.SingleAsync(x => x.Id == equipmentId, Ct);
            e.Name = "Renamed meanwhile";
            return await db.SaveChangesAsync(Ct);
        });
        form["Form.BufferMinutes"] = "45";
        var conflict = await manager.PostAsync($"/equipment/{equipmentId}/edit", new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("Quelqu'un d'autre a enregistré cet instrument", WebUtility.HtmlDecode(await conflict.Content.ReadAsStringAsync(Ct)));
        Assert.Equal("Renamed meanwhile", await App.WithDbAsync(db => db.Equipment.Where(e => e.Id == equipmentId).Select(e => e.Name).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Only_the_platforms_managers_and_staff_open_the_form_and_see_the_manager_links()
    {
        var (manager, _, equipmentId, slug) = await ManagerWithInstrumentAsync("Gateville");
        var (otherEmail, otherPassword) = await App.CreateUserAsync(Roles.PlatformManager);
        var other = await Pages.SignedInAsync(App, otherEmail, otherPassword);
        var denied = await other.GetAsync($"/equipment/{equipmentId}/edit", Ct);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("/account/denied", denied.Headers.Location?.AbsolutePath);

        var visitor = await Pages.GetAsync(App.Client, $"/platforms/{slug}", "en");
        Assert.DoesNotContain("/bookings/manage", visitor);
        Assert.DoesNotContain($"/platforms/{slug}/statements", visitor);
        var own = await Pages.GetAsync(manager, $"/platforms/{slug}", "en");
        Assert.Contains("href=\"/bookings/manage\"", own);
        Assert.Contains($"href=\"/platforms/{slug}/statements\"", own);
        Assert.Contains($"href=\"/equipment/{equipmentId}/edit\"", await Pages.GetAsync(manager, $"/equipment/{equipmentId}", "en"));
        Assert.DoesNotContain($"/equipment/{equipmentId}/edit", await Pages.GetAsync(App.Client, $"/equipment/{equipmentId}", "en"));
    }

    [Fact]
    public async Task An_unknown_platform_or_instrument_is_a_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client.GetAsync("/platforms/no-such-platform", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client.GetAsync("/equipment/987654", Ct)).StatusCode);
    }
}
