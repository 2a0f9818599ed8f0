using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>A request that passed every rule, priced.</summary>
public sealed record BookingPlan(Equipment Equipment, string UserId, int OrganizationId, DateTimeOffset Start, DateTimeOffset End, UserCategory Category, decimal HourlyRate, decimal Price)
{
    public DateTimeOffset BlockedUntil => End.AddMinutes(Equipment.Rules.BufferMinutes);
}

/// <summary>The next session of a training module that a booking needs, or none planned (<see cref="SessionId"/> null).</summary>
public sealed record MissingCertificate(RequiredModule Module, int? SessionId, DateTimeOffset? SessionStartsAt)
{
    public string Link => SessionId is { } id ? $"/training/{Module.Slug}#session-{id}" : $"/training/{Module.Slug}";
}

/// <summary>
/// The booking rules of ADR 010, in their fixed order, over what they read from the database for one booker, one
/// instrument and one window of time. The write (quote, create) loads the facts of its own span and checks it once;
/// the week grid loads the facts of the week and checks every slot it would offer. One rule set, two callers.
/// </summary>
public sealed class BookingRuleSet
{
    private BookingRuleSet(Equipment equipment, ClaimsPrincipal user, RequiredModule? module, List<Closure> closures, List<Certificate> certificates,
        List<Booking> active, Organization? organization)
    {
        Equipment = equipment;
        User = user;
        Module = module;
        Closures = closures;
        Certificates = certificates;
        Active = active;
        Organization = organization;
    }

    public Equipment Equipment { get; }
    private ClaimsPrincipal User { get; }
    /// <summary>The module whose certificate the instrument requires, if any.</summary>
    public RequiredModule? Module { get; }
    private List<Closure> Closures { get; }
    /// <summary>The booker's unrevoked certificates of <see cref="Module"/>.</summary>
    private List<Certificate> Certificates { get; }
    /// <summary>Pending and confirmed bookings of the instrument that touch the window (for clashes and the weekly limit).</summary>
    private List<Booking> Active { get; }
    private Organization? Organization { get; }

    /// <summary>A visitor who is not signed in: the grid shows what the instrument's rules allow, the booker's own rules wait for sign-in.</summary>
    private bool Anonymous => User.Identity?.IsAuthenticated != true;

