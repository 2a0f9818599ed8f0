using System.Security.Claims;
using System.Text;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Calendars;

/// <summary>
/// iCalendar feeds (RFC 5545): an instrument's public busy times under /api/v1, and private feeds at
/// /calendars/{token}.ics, outside the API so calendar apps can subscribe without signing in.
/// </summary>
public static class CalendarsApi
{
    private const string PrivateCache = "private, max-age=300";
    private const string PublicCache = "public, max-age=300";

    public static RouteGroupBuilder MapCalendarsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Calendars");
        group.MapGet("/equipment/{id:int}/calendar.ics", GetInstrumentCalendar).WithName(nameof(GetInstrumentCalendar))
            .WithSummary("An instrument's busy times as an iCalendar feed (anyone): pending and confirmed bookings from 30 days ago to a year ahead, without names, and its closures. lang=fr (default) or en.")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/calendar-feeds", CreateCalendarFeed).WithName(nameof(CreateCalendarFeed)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Create a secret feed address: scope User (your bookings and training sessions, anyone signed in), Equipment (all bookings of equipmentId, with names) or Platform (all bookings and sessions of platformId); the last two for the platform's managers and staff. The answer holds the address once: only its SHA-256 is kept.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/calendar-feeds", ListCalendarFeeds).WithName(nameof(ListCalendarFeeds)).RequireAuthorization()
            .WithSummary("Your feeds, newest first, revoked ones included; never their addresses.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/calendar-feeds/{id:long}", GetCalendarFeed).WithName(nameof(GetCalendarFeed)).RequireAuthorization()
            .WithSummary("One of your feeds (staff: anyone's); never its address.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/calendar-feeds/{id:long}", RevokeCalendarFeed).WithName(nameof(RevokeCalendarFeed)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Revoke a feed (its owner or staff): its address answers 404 from now on.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>The private feeds, at the site's root: a calendar app has only the address to go on.</summary>
    public static void MapCalendarFeeds(this IEndpointRouteBuilder app) =>
        app.MapGet("/calendars/{token}.ics", GetPrivateCalendar).WithName(nameof(GetPrivateCalendar)).WithTags("Calendars")
            .WithSummary("A private feed by its secret address (no sign-in): 404 when the address is unknown or revoked, or its owner no longer has the right to what it shows. lang=fr (default) or en.")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetInstrumentCalendar(
        int id, FeedContent content, ICalendarWriter writer, BiotopeDb db, HttpContext http, CancellationToken ct, string? lang = null)
    {
        if (ParseLanguage(lang) is not { } language) return BadLanguage.ToProblem();
        var equipment = await db.Equipment.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        if (equipment is null) return Failure.NotFound(Phrase.Of("calendar.instrument.not-found", id)).ToProblem();
        http.Response.Headers.CacheControl = PublicCache;
        return Ics(writer.Write(await content.BusyTimesAsync(equipment, Texts.For(language), ct)), $"equipment-{id}.ics");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPrivateCalendar(
        string token, CalendarFeeds feeds, FeedContent content, ICalendarWriter writer, BiotopeDb db, HttpContext http, CancellationToken ct, string? lang = null)
    {
        if (ParseLanguage(lang) is not { } language) return BadLanguage.ToProblem();
        var feed = await feeds.FindLiveAsync(token, ct);
        var notFound = Failure.NotFound(Phrase.Of("calendar.feed.unknown")).ToProblem();
        if (feed is null) return notFound;
        var baseUrl = BaseUrl(http);
        // The feed is written in the language of its address, whatever the calendar app sends.
        var texts = Texts.For(language);
        CalendarDocument? calendar;
        string fileName;
        switch (feed.Scope)
        {
            case CalendarScope.Equipment:
                var equipment = await db.Equipment.AsNoTracking().SingleOrDefaultAsync(e => e.Id == feed.EquipmentId, ct);
                calendar = equipment is null ? null : await content.InstrumentAsync(equipment, texts, baseUrl, ct);
                fileName = $"equipment-{feed.EquipmentId}-bookings.ics";
                break;
            case CalendarScope.Platform:
                var platform = await db.Platforms.AsNoTracking().SingleOrDefaultAsync(p => p.Id == feed.PlatformId, ct);
                calendar = platform is null ? null : await content.PlatformAsync(platform, texts, baseUrl, ct);
                fileName = $"platform-{platform?.Slug}.ics";
                break;
            default:
                calendar = await content.PersonalAsync(feed.UserId, texts, baseUrl, ct);
                fileName = "biotope-calendar.ics";
                break;
        }
        if (calendar is null) return notFound;
        http.Response.Headers.CacheControl = PrivateCache;
        return Ics(writer.Write(calendar), fileName);
    }

    public static async Task<Results<Created<CreatedCalendarFeed>, ProblemHttpResult>> CreateCalendarFeed(
        CalendarFeedInput input, CalendarFeeds feeds, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await feeds.CreateAsync(input, user, BaseUrl(http), ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        // The address is a secret: no cache between here and the caller keeps it.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/v1/calendar-feeds/{outcome.Value!.Id}", outcome.Value);
    }

    public static async Task<Ok<List<CalendarFeedDto>>> ListCalendarFeeds(CalendarFeeds feeds, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await feeds.MineAsync(user.UserId()!, ct));

    public static async Task<Results<Ok<CalendarFeedDto>, ProblemHttpResult>> GetCalendarFeed(long id, CalendarFeeds feeds, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await feeds.GetAsync(id, user, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeCalendarFeed(long id, CalendarFeeds feeds, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await feeds.RevokeAsync(id, user, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Failure!.ToProblem();
    }

    private static readonly Failure BadLanguage = Failure.Invalid("lang", Phrase.Of("calendar.language.invalid"));

    /// <summary>fr when not given; null when it is neither fr nor en.</summary>
    private static string? ParseLanguage(string? lang) =>
        string.IsNullOrWhiteSpace(lang) ? "fr" : CalendarFeeds.Languages.FirstOrDefault(l => string.Equals(l, lang.Trim(), StringComparison.OrdinalIgnoreCase));

    private static FileContentHttpResult Ics(string text, string fileName) =>
        TypedResults.File(Encoding.UTF8.GetBytes(text), CalendarWriter.ContentType, fileName);

    /// <summary>The site's own address, for the links in events and in new feed addresses.</summary>
    public static string BaseUrl(HttpContext http) => PublicBaseUrl.Of(http);
}
