using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Notifications;
using Biotope.Features.Platforms.Training;
using Biotope.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>The training module whose certificate a refused booking needs (problem extension "requiredModule").</summary>
public sealed record RequiredModule(int Id, string Slug, string TitleEn, string TitleFr);

/// <summary>
/// Books instruments so that two bookings never overlap (ADR 010). Every rule is checked in a fixed order and refused
/// with a message keyed by field; <c>language</c> ("en" or "fr") picks the language of the messages: the API answers in
/// English, the pages in the reader's language.
/// </summary>
public sealed class BookingService(BiotopeDb db, TimeProvider clock, Notifier notifier)
{
    /// <summary>Check-in opens this long before the start.</summary>
    public static readonly TimeSpan CheckInOpensBefore = TimeSpan.FromMinutes(15);

    public const int MaxPurposeLength = 1000;

    public Task<Outcome<Quote>> QuoteAsync(ClaimsPrincipal user, BookingInput input, string language = "en", CancellationToken ct = default) =>
        QuoteAsync(user, input.EquipmentId, Times.Text(input.StartsAt, input.EndsAt), language, ct);

    public Task<Outcome<Quote>> QuoteAsync(ClaimsPrincipal user, int equipmentId, DateTimeOffset startsAt, DateTimeOffset endsAt, string language = "en", CancellationToken ct = default) =>
        QuoteAsync(user, equipmentId, Times.Instants(startsAt, endsAt), language, ct);

    public Task<Outcome<Booking>> CreateAsync(ClaimsPrincipal user, BookingInput input, string language = "en", CancellationToken ct = default) =>
        RetryWhenBusyAsync(() => CreateOnceAsync(user, input.EquipmentId, Times.Text(input.StartsAt, input.EndsAt), input.Purpose, language, ct), ct);

    public Task<Outcome<Booking>> CreateAsync(ClaimsPrincipal user, int equipmentId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? purpose = null, string language = "en", CancellationToken ct = default) =>
        RetryWhenBusyAsync(() => CreateOnceAsync(user, equipmentId, Times.Instants(startsAt, endsAt), purpose, language, ct), ct);

    /// <summary>A booking the user may see: their own, or any on a platform they manage (staff: all). Others are "not found".</summary>
    public async Task<Outcome<Booking>> GetAsync(ClaimsPrincipal user, long id, CancellationToken ct = default)
    {
        var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (booking is null) return Failure.NotFound($"Booking {id}");
        if (booking.UserId == user.UserId()) return booking;
        var platformId = await db.Equipment.Where(e => e.Id == booking.EquipmentId).Select(e => e.PlatformId).SingleAsync(ct);
        return await db.ManagesPlatformAsync(user, platformId, ct) ? booking : Failure.NotFound($"Booking {id}");
    }

