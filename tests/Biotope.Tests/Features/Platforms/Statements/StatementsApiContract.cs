using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Features.Platforms.Statements;
using Biotope.Infrastructure;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Features.Projects;
using Biotope.Tests.Infrastructure;
using static Biotope.Tests.Features.Platforms.PlatformsKit;

namespace Biotope.Tests.Features.Platforms.Statements;

/// <summary>
/// Monthly usage statements on both databases, with the clock in January 2027 so November and October 2026 are over.
/// The reconciliation scenario: an academic organization's bookings at two rates, a no-show, a late cancellation,
/// excluded ones, a booking across the October daylight-saving change, and bookings on both sides of the month's
/// Brussels boundaries; a member company on the same platform.
/// </summary>
public abstract class StatementsApiContract
{
    protected abstract TestApp App { get; }

    private sealed record Scenario(int PlatformId, string PlatformSlug, int Academic, int Company, HttpClient AcademicMember, HttpClient Manager, Dictionary<string, long> Bookings);

    /// <summary>Each test builds its own scenario (its own platform and organizations), so tests do not see each other's bookings.</summary>
    private Task<Scenario> ScenarioAsync() => BuildAsync();

    private async Task<Scenario> BuildAsync()
    {
        var (platformId, slug, _) = await App.AddPlatformAsync("Reconciliation imaging " + Guid.NewGuid().ToString("N")[..4]);
        var mri = await App.AddEquipmentAsync(platformId, "Reconciliation MRI");
        var scope = await App.AddEquipmentAsync(platformId, "Reconciliation confocal");
        var academic = await App.AddOrganizationAsync("Université de Réconciliation", OrganizationType.University, "BE323");
        var company = await App.AddOrganizationAsync("Reconcile Pharma", OrganizationType.Sme, "BE332");
        var (academicMember, researcher) = await App.PersonAsync(Roles.Member, academic);
        var (_, chemist) = await App.PersonAsync(Roles.Member, company);
        var (manager, _) = await App.ManagerAsync(platformId);

        var b = new Dictionary<string, long>
        {
            // November 2026, the academic organization.
            ["two hours at 150"] = await App.AddBookingAsync(mri, researcher, academic, "2026-11-03T09:00", "2026-11-03T11:00", BookingStatus.Confirmed, UserCategory.Academic, 150m,
                checkedIn: "2026-11-03T09:05", checkedOut: "2026-11-03T10:50"),
            ["ninety minutes at 40"] = await App.AddBookingAsync(scope, researcher, academic, "2026-11-04T14:00", "2026-11-04T15:30", BookingStatus.Confirmed, UserCategory.Academic, 40m,
                checkedIn: "2026-11-04T14:00", checkedOut: "2026-11-04T15:30"),
            ["no-show"] = await App.AddBookingAsync(scope, researcher, academic, "2026-11-12T09:00", "2026-11-12T10:00", BookingStatus.Confirmed, UserCategory.Academic, 40m),
            ["late cancellation"] = await App.AddBookingAsync(mri, researcher, academic, "2026-11-18T13:00", "2026-11-18T15:00", BookingStatus.Cancelled, UserCategory.Academic, 150m,
                cancellationCharge: 150m),
            ["free cancellation"] = await App.AddBookingAsync(mri, researcher, academic, "2026-11-19T13:00", "2026-11-19T14:00", BookingStatus.Cancelled, UserCategory.Academic, 150m),
            // After a rate change: frozen at 162.35, 45 minutes = 121.7625, rounded to 121.76 when booked.
            ["45 minutes at 162.35"] = await App.AddBookingAsync(mri, researcher, academic, "2026-11-20T09:00", "2026-11-20T09:45", BookingStatus.Confirmed, UserCategory.Academic, 162.35m,
                checkedIn: "2026-11-20T09:00", checkedOut: "2026-11-20T09:40"),
            ["pending"] = await App.AddBookingAsync(scope, researcher, academic, "2026-11-24T10:00", "2026-11-24T11:00", BookingStatus.Pending, UserCategory.Academic, 40m),
            ["rejected"] = await App.AddBookingAsync(scope, researcher, academic, "2026-11-25T10:00", "2026-11-25T11:00", BookingStatus.Rejected, UserCategory.Academic, 40m),
            // 00:30 on 1 November in Brussels is 23:30 UTC on 31 October: November.
            ["first half hour of November"] = await App.AddBookingAsync(scope, researcher, academic, "2026-11-01T00:30", "2026-11-01T01:30", BookingStatus.Confirmed, UserCategory.Academic, 40m,
                checkedIn: "2026-11-01T00:30", checkedOut: "2026-11-01T01:15"),
            ["last half hour of November"] = await App.AddBookingAsync(scope, researcher, academic, "2026-11-30T23:00", "2026-11-30T23:30", BookingStatus.Confirmed, UserCategory.Academic, 40m,
                checkedIn: "2026-11-30T23:00", checkedOut: "2026-11-30T23:30"),
            // Outside November on both sides, in Brussels time.
            ["last half hour of October"] = await App.AddBookingAsync(scope, researcher, academic, "2026-10-31T23:00", "2026-10-31T23:30", BookingStatus.Confirmed, UserCategory.Academic, 40m,
                checkedIn: "2026-10-31T23:00", checkedOut: "2026-10-31T23:30"),
            ["first half hour of December"] = await App.AddBookingAsync(scope, researcher, academic, "2026-12-01T00:00", "2026-12-01T00:30", BookingStatus.Confirmed, UserCategory.Academic, 40m,
                checkedIn: "2026-12-01T00:00", checkedOut: "2026-12-01T00:30"),
            // 01:30 summer time to 03:30 winter time on 25 October: three real hours.
            ["across the autumn change"] = await App.AddBookingAsync(mri, researcher, academic, "2026-10-25T01:30+02:00", "2026-10-25T03:30+01:00", BookingStatus.Confirmed, UserCategory.Academic, 150m,
                checkedIn: "2026-10-25T01:30+02:00", checkedOut: "2026-10-25T03:30+01:00"),
            // A member company on the same platform.
            ["company hour at 250"] = await App.AddBookingAsync(mri, chemist, company, "2026-11-05T09:00", "2026-11-05T10:00", BookingStatus.Confirmed, UserCategory.MemberCompany, 250m,
                checkedIn: "2026-11-05T09:00", checkedOut: "2026-11-05T10:00"),
        };
        return new Scenario(platformId, slug, academic, company, academicMember, manager, b);
    }

