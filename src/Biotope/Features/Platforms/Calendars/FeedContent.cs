using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Calendars;

/// <summary>
/// The events of each feed, written by <see cref="Texts.For"/> in the feed's language (a calendar app reads it, not a request): from 30 days ago to a year ahead, so a feed stays small
/// however long the history. Bookings and sessions keep stable UIDs, so calendar apps update them in place.
/// </summary>
public sealed class FeedContent(BiotopeDb db, TimeProvider clock)
{
    public static readonly TimeSpan Past = TimeSpan.FromDays(30);
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(365);

    private DateTimeOffset Now => clock.GetUtcNow();
    private DateTimeOffset From => Now - Past;
    private DateTimeOffset To => Now + Ahead;

    public static string BookingUid(long id) => $"booking-{id}@biotope";
    public static string SessionUid(int id) => $"session-{id}@biotope";
    public static string ClosureUid(int id) => $"closure-{id}@biotope";

    /// <summary>The public feed: when the instrument is taken (pending or confirmed) or closed, and by nobody in particular.</summary>
    public async Task<CalendarDocument> BusyTimesAsync(Equipment equipment, Texts texts, CancellationToken ct)
    {
        var since = From;
        var until = To;
        var bookings = await db.Bookings.AsNoTracking()
            .Where(b => b.EquipmentId == equipment.Id && (b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed) && b.StartsAt < until && b.EndsAt > since)
            .OrderBy(b => b.StartsAt)
            .Select(b => new { b.Id, b.StartsAt, b.EndsAt, b.Status })
            .ToListAsync(ct);
        var location = await LocationAsync(equipment.PlatformId, texts, ct);
        var events = bookings.Select(b => new CalendarEvent(BookingUid(b.Id), b.StartsAt, b.EndsAt, texts["ics.booked"])
        {
            Status = b.Status == BookingStatus.Pending ? EventStatus.Tentative : EventStatus.Confirmed,
            Location = location,
        }).Concat(await ClosuresAsync([equipment.Id], texts, ct)).ToList();
        return new CalendarDocument(texts["ics.name.busy", equipment.Name], Now, events);
    }

    /// <summary>A person's own bookings (all but rejected ones), the sessions they are enrolled or waitlisted in, and those they teach.</summary>
    public async Task<CalendarDocument> PersonalAsync(string userId, Texts texts, string baseUrl, CancellationToken ct)
    {
        var since = From;
        var until = To;
        var bookings = await db.Bookings.AsNoTracking()
            .Where(b => b.UserId == userId && b.Status != BookingStatus.Rejected && b.StartsAt < until && b.EndsAt > since)
            .OrderBy(b => b.StartsAt)
            .Select(b => new BookingRow(b.Id, b.StartsAt, b.EndsAt, b.Status, b.Purpose, b.UpdatedAt, b.Version, b.Equipment!.Name,
                b.Equipment.Platform!.NameEn, b.Equipment.Platform.NameFr, b.Equipment.Platform.Location, null, null, null))
            .ToListAsync(ct);
        var events = bookings.Select(b => new CalendarEvent(BookingUid(b.Id), b.StartsAt, b.EndsAt, texts["ics.booking", b.Equipment])
        {
            Status = StatusOf(b.Status),
            Location = Location(b, texts),
            Description = Lines(
                texts["ics.platform", texts.Pick(b.PlatformFr, b.PlatformEn)],
                b.Purpose is { Length: > 0 } ? texts["ics.purpose", b.Purpose] : null,
                texts["ics.status", texts["ics." + b.Status]],
                texts["ics.bookingNumber", b.Id]),
            Url = baseUrl + "/bookings",
            LastModified = b.UpdatedAt,
            Sequence = b.Version - 1,
        }).ToList();

        var enrolments = await db.Enrolments.AsNoTracking()
            .Where(e => e.UserId == userId && e.Status != EnrolmentStatus.Cancelled && e.Session!.StartsAt < until && e.Session.EndsAt > since)
            .Select(e => new { e.Status, e.SessionId })
            .ToListAsync(ct);
        var taught = await db.TrainingSessions.AsNoTracking()
            .Where(s => s.TrainerUserId == userId && s.StartsAt < until && s.EndsAt > since)
            .Select(s => s.Id)
            .ToListAsync(ct);
        var sessionIds = enrolments.Select(e => e.SessionId).Concat(taught).Distinct().ToList();
        var sessions = await SessionsAsync(db.TrainingSessions.Where(s => sessionIds.Contains(s.Id)), ct);
        foreach (var session in sessions)
        {
            // Someone who teaches a session sees it as theirs to give, even if they also enrolled in it.
            var teaches = taught.Contains(session.Id);
            var waitlisted = !teaches && enrolments.Any(e => e.SessionId == session.Id && e.Status == EnrolmentStatus.Waitlisted);
            events.Add(SessionEvent(session, texts, baseUrl,
                texts[teaches ? "ics.teaching" : "ics.training", texts.Pick(session.TitleFr, session.TitleEn)],
                waitlisted ? EventStatus.Tentative : EventStatus.Confirmed,
                waitlisted ? texts["ics.waitlisted"] : teaches ? texts.Plural("ics.places", session.Capacity, session.Enrolled) : texts["ics.enrolled"]));
        }
        return new CalendarDocument(texts["ics.name.personal"], Now, [.. events.OrderBy(e => e.Start)]);
    }

