using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>What one cell of the week grid shows.</summary>
public enum SlotState
{
    /// <summary>Outside the opening hours, or in a closure.</summary>
    Closed,
    /// <summary>A wall-clock time the spring change skips.</summary>
    Skipped,
    Booked,
    Pending,
    Mine,
    /// <summary>Bookable by this person now: a link to the form.</summary>
    Free,
    /// <summary>Open but refused by a booking rule (<see cref="SlotCell.Reason"/> says which): not a link.</summary>
    Unavailable,
}

/// <summary>One cell; a refused one carries the rule's phrase, the one the booking form would answer.</summary>
public sealed record SlotCell(SlotState State, DateTimeOffset? Start, string? BookLink, Phrase? Reason = null)
{
    /// <summary>The refusing rule's code ("booking.notice"): the cell shows its short form, the legend its sentence.</summary>
    public string? ReasonCode => Reason?.Key;
}

public sealed record SlotRow(TimeOnly Time, List<SlotCell> Cells);

/// <summary>An instrument's week as a grid: days as columns, wall-clock slots from the earliest opening to the latest closing as rows.</summary>
public class AvailabilityModel(AvailabilityQuery availability, BookingService bookings, BiotopeDb db, TimeProvider clock) : PageModel
{
    public Availability Week { get; private set; } = null!;
    public DateOnly Monday { get; private set; }
    public string? PlatformName { get; private set; }
    public string? PlatformSlug { get; private set; }
    public TrainingModule? RequiredModule { get; private set; }
    /// <summary>Said above the grid: this person holds no certificate that would let them book, and where to get one.</summary>
    public MissingCertificate? MissingCertificate { get; private set; }
    /// <summary>Each reason that refuses a slot of the week, once, in the words of the rule (the first slot it refuses).</summary>
    public List<Phrase> Reasons { get; private set; } = [];
    public List<SlotRow> Rows { get; private set; } = [];
    public bool WeekUnreadable { get; private set; }

    public string WeekLink(int weeks) => $"/equipment/{Week.EquipmentId}/availability?week={BookingCalendar.IsoWeek(Monday.AddDays(7 * weeks))}";

    public async Task<IActionResult> OnGetAsync(int id, string? week, CancellationToken ct)
    {
        var monday = availability.Today;
        if (week is not null && !BookingCalendar.TryParseIsoWeek(week, out monday))
        {
            WeekUnreadable = true;
            monday = availability.Today;
        }
        var outcome = await availability.WeekAsync(id, monday, User.UserId(), ct);
        if (!outcome.Succeeded) return NotFound();
        Week = outcome.Value!;
        Monday = Week.From;
        var equipment = await db.Equipment.AsNoTracking().Where(e => e.Id == id)
            .Select(e => new { e.Rules, PlatformName = e.Platform!.NameEn, e.Platform.NameFr, e.Platform.Slug }).SingleAsync(ct);
        PlatformName = Texts.Current.Pick(equipment.NameFr, equipment.PlatformName);
        PlatformSlug = equipment.Slug;
        if (Week.RequiredModuleId is { } moduleId) RequiredModule = await db.TrainingModules.AsNoTracking().SingleOrDefaultAsync(m => m.Id == moduleId, ct);
        var now = clock.GetUtcNow();
        var days = Week.Days;
        var rules = (await BookingRuleSet.LoadAsync(db, User, id, new TimeRange(days[0].StartsAt, days[^1].EndsAt), ct))!;
        MissingCertificate = await bookings.MissingCertificateAsync(rules, ct);
        Rows = Grid(Week, rules, now);
        Reasons = [.. Rows.SelectMany(r => r.Cells).Where(c => c.Reason is not null).DistinctBy(c => c.ReasonCode).Select(c => c.Reason!)];
        if (WeekUnreadable) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>
    /// Rows are Brussels wall-clock times, so 09:00 is one row all week. On the spring Sunday 02:00–02:59 does not exist;
    /// on the autumn Sunday the 02:xx rows hold the summer-time instant and the row before 03:00 lasts until 03:00 winter time.
    /// </summary>
    public static List<SlotRow> Grid(Availability week, BookingRuleSet ruleSet, DateTimeOffset now)
    {
        var rules = ruleSet.Equipment.Rules;
        var slot = Math.Max(week.SlotMinutes, 5);
        var opens = week.Days.SelectMany(d => d.Open.Select(o => Minutes(o.StartsAt, d.Date))).DefaultIfEmpty(0).Min();
        var closes = week.Days.SelectMany(d => d.Open.Select(o => Minutes(o.EndsAt, d.Date))).DefaultIfEmpty(0).Max();
        if (closes <= opens) return [];
        opens -= opens % slot;
        var length = TimeSpan.FromMinutes(Math.Max(rules.MinDurationMinutes, slot));
        var rows = new List<SlotRow>();
        for (var minute = opens; minute < closes; minute += slot)
        {
            var time = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minute));
            var cells = new List<SlotCell>(week.Days.Count);
            foreach (var day in week.Days)
            {
                if (BookingCalendar.DoesNotExist(day.Date, time))
                {
                    cells.Add(new SlotCell(SlotState.Skipped, null, null));
                    continue;
                }
                var start = BookingCalendar.At(day.Date, time);
                var end = minute + slot >= 24 * 60 ? day.EndsAt : BookingCalendar.At(day.Date, time.AddMinutes(slot));
                var cell = new TimeRange(start, end);
                if (Occupied(day, cell) is { } occupied)
                {
                    cells.Add(new SlotCell(occupied, start, null));
                    continue;
                }
                // The slot is open: the rules the booking form applies decide whether this person may book it.
                var outcome = ruleSet.Check(start, start + length, now);
                cells.Add(outcome.Succeeded
                    ? new SlotCell(SlotState.Free, start, $"/equipment/{week.EquipmentId}/book?start={BrusselsTime.ToLocalInput(start)}&end={BrusselsTime.ToLocalInput(start + length)}")
                    : new SlotCell(SlotState.Unavailable, start, null, Reason(outcome.Failure!)));
            }
            rows.Add(new SlotRow(time, cells));
        }
        return rows;
    }

    /// <summary>What fills a cell that is not open to a new booking at all: closed, closure, or a booking; null when it is open.</summary>
    private static SlotState? Occupied(AvailabilityDay day, TimeRange cell)
    {
        if (!day.Open.Any(o => new TimeRange(o.StartsAt, o.EndsAt).Contains(cell))) return SlotState.Closed;
        var busy = day.Busy.Where(b => new TimeRange(b.StartsAt, b.EndsAt).Overlaps(cell)).ToList();
        if (busy.Any(b => b.Kind == BusyInterval.Closure)) return SlotState.Closed;
        if (busy.Any(b => b.Mine)) return SlotState.Mine;
        if (busy.Count > 0) return busy.All(b => b.Pending) ? SlotState.Pending : SlotState.Booked;
        return null;
    }

    /// <summary>The phrase of the first broken rule: a field's message, or the refusal's detail.</summary>
    private static Phrase Reason(Failure failure) => failure.Errors?.Values.SelectMany(p => p).FirstOrDefault() ?? failure.Detail ?? failure.Title;

    /// <summary>Wall-clock minutes since the day's midnight; the midnight that ends the day is 24:00.</summary>
    private static int Minutes(DateTimeOffset instant, DateOnly day)
    {
        var local = BookingCalendar.Local(instant);
        return DateOnly.FromDateTime(local.DateTime) > day ? 24 * 60 : local.Hour * 60 + local.Minute;
    }
}
