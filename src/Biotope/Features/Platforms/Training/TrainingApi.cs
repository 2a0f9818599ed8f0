using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Training;

public static class TrainingApi
{
    public static RouteGroupBuilder MapTrainingApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/training").WithTags("Training");
        group.MapGet("/modules", ListTrainingModules).WithName(nameof(ListTrainingModules))
            .WithSummary("The public training catalogue: each module with the instruments its certificate unlocks, its validity and its sessions to come (places left, waitlist length).");
        group.MapGet("/modules/{id:int}", GetTrainingModule).WithName(nameof(GetTrainingModule))
            .WithSummary("A module with its sessions to come, cancelled ones included (flagged by cancelledAt); the ETag is its version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/modules", CreateTrainingModule).WithName(nameof(CreateTrainingModule)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Add a module (cluster staff, or a manager of the platform given as platformId).").Writes();
        group.MapPut("/modules/{id:int}", UpdateTrainingModule).WithName(nameof(UpdateTrainingModule)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace a module (cluster staff and the platform's managers). Send If-Match with the ETag you read (or a 'version' field): a stale write gets 412 (or 409).")
            .Writes().ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPost("/modules/{id:int}/sessions", CreateTrainingSession).WithName(nameof(CreateTrainingSession)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Plan a session (cluster staff and the platform's managers): startsAt/endsAt in Brussels time (\"2026-12-01T09:00\") or with an offset; capacity at least 1; language fr or en; the trainer an account with the Trainer role, cluster staff or a manager of the platform.")
            .Writes();
        group.MapGet("/sessions/{id:int}", GetTrainingSession).WithName(nameof(GetTrainingSession))
            .WithSummary("A session with its places; the ETag is its version.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/sessions/{id:int}", UpdateTrainingSession).WithName(nameof(UpdateTrainingSession)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace a session (cluster staff and the platform's managers); the capacity cannot drop below the people enrolled (409), extra places go to the waitlist. If-Match or 'version' required.")
            .Writes().ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapPost("/sessions/{id:int}/cancel", CancelTrainingSession).WithName(nameof(CancelTrainingSession)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Cancel a session that has not started (cluster staff and the platform's managers); everyone enrolled or waitlisted is told. If-Match with the session's ETag is required (none: 428, stale: 412).")
            .Writes().ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);

        group.MapPost("/sessions/{id:int}/enrolments", EnrolInTrainingSession).WithName(nameof(EnrolInTrainingSession)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Take a place (any signed-in user): Enrolled while places are free, Waitlisted after, first come first served. Twice is 409; a started or cancelled session is 409. A valid certificate does not prevent a refresher.")
            .Writes();
        group.MapGet("/sessions/{id:int}/enrolments/me", GetMyTrainingEnrolment).WithName(nameof(GetMyTrainingEnrolment)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("My place in the session, with my waitlist position.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/sessions/{id:int}/enrolments/me", CancelMyTrainingEnrolment).WithName(nameof(CancelMyTrainingEnrolment)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Give up my place or waitlist spot before the session starts; a freed place goes to the first waitlisted person, who is told.")
            .Writes();
        group.MapGet("/sessions/{id:int}/enrolments", ListTrainingEnrolments).WithName(nameof(ListTrainingEnrolments)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("The session's enrolments (its trainer, the platform's managers, cluster staff): the enrolled by arrival, then the waitlist in order, then cancellations.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/sessions/{id:int}/attendance", RecordTrainingAttendance).WithName(nameof(RecordTrainingAttendance)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Record attendance once the session has started (its trainer, the platform's managers, cluster staff): a list of {userId, attended}. Attending issues the module's certificate (from the session's Brussels date, for the module's validity); marking someone absent again revokes it. If-Match with the session's ETag is required (none: 428, stale: 412).")
            .Writes().ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);

        var certificates = api.MapGroup("/certificates").WithTags("Training");
        certificates.MapGet("/", ListCertificates).WithName(nameof(ListCertificates)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("My certificates, newest first, with their state today (Valid, ExpiringSoon, Expired, Revoked) and the instruments they unlock; cluster staff may ask for another user's with user=.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        certificates.MapGet("/{id:long}", GetCertificate).WithName(nameof(GetCertificate)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("A certificate: its holder, cluster staff and the module's platform managers see it; 404 for everyone else.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static RouteHandlerBuilder Writes(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    public static async Task<Ok<List<TrainingModuleDto>>> ListTrainingModules(BiotopeDb db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await db.ModulesAsync(clock.GetUtcNow(), ct: ct));

    public static async Task<Results<Ok<TrainingModuleDto>, ProblemHttpResult>> GetTrainingModule(int id, BiotopeDb db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var module = (await db.ModulesAsync(clock.GetUtcNow(), [id], withCancelled: true, ct)).SingleOrDefault();
        if (module is null) return Failure.NotFound(Phrase.Of("training.module.not-found", id)).ToProblem();
        http.Response.Headers.ETag = ETag(module.Version);
        return TypedResults.Ok(module);
    }

    public static async Task<Results<Created<TrainingModuleDto>, ProblemHttpResult>> CreateTrainingModule(
        TrainingModuleInput input, TrainingEditor editor, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var outcome = await editor.CreateModuleAsync(input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var module = await ModuleAsync(db, clock, outcome.Value!, http, ct);
        return TypedResults.Created($"/api/v1/training/modules/{module.Id}", module);
    }

    public static async Task<Results<Ok<TrainingModuleDto>, ProblemHttpResult>> UpdateTrainingModule(
        int id, TrainingModuleInput input, TrainingEditor editor, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await editor.UpdateModuleAsync(id, input, ifMatch, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        return TypedResults.Ok(await ModuleAsync(db, clock, outcome.Value!, http, ct));
    }

    public static async Task<Results<Created<TrainingSessionDto>, ProblemHttpResult>> CreateTrainingSession(
        int id, TrainingSessionInput input, TrainingEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await editor.CreateSessionAsync(id, input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var session = (await db.SessionAsync(outcome.Value!.Id, ct))!;
        http.Response.Headers.ETag = ETag(session.Version);
        return TypedResults.Created($"/api/v1/training/sessions/{session.Id}", session);
    }

    public static async Task<Results<Ok<TrainingSessionDto>, ProblemHttpResult>> GetTrainingSession(int id, BiotopeDb db, HttpContext http, CancellationToken ct)
    {
        var session = await db.SessionAsync(id, ct);
        if (session is null) return Failure.NotFound(Phrase.Of("training.session.not-found", id)).ToProblem();
        http.Response.Headers.ETag = ETag(session.Version);
        return TypedResults.Ok(session);
    }

    public static async Task<Results<Ok<TrainingSessionDto>, ProblemHttpResult>> UpdateTrainingSession(
        int id, TrainingSessionInput input, TrainingEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await editor.UpdateSessionAsync(id, input, ifMatch, user, ct);
        return await SessionResultAsync(outcome, db, http, ct);
    }

    public static async Task<Results<Ok<TrainingSessionDto>, ProblemHttpResult>> CancelTrainingSession(int id, TrainingEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        await SessionResultAsync(await editor.CancelSessionAsync(id, ReadVersion.Header(ifMatch), user, ct), db, http, ct);

    public static async Task<Results<Created<EnrolmentDto>, ProblemHttpResult>> EnrolInTrainingSession(int id, TrainingEnrolments enrolments, BiotopeDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await enrolments.EnrolAsync(id, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        return TypedResults.Created($"/api/v1/training/sessions/{id}/enrolments/me", (await db.MyEnrolmentAsync(id, user.UserId()!, ct))!);
    }

    public static async Task<Results<Ok<EnrolmentDto>, ProblemHttpResult>> GetMyTrainingEnrolment(int id, BiotopeDb db, ClaimsPrincipal user, CancellationToken ct) =>
        await db.MyEnrolmentAsync(id, user.UserId()!, ct) is { } mine ? TypedResults.Ok(mine) : Failure.NotFound(Phrase.Of("training.enrolment.not-found")).ToProblem();

    public static async Task<Results<Ok<EnrolmentDto>, ProblemHttpResult>> CancelMyTrainingEnrolment(int id, TrainingEnrolments enrolments, BiotopeDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await enrolments.CancelAsync(id, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        return TypedResults.Ok((await db.MyEnrolmentAsync(id, user.UserId()!, ct))!);
    }

    public static async Task<Results<Ok<List<EnrolmentDto>>, ProblemHttpResult>> ListTrainingEnrolments(int id, BiotopeDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var session = await db.TrainingSessions.AsNoTracking().Include(s => s.Module).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return Failure.NotFound(Phrase.Of("training.session.not-found", id)).ToProblem();
        if (!await db.RunsSessionAsync(user, session, session.Module!.PlatformId, ct))
            return Failure.Forbidden(Phrase.Of("training.enrolments.forbidden")).ToProblem();
        return TypedResults.Ok(await db.EnrolmentsAsync(id, ct));
    }

    public static async Task<Results<Ok<List<EnrolmentDto>>, ProblemHttpResult>> RecordTrainingAttendance(
        int id, List<AttendanceMark> marks, TrainingEnrolments enrolments, BiotopeDb db, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await enrolments.RecordAttendanceAsync(id, marks, ReadVersion.Header(ifMatch), user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = ETag(await db.TrainingSessions.Where(s => s.Id == id).Select(s => s.Version).SingleAsync(ct));
        return TypedResults.Ok(outcome.Value!);
    }

    public static async Task<Results<Ok<List<CertificateDto>>, ProblemHttpResult>> ListCertificates(BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct, [FromQuery(Name = "user")] string? userId = null)
    {
        var me = user.UserId()!;
        if (userId is { Length: > 0 } && userId != me && !user.IsStaff()) return Failure.Forbidden(Phrase.Of("training.certificates.forbidden")).ToProblem();
        return TypedResults.Ok(await db.CertificatesOfAsync(userId is { Length: > 0 } ? userId : me, BrusselsTime.Date(clock.GetUtcNow()), ct));
    }

    public static async Task<Results<Ok<CertificateDto>, ProblemHttpResult>> GetCertificate(long id, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var found = await db.Certificates.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.UserId, c.Module!.PlatformId }).FirstOrDefaultAsync(ct);
        // Someone else's certificate is not known to exist.
        if (found is null || (found.UserId != user.UserId() && !await db.ManagesModuleAsync(user, found.PlatformId, ct)))
            return Failure.NotFound(Phrase.Of("training.certificate.not-found", id)).ToProblem();
        return TypedResults.Ok((await db.CertificateDtosAsync(db.Certificates.Where(c => c.Id == id), BrusselsTime.Date(clock.GetUtcNow()), ct)).Single());
    }

    private static async Task<Results<Ok<TrainingSessionDto>, ProblemHttpResult>> SessionResultAsync(Outcome<TrainingSession> outcome, BiotopeDb db, HttpContext http, CancellationToken ct)
    {
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var session = (await db.SessionAsync(outcome.Value!.Id, ct))!;
        http.Response.Headers.ETag = ETag(session.Version);
        return TypedResults.Ok(session);
    }

    private static async Task<TrainingModuleDto> ModuleAsync(BiotopeDb db, TimeProvider clock, TrainingModule module, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.ETag = ETag(module.Version);
        return (await db.ModulesAsync(clock.GetUtcNow(), [module.Id], withCancelled: true, ct)).Single();
    }

    private static string ETag(int version) => $"\"{version}\"";
}
