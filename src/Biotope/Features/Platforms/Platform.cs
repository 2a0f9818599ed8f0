namespace Biotope.Features.Platforms;

/// <summary>A shared technology platform (imaging centre, analysis centre, GMP facility) run by one organization.</summary>
public class Platform : Data.IVersioned, Data.ICreated
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string NameEn { get; set; }
    public required string NameFr { get; set; }
    public int OwnerOrganizationId { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    /// <summary>Address or building, as people would look for it.</summary>
    public string? Location { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    /// <summary>GMP, GLP, ISO 17025, ISO 9001 (<see cref="QualityStandards"/>).</summary>
    public List<string> QualityStandards { get; set; } = [];
    /// <summary>Services offered, in words, in English; the priced analyses are the <see cref="ServiceOffering"/> catalogue.</summary>
    public List<string> ServicesEn { get; set; } = [];
    /// <summary>The same in French (either list may be empty when only the other language is known).</summary>
    public List<string> ServicesFr { get; set; } = [];
    /// <summary>Demo data whose details the seeds do not give: the pages say so.</summary>
    public bool Illustrative { get; set; }
    public List<PlatformManager> Managers { get; set; } = [];
    public List<Equipment> Equipment { get; set; } = [];
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string Name(string language) => new Infrastructure.Bilingual(NameFr, NameEn).In(language).Text;
    public string? Description(string language) => new Infrastructure.Bilingual(DescriptionFr, DescriptionEn).In(language).Text is { Length: > 0 } text ? text : null;

    /// <summary>The services in the reader's language, or in the other one when only that one is known, and the language they are in.</summary>
    public (IReadOnlyList<string> Items, string Language) ServicesIn(string language)
    {
        var (_, known) = new Infrastructure.Bilingual(ServicesFr.Count > 0 ? "fr" : null, ServicesEn.Count > 0 ? "en" : null).In(language);
        return (known == "fr" ? ServicesFr : ServicesEn, known);
    }
}

public static class QualityStandards
{
    public static readonly IReadOnlyList<string> All = ["GMP", "GLP", "ISO 17025", "ISO 9001"];
}

/// <summary>A user who manages a platform: its equipment, bookings, rates, services and trainings.</summary>
public class PlatformManager
{
    public int PlatformId { get; set; }
    public required string UserId { get; set; }
}

public enum EquipmentStatus
{
    Active,
    Maintenance,
    Decommissioned,
}

/// <summary>An instrument that people book by the hour.</summary>
public class Equipment : Data.IVersioned, Data.ICreated
{
    public int Id { get; set; }
    public int PlatformId { get; set; }
    public Platform? Platform { get; set; }
    public required string Name { get; set; }
    /// <summary>The family of instrument: imaging, cytometry, mass spectrometry, microscopy...</summary>
    public string? Type { get; set; }
    /// <summary>MRI, PET-CT, micro-CT, confocal microscope, flow cytometer, mass spectrometer (<see cref="Modalities"/>).</summary>
    public string? Modality { get; set; }
    public string? Manufacturer { get; set; }
    public string? Model { get; set; }
    public string? SerialNumber { get; set; }
    public string? InventoryNumber { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    public EquipmentStatus Status { get; set; }
    public BookingRules Rules { get; set; } = new();
    /// <summary>Bookers need a valid certificate of this training module.</summary>
    public int? RequiredModuleId { get; set; }
    public bool Illustrative { get; set; }
    public List<RateCard> Rates { get; set; } = [];
    public List<Closure> Closures { get; set; } = [];
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string? Description(string language) => new Infrastructure.Bilingual(DescriptionFr, DescriptionEn).In(language).Text is { Length: > 0 } text ? text : null;
}

public static class Modalities
{
    public static readonly IReadOnlyList<string> Known = ["MRI", "PET-CT", "SPECT-CT", "micro-CT", "Ultrasound", "Confocal microscope", "Electron microscope", "Flow cytometer", "Mass spectrometer", "Plate reader", "Bioreactor", "Other"];
}

/// <summary>How an instrument may be booked: durations in minutes, notice in hours, advance in days, opening hours in Brussels time.</summary>
public class BookingRules
{
    public int MinDurationMinutes { get; set; } = 30;
    public int MaxDurationMinutes { get; set; } = 8 * 60;
    /// <summary>Bookings start and end on multiples of this from midnight (Brussels time).</summary>
    public int SlotMinutes { get; set; } = 30;
    public int MinNoticeHours { get; set; }
    public int MaxAdvanceDays { get; set; } = 90;
    /// <summary>Kept free after each booking (cleaning, calibration); it counts as busy but is not charged.</summary>
    public int BufferMinutes { get; set; }
    /// <summary>Opening hours per weekday; a weekday without an entry is closed.</summary>
    public List<OpeningHours> OpeningHours { get; set; } = [];
    public bool ApprovalRequired { get; set; }
    public int? MaxBookingsPerUserPerWeek { get; set; }
    /// <summary>Cancelling at least this many hours before the start is free.</summary>
    public int FreeCancellationHours { get; set; } = 48;
    /// <summary>The share of the price charged for a later cancellation (0–100).</summary>
    public decimal LateCancellationPercent { get; set; } = 50;
}

/// <summary>One weekday's opening, in Brussels wall-clock time ("08:00"–"18:00").</summary>
public class OpeningHours
{
    public DayOfWeek Day { get; set; }
    public TimeOnly Opens { get; set; }
    public TimeOnly Closes { get; set; }
}

/// <summary>A period when the instrument cannot be booked (maintenance, holidays).</summary>
public class Closure
{
    public int Id { get; set; }
    public int EquipmentId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public string? Reason { get; set; }
}

public enum UserCategory
{
    Academic,
    MemberCompany,
    NonMemberCompany,
    Internal,
}

/// <summary>An hourly rate for one user category, valid between two Brussels dates (inclusive; open-ended without an end).</summary>
public class RateCard
{
    public int Id { get; set; }
    public int EquipmentId { get; set; }
    public UserCategory Category { get; set; }
    public decimal HourlyRate { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
}

public enum BookingStatus
{
    /// <summary>Waiting for a platform manager's approval; it already holds the slot.</summary>
    Pending,
    Confirmed,
    Rejected,
    Cancelled,
}

/// <summary>A reservation of one instrument; <see cref="BlockedUntil"/> (end plus buffer) is what may not overlap.</summary>
public class Booking : Data.IVersioned, Data.ICreated
{
    public long Id { get; set; }
    public int EquipmentId { get; set; }
    public Equipment? Equipment { get; set; }
    public required string UserId { get; set; }
    /// <summary>The organization billed.</summary>
    public int OrganizationId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public DateTimeOffset BlockedUntil { get; set; }
    public BookingStatus Status { get; set; }
    public string? Purpose { get; set; }
    /// <summary>The category, rate and price as quoted when booked: later rate changes do not alter them.</summary>
    public UserCategory Category { get; set; }
    public decimal HourlyRate { get; set; }
    public decimal Price { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public decimal CancellationCharge { get; set; }
    public string? DecisionNote { get; set; }
    public string? DecidedByUserId { get; set; }
    public DateTimeOffset? CheckedInAt { get; set; }
    public DateTimeOffset? CheckedOutAt { get; set; }
    /// <summary>Made by the demo seeding (a past use, a pending request): an example, not a real booking.</summary>
    public bool Illustrative { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Holds the slot (pending or confirmed).</summary>
    public static readonly BookingStatus[] Active = [BookingStatus.Pending, BookingStatus.Confirmed];

    public bool IsActive => Status is BookingStatus.Pending or BookingStatus.Confirmed;

    /// <summary>Confirmed, ended, and nobody checked in.</summary>
    public bool IsNoShow(DateTimeOffset now) => Status == BookingStatus.Confirmed && CheckedInAt is null && EndsAt <= now;
}

/// <summary>A priced analysis in a platform's catalogue (e.g. an immunological assay).</summary>
public class ServiceOffering : Data.IVersioned, Data.ICreated
{
    public int Id { get; set; }
    public int PlatformId { get; set; }
    public required string NameEn { get; set; }
    public required string NameFr { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    /// <summary>The list price per unit (sample, run, batch).</summary>
    public decimal Price { get; set; }
    public string Unit { get; set; } = "sample";
    /// <summary>Working days from samples received to results delivered.</summary>
    public int TurnaroundDays { get; set; }
    public bool Active { get; set; } = true;
    public bool Illustrative { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string Name(string language) => new Infrastructure.Bilingual(NameFr, NameEn).In(language).Text;
}

public enum ServiceRequestStatus
{
    Requested,
    Quoted,
    Accepted,
    SamplesReceived,
    InProgress,
    ResultsDelivered,
    Closed,
    /// <summary>Declined by the platform or withdrawn by the requester before the work started.</summary>
    Cancelled,
}

public class ServiceRequest : Data.IVersioned, Data.ICreated
{
    public long Id { get; set; }
    public int OfferingId { get; set; }
    public ServiceOffering? Offering { get; set; }
    public int PlatformId { get; set; }
    public required string RequesterUserId { get; set; }
    public int OrganizationId { get; set; }
    public int Quantity { get; set; } = 1;
    public required string Description { get; set; }
    public ServiceRequestStatus Status { get; set; }
    public decimal? QuotedPrice { get; set; }
    public int? QuotedTurnaroundDays { get; set; }
    public string? QuoteNote { get; set; }
    public DateTimeOffset? SamplesReceivedAt { get; set; }
    /// <summary>When results are due: samples received plus the quoted turnaround.</summary>
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? ResultFileName { get; set; }
    public string? ResultContentType { get; set; }
    public byte[]? ResultContent { get; set; }
    public List<ServiceRequestEvent> Events { get; set; } = [];
    /// <summary>Made by the demo seeding: an example, not a real analysis.</summary>
    public bool Illustrative { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsOverdue(DateTimeOffset now) => DueAt is { } due && DeliveredAt is null && Status is not (ServiceRequestStatus.Closed or ServiceRequestStatus.Cancelled) && now > due;
}

/// <summary>One transition of a service request: who moved it, when, from what to what.</summary>
public class ServiceRequestEvent
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public ServiceRequestStatus? From { get; set; }
    public ServiceRequestStatus To { get; set; }
    public string? Note { get; set; }
}

/// <summary>A training module; its certificate unlocks the instruments whose <see cref="Equipment.RequiredModuleId"/> is this module.</summary>
public class TrainingModule : Data.IVersioned, Data.ICreated
{
    public int Id { get; set; }
    public int? PlatformId { get; set; }
    public required string Slug { get; set; }
    public required string TitleEn { get; set; }
    public required string TitleFr { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    /// <summary>Months a certificate stays valid; null: it never expires.</summary>
    public int? ValidityMonths { get; set; }
    public bool Illustrative { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public string Title(string language) => new Infrastructure.Bilingual(TitleFr, TitleEn).In(language).Text;
    public string? Description(string language) => new Infrastructure.Bilingual(DescriptionFr, DescriptionEn).In(language).Text is { Length: > 0 } text ? text : null;
}

public class TrainingSession : Data.IVersioned, Data.ICreated
{
    public int Id { get; set; }
    public int ModuleId { get; set; }
    public TrainingModule? Module { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public required string Place { get; set; }
    public int Capacity { get; set; }
    /// <summary>"fr" or "en".</summary>
    public string Language { get; set; } = "fr";
    /// <summary>The trainer's account: they record attendance.</summary>
    public string? TrainerUserId { get; set; }
    /// <summary>The trainer's name as given (English where it depends on the language, e.g. "Demo trainer").</summary>
    public string? TrainerName { get; set; }
    /// <summary>Its French form, only where the name depends on the language.</summary>
    public string? TrainerNameFr { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum EnrolmentStatus
{
    Enrolled,
    Waitlisted,
    Cancelled,
}

public class Enrolment : Data.ICreated
{
    public long Id { get; set; }
    public int SessionId { get; set; }
    public TrainingSession? Session { get; set; }
    public required string UserId { get; set; }
    public EnrolmentStatus Status { get; set; }
    /// <summary>Places go first-come-first-served: the waitlist is ordered by this.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PromotedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    /// <summary>Recorded by the trainer: true attended, false absent, null not yet recorded.</summary>
    public bool? Attended { get; set; }
}

public class Certificate : Data.ICreated
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public int ModuleId { get; set; }
    public TrainingModule? Module { get; set; }
    public int? SessionId { get; set; }
    public DateOnly IssuedOn { get; set; }
    /// <summary>The last day it is valid (Brussels date); null: no expiry.</summary>
    public DateOnly? ExpiresOn { get; set; }
    public DateTimeOffset? ReminderSentAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsValidOn(DateOnly day) => RevokedAt is null && IssuedOn <= day && (ExpiresOn is null || day <= ExpiresOn);
}

public enum CalendarScope
{
    /// <summary>A user's own bookings and training sessions.</summary>
    User,
    /// <summary>All bookings of one instrument, with who booked (managers).</summary>
    Equipment,
    /// <summary>All bookings and sessions of a platform (managers).</summary>
    Platform,
}

/// <summary>A secret calendar feed URL; only the SHA-256 of the token is stored, so a leaked database does not leak feeds.</summary>
public class CalendarFeed : Data.ICreated
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public CalendarScope Scope { get; set; }
    public int? EquipmentId { get; set; }
    public int? PlatformId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
