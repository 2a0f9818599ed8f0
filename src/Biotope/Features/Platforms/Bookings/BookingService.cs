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
/// with a coded phrase keyed by field ("booking.start.past"); the API and the pages write it in the reader's language.
/// </summary>
public sealed class BookingService(BiotopeDb db, TimeProvider clock, Notifier notifier)
{
    /// <summary>Check-in opens this long before the start.</summary>
    public static readonly TimeSpan CheckInOpensBefore = TimeSpan.FromMinutes(15);

    public const int MaxPurposeLength = 1000;

    public Task<Outcome<Quote>> QuoteAsync(ClaimsPrincipal user, BookingInput input, CancellationToken ct = default) =>
        QuoteAsync(user, input.EquipmentId, Times.Text(input.StartsAt, input.EndsAt), ct);

    public Task<Outcome<Quote>> QuoteAsync(ClaimsPrincipal user, int equipmentId, DateTimeOffset startsAt, DateTimeOffset endsAt, CancellationToken ct = default) =>
        QuoteAsync(user, equipmentId, Times.Instants(startsAt, endsAt), ct);

    public Task<Outcome<Booking>> CreateAsync(ClaimsPrincipal user, BookingInput input, CancellationToken ct = default) =>
        RetryWhenBusyAsync(() => CreateOnceAsync(user, input.EquipmentId, Times.Text(input.StartsAt, input.EndsAt), input.Purpose, ct), ct);

    public Task<Outcome<Booking>> CreateAsync(ClaimsPrincipal user, int equipmentId, DateTimeOffset startsAt, DateTimeOffset endsAt, string? purpose = null, CancellationToken ct = default) =>
        RetryWhenBusyAsync(() => CreateOnceAsync(user, equipmentId, Times.Instants(startsAt, endsAt), purpose, ct), ct);

    /// <summary>A booking the user may see: their own, or any on a platform they manage (staff: all). Others are "not found".</summary>
    public async Task<Outcome<Booking>> GetAsync(ClaimsPrincipal user, long id, CancellationToken ct = default)
    {
        var booking = await db.Bookings.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (booking is null) return NotFound(id);
        if (booking.UserId == user.UserId()) return booking;
        var platformId = await db.Equipment.Where(e => e.Id == booking.EquipmentId).Select(e => e.PlatformId).SingleAsync(ct);
        return await db.ManagesPlatformAsync(user, platformId, ct) ? booking : NotFound(id);
    }

