using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Notifications;
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

    /// <summary>
    /// Said before the form: the required certificate the booker holds on none of the days they could book, with the module's
    /// next session (none when no session is planned). Null when nothing is missing or nobody is signed in.
    /// </summary>
    public async Task<MissingCertificate?> MissingCertificateAsync(BookingRuleSet rules, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (rules.Module is not { } module || !rules.CertificateMissing(now)) return null;
        var next = await db.TrainingSessions.AsNoTracking().Where(s => s.ModuleId == module.Id && s.StartsAt > now && s.CancelledAt == null)
            .OrderBy(s => s.StartsAt).Select(s => new { s.Id, s.StartsAt }).FirstOrDefaultAsync(ct);
        return new MissingCertificate(module, next?.Id, next?.StartsAt);
    }

    public async Task<MissingCertificate?> MissingCertificateAsync(ClaimsPrincipal user, int equipmentId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await BookingRuleSet.LoadAsync(db, user, equipmentId, new TimeRange(now, now), ct) is { } rules ? await MissingCertificateAsync(rules, ct) : null;
    }

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
    public async Task<Outcome<Booking>> CancelAsync(ClaimsPrincipal user, long id, ReadVersion read, CancellationToken ct = default)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (booking, equipment, _) = loaded.Value;
        var now = clock.GetUtcNow();
        if (!booking.IsActive) return NotInState(booking, "booking.not-active");
        if (booking.StartsAt <= now)
            return Conflict("booking.cancel.started");
        if (Concurrency.Check(booking.Version, read) is { } stale) return stale;
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

    public Task<Outcome<Booking>> ApproveAsync(ClaimsPrincipal user, long id, ReadVersion read, string? note = null, CancellationToken ct = default) =>
        DecideAsync(user, id, approve: true, read, note, ct);

    /// <summary>Rejecting frees the slot.</summary>
    public Task<Outcome<Booking>> RejectAsync(ClaimsPrincipal user, long id, ReadVersion read, string? note = null, CancellationToken ct = default) =>
        DecideAsync(user, id, approve: false, read, note, ct);

    /// <summary>From <see cref="CheckInOpensBefore"/> the start until the end, for a confirmed booking (booker or manager).</summary>
    public async Task<Outcome<Booking>> CheckInAsync(ClaimsPrincipal user, long id, ReadVersion read, CancellationToken ct = default)
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
        if (Concurrency.Check(booking.Version, read) is { } stale) return stale;
        booking.CheckedInAt = now;
        return await SaveAsync(booking, ct);
    }

    public async Task<Outcome<Booking>> CheckOutAsync(ClaimsPrincipal user, long id, ReadVersion read, CancellationToken ct = default)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var booking = loaded.Value.Booking;
        if (booking.CheckedInAt is null) return Conflict("booking.check-out.not-checked-in");
        if (booking.CheckedOutAt is { } at)
            return Conflict("booking.check-out.already", at);
        if (Concurrency.Check(booking.Version, read) is { } stale) return stale;
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

    /// <summary>The quote as the caller reads it: its sentences in the request's language (the quote is an answer, written at the edge).</summary>
    private static Quote ToQuote(BookingPlan plan)
    {
        var (equipment, start, end, price) = (plan.Equipment, plan.Start, plan.End, plan.Price);
        var rules = equipment.Rules;
        var freeUntil = start.AddHours(-rules.FreeCancellationHours);
        var lateCharge = Pricing.Cents(price * rules.LateCancellationPercent / 100m);
        var texts = Texts.Current;
        var terms = texts.Say(Phrase.Of("booking.terms", freeUntil, rules.LateCancellationPercent, new Money(lateCharge)));
        return new Quote(equipment.Id, equipment.Name, equipment.PlatformId, start, end, BookingCalendar.LocalIso(start), BookingCalendar.LocalIso(end),
            texts.Say(BookingCalendar.Span(start, end)), (int)(end - start).TotalMinutes, plan.Category, plan.HourlyRate, price, rules.ApprovalRequired, rules.BufferMinutes,
            plan.BlockedUntil, freeUntil, rules.LateCancellationPercent, lateCharge, terms);
    }

    private async Task<Outcome<Quote>> QuoteAsync(ClaimsPrincipal user, int equipmentId, Times times, CancellationToken ct)
    {
        var planned = await PlanAsync(user, equipmentId, times, ct);
        if (!planned.Succeeded) return planned.Failure!;
        return ToQuote(planned.Value!);
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

    /// <summary>Reads the times, then asks the one rule set (<see cref="BookingRuleSet"/>) about them: the grid asks it too.</summary>
    private async Task<Outcome<BookingPlan>> PlanAsync(ClaimsPrincipal user, int equipmentId, Times times, CancellationToken ct)
    {
        var status = await db.Equipment.AsNoTracking().Where(e => e.Id == equipmentId).Select(e => (EquipmentStatus?)e.Status).SingleOrDefaultAsync(ct);
        if (status is null) return Invalid("equipmentId", "booking.equipment.unknown", equipmentId);
        if (status == EquipmentStatus.Active && (!user.CanBook() || user.UserId() is null))
            return Failure.Forbidden(Phrase.Of("booking.no-organization"));

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
            if (errors.Count > 0)
            {
                var rules = await BookingRuleSet.LoadAsync(db, user, equipmentId, new TimeRange(clock.GetUtcNow(), clock.GetUtcNow()), ct);
                return rules!.CheckBooker() ?? Failure.Invalid(errors);
            }
        }
        var ruleSet = await BookingRuleSet.LoadAsync(db, user, equipmentId, new TimeRange(start, end > start ? end : start), ct);
        return ruleSet!.Check(start, end, clock.GetUtcNow());
    }

    /// <summary>Pending and confirmed bookings: the ones that hold their slot.</summary>
    public static IQueryable<Booking> ActiveOnly(IQueryable<Booking> bookings) =>
        bookings.Where(b => b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed);

    /// <summary>The first active booking whose [start, blocked until) overlaps [start, blockedUntil) of a new one.</summary>
    private Task<Booking?> FindClashAsync(int equipmentId, DateTimeOffset start, DateTimeOffset blockedUntil, CancellationToken ct) =>
        ActiveOnly(db.Bookings.AsNoTracking())
            .Where(b => b.EquipmentId == equipmentId && b.StartsAt < blockedUntil && start < b.BlockedUntil)
            .OrderBy(b => b.StartsAt).FirstOrDefaultAsync(ct);

    private static Failure Clash(Booking clash) => BookingRuleSet.Clash(clash);

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

    private async Task<Outcome<Booking>> DecideAsync(ClaimsPrincipal user, long id, bool approve, ReadVersion read, string? note, CancellationToken ct)
    {
        var loaded = await LoadForChangeAsync(user, id, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (booking, equipment, manages) = loaded.Value;
        if (!manages) return Failure.Forbidden(Phrase.Of("booking.decide.forbidden"));
        if (booking.Status != BookingStatus.Pending) return NotInState(booking, "booking.decide.not-pending");
        if (approve && booking.EndsAt <= clock.GetUtcNow()) return Conflict("booking.decide.ended");
        if (Concurrency.Check(booking.Version, read) is { } stale) return stale;
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
