using System.Security.Claims;
using Biotope.Features.Accounts;
using Biotope.Features.Demo;
using Biotope.Features.Notifications;
using Biotope.Features.Platforms;
using Biotope.Features.Platforms.Statements;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Demo;

/// <summary>
/// The demo platforms' illustrative activity on a fresh demo database: last month's statements have lines whose totals are
/// the bookings' prices at the rate cards, the manager has a booking to approve and requests to handle, and a second run changes nothing.
/// </summary>
public sealed class DemoPlatformActivityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Friday 4 December 2026, 11:00 in Brussels: last month is November, and this month has three weekdays behind it.
    private static readonly DateTimeOffset Seeded = DateTimeOffset.Parse("2026-12-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly ClaimsPrincipal Staff = new(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.ClusterStaff)], "test"));

    [Fact]
    public async Task Last_months_statements_have_lines_priced_at_the_rates_and_seeding_twice_changes_nothing()
    {
        await using var app = await TestApp.StartSqliteAsync(seedDemo: true, clock: new FakeClock(Seeded));
        var platforms = await app.WithDbAsync(db => db.Platforms.AsNoTracking().Where(p => p.Illustrative).ToListAsync(Ct));
        Assert.Equal(2, platforms.Count);

        foreach (var platform in platforms)
        {
            var statement = await app.WithDbAsync(async db =>
                (await new StatementReader(db, new FakeClock(Seeded)).ReadAsync(Staff, null, platform.Id, "2026-11", Ct)).Value!);
            var billed = await app.WithDbAsync(db => db.Bookings.AsNoTracking().Include(b => b.Equipment).ThenInclude(e => e!.Rates)
                .Where(b => b.Illustrative && b.Equipment!.PlatformId == platform.Id && b.Status == BookingStatus.Confirmed
                    && b.StartsAt >= statement.From && b.StartsAt < statement.To).ToListAsync(Ct));
            Assert.NotEmpty(statement.Lines);
            Assert.False(statement.Provisional);
            Assert.Equal(billed.Select(b => b.Id).Order(), statement.Lines.Select(l => l.BookingId).Order());
            Assert.Equal(billed.Sum(b => b.Price), statement.Totals.Amount);
            Assert.Equal(statement.Lines.Sum(l => l.Amount), statement.Totals.Amount);
            // Each price is the rate card of the booker's category on the day, for the time booked.
            Assert.All(billed, b => Assert.Equal(Pricing.Price(b.StartsAt, b.EndsAt, Pricing.RateOn(b.Equipment!.Rates, b.Category, BrusselsDate(b.StartsAt))!.HourlyRate), b.Price));
            Assert.All(billed, b => Assert.True(b.Price > 0));
        }

        var imaging = await app.WithDbAsync(async db => (await new StatementReader(db, new FakeClock(Seeded))
            .ReadAsync(Staff, null, platforms.Single(p => p.Slug == "hainaut-biomed-imaging-centre").Id, "2026-11", Ct)).Value!);
        Assert.Contains(imaging.Lines, l => l.Kind == StatementLineKind.NoShow);
        Assert.Contains(imaging.Lines, l => l.Kind == StatementLineKind.Booking && l.ActualHours > 0);
        Assert.True(imaging.Organizations.Count >= 2, "the researcher's university and another demo organization");
        var thisMonth = await app.WithDbAsync(async db => (await new StatementReader(db, new FakeClock(Seeded))
            .ReadAsync(Staff, null, platforms.Single(p => p.Slug == "hainaut-biomed-imaging-centre").Id, "2026-12", Ct)).Value!);
        Assert.True(thisMonth.Provisional);
        Assert.Contains(thisMonth.Lines, l => l.ActualHours > 0);

        // What the people of the demo find waiting for them.
        var researcher = await app.WithDbAsync(db => db.Users.Where(u => u.Email == DemoAccounts.ResearcherEmail).Select(u => u.Id).SingleAsync(Ct));
        Assert.True(await app.WithDbAsync(db => db.Bookings.AnyAsync(b => b.UserId == researcher && b.Status == BookingStatus.Confirmed && b.StartsAt > Seeded, Ct)));
        Assert.Equal(1, await app.WithDbAsync(db => db.Bookings.CountAsync(b => b.Status == BookingStatus.Pending && b.StartsAt > Seeded, Ct)));
        var requests = await app.WithDbAsync(db => db.ServiceRequests.AsNoTracking().Where(r => r.Illustrative).ToListAsync(Ct));
        // Each step is dated when it happened, not when the seed ran.
        Assert.All(requests, r => Assert.True(r.CreatedAt < Seeded.AddHours(-12), $"request {r.Id} created {r.CreatedAt:u}"));
        Assert.True(await app.WithDbAsync(db => db.Bookings.Where(b => b.Illustrative).AllAsync(b => b.CreatedAt < b.StartsAt && b.CreatedAt < Seeded, Ct)));
        Assert.Contains(requests, r => r.Status == ServiceRequestStatus.ResultsDelivered && r.DeliveredAt is { } at && at < new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero));
        Assert.Contains(requests, r => r.Status == ServiceRequestStatus.ResultsDelivered && r.DeliveredAt is { } at && at >= new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero));
        Assert.Contains(requests, r => r.Status == ServiceRequestStatus.Requested);
        Assert.Contains(requests, r => r.Status == ServiceRequestStatus.Accepted);
        // The past's e-mails are not queued: its in-app notifications stay, none of them waits in the outbox (the calls' demo story keeps its own).
        var activityNotices = await app.WithDbAsync(db => db.Notifications.Where(n => n.Kind.StartsWith("booking") || n.Kind.StartsWith("service"))
            .Select(n => new { n.SubjectFr, n.SubjectEn }).ToListAsync(Ct));
        Assert.NotEmpty(activityNotices);
        var mailed = await app.WithDbAsync(db => db.Outbox.Select(m => m.Subject).ToListAsync(Ct));
        Assert.DoesNotContain(activityNotices, n => mailed.Contains(BilingualEmail.Subject(n.SubjectFr, n.SubjectEn)));

        // A second run, a day later: nothing changes.
        async Task<(int, int, int, int, int, long)> SnapshotAsync() => await app.WithDbAsync(async db => (
            await db.Bookings.CountAsync(Ct), await db.ServiceRequests.CountAsync(Ct), await db.ServiceRequestEvents.CountAsync(Ct), await db.Notifications.CountAsync(Ct),
            await db.AuditEntries.CountAsync(Ct), await db.Bookings.SumAsync(b => (long)b.Version, Ct)));
        var before = await SnapshotAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var again = await DemoPlatformActivity.EnsureAsync(scope.ServiceProvider, Seeded.AddDays(1), Ct);
            Assert.Equal((before.Item1, before.Item2), (again.Bookings, again.ServiceRequests));
        }
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("2026-11-02T08:00:00Z", "2026-10")] // a Monday, the platform journey's
    [InlineData("2027-03-01T07:00:00Z", "2027-02")] // the first of the month: nothing behind it this month
    [InlineData("2026-10-25T10:00:00Z", "2026-09")] // the Sunday the clocks go back
    public async Task Whatever_the_day_of_seeding_last_month_is_billed(string seeded, string lastMonth)
    {
        var now = DateTimeOffset.Parse(seeded, System.Globalization.CultureInfo.InvariantCulture);
        await using var app = await TestApp.StartSqliteAsync(seedDemo: true, clock: new FakeClock(now));
        var platformId = await app.WithDbAsync(db => db.Platforms.Where(p => p.Slug == "hainaut-biomed-imaging-centre").Select(p => p.Id).SingleAsync(Ct));
        var statement = await app.WithDbAsync(async db => (await new StatementReader(db, new FakeClock(now)).ReadAsync(Staff, null, platformId, lastMonth, Ct)).Value!);
        Assert.NotEmpty(statement.Lines);
        Assert.Equal(1, await app.WithDbAsync(db => db.Bookings.CountAsync(b => b.Status == BookingStatus.Pending && b.StartsAt > now, Ct)));
    }

    private static DateOnly BrusselsDate(DateTimeOffset utc) => Biotope.Infrastructure.BrusselsTime.Date(utc);
}
