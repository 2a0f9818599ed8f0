using System.Net;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Features.Audit;
using Biotope.Tests.Browser;
using Biotope.Tests.Features.Notifications;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Audit;

/// <summary>
/// The audit log's filters as staff use them through the page, on both databases: kind of record and record, person (e-mail or
/// name, in part), Brussels dates across the change to summer time, paging that keeps the filters, field errors for bad input.
/// </summary>
public abstract partial class AuditLogContract
{
    protected abstract TestApp App { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("""<tr role="row" class="audit-entry">""")]
    private static partial Regex EntryRow();

    [GeneratedRegex("""href="(/audit\?[^"]*before=\d+)" rel="next""")]
    private static partial Regex OlderLink();

    /// <summary>Writes entries as if <paramref name="email"/> had made them, each at its time, on a record of its own.</summary>
    private async Task AddEntriesAsync(string email, string entityType, params (string Id, DateTimeOffset At)[] entries) =>
        await App.WithDbAsync(async db =>
        {
            foreach (var (id, at) in entries)
                db.AuditEntries.Add(new AuditEntry { At = at, UserEmail = email, EntityType = entityType, EntityId = id, Action = "Modified", Before = """{"Name":"before"}""", After = """{"Name":"after"}""" });
            return await db.SaveChangesAsync(Ct);
        });

    private async Task<HttpClient> StaffAsync(string culture = "fr")
    {
        var staff = await App.CreateUserAsync(Roles.ClusterStaff);
        return await App.PageClientAsync(staff.Email, staff.Password, culture);
    }

