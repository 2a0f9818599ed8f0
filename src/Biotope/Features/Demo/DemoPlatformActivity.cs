using System.Security.Claims;
using System.Text;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Notifications;
using Biotope.Features.Platforms;
using Biotope.Features.Platforms.Bookings;
using Biotope.Features.Platforms.Services;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Demo;

/// <summary>What the demo platforms' activity holds after seeding.</summary>
public sealed record DemoActivityResult(int Bookings, int ServiceRequests);

/// <summary>
/// The demo platforms' activity, all illustrative (marked so): bookings used (checked in and out) and a no-show in the previous
/// Brussels month and this month, analyses delivered in both months, a future booking of the demo researcher, a booking awaiting
/// the manager's approval, an analysis waiting for a quote and one waiting for its samples. Made by the demo researcher and the
/// other demo accounts that belong to an organization, through the services the pages use (rules, rates, check-in, the service
/// request workflow), each step at its own time: a clock is set back to when it happened. Dates are relative to
/// <c>now</c>. Runs after the platforms, the accounts and the training; does nothing once illustrative activity exists.
/// </summary>
public static class DemoPlatformActivity
{
    private const string ImagingCentre = "hainaut-biomed-imaging-centre";
    private const string ImmuneHealth = "immunehealth";

    /// <summary>The seed's clock: set to when each step happened.</summary>
    private sealed class StepClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed record Booker(string UserId, ClaimsPrincipal Principal);

