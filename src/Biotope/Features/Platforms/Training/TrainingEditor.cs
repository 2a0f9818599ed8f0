using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Notifications;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Training;

/// <summary>Creating and changing training modules and sessions (staff and the module's platform managers), with validation and the concurrency check.</summary>
public sealed class TrainingEditor(BiotopeDb db, TrainingEnrolments enrolments, Notifier notifier, TimeProvider clock)
{
    public async Task<Outcome<TrainingModule>> CreateModuleAsync(TrainingModuleInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.ManagesModuleAsync(user, input.PlatformId, ct))
            return Failure.Forbidden(Phrase.Of(input.PlatformId is null ? "training.module.create.staff-only" : "training.module.create.forbidden"));
        if (input.Validate() is { } invalid) return invalid;
        if (input.PlatformId is { } platformId && !await db.Platforms.AnyAsync(p => p.Id == platformId, ct)) return UnknownPlatform(platformId);
        var slug = string.IsNullOrWhiteSpace(input.Slug) ? TextNormalizer.Slug(input.TitleEn) : input.Slug;
        if (slug.Length == 0) return Failure.Invalid("slug", Phrase.Of("training.module.slug.required"));
        if (TrainingModuleInput.ReservedSlugs.Contains(slug) || await db.TrainingModules.AnyAsync(m => m.Slug == slug, ct)) return SlugTaken(slug);
        var module = new TrainingModule { Slug = slug, TitleEn = input.TitleEn.Trim(), TitleFr = input.TitleFr.Trim() };
        Apply(input, module);
        db.TrainingModules.Add(module);
        await db.SaveChangesAsync(ct);
        return module;
    }

    /// <summary>Replaces module <paramref name="id"/> if the version read (If-Match or the body's version) is still current.</summary>
    public async Task<Outcome<TrainingModule>> UpdateModuleAsync(int id, TrainingModuleInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        var module = await db.TrainingModules.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (module is null) return Failure.NotFound(Phrase.Of("training.module.not-found", id));
        // Moving a module to another platform takes the rights on both.
        if (!await db.ManagesModuleAsync(user, module.PlatformId, ct) || !await db.ManagesModuleAsync(user, input.PlatformId, ct))
            return Failure.Forbidden(Phrase.Of("training.module.edit.forbidden"));
        if (Concurrency.Check(module.Version, ifMatch, input.Version) is { } stale) return stale;
        if (input.Validate() is { } invalid) return invalid;
        if (input.PlatformId is { } platformId && !await db.Platforms.AnyAsync(p => p.Id == platformId, ct)) return UnknownPlatform(platformId);
        if (input.Slug is { Length: > 0 } slug && slug != module.Slug)
        {
            if (await db.TrainingModules.AnyAsync(m => m.Slug == slug && m.Id != id, ct)) return SlugTaken(slug);
            module.Slug = slug;
        }
        module.TitleEn = input.TitleEn.Trim();
        module.TitleFr = input.TitleFr.Trim();
        Apply(input, module);
        db.Entry(module).Property(m => m.UpdatedAt).IsModified = true;
        return await Concurrency.SaveAsync(db, ct) is { } conflict ? conflict : module;
    }

    private static void Apply(TrainingModuleInput input, TrainingModule module)
    {
        module.DescriptionEn = Blank(input.DescriptionEn);
        module.DescriptionFr = Blank(input.DescriptionFr);
        module.ValidityMonths = input.ValidityMonths;
        module.PlatformId = input.PlatformId;
        module.Illustrative = input.Illustrative;
    }

    public async Task<Outcome<TrainingSession>> CreateSessionAsync(int moduleId, TrainingSessionInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        var module = await db.TrainingModules.AsNoTracking().FirstOrDefaultAsync(m => m.Id == moduleId, ct);
        if (module is null) return Failure.NotFound(Phrase.Of("training.module.not-found", moduleId));
        if (!await db.ManagesModuleAsync(user, module.PlatformId, ct)) return Failure.Forbidden(Phrase.Of("training.session.plan.forbidden"));
        var times = input.Validate();
        if (!times.Succeeded) return times.Failure!;
        var trainer = await TrainerAsync(input, module.PlatformId, ct);
        if (!trainer.Succeeded) return trainer.Failure!;
        var session = new TrainingSession { ModuleId = moduleId, Place = input.Place.Trim() };
        Apply(input, times.Value, trainer.Value, session);
        db.TrainingSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>Replaces a session's time, place, capacity, language and trainer; the capacity cannot drop below the people enrolled. More places go to the waitlist.</summary>
    public async Task<Outcome<TrainingSession>> UpdateSessionAsync(int id, TrainingSessionInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var transaction = await TrainingEnrolments.LockSessionAsync(db, id, ct);
        var session = await db.TrainingSessions.Include(s => s.Module).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return Failure.NotFound(Phrase.Of("training.session.not-found", id));
        if (!await db.ManagesModuleAsync(user, session.Module!.PlatformId, ct)) return Failure.Forbidden(Phrase.Of("training.session.change.forbidden"));
        if (Concurrency.Check(session.Version, ifMatch, input.Version) is { } stale) return stale;
        if (session.CancelledAt is not null) return Failure.Conflict(Phrase.Of("training.session.cancelled.title"), Phrase.Of("training.session.change.cancelled"));
        var times = input.Validate();
        if (!times.Succeeded) return times.Failure!;
        var trainer = await TrainerAsync(input, session.Module.PlatformId, ct);
        if (!trainer.Succeeded) return trainer.Failure!;
        var places = await db.Enrolments.Where(e => e.SessionId == id).ToListAsync(ct);
        var enrolled = places.Count(e => e.Status == EnrolmentStatus.Enrolled);
        if (input.Capacity < enrolled)
        {
            var below = Phrase.Plural("training.session.capacity.enrolled", enrolled);
            return new Failure(FailureKind.Conflict, Phrase.Of("training.session.capacity.title"), below, new Dictionary<string, Phrase[]> { ["capacity"] = [below] })
            { Extensions = new Dictionary<string, object?> { ["enrolled"] = enrolled } };
        }
        session.Place = input.Place.Trim();
        Apply(input, times.Value, trainer.Value, session);
        var now = clock.GetUtcNow();
        if (session.StartsAt > now) await enrolments.FillPlacesAsync(session, places, now, ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        await transaction.CommitAsync(ct);
        return session;
    }

    /// <summary>Cancels a session that has not started and tells everyone enrolled or waitlisted.</summary>
    public async Task<Outcome<TrainingSession>> CancelSessionAsync(int id, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var transaction = await TrainingEnrolments.LockSessionAsync(db, id, ct);
        var session = await db.TrainingSessions.Include(s => s.Module).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return Failure.NotFound(Phrase.Of("training.session.not-found", id));
        var module = session.Module!;
        if (!await db.ManagesModuleAsync(user, module.PlatformId, ct)) return Failure.Forbidden(Phrase.Of("training.session.cancel.forbidden"));
        var now = clock.GetUtcNow();
        if (session.CancelledAt is not null) return Failure.Conflict(Phrase.Of("training.session.cancelled.title"), Phrase.Of("training.session.cancel.already"));
        if (session.StartsAt <= now) return Failure.Conflict(Phrase.Of("training.session.started.title"), Phrase.Of("training.session.cancel.started"));
        if (Concurrency.Check(session.Version, read) is { } stale) return stale;
        session.CancelledAt = now;
        var people = await db.Enrolments.Where(e => e.SessionId == id && e.Status != EnrolmentStatus.Cancelled).Select(e => e.UserId).ToListAsync(ct);
        var title = new Bilingual(module.TitleFr, module.TitleEn);
        await notifier.ToUsersAsync(people, Message.From("training-cancelled", Phrase.Of("training.notify.cancelled.subject", title, session.StartsAt),
            Phrase.Of("training.notify.cancelled.body", title, session.StartsAt, session.Place), $"/training/{module.Slug}"), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return session;
    }

    private static void Apply(TrainingSessionInput input, (DateTimeOffset Starts, DateTimeOffset Ends) times, (string? UserId, string? Name) trainer, TrainingSession session)
    {
        session.StartsAt = times.Starts;
        session.EndsAt = times.Ends;
        session.Capacity = input.Capacity;
        session.Language = input.Language;
        session.TrainerUserId = trainer.UserId;
        session.TrainerName = trainer.Name;
        session.TrainerNameFr = Blank(input.TrainerNameFr);
    }

    /// <summary>The trainer named by id or e-mail, who must be a Trainer, staff or a manager of the platform; the name defaults to the account's.</summary>
    private async Task<Outcome<(string? UserId, string? Name)>> TrainerAsync(TrainingSessionInput input, int? platformId, CancellationToken ct)
    {
        var name = Blank(input.TrainerName);
        var byEmail = Blank(input.TrainerEmail);
        var byId = Blank(input.TrainerUserId);
        if (byId is null && byEmail is null) return (null, name);
        var field = byId is null ? "trainerEmail" : "trainerUserId";
        var normalized = byEmail?.ToUpperInvariant();
        var account = await db.Users.AsNoTracking().Where(u => byId != null ? u.Id == byId : u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.DisplayName }).FirstOrDefaultAsync(ct);
        if (account is null) return Failure.Invalid(field, Phrase.Of("training.session.trainer.unknown"));
        if (!await db.MayTrainAsync(account.Id, platformId, ct))
            return Failure.Invalid(field, Phrase.Of("training.session.trainer.not-allowed"));
        return (account.Id, name ?? account.DisplayName);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static Failure UnknownPlatform(int platformId) =>
        Failure.Invalid("platformId", Phrase.Of("training.platform.unknown", platformId));

    // The field error lets a form point at the slug; the API's 409 gains an 'errors' member.
    private static Failure SlugTaken(string slug) =>
        new(FailureKind.Conflict, Phrase.Of("training.module.slug.taken.title"), Phrase.Of("training.module.slug.taken", slug),
            new Dictionary<string, Phrase[]> { ["slug"] = [Phrase.Of("training.module.slug.taken", slug)] });
}