    private static async Task<Statement> ReadAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/statements?{query}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {text}");
        return System.Text.Json.JsonSerializer.Deserialize<Statement>(text, CallsKit.Json)!;
    }

    private static void AssertAddsUp(Statement statement)
    {
        Assert.Equal(statement.Lines.Sum(l => l.Amount), statement.Totals.Amount);
        Assert.Equal(statement.Lines.Sum(l => l.BookedHours), statement.Totals.BookedHours);
        Assert.Equal(statement.Lines.Count, statement.Totals.Count);
        Assert.Equal(statement.Totals.Amount, statement.Platforms.Sum(p => p.Amount));
        Assert.Equal(statement.Totals.Amount, statement.Organizations.Sum(o => o.Amount));
    }

    [Fact]
    public async Task The_november_statement_of_the_academic_organization_adds_up_to_the_cent()
    {
        var s = await ScenarioAsync();
        var statement = await ReadAsync(s.AcademicMember, $"organization={s.Academic}&month=2026-11");

        long[] expected = [s.Bookings["first half hour of November"], s.Bookings["two hours at 150"], s.Bookings["ninety minutes at 40"], s.Bookings["no-show"],
            s.Bookings["late cancellation"], s.Bookings["45 minutes at 162.35"], s.Bookings["last half hour of November"]];
        Assert.Equal(expected, statement.Lines.Select(l => l.BookingId));
        Assert.Equal(731.76m, statement.Totals.Amount);
        AssertAddsUp(statement);
        Assert.False(statement.Provisional);
        Assert.Null(statement.LimitedToPlatformIds);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero), statement.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), statement.To);

        var byId = statement.Lines.ToDictionary(l => l.BookingId);
        var first = byId[s.Bookings["two hours at 150"]];
        Assert.Equal(("2026-11-03", "09:00", "11:00", "Reconciliation MRI"), (first.Date, first.Start, first.End, first.Equipment));
        Assert.Equal((2.00m, 1.75m, 150m, 300.00m, StatementLineKind.Booking, "Academic"), (first.BookedHours, first.ActualHours, first.HourlyRate, first.Amount, first.Kind, first.Category));
        Assert.Equal("Université de Réconciliation", first.Organization);
        var noShow = byId[s.Bookings["no-show"]];
        Assert.Equal((StatementLineKind.NoShow, 40.00m, (decimal?)null), (noShow.Kind, noShow.Amount, noShow.ActualHours));
        var late = byId[s.Bookings["late cancellation"]];
        Assert.Equal((StatementLineKind.LateCancellation, 150.00m, 2.00m), (late.Kind, late.Amount, late.BookedHours));
        var rounded = byId[s.Bookings["45 minutes at 162.35"]];
        Assert.Equal((121.76m, 0.75m, 0.67m), (rounded.Amount, rounded.BookedHours, rounded.ActualHours));
        var midnight = byId[s.Bookings["first half hour of November"]];
        Assert.Equal(("2026-11-01", "00:30", new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.Zero)), (midnight.Date, midnight.Start, midnight.StartsAt));
        Assert.Equal(1.00m + 2.00m + 1.50m + 1.00m + 2.00m + 0.75m + 0.50m, statement.Totals.BookedHours);
        Assert.Equal(1.75m + 1.50m + 0.67m + 0.75m + 0.50m, statement.Totals.ActualHours);
    }

    [Fact]
    public async Task October_counts_the_booking_across_the_autumn_change_at_its_real_three_hours()
    {
        var s = await ScenarioAsync();
        var october = await ReadAsync(s.AcademicMember, $"organization={s.Academic}&month=2026-10");
        Assert.Equal([s.Bookings["across the autumn change"], s.Bookings["last half hour of October"]], october.Lines.Select(l => l.BookingId));
        var dst = october.Lines[0];
        Assert.Equal((3.00m, 3.00m, 450.00m, "01:30", "03:30"), (dst.BookedHours, dst.ActualHours, dst.Amount, dst.Start, dst.End));
        Assert.Equal(470.00m, october.Totals.Amount);
        AssertAddsUp(october);
        // October has 31 days and a 25-hour Sunday: it starts at 22:00 UTC (summer time) and ends at 23:00 UTC (winter time).
        Assert.Equal(new DateTimeOffset(2026, 9, 30, 22, 0, 0, TimeSpan.Zero), october.From);
        Assert.Equal(TimeSpan.FromHours(31 * 24 + 1), october.To - october.From);

        var december = await ReadAsync(s.AcademicMember, $"organization={s.Academic}&month=2026-12");
        Assert.Equal([s.Bookings["first half hour of December"]], december.Lines.Select(l => l.BookingId));
    }

    [Fact]
    public async Task The_platform_statement_has_both_organizations_with_subtotals_and_its_CSV_sums_to_the_total_row()
    {
        var s = await ScenarioAsync();
        var statement = await ReadAsync(s.Manager, $"platform={s.PlatformId}&month=2026-11");
        Assert.Equal(981.76m, statement.Totals.Amount);
        AssertAddsUp(statement);
        Assert.Equal([("Reconcile Pharma", 250.00m, 1), ("Université de Réconciliation", 731.76m, 7)], statement.Organizations.Select(o => (o.Name, o.Amount, o.Count)));
        Assert.Equal(8, statement.Lines.Count);
        var company = statement.Lines.Single(l => l.OrganizationId == s.Company);
        Assert.Equal(("MemberCompany", 250m, 250.00m), (company.Category, company.HourlyRate, company.Amount));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/statements.csv?platform={s.PlatformId}&month=2026-11");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await s.Manager.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Rfc4180.Parse(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(StatementCsv.Header(Texts.For("en")), rows[0]);
        var lines = rows[1..^1];
        var total = rows[^1];
        Assert.Equal("Total", total[0]);
        Assert.Equal(8, lines.Count);
        var amount = rows[0].IndexOf("Amount");
        // Money and hours are written as on the English pages ("€1,250.00", "1.50").
        decimal Parse(string text) => decimal.Parse(text.Replace("€", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.Equal(Parse(total[amount]), lines.Sum(l => Parse(l[amount])));
        Assert.Equal(981.76m, Parse(total[amount]));
        Assert.Equal("€981.76", total[amount]);
        var hours = rows[0].IndexOf("Booked hours");
        Assert.Equal(Parse(total[hours]), lines.Sum(l => Parse(l[hours])));
        var noShow = lines.Single(l => l[0] == s.Bookings["no-show"].ToString(CultureInfo.InvariantCulture));
        Assert.Equal(("12 November 2026", "09:00", "No-show", "", "€40.00"), (noShow[1], noShow[2], noShow[rows[0].IndexOf("Kind")], noShow[rows[0].IndexOf("Actual hours")], noShow[amount]));
    }

    [Fact]
    public async Task The_CSV_is_written_in_French_by_default_with_the_pages_money_and_dates()
    {
        var s = await ScenarioAsync();
        var response = await s.Manager.GetAsync($"/api/v1/statements.csv?platform={s.PlatformId}&month=2026-11", Ct);
        var rows = Rfc4180.Parse(Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync(Ct))[3..]));
        Assert.Equal(StatementCsv.Header(Texts.For("fr")), rows[0]);
        Assert.Contains("Montant", rows[0]);
        Assert.Equal(("Total", "981,76 €"), (rows[^1][0], rows[^1][rows[0].IndexOf("Montant")].Replace('\u202F', ' ').Replace('\u00A0', ' ')));
        var noShow = rows.Single(l => l[0] == s.Bookings["no-show"].ToString(CultureInfo.InvariantCulture));
        Assert.Equal(("12 novembre 2026", "Absence"), (noShow[1], noShow[rows[0].IndexOf("Type")]));
    }

    [Fact]
    public async Task Who_reads_which_statement()
    {
        var s = await ScenarioAsync();
        var november = $"month=2026-11";
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Client.GetAsync($"/api/v1/statements?organization={s.Academic}&{november}", Ct)).StatusCode);

        // Another organization's member is refused (the organization is public, its statement is not).
        var (outsider, _) = await App.PersonAsync(Roles.MemberAdmin, s.Company);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/v1/statements?organization={s.Academic}&{november}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/v1/statements.csv?organization={s.Academic}&{november}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/v1/statements?platform={s.PlatformId}&{november}", Ct)).StatusCode);
        // Their own organization on the platform is theirs.
        Assert.Equal(250.00m, (await ReadAsync(outsider, $"organization={s.Company}&platform={s.PlatformId}&{november}")).Totals.Amount);

        // A manager of another platform reads an organization's statement restricted to their platform: nothing here.
        var (otherPlatform, _, _) = await App.AddPlatformAsync("Elsewhere imaging");
        var (otherManager, _) = await App.ManagerAsync(otherPlatform);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherManager.GetAsync($"/api/v1/statements?platform={s.PlatformId}&{november}", Ct)).StatusCode);
        var restricted = await ReadAsync(otherManager, $"organization={s.Academic}&{november}");
        Assert.Equal([otherPlatform], restricted.LimitedToPlatformIds);
        Assert.Empty(restricted.Lines);
        Assert.Equal(0m, restricted.Totals.Amount);
        // The platform's own manager sees the organization's lines on the platform.
        var ownManager = await ReadAsync(s.Manager, $"organization={s.Academic}&{november}");
        Assert.Equal([s.PlatformId], ownManager.LimitedToPlatformIds);
        Assert.Equal(731.76m, ownManager.Totals.Amount);

        var (staff, _) = await App.PersonAsync(Roles.ClusterStaff);
        Assert.Null((await ReadAsync(staff, $"organization={s.Academic}&{november}")).LimitedToPlatformIds);

        // Bad requests say which field is wrong; unknown ids are 404.
        var problem = await (await staff.GetAsync("/api/v1/statements?month=November", Ct)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("month", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("organization", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/statements?organization=987654&{november}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/v1/statements?platform=987654&{november}", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_statement_pages_show_the_lines_and_totals_to_the_right_people_in_both_languages()
    {
        var s = await ScenarioAsync();
        var (managerEmail, managerPassword) = await App.CreateUserAsync(Roles.PlatformManager);
        await App.WithDbAsync(async db =>
        {
            var id = db.Users.Single(u => u.Email == managerEmail).Id;
            db.PlatformManagers.Add(new PlatformManager { PlatformId = s.PlatformId, UserId = id });
            return await db.SaveChangesAsync(Ct);
        });
        var manager = await Pages.SignedInAsync(App, managerEmail, managerPassword);
        var fr = await Pages.GetAsync(manager, $"/platforms/{s.PlatformSlug}/statements?month=2026-11", "fr");
        Assert.Contains("Relevé d'utilisation — novembre 2026", fr);
        Assert.Contains("981,76 €", fr.Replace('\u202F', ' ').Replace('\u00A0', ' '));
        Assert.Contains("Absence", fr);
        Assert.Contains("Annulation tardive", fr);
        var en = await Pages.GetAsync(manager, $"/platforms/{s.PlatformSlug}/statements?month=2026-11&organization={s.Company}", "en");
        Assert.Contains("Usage statement — November 2026 — Reconcile Pharma", en);
        Assert.Contains("€250.00", en);
        var csv = await manager.GetAsync($"/platforms/{s.PlatformSlug}/statements?handler=csv&month=2026-11", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("981,76 €\"\r\n", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync(Ct)).Replace('\u202F', ' ').Replace('\u00A0', ' '));

        // A member reads their organization's statement at /statements, not the platform's page.
        var (memberEmail, memberPassword) = await App.CreateUserAsync(Roles.Member, s.Academic);
        var member = await Pages.SignedInAsync(App, memberEmail, memberPassword);
        var own = await Pages.GetAsync(member, "/statements?month=2026-11", "en");
        Assert.Contains("€731.76", own);
        Assert.Contains("No-show", own);
        var refused = await member.GetAsync($"/platforms/{s.PlatformSlug}/statements?month=2026-11", Ct);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/account/denied", refused.Headers.Location?.AbsolutePath);
        var anonymous = await App.Client.GetAsync("/statements", Ct);
        Assert.Contains("/account/login", anonymous.RequestMessage!.RequestUri!.AbsolutePath);
    }
}

/// <summary>The app on SQLite, without the demo ecosystem, its clock in January 2027.</summary>
public sealed class StatementsSqliteFixture : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        App = await TestApp.StartSqliteAsync(seedDemo: false, clock: new FakeClock(new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.Zero)));

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class StatementsPostgresFixture(PostgresServer server) : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!server.Available) return;
        App = await TestApp.StartPostgresAsync(server, seedDemo: false, clock: new FakeClock(new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.Zero)));
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }

    public TestApp Require()
    {
        server.RequireOrSkip();
        return App;
    }
}

public sealed class SqliteStatementsApiTests(StatementsSqliteFixture fixture) : StatementsApiContract, IClassFixture<StatementsSqliteFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresStatementsApiTests(StatementsPostgresFixture fixture) : StatementsApiContract, IClassFixture<StatementsPostgresFixture>
{
    protected override TestApp App => fixture.Require();
}
