using Biotope.Features.Accounts;
using Biotope.Features.Platforms.Bookings;
using Biotope.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Platforms.Bookings;

/// <summary>
/// The week grid and the booking form answer alike: every slot the grid offers quotes, and every open slot it refuses is
/// refused by the quote with the same rule's code (one rule set, ADR 010).
/// </summary>
public sealed class SlotRulesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Micro-CT scanner")]
    [InlineData("Preclinical MRI")]
    [InlineData("Preclinical PET-CT")]
    public async Task Every_slot_the_grid_offers_quotes_and_every_slot_it_refuses_is_refused_for_the_same_reason(string instrument)
    {
        var now = DateTimeOffset.Parse("2026-11-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await using var app = await TestApp.StartSqliteAsync(seedDemo: true, clock: new FakeClock(now));
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<Biotope.Data.BiotopeDb>();
        var researcher = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(DemoAccounts.ResearcherEmail);
        var user = await services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(researcher!);
        var id = await db.Equipment.Where(e => e.Name == instrument).Select(e => e.Id).SingleAsync(Ct);
        var bookings = services.GetRequiredService<BookingService>();

        var checkedSlots = 0;
        foreach (var monday in new[] { new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9) })
        {
            var week = (await services.GetRequiredService<AvailabilityQuery>().WeekAsync(id, monday, researcher!.Id, Ct)).Value!;
            var rules = (await BookingRuleSet.LoadAsync(db, user, id, new TimeRange(week.Days[0].StartsAt, week.Days[^1].EndsAt), Ct))!;
            var length = TimeSpan.FromMinutes(Math.Max(rules.Equipment.Rules.MinDurationMinutes, rules.Equipment.Rules.SlotMinutes));
            foreach (var cell in AvailabilityModel.Grid(week, rules, now).SelectMany(r => r.Cells).Where(c => c.State is SlotState.Free or SlotState.Unavailable))
            {
                var quote = await bookings.QuoteAsync(user, id, cell.Start!.Value, cell.Start.Value + length, Ct);
                if (cell.State == SlotState.Free) Assert.True(quote.Succeeded, $"{cell.Start:u} is offered but refused: {quote.Failure?.Code}");
                else Assert.Equal(cell.ReasonCode, quote.Failure?.Errors?.Values.SelectMany(p => p).First().Key ?? quote.Failure?.Detail?.Key);
                checkedSlots++;
            }
        }
        Assert.True(checkedSlots > 20);
    }
}
