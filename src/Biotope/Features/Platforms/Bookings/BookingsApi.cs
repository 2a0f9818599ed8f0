using System.Globalization;
using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Biotope.Features.Platforms.Bookings;

public static class BookingsApi
{
    public static RouteGroupBuilder MapBookingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/equipment/{id:int}/availability", GetEquipmentAvailability).WithTags("Bookings").WithName(nameof(GetEquipmentAvailability))
            .WithSummary("Open, busy and free times of an instrument per Brussels day, in UTC with local labels: 'week=2026-W44' (ISO week) or 'from=2026-10-19&days=7' (1 to 31 days); this week by default. Public.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        var group = api.MapGroup("/bookings").WithTags("Bookings").RequireAuthorization(AccountsSetup.ApiWriter);
        group.MapPost("/quote", QuoteBooking).WithName(nameof(QuoteBooking))
            .WithSummary("Check every rule and price a booking without making it. 'startsAt'/'endsAt': Brussels wall-clock ('2026-11-30T09:00') or ISO 8601 with an offset.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/", CreateBooking).WithName(nameof(CreateBooking))
            .WithSummary("Book an instrument (a member of an organization, which is billed). Confirmed, or pending when the instrument needs approval. A taken time is a 409 naming the booking in the way ('conflictingBookingId').")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListBookings).WithName(nameof(ListBookings))
            .WithSummary("Your bookings. With 'equipment', 'platform' or 'managed=true', platform managers and staff also see every booking of the platforms they run. Filters: 'status', 'from', 'to' (Brussels dates or times). At most 1000, by start.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/{id:long}", GetBooking).WithName(nameof(GetBooking))
            .WithSummary("A booking: readable by its booker, the platform's managers and staff; 404 for everyone else.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:long}/cancel", CancelBooking).WithName(nameof(CancelBooking))
            .WithSummary("Cancel before the start (booker, platform manager, staff). The booker pays the instrument's late-cancellation share after the free period; the platform cancelling someone's booking charges nothing. If-Match with the booking's ETag is required (none: 428, stale: 412).")
            .ChangesState();
        group.MapPost("/{id:long}/approve", ApproveBooking).WithName(nameof(ApproveBooking))
            .WithSummary("Approve a pending booking (platform manager, staff); the booker is notified. If-Match with the booking's ETag is required (none: 428, stale: 412).").ChangesState();
        group.MapPost("/{id:long}/reject", RejectBooking).WithName(nameof(RejectBooking))
            .WithSummary("Reject a pending booking (platform manager, staff): the time is free again; the booker is notified. If-Match with the booking's ETag is required (none: 428, stale: 412).").ChangesState();
        group.MapPost("/{id:long}/check-in", CheckInBooking).WithName(nameof(CheckInBooking))
            .WithSummary("Record arrival (booker, platform manager, staff): a confirmed booking, from 15 minutes before its start until its end. If-Match with the booking's ETag is required (none: 428, stale: 412).").ChangesState();
        group.MapPost("/{id:long}/check-out", CheckOutBooking).WithName(nameof(CheckOutBooking))
            .WithSummary("Record departure after check-in (booker, platform manager, staff). If-Match with the booking's ETag is required (none: 428, stale: 412).").ChangesState();
        return group;
    }

    private static RouteHandlerBuilder ChangesState(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);

    public static async Task<Results<Ok<Availability>, ProblemHttpResult>> GetEquipmentAvailability(int id, AvailabilityQuery availability, ClaimsPrincipal user, CancellationToken ct,
        string? week = null, string? from = null, string? days = null)
    {
        var errors = new Dictionary<string, Phrase[]>();
        if (week is not null && from is not null) errors["week"] = [Phrase.Of("booking.query.week-and-from")];
        var monday = default(DateOnly);
        if (week is not null && !BookingCalendar.TryParseIsoWeek(week, out monday)) errors["week"] = [Phrase.Of("booking.query.week", week)];
        var start = default(DateOnly);
        if (from is not null && !DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
            errors["from"] = [Phrase.Of("booking.query.from", from)];
        else if (from is not null && !BrusselsTime.InRange(start))
            errors["from"] = [Phrase.Of("time.out-of-range", from)];
        var count = 7;
        if (days is not null && (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > AvailabilityQuery.MaxDays))
            errors["days"] = [Phrase.Of("booking.query.days", AvailabilityQuery.MaxDays)];
        if (week is not null && days is not null) errors["days"] = [Phrase.Of("booking.query.days-with-week")];
        if (errors.Count > 0) return Failure.Invalid(errors).ToProblem();

        var userId = user.UserId();
        var outcome = from is not null
            ? await availability.DaysAsync(id, start, count, userId, ct)
            : await availability.WeekAsync(id, week is not null ? monday : availability.Today, userId, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Ok<Quote>, ProblemHttpResult>> QuoteBooking(BookingInput input, BookingService bookings, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await bookings.QuoteAsync(user, input, ct: ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Created<BookingDto>, ProblemHttpResult>> CreateBooking(BookingInput input, BookingService bookings, BiotopeDb db, TimeProvider clock,
        ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await bookings.CreateAsync(user, input, ct: ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var dto = await db.ToDtoAsync(outcome.Value!, clock.GetUtcNow(), ct);
        http.Response.Headers.ETag = $"\"{dto.Version}\"";
        return TypedResults.Created($"/api/v1/bookings/{dto.Id}", dto);
    }

    public static async Task<Results<Ok<List<BookingDto>>, ProblemHttpResult>> ListBookings(BiotopeDb db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct,
        int? equipment = null, int? platform = null, string? status = null, string? from = null, string? to = null, bool managed = false)
    {
        var errors = new Dictionary<string, Phrase[]>();
        BookingStatus? wanted = null;
        if (status is not null)
        {
            if (Enum.TryParse<BookingStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) wanted = parsed;
            else errors["status"] = [Phrase.Of("booking.query.status", status, new PhraseList([.. Enum.GetNames<BookingStatus>()], Or: true))];
        }
        DateTimeOffset? since = null, until = null;
        if (from is not null)
        {
            if (BrusselsTime.TryRead(from, out var parsed, out var error)) since = parsed;
            else errors["from"] = [error!];
        }
        if (to is not null)
        {
            if (BrusselsTime.TryRead(to, out var parsed, out var error)) until = parsed;
            else errors["to"] = [error!];
        }
        if (errors.Count > 0) return Failure.Invalid(errors).ToProblem();
        var list = await db.ListAsync(user, new BookingFilter(equipment, platform, wanted, since, until, managed), ct);
        return TypedResults.Ok(await db.ToDtosAsync(list, clock.GetUtcNow(), ct));
    }

    public static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> GetBooking(long id, BookingService bookings, BiotopeDb db, TimeProvider clock, ClaimsPrincipal user,
        HttpContext http, CancellationToken ct) =>
        await RespondAsync(await bookings.GetAsync(user, id, ct), db, clock, http, ct);

    public static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> CancelBooking(long id, BookingService bookings, BiotopeDb db, TimeProvider clock, ClaimsPrincipal user,
        HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        await RespondAsync(await bookings.CancelAsync(user, id, ReadVersion.Header(ifMatch), ct: ct), db, clock, http, ct);

    public static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> ApproveBooking(long id, [FromBody] DecisionInput? input, BookingService bookings, BiotopeDb db, TimeProvider clock,
        ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        await RespondAsync(await bookings.ApproveAsync(user, id, ReadVersion.Header(ifMatch), input?.Note, ct: ct), db, clock, http, ct);

    public static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> RejectBooking(long id, [FromBody] DecisionInput? input, BookingService bookings, BiotopeDb db, TimeProvider clock,
        ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        await RespondAsync(await bookings.RejectAsync(user, id, ReadVersion.Header(ifMatch), input?.Note, ct: ct), db, clock, http, ct);

    public static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> CheckInBooking(long id, BookingService bookings, BiotopeDb db, TimeProvider clock, ClaimsPrincipal user,
        HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        await RespondAsync(await bookings.CheckInAsync(user, id, ReadVersion.Header(ifMatch), ct: ct), db, clock, http, ct);

    public static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> CheckOutBooking(long id, BookingService bookings, BiotopeDb db, TimeProvider clock, ClaimsPrincipal user,
        HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        await RespondAsync(await bookings.CheckOutAsync(user, id, ReadVersion.Header(ifMatch), ct: ct), db, clock, http, ct);

    private static async Task<Results<Ok<BookingDto>, ProblemHttpResult>> RespondAsync(Outcome<Booking> outcome, BiotopeDb db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var dto = await db.ToDtoAsync(outcome.Value!, clock.GetUtcNow(), ct);
        http.Response.Headers.ETag = $"\"{dto.Version}\"";
        return TypedResults.Ok(dto);
    }
}