    /// <summary>
    /// The booker cancels under the instrument's terms (free until the notice, then its share of the price; a booking
    /// still awaiting approval is free). A manager cancelling someone else's booking does it on the platform's side: free.
    /// </summary>
    public async Task<Outcome<Booking>> CancelAsync(ClaimsPrincipal user, long id, CancellationToken ct = default)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (booking, equipment, _) = loaded.Value;
        var now = clock.GetUtcNow();
        if (!booking.IsActive) return NotInState(booking, "booking.not-active");
        if (booking.StartsAt <= now)
            return Conflict("booking.cancel.started");
        var byBooker = booking.UserId == user.UserId();
        booking.CancellationCharge = byBooker ? ChargeToCancel(booking, equipment.Rules, now) : 0m;
        booking.Status = BookingStatus.Cancelled;
        booking.CancelledAt = now;
        if (!byBooker)
        {
            await notifier.ToUsersAsync([booking.UserId], Message.From("booking-cancelled", Phrase.Of("booking.notify.cancelled.subject", equipment.Name),
                Phrase.Of("booking.notify.cancelled.body", equipment.Name, BookingCalendar.Span(booking.StartsAt, booking.EndsAt)), "/bookings"), ct);
        }
        return await SaveAsync(booking, ct);
    }

    public Task<Outcome<Booking>> ApproveAsync(ClaimsPrincipal user, long id, string? note = null, CancellationToken ct = default) =>
        DecideAsync(user, id, approve: true, note, ct);

    /// <summary>Rejecting frees the slot.</summary>
    public Task<Outcome<Booking>> RejectAsync(ClaimsPrincipal user, long id, string? note = null, CancellationToken ct = default) =>
        DecideAsync(user, id, approve: false, note, ct);

    /// <summary>From <see cref="CheckInOpensBefore"/> the start until the end, for a confirmed booking (booker or manager).</summary>
    public async Task<Outcome<Booking>> CheckInAsync(ClaimsPrincipal user, long id, CancellationToken ct = default)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var booking = loaded.Value.Booking;
        var now = clock.GetUtcNow();
        if (booking.Status != BookingStatus.Confirmed) return NotInState(booking, "booking.check-in.not-confirmed");
        if (booking.CheckedInAt is { } at)
            return Conflict("booking.check-in.already", at);
        if (now < booking.StartsAt - CheckInOpensBefore)
            return Conflict("booking.check-in.too-early", booking.StartsAt - CheckInOpensBefore);
        if (now >= booking.EndsAt) return Conflict("booking.check-in.too-late");
        booking.CheckedInAt = now;
        return await SaveAsync(booking, ct);
    }

    public async Task<Outcome<Booking>> CheckOutAsync(ClaimsPrincipal user, long id, CancellationToken ct = default)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var booking = loaded.Value.Booking;
        if (booking.CheckedInAt is null) return Conflict("booking.check-out.not-checked-in");
        if (booking.CheckedOutAt is { } at)
            return Conflict("booking.check-out.already", at);
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

        /// <summary>The quote as the caller reads it: its sentences in the request's language (the quote is an answer, written at the edge).</summary>
        public Quote ToQuote()
        {
            var rules = Equipment.Rules;
            var freeUntil = Start.AddHours(-rules.FreeCancellationHours);
            var lateCharge = Pricing.Cents(Price * rules.LateCancellationPercent / 100m);
            var texts = Texts.Current;
            var terms = texts.Say(Phrase.Of("booking.terms", freeUntil, rules.LateCancellationPercent, new Money(lateCharge)));
            return new Quote(Equipment.Id, Equipment.Name, Equipment.PlatformId, Start, End, BookingCalendar.LocalIso(Start), BookingCalendar.LocalIso(End),
                texts.Say(BookingCalendar.Span(Start, End)), (int)(End - Start).TotalMinutes, Category, HourlyRate, Price, rules.ApprovalRequired, rules.BufferMinutes,
                BlockedUntil, freeUntil, rules.LateCancellationPercent, lateCharge, terms);
        }
    }

    private async Task<Outcome<Quote>> QuoteAsync(ClaimsPrincipal user, int equipmentId, Times times, CancellationToken ct)
    {
        var planned = await PlanAsync(user, equipmentId, times, ct);
        if (!planned.Succeeded) return planned.Failure!;
        var plan = planned.Value!;
        // The quote already says when the time is taken, so nobody confirms a booking that cannot be made.
        if (await FindClashAsync(equipmentId, plan.Start, plan.BlockedUntil, ct) is { } clash) return Clash(clash);
        return plan.ToQuote();
    }

    private async Task<Outcome<Booking>> CreateOnceAsync(ClaimsPrincipal user, int equipmentId, Times times, string? purpose, CancellationToken ct)
    {
        purpose = string.IsNullOrWhiteSpace(purpose) ? null : purpose.Trim();
        if (purpose is { Length: > MaxPurposeLength })
            return Invalid("purpose", "booking.purpose.too-long", MaxPurposeLength);

        // On SQLite this begins IMMEDIATE: the write lock is held from here, so the rules, the overlap check and the
        // insert are serialized. On PostgreSQL the exclusion constraint decides between concurrent inserts.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var planned = await PlanAsync(user, equipmentId, times, ct);
        if (!planned.Succeeded) return planned.Failure!;
        var plan = planned.Value!;
        if (await FindClashAsync(equipmentId, plan.Start, plan.BlockedUntil, ct) is { } clash) return Clash(clash);

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
            return winner is null ? Failure.Conflict(Phrase.Of("booking.taken.title"), Phrase.Of("booking.taken.just-now")) : Clash(winner);
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
    private async Task<Outcome<Plan>> PlanAsync(ClaimsPrincipal user, int equipmentId, Times times, CancellationToken ct)
    {
        var equipment = await db.Equipment.AsNoTracking().Include(e => e.Platform).Include(e => e.Rates).SingleOrDefaultAsync(e => e.Id == equipmentId, ct);
        if (equipment is null) return Invalid("equipmentId", "booking.equipment.unknown", equipmentId);
        if (equipment.Status == EquipmentStatus.Maintenance) return Invalid("equipmentId", "booking.equipment.maintenance", equipment.Name);
        if (equipment.Status == EquipmentStatus.Decommissioned) return Invalid("equipmentId", "booking.equipment.decommissioned", equipment.Name);
        if (!user.CanBook() || user.UserId() is not { } userId || user.OrganizationId() is not { } organizationId)
            return Failure.Forbidden(Phrase.Of("booking.no-organization"));
        var rules = equipment.Rules;

        DateTimeOffset start, end;
        if (times is { Start: { } instantStart, End: { } instantEnd })
        {
            (start, end) = (instantStart, instantEnd);
        }
        else
        {
            var errors = new Dictionary<string, Phrase[]>();
            if (!BrusselsTime.TryRead(times.StartText, out start, out var startError)) errors["startsAt"] = [startError!];
            if (!BrusselsTime.TryRead(times.EndText, out end, out var endError)) errors["endsAt"] = [endError!];
            if (errors.Count > 0) return Failure.Invalid(errors);
        }

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

        var now = clock.GetUtcNow();
        if (start < now) return Invalid("startsAt", "booking.start.past");
        if (start - now < TimeSpan.FromHours(rules.MinNoticeHours))
            return Failure.Invalid("startsAt", Phrase.Plural("booking.notice", rules.MinNoticeHours, now.AddHours(rules.MinNoticeHours)));
        if (start > now.AddDays(rules.MaxAdvanceDays))
            return Failure.Invalid("startsAt", Phrase.Plural("booking.advance", rules.MaxAdvanceDays, now.AddDays(rules.MaxAdvanceDays)));

        var day = BookingCalendar.DateOf(start);
        var opening = BookingCalendar.Opening(rules, day);
        if (opening.Count == 0) return Invalid("startsAt", "booking.closed-day", BookingCalendar.LongDate(day));
        var hours = string.Join(", ", opening.Select(o => $"{Clock(o.Start, day)}–{Clock(o.End, day)}"));
        var within = opening.FirstOrDefault(o => o.Start <= start && start < o.End);
        if (within == default)
            return Invalid("startsAt", "booking.outside-hours", BookingCalendar.LocalClock(start), BookingCalendar.LongDate(day), hours);
        if (end > within.End)
        {
            return Invalid("endsAt", end > BookingCalendar.Day(day).End ? "booking.same-day" : "booking.past-closing", BookingCalendar.LongDate(day), Clock(within.End, day));
        }

        var closure = await db.Closures.AsNoTracking().Where(c => c.EquipmentId == equipmentId && c.StartsAt < end && start < c.EndsAt).OrderBy(c => c.StartsAt).FirstOrDefaultAsync(ct);
        if (closure is not null)
        {
            var span = BookingCalendar.Span(closure.StartsAt, closure.EndsAt);
            return string.IsNullOrWhiteSpace(closure.Reason)
                ? Invalid("startsAt", "booking.closure", span)
                : Invalid("startsAt", "booking.closure.reason", span, closure.Reason.Trim().TrimEnd('.'));
        }

        if (equipment.RequiredModuleId is { } moduleId && !await db.HasValidCertificateAsync(userId, moduleId, day, ct))
        {
            var module = await db.TrainingModules.AsNoTracking().Where(m => m.Id == moduleId).Select(m => new RequiredModule(m.Id, m.Slug, m.TitleEn, m.TitleFr)).SingleAsync(ct);
            var refusal = Failure.Invalid("certificate", Phrase.Of("booking.certificate.required", new Bilingual(module.TitleFr, module.TitleEn)));
            // The module travels with the refusal, so a page or a client can point to its training.
            return refusal with { Extensions = new Dictionary<string, object?> { ["requiredModule"] = module } };
        }

        if (rules.MaxBookingsPerUserPerWeek is { } perWeek)
        {
            var week = BookingCalendar.WeekOf(start);
            var booked = await ActiveOnly(db.Bookings).CountAsync(b => b.UserId == userId && b.EquipmentId == equipmentId && b.StartsAt >= week.Start && b.StartsAt < week.End, ct);
            if (booked >= perWeek)
            {
                return Failure.Invalid("startsAt", Phrase.Plural("booking.weekly-limit", booked, BookingCalendar.LongDate(BookingCalendar.DateOf(week.Start)), perWeek));
            }
        }

        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null)
            return Failure.Forbidden(Phrase.Of("booking.no-organization"));
        var category = Pricing.CategoryOf(organization, equipment.Platform!);
        var rate = Pricing.RateOn(equipment.Rates, category, day);
        if (rate is null)
        {
            return Invalid("rate", "booking.no-rate", equipment.Name, Phrase.Of($"booking.category.{category}"), BookingCalendar.LongDate(day));
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

    private static Failure Clash(Booking clash)
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
        var message = Message.From("booking-pending", Phrase.Of("booking.notify.pending.subject", equipment.Name),
            Phrase.Of("booking.notify.pending.body", who, equipment.Name, BookingCalendar.Span(booking.StartsAt, booking.EndsAt)), "/bookings/manage");
        // Without a manager bound to the platform, cluster staff run it.
        if (managers.Count > 0) await notifier.ToUsersAsync(managers, message, ct);
        else await notifier.ToStaffAsync(message, ct);
    }

    // ---------------------------------------------------------------------------------------------
    // Changes of state
    // ---------------------------------------------------------------------------------------------

    private async Task<Outcome<Booking>> DecideAsync(ClaimsPrincipal user, long id, bool approve, string? note, CancellationToken ct)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (booking, equipment, manages) = loaded.Value;
        if (!manages) return Failure.Forbidden(Phrase.Of("booking.decide.forbidden"));
        if (booking.Status != BookingStatus.Pending) return NotInState(booking, "booking.decide.not-pending");
        if (approve && booking.EndsAt <= clock.GetUtcNow()) return Conflict("booking.decide.ended");
        booking.Status = approve ? BookingStatus.Confirmed : BookingStatus.Rejected;
        booking.DecisionNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        booking.DecidedByUserId = user.UserId();
        object noted = booking.DecisionNote is null ? "" : Phrase.Of("booking.notify.note", booking.DecisionNote);
        var span = BookingCalendar.Span(booking.StartsAt, booking.EndsAt);
        var outcome = approve ? "approved" : "rejected";
        await notifier.ToUsersAsync([booking.UserId], Message.From($"booking-{outcome}", Phrase.Of($"booking.notify.{outcome}.subject", equipment.Name),
            Phrase.Of($"booking.notify.{outcome}.body", equipment.Name, span, noted), "/bookings"), ct);
        return await SaveAsync(booking, ct);
    }

    /// <summary>The tracked booking and its instrument, for the booker or a manager of its platform; "not found" for everyone else.</summary>
    private async Task<Outcome<(Booking Booking, Equipment Equipment, bool Manages)>> LoadForChangeAsync(ClaimsPrincipal user, long id, CancellationToken ct)
    {
        var booking = await db.Bookings.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (booking is null) return NotFound(id);
        var equipment = await db.Equipment.AsNoTracking().SingleAsync(e => e.Id == booking.EquipmentId, ct);
        var manages = await db.ManagesPlatformAsync(user, equipment.PlatformId, ct);
        if (!manages && booking.UserId != user.UserId()) return NotFound(id);
        return (booking, equipment, manages);
    }

    /// <summary>Saves a change of state; the version check turns a concurrent change (a double approval) into a 409.</summary>
    private async Task<Outcome<Booking>> SaveAsync(Booking booking, CancellationToken ct) =>
        await Concurrency.SaveAsync(db, ct) is { } conflict ? conflict : booking;

    private static Failure NotFound(long id) => Failure.NotFound(Phrase.Of("booking.not-found", id));

    /// <summary>A booking not in the state the action needs: the code names the action, the detail the state it is in.</summary>
    private static Failure NotInState(Booking booking, string code) => Conflict(code, booking.Id, Phrase.Of($"booking.state.{booking.Status}"));

    /// <summary>A refused change of state: its title is "{code}.title", its detail the code with its arguments.</summary>
    private static Failure Conflict(string code, params object?[] args) => Failure.Conflict(Phrase.Of($"{code}.title"), Phrase.Of(code, args));

    private static Failure Invalid(string field, string code, params object?[] args) => Failure.Invalid(field, Phrase.Of(code, args));
}
