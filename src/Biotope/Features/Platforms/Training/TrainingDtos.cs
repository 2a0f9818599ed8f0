using System.Text.RegularExpressions;
using Biotope.Infrastructure;

namespace Biotope.Features.Platforms.Training;

/// <summary>The platform that runs a module.</summary>
public sealed record TrainingPlatformDto(int Id, string Slug, string NameEn, string NameFr);

/// <summary>An instrument a module's certificate unlocks (its <see cref="Equipment.RequiredModuleId"/> is the module).</summary>
public sealed record TrainingEquipmentDto(int Id, string Name);

/// <summary>A session with its places: times in UTC; <c>PlacesLeft</c> is capacity less the enrolled, never below 0.</summary>
public sealed record TrainingSessionDto(
    int Id, int ModuleId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place, int Capacity, string Language,
    string? TrainerUserId, string? TrainerName, string? TrainerNameFr, int Enrolled, int PlacesLeft, int Waitlisted, DateTimeOffset? CancelledAt, int Version);

public sealed record TrainingModuleDto(
    int Id, string Slug, string TitleEn, string TitleFr, string? DescriptionEn, string? DescriptionFr, int? ValidityMonths,
    TrainingPlatformDto? Platform, bool Illustrative, IReadOnlyList<TrainingEquipmentDto> Equipment, IReadOnlyList<TrainingSessionDto> Sessions, int Version);

/// <summary>One person's place in a session; <c>WaitlistPosition</c> counts from 1 in first-come-first-served order.</summary>
public sealed record EnrolmentDto(
    long Id, int SessionId, string UserId, string? Name, string? Email, EnrolmentStatus Status, int? WaitlistPosition,
    DateTimeOffset CreatedAt, DateTimeOffset? PromotedAt, DateTimeOffset? CancelledAt, bool? Attended, long? CertificateId);

public sealed record CertificateDto(
    long Id, string UserId, int ModuleId, string ModuleSlug, string ModuleTitleEn, string ModuleTitleFr, int? SessionId,
    DateOnly IssuedOn, DateOnly? ExpiresOn, DateTimeOffset? RevokedAt, DateTimeOffset? ReminderSentAt, CertificateState State,
    IReadOnlyList<TrainingEquipmentDto> Equipment);

/// <summary>One line of an attendance sheet.</summary>
public sealed record AttendanceMark(string UserId, bool Attended);

/// <summary>A training module as staff and platform managers write it.</summary>
public sealed partial record TrainingModuleInput
{
    /// <summary>Lower-case letters, digits and hyphens; made from the English title when left out.</summary>
    public string? Slug { get; init; }
    public string TitleEn { get; init; } = "";
    public string TitleFr { get; init; } = "";
    public string? DescriptionEn { get; init; }
    public string? DescriptionFr { get; init; }
    /// <summary>Months a certificate stays valid (1–120); null: it never expires.</summary>
    public int? ValidityMonths { get; init; }
    /// <summary>The platform whose managers run the module; null: cluster staff only.</summary>
    public int? PlatformId { get; init; }
    public bool Illustrative { get; init; }
    /// <summary>The version read, when If-Match is not used.</summary>
    public int? Version { get; init; }

    /// <summary>Words the training pages use after /training/: a module cannot take them as its slug.</summary>
    public static readonly IReadOnlySet<string> ReservedSlugs = new HashSet<string>(StringComparer.Ordinal) { "certificates", "sessions" };

    public Failure? Validate()
    {
        var errors = new Dictionary<string, Phrase[]>();
        void Error(string field, Phrase message) => errors[field] = [message];
        if (string.IsNullOrWhiteSpace(TitleEn)) Error("titleEn", Phrase.Of("training.module.title-en.required"));
        if (string.IsNullOrWhiteSpace(TitleFr)) Error("titleFr", Phrase.Of("training.module.title-fr.required"));
        if (Slug is { Length: > 0 } slug && (!SlugPattern().IsMatch(slug) || ReservedSlugs.Contains(slug))) Error("slug", Phrase.Of("training.module.slug.invalid"));
        if (ValidityMonths is < 1 or > 120) Error("validityMonths", Phrase.Of("training.module.validity.range"));
        return errors.Count > 0 ? Failure.Invalid(errors) : null;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}

/// <summary>A session as staff and platform managers write it; times are Brussels wall-clock ("2026-12-01T09:00") or carry their offset.</summary>
public sealed record TrainingSessionInput
{
    public string? StartsAt { get; init; }
    public string? EndsAt { get; init; }
    public string Place { get; init; } = "";
    public int Capacity { get; init; }
    /// <summary>"fr" or "en".</summary>
    public string Language { get; init; } = "";
    /// <summary>The trainer's account (role Trainer, cluster staff or a manager of the platform); or give <see cref="TrainerEmail"/>.</summary>
    public string? TrainerUserId { get; init; }
    public string? TrainerEmail { get; init; }
    /// <summary>The name shown in the catalogue; the account's display name when left out.</summary>
    public string? TrainerName { get; init; }
    /// <summary>The name's French form, only where it depends on the language ("Formateur de démonstration").</summary>
    public string? TrainerNameFr { get; init; }
    /// <summary>The version read, when If-Match is not used.</summary>
    public int? Version { get; init; }

    public const int MaxCapacity = 500;

    public Outcome<(DateTimeOffset Starts, DateTimeOffset Ends)> Validate()
    {
        var errors = new Dictionary<string, Phrase[]>();
        void Error(string field, Phrase message) => errors[field] = [message];
        if (!BrusselsTime.TryRead(StartsAt, out var starts, out var startError)) Error("startsAt", startError!);
        if (!BrusselsTime.TryRead(EndsAt, out var ends, out var endError)) Error("endsAt", endError!);
        if (!errors.ContainsKey("startsAt") && !errors.ContainsKey("endsAt") && ends <= starts) Error("endsAt", Phrase.Of("training.session.end-before-start"));
        if (string.IsNullOrWhiteSpace(Place)) Error("place", Phrase.Of("training.session.place.required"));
        if (Capacity is < 1 or > MaxCapacity) Error("capacity", Phrase.Of("training.session.capacity.range", MaxCapacity));
        if (Language is not ("fr" or "en")) Error("language", Phrase.Of("training.session.language.invalid"));
        if (!string.IsNullOrWhiteSpace(TrainerUserId) && !string.IsNullOrWhiteSpace(TrainerEmail)) Error("trainerUserId", Phrase.Of("training.session.trainer.both"));
        if (errors.Count > 0) return Failure.Invalid(errors);
        return (starts, ends);
    }
}