    /// <summary>Every active booking of one instrument with who booked it and for whom, and its closures (managers).</summary>
    public async Task<CalendarDocument> InstrumentAsync(Equipment equipment, Texts texts, string baseUrl, CancellationToken ct)
    {
        var events = await NamedBookingsAsync(db.Bookings.Where(b => b.EquipmentId == equipment.Id), texts, baseUrl, withInstrument: false, ct);
        events.AddRange(await ClosuresAsync([equipment.Id], texts, ct));
        return new CalendarDocument(texts["ics.name.instrument", equipment.Name], Now, [.. events.OrderBy(e => e.Start)]);
    }

    /// <summary>Every active booking of the platform's instruments, their closures, and the platform's training sessions (managers).</summary>
    public async Task<CalendarDocument> PlatformAsync(Platform platform, Texts texts, string baseUrl, CancellationToken ct)
    {
        var events = await NamedBookingsAsync(db.Bookings.Where(b => b.Equipment!.PlatformId == platform.Id), texts, baseUrl, withInstrument: true, ct);
        var equipmentIds = await db.Equipment.Where(e => e.PlatformId == platform.Id).Select(e => e.Id).ToListAsync(ct);
        events.AddRange(await ClosuresAsync(equipmentIds, texts, ct));
        var since = From;
        var until = To;
        var sessions = await SessionsAsync(db.TrainingSessions.Where(s => s.Module!.PlatformId == platform.Id && s.StartsAt < until && s.EndsAt > since), ct);
        events.AddRange(sessions.Select(s => SessionEvent(s, texts, baseUrl, texts["ics.training", texts.Pick(s.TitleFr, s.TitleEn)], EventStatus.Confirmed,
            texts.Plural("ics.places", s.Capacity, s.Enrolled))));
        return new CalendarDocument(texts["ics.name.platform", texts.Pick(platform.NameFr, platform.NameEn)], Now, [.. events.OrderBy(e => e.Start)]);
    }

    private async Task<List<CalendarEvent>> NamedBookingsAsync(IQueryable<Booking> bookings, Texts texts, string baseUrl, bool withInstrument, CancellationToken ct)
    {
        var since = From;
        var until = To;
        var rows = await (
            from b in bookings.AsNoTracking()
            where (b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed) && b.StartsAt < until && b.EndsAt > since
            join u in db.Users on b.UserId equals u.Id
            join o in db.Organizations on b.OrganizationId equals o.Id
            orderby b.StartsAt
            select new BookingRow(b.Id, b.StartsAt, b.EndsAt, b.Status, b.Purpose, b.UpdatedAt, b.Version, b.Equipment!.Name,
                b.Equipment.Platform!.NameEn, b.Equipment.Platform.NameFr, b.Equipment.Platform.Location, u.DisplayName, u.Email, o.Name))
            .ToListAsync(ct);
        return [.. rows.Select(b =>
        {
            var who = $"{b.BookerName ?? b.BookerEmail} ({b.Organization})";
            return new CalendarEvent(BookingUid(b.Id), b.StartsAt, b.EndsAt, withInstrument ? $"{b.Equipment}: {who}" : who)
            {
                Status = StatusOf(b.Status),
                Location = Location(b, texts),
                Description = Lines(
                    withInstrument ? texts["ics.instrument", b.Equipment] : null,
                    texts["ics.bookedBy", b.BookerName is null ? b.BookerEmail : $"{b.BookerName} <{b.BookerEmail}>"],
                    texts["ics.organization", b.Organization],
                    b.Purpose is { Length: > 0 } ? texts["ics.purpose", b.Purpose] : null,
                    texts["ics.status", texts["ics." + b.Status]],
                    texts["ics.bookingNumber", b.Id]),
                Url = baseUrl + "/platforms",
                LastModified = b.UpdatedAt,
                Sequence = b.Version - 1,
            };
        })];
    }

