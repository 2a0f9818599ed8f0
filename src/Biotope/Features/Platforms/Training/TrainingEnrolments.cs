using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Notifications;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Biotope.Features.Platforms.Training;

/// <summary>
/// Places in training sessions: enrolment with a waitlist, cancellation with first-come-first-served promotion, attendance
/// and the certificates it issues. Every change to a session's places runs under <see cref="LockSessionAsync"/>, so two
/// people racing for the last place cannot both get it. The API and the pages both use this.
/// </summary>
public sealed class TrainingEnrolments(BiotopeDb db, Notifier notifier, TimeProvider clock)
{
    /// <summary>
    /// A transaction holding the session's places for this request: on PostgreSQL the session row is locked (SELECT ... FOR UPDATE);
    /// on SQLite it is a write transaction (Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE), so writers are serialized. Commit or dispose it.
    /// </summary>
    public static async Task<IDbContextTransaction> LockSessionAsync(BiotopeDb db, int sessionId, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres) await db.Database.ExecuteSqlInterpolatedAsync($"SELECT id FROM training_sessions WHERE id = {sessionId} FOR UPDATE", ct);
        return transaction;
    }

    /// <summary>Takes a place for the signed-in user: enrolled while places are free, waitlisted after. A valid certificate does not prevent a refresher.</summary>
    public async Task<Outcome<Enrolment>> EnrolAsync(int sessionId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.UserId() is not { } userId) return Failure.Forbidden("Sign in to enrol.");
        await using var transaction = await LockSessionAsync(db, sessionId, ct);
        var session = await db.TrainingSessions.Include(s => s.Module).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return Failure.NotFound($"Training session {sessionId}");
        var now = clock.GetUtcNow();
        if (Closed(session, now) is { } closed) return closed;

        var places = await db.Enrolments.Where(e => e.SessionId == sessionId).ToListAsync(ct);
        var mine = places.FirstOrDefault(e => e.UserId == userId);
        if (mine is { Status: not EnrolmentStatus.Cancelled })
        {
            return new Failure(FailureKind.Conflict, "Already enrolled", mine.Status == EnrolmentStatus.Enrolled
                ? "You already have a place in this session."
                : "You are already on this session's waitlist.")
            { Extensions = new Dictionary<string, object?> { ["status"] = mine.Status.ToString() } };
        }
        // Places a cancellation left free go to the waitlist first: nobody overtakes it.
        await FillPlacesAsync(session, places, now, ct);
        var enrolled = places.Count(e => e.Status == EnrolmentStatus.Enrolled);
        var status = enrolled < session.Capacity ? EnrolmentStatus.Enrolled : EnrolmentStatus.Waitlisted;
        if (mine is null)
        {
            mine = new Enrolment { SessionId = sessionId, UserId = userId, Status = status };
            db.Enrolments.Add(mine);
        }
        else
        {
            // The unique (session, user) row comes back to life at the end of the queue.
            mine.Status = status;
            mine.CreatedAt = now;
            mine.PromotedAt = null;
            mine.CancelledAt = null;
            mine.Attended = null;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return mine;
    }

    /// <summary>Gives up the user's place (or waitlist spot); a freed place goes to the first waitlisted person, who is told.</summary>
    public async Task<Outcome<Enrolment>> CancelAsync(int sessionId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.UserId() is not { } userId) return Failure.Forbidden("Sign in to cancel your place.");
        await using var transaction = await LockSessionAsync(db, sessionId, ct);
        var session = await db.TrainingSessions.Include(s => s.Module).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return Failure.NotFound($"Training session {sessionId}");
        var places = await db.Enrolments.Where(e => e.SessionId == sessionId).ToListAsync(ct);
        var mine = places.FirstOrDefault(e => e.UserId == userId && e.Status != EnrolmentStatus.Cancelled);
        if (mine is null) return Failure.NotFound("Your enrolment in this session");
        var now = clock.GetUtcNow();
        if (session.StartsAt <= now) return new Failure(FailureKind.Conflict, "Session started", "The session has started: places can no longer be given up.");
        mine.Status = EnrolmentStatus.Cancelled;
        mine.CancelledAt = now;
        if (session.CancelledAt is null) await FillPlacesAsync(session, places, now, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return mine;
    }

    /// <summary>
    /// Promotes waitlisted people, in order of arrival, into the places free below the capacity, and tells them. Call under the
    /// session lock with all the session's enrolments tracked in <paramref name="places"/>; the caller saves.
    /// </summary>
    public async Task<List<Enrolment>> FillPlacesAsync(TrainingSession session, List<Enrolment> places, DateTimeOffset now, CancellationToken ct)
    {
        var free = session.Capacity - places.Count(e => e.Status == EnrolmentStatus.Enrolled);
        var promoted = places.Where(e => e.Status == EnrolmentStatus.Waitlisted).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Take(Math.Max(0, free)).ToList();
        foreach (var enrolment in promoted)
        {
            enrolment.Status = EnrolmentStatus.Enrolled;
            enrolment.PromotedAt = now;
        }
        if (promoted.Count > 0 && session.Module is { } module)
        {
            await notifier.ToUsersAsync(promoted.Select(e => e.UserId), new Message("training-promoted",
                $"A place is yours: {module.TitleEn}, {Texts.Format(session.StartsAt, "en")}",
                $"Une place vous est attribuée : {module.TitleFr}, {Texts.Format(session.StartsAt, "fr")}",
                $"Someone cancelled and you were first on the waitlist: you are now enrolled in \"{module.TitleEn}\" on {Texts.Format(session.StartsAt, "en")} (Brussels time), {session.Place}. If you cannot come, cancel your place so the next person gets it.",
                $"Une personne s'est désistée et vous étiez première sur la liste d'attente : vous êtes inscrit·e à « {module.TitleFr} » le {Texts.Format(session.StartsAt, "fr")} (heure de Bruxelles), {session.Place}. Si vous ne pouvez pas venir, annulez votre place pour la personne suivante.",
                $"/training/{module.Slug}"), ct);
        }
        return promoted;
    }

    /// <summary>
    /// Records who attended (the session's trainer, the module's managers, staff; once the session has started). Attending issues the
    /// module's certificate (once per session); marking someone absent again revokes the certificate this session issued.
    /// </summary>
    public async Task<Outcome<List<EnrolmentDto>>> RecordAttendanceAsync(int sessionId, IReadOnlyList<AttendanceMark>? marks, ClaimsPrincipal user, CancellationToken ct)
    {
        marks ??= [];
        await using var transaction = await LockSessionAsync(db, sessionId, ct);
        var session = await db.TrainingSessions.Include(s => s.Module).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return Failure.NotFound($"Training session {sessionId}");
        var module = session.Module!;
        if (!await db.RunsSessionAsync(user, session, module.PlatformId, ct)) return Failure.Forbidden("Only the session's trainer, the platform's managers and cluster staff record attendance.");
        var now = clock.GetUtcNow();
        if (session.CancelledAt is not null) return new Failure(FailureKind.Conflict, "Session cancelled", "The session was cancelled: there is no attendance to record.");
        if (session.StartsAt > now) return new Failure(FailureKind.Conflict, "Session not started", $"Attendance is recorded once the session has started ({Texts.Format(session.StartsAt)}, Brussels time).");

        var enrolled = await db.Enrolments.Where(e => e.SessionId == sessionId && e.Status == EnrolmentStatus.Enrolled).ToDictionaryAsync(e => e.UserId, ct);
        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<string>();
        for (var i = 0; i < marks.Count; i++)
        {
            var userId = marks[i].UserId;
            if (string.IsNullOrWhiteSpace(userId) || !enrolled.ContainsKey(userId)) errors[$"[{i}].userId"] = ["This person has no place in the session (only enrolled people attend)."];
            else if (!seen.Add(userId)) errors[$"[{i}].userId"] = ["This person is listed twice."];
        }
        if (errors.Count > 0) return Failure.Invalid(errors);

        var certified = new List<string>();
        foreach (var mark in marks)
        {
            enrolled[mark.UserId].Attended = mark.Attended;
            if (mark.Attended)
            {
                var (_, issued) = await db.IssueForSessionAsync(module, session, mark.UserId, ct);
                if (issued) certified.Add(mark.UserId);
            }
            else
            {
                await db.RevokeForSessionAsync(session.Id, mark.UserId, now, ct);
            }
        }
        if (certified.Count > 0)
        {
            var expiresOn = Certificates.ExpiresOn(BrusselsTime.Date(session.StartsAt), module.ValidityMonths);
            await notifier.ToUsersAsync(certified, new Message("training-certificate",
                $"Certificate issued: {module.TitleEn}", $"Certificat délivré : {module.TitleFr}",
                $"You attended \"{module.TitleEn}\": your certificate is valid " + (expiresOn is { } e ? $"until {TrainingFormat.Date(e, "en")}." : "without time limit."),
                $"Vous avez suivi « {module.TitleFr} » : votre certificat est valable " + (expiresOn is { } f ? $"jusqu'au {TrainingFormat.Date(f, "fr")}." : "sans limite de durée."),
                "/training/certificates"), ct);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await db.EnrolmentsAsync(sessionId, ct);
    }

    /// <summary>Why a session takes no more enrolments, or null when it does.</summary>
    public static Failure? Closed(TrainingSession session, DateTimeOffset now) =>
        session.CancelledAt is not null ? new Failure(FailureKind.Conflict, "Session cancelled", "This session was cancelled.")
        : session.StartsAt <= now ? new Failure(FailureKind.Conflict, "Session started", "This session has already started: enrolment is closed.")
        : null;
}
