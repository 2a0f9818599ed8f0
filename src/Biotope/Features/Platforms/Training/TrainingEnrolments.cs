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
        if (user.UserId() is not { } userId) return Failure.Forbidden(Phrase.Of("training.sign-in.enrol"));
        await using var transaction = await LockSessionAsync(db, sessionId, ct);
        var session = await db.TrainingSessions.Include(s => s.Module).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return Failure.NotFound(Phrase.Of("training.session.not-found", sessionId));
        var now = clock.GetUtcNow();
        if (Closed(session, now) is { } closed) return closed;

        var places = await db.Enrolments.Where(e => e.SessionId == sessionId).ToListAsync(ct);
        var mine = places.FirstOrDefault(e => e.UserId == userId);
        if (mine is { Status: not EnrolmentStatus.Cancelled })
        {
            return Failure.Conflict(Phrase.Of("training.already-enrolled.title"),
                Phrase.Of(mine.Status == EnrolmentStatus.Enrolled ? "training.already-enrolled" : "training.already-waitlisted")) with
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
        if (user.UserId() is not { } userId) return Failure.Forbidden(Phrase.Of("training.sign-in.cancel"));
        await using var transaction = await LockSessionAsync(db, sessionId, ct);
        var session = await db.TrainingSessions.Include(s => s.Module).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return Failure.NotFound(Phrase.Of("training.session.not-found", sessionId));
        var places = await db.Enrolments.Where(e => e.SessionId == sessionId).ToListAsync(ct);
        var mine = places.FirstOrDefault(e => e.UserId == userId && e.Status != EnrolmentStatus.Cancelled);
        if (mine is null) return Failure.NotFound(Phrase.Of("training.enrolment.not-found"));
        var now = clock.GetUtcNow();
        if (session.StartsAt <= now) return Failure.Conflict(Phrase.Of("training.session.started.title"), Phrase.Of("training.give-up.started"));
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
            var title = new Bilingual(module.TitleFr, module.TitleEn);
            await notifier.ToUsersAsync(promoted.Select(e => e.UserId), Message.From("training-promoted",
                Phrase.Of("training.notify.promoted.subject", title, session.StartsAt),
                Phrase.Of("training.notify.promoted.body", title, session.StartsAt, session.Place), $"/training/{module.Slug}"), ct);
        }
        return promoted;
    }

    /// <summary>
    /// Records who attended (the session's trainer, the module's managers, staff; once the session has started). Attending issues the
    /// module's certificate (once per session); marking someone absent again revokes the certificate this session issued.
    /// </summary>
    public async Task<Outcome<List<EnrolmentDto>>> RecordAttendanceAsync(int sessionId, IReadOnlyList<AttendanceMark>? marks, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        marks ??= [];
        await using var transaction = await LockSessionAsync(db, sessionId, ct);
        var session = await db.TrainingSessions.Include(s => s.Module).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return Failure.NotFound(Phrase.Of("training.session.not-found", sessionId));
        var module = session.Module!;
        if (!await db.RunsSessionAsync(user, session, module.PlatformId, ct)) return Failure.Forbidden(Phrase.Of("training.attendance.forbidden"));
        var now = clock.GetUtcNow();
        if (session.CancelledAt is not null) return Failure.Conflict(Phrase.Of("training.session.cancelled.title"), Phrase.Of("training.attendance.cancelled"));
        if (session.StartsAt > now) return Failure.Conflict(Phrase.Of("training.session.not-started.title"), Phrase.Of("training.attendance.not-started", session.StartsAt));

        var enrolled = await db.Enrolments.Where(e => e.SessionId == sessionId && e.Status == EnrolmentStatus.Enrolled).ToDictionaryAsync(e => e.UserId, ct);
        var errors = new FieldPhrases();
        var seen = new HashSet<string>();
        for (var i = 0; i < marks.Count; i++)
        {
            var userId = marks[i].UserId;
            if (string.IsNullOrWhiteSpace(userId) || !enrolled.ContainsKey(userId)) errors.Add($"[{i}].userId", "training.attendance.not-enrolled");
            else if (!seen.Add(userId)) errors.Add($"[{i}].userId", "training.attendance.twice");
        }
        if (errors.ToFailure() is { } invalid) return invalid;
        // The sheet is part of the session: it takes the session's version and makes a new one.
        if (Concurrency.Check(session.Version, read) is { } stale) return stale;
        db.Entry(session).Property(s => s.UpdatedAt).IsModified = true;

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
            var title = new Bilingual(module.TitleFr, module.TitleEn);
            await notifier.ToUsersAsync(certified, Message.From("training-certificate", Phrase.Of("training.notify.certificate.subject", title),
                expiresOn is { } until ? Phrase.Of("training.notify.certificate.body", title, until) : Phrase.Of("training.notify.certificate.body.no-expiry", title),
                "/training/certificates"), ct);
        }
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        await transaction.CommitAsync(ct);
        return await db.EnrolmentsAsync(sessionId, ct);
    }

    /// <summary>Why a session takes no more enrolments, or null when it does.</summary>
    public static Failure? Closed(TrainingSession session, DateTimeOffset now) =>
        session.CancelledAt is not null ? Failure.Conflict(Phrase.Of("training.session.cancelled.title"), Phrase.Of("training.enrol.cancelled"))
        : session.StartsAt <= now ? Failure.Conflict(Phrase.Of("training.session.started.title"), Phrase.Of("training.enrol.started"))
        : null;
}