    private static async Task<string> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // French typography's no-break spaces read as spaces here.
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)).Replace('\u00a0', ' ').Replace('\u202f', ' ');
    }

    private static int Rows(string html) => EntryRow().Count(html);

    [Fact]
    public async Task An_entry_at_23_30_on_the_last_Sunday_of_March_belongs_to_that_Brussels_date()
    {
        var person = $"dst-{Guid.NewGuid():N}@test.biotope.be";
        await AddEntriesAsync(person, "Call",
            ("1", Utc("2026-03-28T22:30:00Z")), // Saturday 28 March, 23:30 in Brussels (winter time, UTC+1)
            ("2", Utc("2026-03-28T23:30:00Z")), // Sunday 29 March, 00:30 (still winter time)
            ("3", Utc("2026-03-29T21:30:00Z")), // Sunday 29 March, 23:30 (summer time since 03:00, UTC+2)
            ("4", Utc("2026-03-29T22:30:00Z"))); // Monday 30 March, 00:30
        using var client = await StaffAsync();
        var who = Uri.EscapeDataString(person);

        var sunday = await ReadAsync(client, $"/audit?person={who}&from=2026-03-29&to=2026-03-29");
        Assert.Equal(2, Rows(sunday));
        Assert.Contains("29 mars 2026 à 23:30", sunday);
        Assert.Contains("29 mars 2026 à 00:30", sunday);
        Assert.Equal(1, Rows(await ReadAsync(client, $"/audit?person={who}&to=2026-03-28")));
        Assert.Equal(3, Rows(await ReadAsync(client, $"/audit?person={who}&from=2026-03-29")));
        Assert.Equal(1, Rows(await ReadAsync(client, $"/audit?person={who}&from=2026-03-30&to=2026-03-30")));
        Assert.Equal(4, Rows(await ReadAsync(client, $"/audit?person={who}&from=2026-03-28&to=2026-03-30")));
    }

    [Fact]
    public async Task Filters_by_kind_of_record_record_and_person_compose()
    {
        var alice = $"alice-{Guid.NewGuid():N}@test.biotope.be";
        var bob = $"bob-{Guid.NewGuid():N}@test.biotope.be";
        var at = Utc("2026-06-15T10:00:00Z");
        await AddEntriesAsync(alice, "Call", ("501", at), ("502", at));
        await AddEntriesAsync(alice, "Proposal", ("501", at));
        await AddEntriesAsync(bob, "Call", ("501", at));
        using var client = await StaffAsync("en");

        Assert.Equal(3, Rows(await ReadAsync(client, $"/audit?person={alice}")));
        Assert.Equal(2, Rows(await ReadAsync(client, $"/audit?person={alice}&entity=Call")));
        Assert.Equal(1, Rows(await ReadAsync(client, $"/audit?person={alice}&entity=Call&id=501")));
        Assert.Equal(1, Rows(await ReadAsync(client, $"/audit?person={alice}&entity=Proposal&id=501")));
        // A person is found by part of the e-mail, in any case, and by the name of the account.
        Assert.Equal(3, Rows(await ReadAsync(client, $"/audit?person={alice[..20].ToUpperInvariant()}")));
        var named = await App.CreateUserAsync(Roles.Expert);
        var name = $"Zoé Audit {Guid.NewGuid():N}"[..20];
        await App.WithDbAsync(db => db.Users.Where(u => u.Email == named.Email).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name), Ct));
        var userId = await App.UserIdAsync(named.Email);
        await App.WithDbAsync(async db =>
        {
            db.AuditEntries.Add(new AuditEntry { At = at, UserId = userId, UserEmail = named.Email, EntityType = "Call", EntityId = "503", Action = "Modified" });
            return await db.SaveChangesAsync(Ct);
        });
        var byName = await ReadAsync(client, $"/audit?person={Uri.EscapeDataString(name.ToLowerInvariant())}");
        Assert.Equal(1, Rows(byName));
        Assert.Contains(name, byName);
        Assert.Contains(named.Email, byName);
        // The record's own page is linked where the record exists; the kind of record reads in the interface language.
        var uliege = await App.IdOfAsync("uliege");
        await AddEntriesAsync(alice, "Organization", (uliege.ToString(System.Globalization.CultureInfo.InvariantCulture), at));
        var organization = await ReadAsync(client, $"/audit?person={alice}&entity=Organization");
        Assert.Contains($"""href="/organizations/{uliege}">#{uliege}</a>""", organization);
        Assert.Contains(">Organization</span>", organization);
        Assert.Contains("<span class=\"identifier\">#501</span>", await ReadAsync(client, $"/audit?person={alice}&entity=Call&id=501"));
    }

    [Fact]
    public async Task Paging_keeps_the_filters()
    {
        var person = $"pager-{Guid.NewGuid():N}@test.biotope.be";
        var at = Utc("2026-07-01T08:00:00Z");
        await AddEntriesAsync(person, "Booking", [.. Enumerable.Range(1, AuditLogModel.PageSize + 5).Select(i => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), at))]);
        using var client = await StaffAsync();

        var first = await ReadAsync(client, $"/audit?entity=Booking&person={person}&from=2026-07-01");
        Assert.Equal(AuditLogModel.PageSize, Rows(first));
        var older = OlderLink().Match(first).Groups[1].Value;
        Assert.Contains("entity=Booking", older);
        Assert.Contains($"person={Uri.EscapeDataString(person)}", older);
        Assert.Contains("from=2026-07-01", older);
        var second = await ReadAsync(client, older);
        Assert.Equal(5, Rows(second));
        Assert.DoesNotMatch(OlderLink(), second);
        Assert.Contains($"""href="/audit?entity=Booking&amp;person={Uri.EscapeDataString(person)}&amp;from=2026-07-01" rel="first""", await (await client.GetAsync(older, Ct)).Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("from=2026-02-30", "err-from", "« 2026-02-30 » n'est pas une date")]
    [InlineData("to=29/03/2026", "err-to", "« 29/03/2026 » n'est pas une date")]
    [InlineData("from=2026-04-02&to=2026-04-01", "err-to", "La date de fin précède la date de début.")]
    [InlineData("entity=Nothing", "err-entity", "Le journal ne connaît aucun type d'enregistrement « Nothing ».")]
    [InlineData("id=12", "err-id", "Choisissez aussi le type d'enregistrement")]
    public async Task Bad_filters_are_said_beside_their_field(string query, string errorId, string message)
    {
        using var client = await StaffAsync();
        var html = await ReadAsync(client, "/audit?" + query);
        Assert.Contains($"id=\"{errorId}\"", html);
        Assert.Contains(message, html);
        Assert.Equal(0, Rows(html));
    }

    [Fact]
    public void A_Brussels_day_starts_at_23_00_UTC_in_winter_and_22_00_UTC_in_summer()
    {
        Assert.Equal(Utc("2026-03-28T23:00:00Z"), AuditFilter.StartOf(new DateOnly(2026, 3, 29)));
        Assert.Equal(Utc("2026-03-29T22:00:00Z"), AuditFilter.StartOf(new DateOnly(2026, 3, 30)));
        Assert.Equal(Utc("2026-10-24T22:00:00Z"), AuditFilter.StartOf(new DateOnly(2026, 10, 25)));
        Assert.Equal(Utc("2026-10-25T23:00:00Z"), AuditFilter.StartOf(new DateOnly(2026, 10, 26)));
    }

    [Fact]
    public async Task The_history_section_shows_a_records_changes_to_staff_only()
    {
        var uliege = await App.IdOfAsync("uliege");
        var person = $"history-{Guid.NewGuid():N}@test.biotope.be";
        await AddEntriesAsync(person, "Organization", (uliege.ToString(System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow));
        using var staff = await StaffAsync();
        var page = await ReadAsync(staff, $"/organizations/{uliege}");
        Assert.Contains("<h2 id=\"history-title\">Historique</h2>", page);
        Assert.Contains(person, page);
        Assert.Contains($"href=\"/audit?entity=Organization&id={uliege}\"", page);

        var member = await App.CreateUserAsync(Roles.MemberAdmin, uliege);
        using var memberClient = await App.PageClientAsync(member.Email, member.Password);
        Assert.DoesNotContain("history-title", await ReadAsync(memberClient, $"/organizations/{uliege}"));
        using var visitor = await App.PageClientAsync(null, "");
        Assert.DoesNotContain("history-title", await ReadAsync(visitor, $"/organizations/{uliege}"));
    }
}

public sealed class SqliteAuditLogTests(SqliteAppFixture fixture) : AuditLogContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresAuditLogTests(PostgresAppFixture fixture) : AuditLogContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}