    /// <summary>
    /// The booker cancels under the instrument's terms (free until the notice, then its share of the price; a booking
    /// still awaiting approval is free). A manager cancelling someone else's booking does it on the platform's side: free.
    /// </summary>
    public async Task<Outcome<Booking>> CancelAsync(ClaimsPrincipal user, long id, string language = "en", CancellationToken ct = default)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (booking, equipment, _) = loaded.Value;
        var now = clock.GetUtcNow();
        if (!booking.IsActive) return NotInState(booking, "Not active", "Booking {0} is already {1}.", language);
        if (booking.StartsAt <= now)
            return Conflict("Already started", Say(language, "A booking that has started or ended cannot be cancelled."));
        var byBooker = booking.UserId == user.UserId();
        booking.CancellationCharge = byBooker ? ChargeToCancel(booking, equipment.Rules, now) : 0m;
        booking.Status = BookingStatus.Cancelled;
        booking.CancelledAt = now;
        if (!byBooker)
        {
            await notifier.ToUsersAsync([booking.UserId], AboutBooking("booking-cancelled", equipment, booking,
                "The platform cancelled your booking of {0}", "{0}, {1}: cancelled by the platform, at no charge.", "/bookings"), ct);
        }
        return await SaveAsync(booking, ct);
    }

    public Task<Outcome<Booking>> ApproveAsync(ClaimsPrincipal user, long id, string? note = null, string language = "en", CancellationToken ct = default) =>
        DecideAsync(user, id, approve: true, note, language, ct);

    /// <summary>Rejecting frees the slot.</summary>
    public Task<Outcome<Booking>> RejectAsync(ClaimsPrincipal user, long id, string? note = null, string language = "en", CancellationToken ct = default) =>
        DecideAsync(user, id, approve: false, note, language, ct);

    /// <summary>From <see cref="CheckInOpensBefore"/> the start until the end, for a confirmed booking (booker or manager).</summary>
    public async Task<Outcome<Booking>> CheckInAsync(ClaimsPrincipal user, long id, string language = "en", CancellationToken ct = default)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var booking = loaded.Value.Booking;
        var now = clock.GetUtcNow();
        if (booking.Status != BookingStatus.Confirmed) return NotInState(booking, "Not confirmed", "Booking {0} is {1}: only a confirmed booking is checked in.", language);
        if (booking.CheckedInAt is { } at)
            return Conflict("Already checked in", Say(language, "This booking was checked in at {0}.", Texts.Format(at, language)));
        if (now < booking.StartsAt - CheckInOpensBefore)
            return Conflict("Too early", Say(language, "Check-in opens 15 minutes before the start, at {0}.", Texts.Format(booking.StartsAt - CheckInOpensBefore, language)));
        if (now >= booking.EndsAt) return Conflict("Too late", Say(language, "The booking has ended: check-in is closed."));
        booking.CheckedInAt = now;
        return await SaveAsync(booking, ct);
    }

    public async Task<Outcome<Booking>> CheckOutAsync(ClaimsPrincipal user, long id, string language = "en", CancellationToken ct = default)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var booking = loaded.Value.Booking;
        if (booking.CheckedInAt is null) return Conflict("Not checked in", Say(language, "Check in before checking out."));
        if (booking.CheckedOutAt is { } at)
            return Conflict("Already checked out", Say(language, "This booking was checked out at {0}.", Texts.Format(at, language)));
        booking.CheckedOutAt = clock.GetUtcNow();
        return await SaveAsync(booking, ct);
    }

    /// <summary>What the booker would pay to cancel at <paramref name="now"/>; a booking awaiting approval cancels free.</summary>
    public static decimal ChargeToCancel(Booking booking, BookingRules rules, DateTimeOffset now) =>
        booking.Status == BookingStatus.Pending ? 0m : Pricing.CancellationCharge(booking, rules, now);

    // ---------------------------------------------------------------------------------------------
    // Quote and create
    // ---------------------------------------------------------------------------------------------

    private readonly record struct Times(string? StartText, string? EndText, DateTimeOffset? Start, DateTimeOffset? End)
    {
        public static Times Text(string? start, string? end) => new(start, end, null, null);

        public static Times Instants(DateTimeOffset start, DateTimeOffset end) => new(null, null, start.ToUniversalTime(), end.ToUniversalTime());
    }

    /// <summary>A request that passed every rule, priced.</summary>
    private sealed record Plan(Equipment Equipment, string UserId, int OrganizationId, DateTimeOffset Start, DateTimeOffset End, UserCategory Category, decimal HourlyRate, decimal Price)
    {
        public DateTimeOffset BlockedUntil => End.AddMinutes(Equipment.Rules.BufferMinutes);

        public Quote ToQuote(string language)
        {
            var rules = Equipment.Rules;
            var freeUntil = Start.AddHours(-rules.FreeCancellationHours);
            var lateCharge = Pricing.Cents(Price * rules.LateCancellationPercent / 100m);
            var terms = Say(language, "Free cancellation until {0}; after that, {1}% of the price ({2}).",
                Texts.Format(freeUntil, language), rules.LateCancellationPercent.ToString("0.##", BookingCalendar.Culture(language)), BookingTexts.Euros(lateCharge, language));
            return new Quote(Equipment.Id, Equipment.Name, Equipment.PlatformId, Start, End, BookingCalendar.LocalIso(Start), BookingCalendar.LocalIso(End),
                BookingCalendar.Span(Start, End, language), (int)(End - Start).TotalMinutes, Category, HourlyRate, Price, rules.ApprovalRequired, rules.BufferMinutes,
                BlockedUntil, freeUntil, rules.LateCancellationPercent, lateCharge, terms);
        }
    }

    private async Task<Outcome<Quote>> QuoteAsync(ClaimsPrincipal user, int equipmentId, Times times, string language, CancellationToken ct)
    {
        var planned = await PlanAsync(user, equipmentId, times, language, ct);
        if (!planned.Succeeded) return planned.Failure!;
        var plan = planned.Value!;
        // The quote already says when the time is taken, so nobody confirms a booking that cannot be made.
        if (await FindClashAsync(equipmentId, plan.Start, plan.BlockedUntil, ct) is { } clash) return Clash(clash, language);
        return plan.ToQuote(language);
    }

    private async Task<Outcome<Booking>> CreateOnceAsync(ClaimsPrincipal user, int equipmentId, Times times, string? purpose, string language, CancellationToken ct)
    {
        purpose = string.IsNullOrWhiteSpace(purpose) ? null : purpose.Trim();
        if (purpose is { Length: > MaxPurposeLength })
            return Invalid("purpose", Say(language, "The purpose is at most {0} characters long.", MaxPurposeLength));

        // On SQLite this begins IMMEDIATE: the write lock is held from here, so the rules, the overlap check and the
        // insert are serialized. On PostgreSQL the exclusion constraint decides between concurrent inserts.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var planned = await PlanAsync(user, equipmentId, times, language, ct);
        if (!planned.Succeeded) return planned.Failure!;
        var plan = planned.Value!;
        if (await FindClashAsync(equipmentId, plan.Start, plan.BlockedUntil, ct) is { } clash) return Clash(clash, language);

        var booking = new Booking
        {
            EquipmentId = equipmentId,
            UserId = plan.UserId,
            OrganizationId = plan.OrganizationId,
            StartsAt = plan.Start,
            EndsAt = plan.End,
            BlockedUntil = plan.BlockedUntil,
            Status = plan.Equipment.Rules.ApprovalRequired ? BookingStatus.Pending : BookingStatus.Confirmed,
            Purpose = purpose,
            Category = plan.Category,
            HourlyRate = plan.HourlyRate,
            Price = plan.Price,
        };
        db.Bookings.Add(booking);
        if (booking.Status == BookingStatus.Pending) await NotifyManagersAsync(plan.Equipment, booking, user, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return booking;
        }
        catch (DbUpdateException e) when (IsOverlap(e))
        {
            // Another booking won the slot between our check and our insert: name it.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var winner = await FindClashAsync(equipmentId, plan.Start, plan.BlockedUntil, ct);
            return winner is null ? Conflict("The time is taken", Say(language, "Another booking has just taken this time.")) : Clash(winner, language);
        }
    }

    private async Task<Outcome<Booking>> RetryWhenBusyAsync(Func<Task<Outcome<Booking>>> attempt, CancellationToken ct)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception e) when (tries < 4 && IsBusy(e))
            {
                // SQLite waits up to its Default Timeout for the lock; this covers what still slips through.
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(20 * tries + Random.Shared.Next(20)), ct);
            }
        }
    }

    /// <summary>The rules of issue 4 in a fixed order; the first one broken is the answer.</summary>
    private async Task<Outcome<Plan>> PlanAsync(ClaimsPrincipal user, int equipmentId, Times times, string language, CancellationToken ct)
    {
        var equipment = await db.Equipment.AsNoTracking().Include(e => e.Platform).Include(e => e.Rates).SingleOrDefaultAsync(e => e.Id == equipmentId, ct);
        if (equipment is null) return Invalid("equipmentId", Say(language, "There is no equipment {0}.", equipmentId));
        if (equipment.Status == EquipmentStatus.Maintenance) return Invalid("equipmentId", Say(language, "{0} is in maintenance and cannot be booked.", equipment.Name));
        if (equipment.Status == EquipmentStatus.Decommissioned) return Invalid("equipmentId", Say(language, "{0} is decommissioned and cannot be booked.", equipment.Name));
        if (!user.CanBook() || user.UserId() is not { } userId || user.OrganizationId() is not { } organizationId)
            return Failure.Forbidden(Say(language, "Bookings are billed to an organization, and your account belongs to none. Ask cluster staff to link it to yours."));
        var rules = equipment.Rules;

        DateTimeOffset start, end;
        if (times is { Start: { } instantStart, End: { } instantEnd })
        {
            (start, end) = (instantStart, instantEnd);
        }
        else
        {
            var errors = new Dictionary<string, string[]>();
            if (!BrusselsTime.TryParse(times.StartText, out start, out var startError)) errors["startsAt"] = [Localize(startError!, language)];
            if (!BrusselsTime.TryParse(times.EndText, out end, out var endError)) errors["endsAt"] = [Localize(endError!, language)];
            if (errors.Count > 0) return Failure.Invalid(errors);
        }

        if (end <= start) return Invalid("endsAt", Say(language, "The end must be after the start."));
        var length = end - start;
        var lasts = BookingCalendar.Duration((int)length.TotalMinutes);
        if (length < TimeSpan.FromMinutes(rules.MinDurationMinutes))
            return Invalid("endsAt", Say(language, "A booking of this instrument lasts at least {0}; this one lasts {1}.", BookingCalendar.Duration(rules.MinDurationMinutes), lasts));
        if (length > TimeSpan.FromMinutes(rules.MaxDurationMinutes))
            return Invalid("endsAt", Say(language, "A booking of this instrument lasts at most {0}; this one lasts {1}.", BookingCalendar.Duration(rules.MaxDurationMinutes), lasts));

        var offGrid = new Dictionary<string, string[]>();
        foreach (var (field, instant) in new[] { ("startsAt", start), ("endsAt", end) })
        {
            if (BookingCalendar.OnGrid(instant, rules.SlotMinutes)) continue;
            var local = BookingCalendar.Local(instant);
            var shown = local.ToString(local.Second == 0 ? "HH:mm" : "HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            offGrid[field] = [Say(language, "Bookings start and end on a {0}-minute grid from midnight, Brussels time: {1} is not on it.", rules.SlotMinutes, shown)];
        }
        if (offGrid.Count > 0) return Failure.Invalid(offGrid);

        var now = clock.GetUtcNow();
        if (start < now) return Invalid("startsAt", Say(language, "The start is in the past."));
        if (start - now < TimeSpan.FromHours(rules.MinNoticeHours))
            return Invalid("startsAt", Say(language, "Book at least {0} hours ahead: the earliest start is now {1}.", rules.MinNoticeHours, Texts.Format(now.AddHours(rules.MinNoticeHours), language)));
        if (start > now.AddDays(rules.MaxAdvanceDays))
            return Invalid("startsAt", Say(language, "Bookings open {0} days ahead: the latest start is now {1}.", rules.MaxAdvanceDays, Texts.Format(now.AddDays(rules.MaxAdvanceDays), language)));

        var day = BookingCalendar.DateOf(start);
        var opening = BookingCalendar.Opening(rules, day);
        if (opening.Count == 0) return Invalid("startsAt", Say(language, "The instrument is closed on {0}.", BookingCalendar.LongDate(day, language)));
        var hours = string.Join(", ", opening.Select(o => $"{Clock(o.Start, day)}–{Clock(o.End, day)}"));
        var within = opening.FirstOrDefault(o => o.Start <= start && start < o.End);
        if (within == default)
            return Invalid("startsAt", Say(language, "{0} is outside the opening hours of {1}: {2}.", BookingCalendar.LocalClock(start), BookingCalendar.LongDate(day, language), hours));
        if (end > within.End)
        {
            return Invalid("endsAt", end > BookingCalendar.Day(day).End
                ? Say(language, "A booking starts and ends on the same opening day: on {0} the instrument closes at {1}.", BookingCalendar.LongDate(day, language), Clock(within.End, day))
                : Say(language, "The booking runs past closing time: on {0} the instrument closes at {1}.", BookingCalendar.LongDate(day, language), Clock(within.End, day)));
        }

        var closure = await db.Closures.AsNoTracking().Where(c => c.EquipmentId == equipmentId && c.StartsAt < end && start < c.EndsAt).OrderBy(c => c.StartsAt).FirstOrDefaultAsync(ct);
        if (closure is not null)
        {
            var span = BookingCalendar.Span(closure.StartsAt, closure.EndsAt, language);
            return Invalid("startsAt", string.IsNullOrWhiteSpace(closure.Reason)
                ? Say(language, "The instrument is closed {0}.", span)
                : Say(language, "The instrument is closed {0}: {1}.", span, closure.Reason.Trim().TrimEnd('.')));
        }

        if (equipment.RequiredModuleId is { } moduleId && !await db.HasValidCertificateAsync(userId, moduleId, day, ct))
        {
            var module = await db.TrainingModules.AsNoTracking().Where(m => m.Id == moduleId).Select(m => new RequiredModule(m.Id, m.Slug, m.TitleEn, m.TitleFr)).SingleAsync(ct);
            var refusal = Failure.Invalid(new Dictionary<string, string[]>
            {
                ["certificate"] = [Say(language, "You need a valid certificate of '{0}' to book this instrument.", language == "en" ? module.TitleEn : module.TitleFr)],
            });
            // The module travels with the refusal, so a page or a client can point to its training.
            return refusal with { Extensions = new Dictionary<string, object?> { ["requiredModule"] = module } };
        }

        if (rules.MaxBookingsPerUserPerWeek is { } perWeek)
        {
            var week = BookingCalendar.WeekOf(start);
            var booked = await ActiveOnly(db.Bookings).CountAsync(b => b.UserId == userId && b.EquipmentId == equipmentId && b.StartsAt >= week.Start && b.StartsAt < week.End, ct);
            if (booked >= perWeek)
            {
                return Invalid("startsAt", Say(language, "You already have {0} booking(s) of this instrument in the week of {1}: the limit is {2} a week.",
                    booked, BookingCalendar.LongDate(BookingCalendar.DateOf(week.Start), language), perWeek));
            }
        }

        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null)
            return Failure.Forbidden(Say(language, "Bookings are billed to an organization, and your account belongs to none. Ask cluster staff to link it to yours."));
        var category = Pricing.CategoryOf(organization, equipment.Platform!);
        var rate = Pricing.RateOn(equipment.Rates, category, day);
        if (rate is null)
        {
            return Invalid("rate", Say(language, "{0} has no rate for {1} users on {2}: ask the platform.",
                equipment.Name, BookingTexts.Category(category, language).ToLower(BookingCalendar.Culture(language)), BookingCalendar.LongDate(day, language)));
        }
        return new Plan(equipment, userId, organizationId, start, end, category, rate.HourlyRate, Pricing.Price(start, end, rate.HourlyRate));
    }

    /// <summary>"24:00" for the midnight that ends the day, the wall clock otherwise.</summary>
    private static string Clock(DateTimeOffset instant, DateOnly day) =>
        instant == BookingCalendar.Day(day).End ? "24:00" : BookingCalendar.LocalClock(instant);

    /// <summary>Pending and confirmed bookings: the ones that hold their slot.</summary>
    public static IQueryable<Booking> ActiveOnly(IQueryable<Booking> bookings) =>
        bookings.Where(b => b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed);

    /// <summary>The first active booking whose [start, blocked until) overlaps [start, blockedUntil) of a new one.</summary>
    private Task<Booking?> FindClashAsync(int equipmentId, DateTimeOffset start, DateTimeOffset blockedUntil, CancellationToken ct) =>
        ActiveOnly(db.Bookings.AsNoTracking())
            .Where(b => b.EquipmentId == equipmentId && b.StartsAt < blockedUntil && start < b.BlockedUntil)
            .OrderBy(b => b.StartsAt).FirstOrDefaultAsync(ct);

    private static Failure Clash(Booking clash, string language)
    {
        var detail = clash.BlockedUntil > clash.EndsAt
            ? Say(language, "This time is taken: the instrument is booked {0}, and kept free until {1} after it.", BookingCalendar.Span(clash.StartsAt, clash.EndsAt, language), BookingCalendar.LocalClock(clash.BlockedUntil))
            : Say(language, "This time is taken: the instrument is booked {0}.", BookingCalendar.Span(clash.StartsAt, clash.EndsAt, language));
        return Conflict("The time is taken", detail) with
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

    /// <summary>The database refused an overlap: PostgreSQL's exclusion constraint or SQLite's trigger.</summary>
    private static bool IsOverlap(DbUpdateException e) => e.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.ExclusionViolation,
        SqliteException sqlite => sqlite.Message.Contains("bookings_no_overlap", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// SQLITE_BUSY (5) or SQLITE_LOCKED (6); or a PostgreSQL deadlock, which two inserts colliding in the exclusion
    /// constraint can cause: PostgreSQL aborts one of them, and trying again finds the winner and names it.
    /// </summary>
    private static bool IsBusy(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: 5 or 6 }) return true;
            if (e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure }) return true;
        }
        return false;
    }

    private async Task NotifyManagersAsync(Equipment equipment, Booking booking, ClaimsPrincipal user, CancellationToken ct)
    {
        var managers = await db.PlatformManagers.Where(m => m.PlatformId == equipment.PlatformId).Select(m => m.UserId).ToListAsync(ct);
        var who = user.Identity?.Name ?? "";
        var message = new Message("booking-pending",
            $"A booking of {equipment.Name} awaits your approval",
            $"Une réservation de {equipment.Name} attend votre approbation",
            $"{who} booked {equipment.Name}, {BookingCalendar.Span(booking.StartsAt, booking.EndsAt, "en")} (Brussels time). Approve or reject it.",
            $"{who} a réservé {equipment.Name}, {BookingCalendar.Span(booking.StartsAt, booking.EndsAt, "fr")} (heure de Bruxelles). Approuvez-la ou refusez-la.",
            "/bookings/manage");
        // Without a manager bound to the platform, cluster staff run it.
        if (managers.Count > 0) await notifier.ToUsersAsync(managers, message, ct);
        else await notifier.ToStaffAsync(message, ct);
    }

    // ---------------------------------------------------------------------------------------------
    // Changes of state
    // ---------------------------------------------------------------------------------------------

    private async Task<Outcome<Booking>> DecideAsync(ClaimsPrincipal user, long id, bool approve, string? note, string language, CancellationToken ct)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (booking, equipment, manages) = loaded.Value;
        if (!manages) return Failure.Forbidden(Say(language, "Only the platform's managers and cluster staff approve or reject bookings."));
        if (booking.Status != BookingStatus.Pending) return NotInState(booking, "Not awaiting approval", "Booking {0} is {1}: only a booking awaiting approval is approved or rejected.", language);
        if (approve && booking.EndsAt <= clock.GetUtcNow()) return Conflict("Ended", Say(language, "The booking ended before it was approved: reject it instead."));
        booking.Status = approve ? BookingStatus.Confirmed : BookingStatus.Rejected;
        booking.DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        booking.DecidedByUserId = user.UserId();
        var noteEn = booking.DecisionNote is null ? "" : $" Note: {booking.DecisionNote}";
        var noteFr = booking.DecisionNote is null ? "" : $" Note : {booking.DecisionNote}";
        await notifier.ToUsersAsync([booking.UserId], approve
            ? new Message("booking-approved", $"Your booking of {equipment.Name} is confirmed", $"Votre réservation de {equipment.Name} est confirmée",
                $"{equipment.Name}, {BookingCalendar.Span(booking.StartsAt, booking.EndsAt, "en")} (Brussels time): approved by the platform.{noteEn}",
                $"{equipment.Name}, {BookingCalendar.Span(booking.StartsAt, booking.EndsAt, "fr")} (heure de Bruxelles) : approuvée par la plateforme.{noteFr}", "/bookings")
            : new Message("booking-rejected", $"Your booking of {equipment.Name} was rejected", $"Votre réservation de {equipment.Name} a été refusée",
                $"{equipment.Name}, {BookingCalendar.Span(booking.StartsAt, booking.EndsAt, "en")} (Brussels time): rejected by the platform; the time is free again.{noteEn}",
                $"{equipment.Name}, {BookingCalendar.Span(booking.StartsAt, booking.EndsAt, "fr")} (heure de Bruxelles) : refusée par la plateforme ; le créneau est à nouveau libre.{noteFr}", "/bookings"), ct);
        return await SaveAsync(booking, ct);
    }

    /// <summary>The tracked booking and its instrument, for the booker or a manager of its platform; "not found" for everyone else.</summary>
    private async Task<Outcome<(Booking Booking, Equipment Equipment, bool Manages)>> LoadForChangeAsync(ClaimsPrincipal user, long id, CancellationToken ct)
    {
        var booking = await db.Bookings.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (booking is null) return Failure.NotFound($"Booking {id}");
        var equipment = await db.Equipment.AsNoTracking().SingleAsync(e => e.Id == booking.EquipmentId, ct);
        var manages = await db.ManagesPlatformAsync(user, equipment.PlatformId, ct);
        if (!manages && booking.UserId != user.UserId()) return Failure.NotFound($"Booking {id}");
        return (booking, equipment, manages);
    }

    /// <summary>Saves a change of state; the version check turns a concurrent change (a double approval) into a 409.</summary>
    private async Task<Outcome<Booking>> SaveAsync(Booking booking, CancellationToken ct) =>
        await Concurrency.SaveAsync(db, ct) is { } conflict ? conflict : booking;

    /// <summary>A notification about one booking: the templates take the instrument ({0}) and the span ({1}).</summary>
    private static Message AboutBooking(string kind, Equipment equipment, Booking booking, string subjectEn, string bodyEn, string link) =>
        new(kind, Say("en", subjectEn, equipment.Name), Say("fr", subjectEn, equipment.Name),
            Say("en", bodyEn, equipment.Name, BookingCalendar.Span(booking.StartsAt, booking.EndsAt, "en")),
            Say("fr", bodyEn, equipment.Name, BookingCalendar.Span(booking.StartsAt, booking.EndsAt, "fr")), link);

    private static Failure NotInState(Booking booking, string title, string template, string language) =>
        Conflict(title, Say(language, template, booking.Id, BookingTexts.Status(booking.Status, language).ToLower(BookingCalendar.Culture(language))));

    private static Failure Conflict(string title, string detail) => new(FailureKind.Conflict, title, detail);

    private static Failure Invalid(string field, string message) => Failure.Invalid(new Dictionary<string, string[]> { [field] = [message] });

    private static string Say(string language, string template, params object?[] args) => BookingTexts.Say(language, template, args);

    /// <summary>BrusselsTime answers in English; its fixed messages have a French resource (the calls' regex translation is gone).</summary>
    private static string Localize(string message, string language) =>
        language == "en" ? message : Texts.Resources.GetString(message, System.Globalization.CultureInfo.GetCultureInfo("fr")) ?? message;
}