    private async Task<List<CalendarEvent>> ClosuresAsync(List<int> equipmentIds, Texts texts, CancellationToken ct)
    {
        var since = From;
        var until = To;
        var closures = await db.Closures.AsNoTracking()
            .Where(c => equipmentIds.Contains(c.EquipmentId) && c.StartsAt < until && c.EndsAt > since)
            .Join(db.Equipment, c => c.EquipmentId, e => e.Id, (c, e) => new { c.Id, c.StartsAt, c.EndsAt, c.Reason, Equipment = e.Name })
            .OrderBy(c => c.StartsAt)
            .ToListAsync(ct);
        var named = equipmentIds.Count > 1;
        return [.. closures.Select(c => new CalendarEvent(ClosureUid(c.Id), c.StartsAt, c.EndsAt,
            named ? $"{c.Equipment}: {texts["ics.closed"]}" : texts["ics.closed"])
        {
            Description = c.Reason,
        })];
    }

    private sealed record SessionRow(int Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, int Capacity, string Language,
        string? TrainerName, string? TrainerNameFr, DateTimeOffset? CancelledAt, DateTimeOffset UpdatedAt, int Version, string TitleEn, string TitleFr, int Enrolled);

    private async Task<List<SessionRow>> SessionsAsync(IQueryable<TrainingSession> sessions, CancellationToken ct) =>
        await sessions.AsNoTracking()
            .OrderBy(s => s.StartsAt)
            .Select(s => new SessionRow(s.Id, s.StartsAt, s.EndsAt, s.Place, s.Capacity, s.Language, s.TrainerName, s.TrainerNameFr, s.CancelledAt, s.UpdatedAt, s.Version,
                s.Module!.TitleEn, s.Module.TitleFr, db.Enrolments.Count(e => e.SessionId == s.Id && e.Status == EnrolmentStatus.Enrolled)))
            .ToListAsync(ct);

    private static CalendarEvent SessionEvent(SessionRow s, Texts texts, string baseUrl, string summary, EventStatus status, string? state) =>
        new(SessionUid(s.Id), s.StartsAt, s.EndsAt, summary)
        {
            Status = s.CancelledAt is null ? status : EventStatus.Cancelled,
            Location = s.Place,
            Description = Lines(
                s.CancelledAt is null ? state : texts["ics.sessionCancelled"],
                texts.Pick(s.TrainerNameFr, s.TrainerName) is { Length: > 0 } trainer ? texts["ics.trainer", trainer] : null,
                texts["ics.language", texts["ics.lang." + s.Language]]),
            Url = baseUrl + "/training",
            LastModified = s.UpdatedAt,
            Sequence = s.Version - 1,
        };

    private sealed record BookingRow(long Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, BookingStatus Status, string? Purpose, DateTimeOffset UpdatedAt, int Version,
        string Equipment, string PlatformEn, string PlatformFr, string? PlatformLocation, string? BookerName, string? BookerEmail, string? Organization);

    private static EventStatus StatusOf(BookingStatus status) => status switch
    {
        BookingStatus.Pending => EventStatus.Tentative,
        BookingStatus.Confirmed => EventStatus.Confirmed,
        _ => EventStatus.Cancelled,
    };

    private static string Location(BookingRow b, Texts texts) =>
        string.Join(", ", new[] { texts.Pick(b.PlatformFr, b.PlatformEn), b.PlatformLocation }.Where(p => !string.IsNullOrWhiteSpace(p)));

    private async Task<string?> LocationAsync(int platformId, Texts texts, CancellationToken ct)
    {
        var platform = await db.Platforms.AsNoTracking().Where(p => p.Id == platformId).Select(p => new { p.NameEn, p.NameFr, p.Location }).SingleAsync(ct);
        return string.Join(", ", new[] { texts.Pick(platform.NameFr, platform.NameEn), platform.Location }.Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    private static string? Lines(params string?[] lines) =>
        lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList() is { Count: > 0 } kept ? string.Join("\n", kept) : null;
}