    public static async Task<DemoActivityResult> EnsureAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct = default)
    {
        // Its own context on the step clock, so creation times and audit entries say when each step happened.
        var clock = new StepClock(now);
        await using var db = new BiotopeDb(services.GetRequiredService<DbContextOptions<BiotopeDb>>(), services.GetService<Audit.AuditActor>(), clock, services.GetService<Organizations.Search.DirectoryIndex>());
        if (await db.Bookings.AnyAsync(b => b.Illustrative, ct) || await db.ServiceRequests.AnyAsync(r => r.Illustrative, ct)) return await CountAsync(db, ct);
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var principals = services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        async Task<Booker?> BookerAsync(AppUser? user) => user is null ? null : new Booker(user.Id, await principals.CreateAsync(user));

        var researcher = await BookerAsync(await users.FindByEmailAsync(DemoAccounts.ResearcherEmail));
        var manager = await BookerAsync(await users.FindByEmailAsync(DemoAccounts.ManagerEmail));
        var equipment = await db.Equipment.AsNoTracking().Where(e => e.Platform!.Slug == ImagingCentre || e.Platform.Slug == ImmuneHealth)
            .Select(e => new { e.Id, e.Name }).ToDictionaryAsync(e => e.Name, e => e.Id, ct);
        var immuneHealth = await db.Platforms.Where(p => p.Slug == ImmuneHealth).Select(p => p.Id).FirstOrDefaultAsync(ct);
        var offerings = await db.ServiceOfferings.AsNoTracking().Where(o => o.PlatformId == immuneHealth).ToDictionaryAsync(o => o.NameEn, o => o.Id, ct);
        string[] instruments = ["Micro-CT scanner", "Confocal microscope", "Preclinical PET-CT", "Mass spectrometer"];
        string[] analyses = ["ELISA", "Cytokine multiplex panel", "Immunophenotyping by flow cytometry"];
        if (researcher is null || manager is null || instruments.Any(i => !equipment.ContainsKey(i)) || analyses.Any(a => !offerings.ContainsKey(a))) return await CountAsync(db, ct);

        // The other demo people who belong to an organization book too, so statements show more than one organization.
        var others = new List<Booker>();
        foreach (var user in await db.Users.Where(u => u.Email!.EndsWith("@demo.biotope.be") && u.OrganizationId != null && u.Id != researcher.UserId).OrderBy(u => u.Email).ToListAsync(ct))
            others.Add((await BookerAsync(user))!);
        Booker Other(int i) => others.Count == 0 ? researcher : others[i % others.Count];

        var notifier = new Notifier(db, clock);
        var bookings = new BookingService(db, clock, notifier);
        var workflow = new ServiceRequestWorkflow(db, clock, notifier);
        // The e-mails of this past are not sent: only the in-app history stays.
        var lastMail = await db.Outbox.MaxAsync(m => (long?)m.Id, ct) ?? 0;

        var today = BookingCalendar.DateOf(now);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var lastMonth = Weekdays(thisMonth.AddMonths(-1), thisMonth);
        var earlierThisMonth = Weekdays(thisMonth, today);
        DateOnly Last(int i) => lastMonth[Math.Min(i, lastMonth.Count - 1)];
        var monday = BookingCalendar.Monday(today);

        // Each step as its own request would: its outcome checked, then a fresh context.
        async Task<T> StepAsync<T>(Task<Outcome<T>> step, string what)
        {
            var outcome = await step;
            db.ChangeTracker.Clear();
            return outcome.Succeeded ? outcome.Value! : throw new InvalidOperationException($"Demo activity: {what} at {clock.Now:u} was refused: {outcome.Failure!.Code}");
        }

        async Task BookAsync(Booker who, string instrument, DateOnly day, string from, string to, string purpose, bool used = true)
        {
            var (start, end) = (At(day, from), At(day, to));
            // Booked a week ahead; a booking still to come was made an hour ago.
            clock.Now = start < now ? start.AddDays(-7) : now.AddHours(-1);
            var made = await StepAsync(bookings.CreateAsync(who.Principal, equipment[instrument], start, end, purpose, ct), instrument);
            await db.Bookings.Where(b => b.Id == made.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Illustrative, true), ct);
            // Each step reads the booking's version first, as a person at the page does.
            async Task<ReadVersion> Current() => ReadVersion.Of(await db.Bookings.Where(b => b.Id == made.Id).Select(b => b.Version).SingleAsync(ct));
            if (made.Status == BookingStatus.Pending && start < now)
            {
                clock.Now = start.AddDays(-6);
                await StepAsync(bookings.ApproveAsync(manager.Principal, made.Id, await Current(), ct: ct), instrument);
            }
            if (!used || end > now) return;
            clock.Now = start.AddMinutes(5);
            await StepAsync(bookings.CheckInAsync(who.Principal, made.Id, await Current(), ct), instrument);
            clock.Now = end.AddMinutes(-5);
            await StepAsync(bookings.CheckOutAsync(who.Principal, made.Id, await Current(), ct), instrument);
        }

        // Last month: the researcher (academic), the other demo organizations, one booking approved, one no-show.
        await BookAsync(researcher, "Micro-CT scanner", Last(1), "09:00", "11:00", "Bone microarchitecture of a mouse cohort");
        await BookAsync(Other(0), "Confocal microscope", Last(3), "09:00", "11:00", "Live-cell imaging of organoids");
        await BookAsync(researcher, "Confocal microscope", Last(4), "14:00", "16:00", "Tissue sections, immunofluorescence");
        await BookAsync(Other(1), "Micro-CT scanner", Last(6), "13:00", "15:00", "Implant porosity");
        await BookAsync(researcher, "Micro-CT scanner", Last(8), "10:00", "12:30", "Follow-up scans of the mouse cohort");
        await BookAsync(Other(0), "Preclinical PET-CT", Last(10), "09:00", "12:00", "Tracer biodistribution study");
        await BookAsync(Other(2), "Mass spectrometer", Last(12), "10:00", "12:00", "Proteomics of serum samples");
        await BookAsync(researcher, "Confocal microscope", Last(14), "10:00", "11:00", "Calibration run", used: false);
        // This month, before today.
        if (earlierThisMonth.Count > 0) await BookAsync(researcher, "Micro-CT scanner", earlierThisMonth[0], "09:00", "10:30", "Scans of explanted scaffolds");
        if (earlierThisMonth.Count > 1) await BookAsync(Other(0), "Confocal microscope", earlierThisMonth[1], "13:00", "15:00", "Organoid time-lapse");
        // To come: the researcher's booking, and one the manager has to approve.
        await BookAsync(researcher, "Micro-CT scanner", monday.AddDays(8), "10:00", "12:00", "Scaffold scans, second series");
        await BookAsync(Other(0), "Preclinical PET-CT", monday.AddDays(17), "09:00", "11:00", "Tracer uptake in a tumour model");

        // Analyses: delivered last month and this month, one waiting for its samples, one waiting for a quote.
        async Task RequestAsync(Booker who, string analysis, int samples, string description, DateTimeOffset asked, DateTimeOffset? samplesIn, DateTimeOffset? delivered)
        {
            clock.Now = asked;
            var id = (await StepAsync(workflow.CreateAsync(new ServiceRequestInput { OfferingId = offerings[analysis], Quantity = samples, Description = description }, who.Principal, ct), analysis)).Request.Id;
            await db.ServiceRequests.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Illustrative, true), ct);
            if (samplesIn is not { } received) return;
            // Each move names the version it read, as the page does.
            async Task<int?> VersionAsync() => await db.ServiceRequests.Where(r => r.Id == id).Select(r => (int?)r.Version).SingleAsync(ct);
            clock.Now = asked.AddHours(2);
            await StepAsync(workflow.QuoteAsync(id, new QuoteInput { Version = await VersionAsync() }, null, manager.Principal, ct), analysis);
            clock.Now = asked.AddHours(20);
            await StepAsync(workflow.MoveAsync(id, ServiceAction.Accept, new TransitionInput { Version = await VersionAsync() }, null, who.Principal, ct), analysis);
            if (received > now) return;
            clock.Now = received;
            await StepAsync(workflow.MoveAsync(id, ServiceAction.ReceiveSamples, new TransitionInput { Version = await VersionAsync() }, null, manager.Principal, ct), analysis);
            clock.Now = received.AddHours(1);
            await StepAsync(workflow.MoveAsync(id, ServiceAction.Start, new TransitionInput { Version = await VersionAsync() }, null, manager.Principal, ct), analysis);
            if (delivered is not { } done || done > now) return;
            clock.Now = done;
            var file = new ResultFile($"results-{id}.csv", "text/csv", Encoding.UTF8.GetBytes("sample,result\nillustrative,demo data\n"));
            await StepAsync(workflow.DeliverResultsAsync(id, file, new TransitionInput { Note = "Illustrative results (demo data).", Version = await VersionAsync() }, null, manager.Principal, ct), analysis);
        }

        await RequestAsync(researcher, "ELISA", 12, "Serum IgG against the vaccine antigen, 12 mouse sera (illustrative).", At(Last(0), "10:00"), At(Last(2), "09:30"), At(Last(7), "16:00"));
        await RequestAsync(Other(0), "Cytokine multiplex panel", 6, "IL-6, TNF and IFN-γ in culture supernatants (illustrative).", At(Last(2), "11:00"), At(Last(4), "09:30"), At(Last(13), "16:00"));
        var late = lastMonth.Count - 3;
        var deliveredThisMonth = earlierThisMonth.Count > 0 ? At(earlierThisMonth[^1], "16:00") : now.AddDays(7);
        await RequestAsync(researcher, "Immunophenotyping by flow cytometry", 4, "T-cell subsets in 4 blood samples (illustrative).", At(Last(late), "10:00"), At(Last(late + 1), "09:30"), deliveredThisMonth);
        await RequestAsync(Other(0), "ELISA", 8, "Anti-drug antibodies in 8 plasma samples (illustrative).", now.AddDays(-3), now.AddDays(7), null);
        await RequestAsync(researcher, "Immunophenotyping by flow cytometry", 8, "B- and T-cell panels on 8 fresh blood samples (illustrative).", now.AddDays(-1), null, null);

        await db.Outbox.Where(m => m.Id > lastMail).ExecuteDeleteAsync(ct);
        return await CountAsync(db, ct);
    }

    private static async Task<DemoActivityResult> CountAsync(BiotopeDb db, CancellationToken ct) =>
        new(await db.Bookings.CountAsync(b => b.Illustrative, ct), await db.ServiceRequests.CountAsync(r => r.Illustrative, ct));

    /// <summary>Monday to Friday from <paramref name="from"/> up to (not including) <paramref name="until"/>.</summary>
    private static List<DateOnly> Weekdays(DateOnly from, DateOnly until)
    {
        var days = new List<DateOnly>();
        for (var d = from; d < until; d = d.AddDays(1))
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) days.Add(d);
        return days;
    }

    private static DateTimeOffset At(DateOnly day, string time) => BookingCalendar.At(day, TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture));
}