    /// <summary>
    /// Reads everything the rules need for bookings starting in <paramref name="window"/>: the instrument with its platform and
    /// rates, its closures, the booker's certificates and organization, and the active bookings that could clash or count
    /// towards the weekly limit. Null when the instrument does not exist.
    /// </summary>
    public static async Task<BookingRuleSet?> LoadAsync(BiotopeDb db, ClaimsPrincipal user, int equipmentId, TimeRange window, CancellationToken ct = default)
    {
        var equipment = await db.Equipment.AsNoTracking().Include(e => e.Platform).Include(e => e.Rates).SingleOrDefaultAsync(e => e.Id == equipmentId, ct);
        if (equipment is null) return null;
        var rules = equipment.Rules;
        var userId = user.UserId();
        var module = equipment.RequiredModuleId is { } moduleId
            ? await db.TrainingModules.AsNoTracking().Where(m => m.Id == moduleId).Select(m => new RequiredModule(m.Id, m.Slug, m.TitleEn, m.TitleFr)).SingleAsync(ct)
            : null;
        // A booking starting in the window ends at most one longest booking later, and its buffer follows.
        var reach = window.End + TimeSpan.FromMinutes(rules.MaxDurationMinutes + rules.BufferMinutes);
        var closures = await db.Closures.AsNoTracking().Where(c => c.EquipmentId == equipmentId && c.StartsAt < reach && window.Start < c.EndsAt).OrderBy(c => c.StartsAt).ToListAsync(ct);
        var certificates = module is not null && userId is not null
            ? await db.Certificates.AsNoTracking().Where(c => c.UserId == userId && c.ModuleId == module.Id && c.RevokedAt == null).ToListAsync(ct)
            : [];
        var weeks = new TimeRange(BookingCalendar.WeekOf(window.Start).Start, BookingCalendar.WeekOf(window.End).End);
        var active = await BookingService.ActiveOnly(db.Bookings.AsNoTracking())
            .Where(b => b.EquipmentId == equipmentId && ((b.StartsAt < reach && window.Start < b.BlockedUntil) || (b.UserId == userId && b.StartsAt >= weeks.Start && b.StartsAt < weeks.End)))
            .OrderBy(b => b.StartsAt).ToListAsync(ct);
        var organization = user.OrganizationId() is { } organizationId ? await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, ct) : null;
        return new BookingRuleSet(equipment, user, module, closures, certificates, active, organization);
    }

    /// <summary>The instrument's state and whether this person can book at all: the rules that come before the times are read.</summary>
    public Failure? CheckBooker()
    {
        if (Equipment.Status == EquipmentStatus.Maintenance) return Invalid("equipmentId", "booking.equipment.maintenance", Equipment.Name);
        if (Equipment.Status == EquipmentStatus.Decommissioned) return Invalid("equipmentId", "booking.equipment.decommissioned", Equipment.Name);
        if (Anonymous) return null;
        if (!User.CanBook() || User.UserId() is null || User.OrganizationId() is null) return Failure.Forbidden(Phrase.Of("booking.no-organization"));
        return null;
    }

    /// <summary>Whether the booker holds a certificate of the required module valid on that Brussels date (true when none is required).</summary>
    public bool CertifiedOn(DateOnly day) =>
        Module is null || Certificates.Any(c => c.IssuedOn <= day && (c.ExpiresOn == null || c.ExpiresOn >= day));

    /// <summary>
    /// Whether a signed-in booker lacks the required certificate on every day they could book (today to the last day ahead),
    /// so that the pages say it before the form rather than after it.
    /// </summary>
    public bool CertificateMissing(DateTimeOffset now)
    {
        if (Module is null || !User.CanBook()) return false;
        var first = BookingCalendar.DateOf(now);
        var last = BookingCalendar.DateOf(now.AddDays(Equipment.Rules.MaxAdvanceDays));
        return !Certificates.Any(c => c.IssuedOn <= last && (c.ExpiresOn == null || c.ExpiresOn >= first));
    }

    /// <summary>Every rule, in the fixed order of ADR 010, for [start, end) at <paramref name="now"/>; the first one broken is the answer. Clashes last.</summary>
    public Outcome<BookingPlan> Check(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        if (CheckBooker() is { } refused) return refused;
        var rules = Equipment.Rules;
        if (end <= start) return Invalid("endsAt", "booking.end-before-start");
        var length = end - start;
        var lasts = BookingCalendar.Duration((int)length.TotalMinutes);
        if (length < TimeSpan.FromMinutes(rules.MinDurationMinutes))
            return Invalid("endsAt", "booking.too-short", BookingCalendar.Duration(rules.MinDurationMinutes), lasts);
        if (length > TimeSpan.FromMinutes(rules.MaxDurationMinutes))
            return Invalid("endsAt", "booking.too-long", BookingCalendar.Duration(rules.MaxDurationMinutes), lasts);

        var offGrid = new Dictionary<string, Phrase[]>();
        foreach (var (field, instant) in new[] { ("startsAt", start), ("endsAt", end) })
        {
            if (BookingCalendar.OnGrid(instant, rules.SlotMinutes)) continue;
            var local = BookingCalendar.Local(instant);
            var shown = local.ToString(local.Second == 0 ? "HH:mm" : "HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            offGrid[field] = [Phrase.Of("booking.off-grid", rules.SlotMinutes, shown)];
        }
        if (offGrid.Count > 0) return Failure.Invalid(offGrid);

        if (start < now) return Invalid("startsAt", "booking.start.past");
        if (start - now < TimeSpan.FromHours(rules.MinNoticeHours))
            return Failure.Invalid("startsAt", Phrase.Plural("booking.notice", rules.MinNoticeHours, now.AddHours(rules.MinNoticeHours)));
        if (start > now.AddDays(rules.MaxAdvanceDays))
            return Failure.Invalid("startsAt", Phrase.Plural("booking.advance", rules.MaxAdvanceDays, now.AddDays(rules.MaxAdvanceDays)));

        var day = BookingCalendar.DateOf(start);
        var opening = BookingCalendar.Opening(rules, day);
        if (opening.Count == 0) return Invalid("startsAt", "booking.closed-day", BookingCalendar.LongDate(day));
        var within = opening.FirstOrDefault(o => o.Start <= start && start < o.End);
        if (within == default)
        {
            var hours = string.Join(", ", opening.Select(o => $"{Clock(o.Start, day)}–{Clock(o.End, day)}"));
            return Invalid("startsAt", "booking.outside-hours", BookingCalendar.LocalClock(start), BookingCalendar.LongDate(day), hours);
        }
        if (end > within.End)
            return Invalid("endsAt", end > BookingCalendar.Day(day).End ? "booking.same-day" : "booking.past-closing", BookingCalendar.LongDate(day), Clock(within.End, day));

        if (Closures.FirstOrDefault(c => c.StartsAt < end && start < c.EndsAt) is { } closure)
        {
            var span = BookingCalendar.Span(closure.StartsAt, closure.EndsAt);
            return string.IsNullOrWhiteSpace(closure.Reason)
                ? Invalid("startsAt", "booking.closure", span)
                : Invalid("startsAt", "booking.closure.reason", span, closure.Reason.Trim().TrimEnd('.'));
        }

        if (Anonymous)
        {
            // A visitor sees the instrument's own rules; who they are (certificate, limit, rate) is checked once they sign in.
            var blocked = end.AddMinutes(rules.BufferMinutes);
            return Active.FirstOrDefault(b => b.StartsAt < blocked && start < b.BlockedUntil) is { } taken ? Clash(taken) : new BookingPlan(Equipment, "", 0, start, end, default, 0m, 0m);
        }

        var userId = User.UserId()!;
        if (Module is { } module && !CertifiedOn(day))
        {
            var refusal = Failure.Invalid("certificate", Phrase.Of("booking.certificate.required", new Bilingual(module.TitleFr, module.TitleEn)));
            // The module travels with the refusal, so a page or a client can point to its training.
            return refusal with { Extensions = new Dictionary<string, object?> { ["requiredModule"] = module } };
        }

        if (rules.MaxBookingsPerUserPerWeek is { } perWeek)
        {
            var week = BookingCalendar.WeekOf(start);
            var booked = Active.Count(b => b.UserId == userId && b.StartsAt >= week.Start && b.StartsAt < week.End);
            if (booked >= perWeek)
                return Failure.Invalid("startsAt", Phrase.Plural("booking.weekly-limit", booked, BookingCalendar.LongDate(BookingCalendar.DateOf(week.Start)), perWeek));
        }

        if (Organization is null) return Failure.Forbidden(Phrase.Of("booking.no-organization"));
        var category = Pricing.CategoryOf(Organization, Equipment.Platform!);
        var rate = Pricing.RateOn(Equipment.Rates, category, day);
        if (rate is null)
            return Invalid("rate", "booking.no-rate", Equipment.Name, Phrase.Of($"booking.category.{category}"), BookingCalendar.LongDate(day));
        var plan = new BookingPlan(Equipment, userId, Organization.Id, start, end, category, rate.HourlyRate, Pricing.Price(start, end, rate.HourlyRate));
        // The time is taken: said before anyone confirms a booking that cannot be made.
        return Active.FirstOrDefault(b => b.StartsAt < plan.BlockedUntil && start < b.BlockedUntil) is { } clash ? Clash(clash) : plan;
    }

    /// <summary>The refusal of a booking whose [start, blocked until) overlaps an active booking, naming it.</summary>
    public static Failure Clash(Booking clash)
    {
        var detail = clash.BlockedUntil > clash.EndsAt
            ? Phrase.Of("booking.taken.with-buffer", BookingCalendar.Span(clash.StartsAt, clash.EndsAt), BookingCalendar.LocalClock(clash.BlockedUntil))
            : Phrase.Of("booking.taken", BookingCalendar.Span(clash.StartsAt, clash.EndsAt));
        return Failure.Conflict(Phrase.Of("booking.taken.title"), detail) with
        {
            Extensions = new Dictionary<string, object?>
            {
                ["conflictingBookingId"] = clash.Id,
                ["conflictingStartsAt"] = clash.StartsAt,
                ["conflictingEndsAt"] = clash.EndsAt,
                ["conflictingBlockedUntil"] = clash.BlockedUntil,
            },
        };
    }

    /// <summary>"24:00" for the midnight that ends the day, the wall clock otherwise.</summary>
    private static string Clock(DateTimeOffset instant, DateOnly day) =>
        instant == BookingCalendar.Day(day).End ? "24:00" : BookingCalendar.LocalClock(instant);

    private static Failure Invalid(string field, string code, params object?[] args) => Failure.Invalid(field, Phrase.Of(code, args));
}
