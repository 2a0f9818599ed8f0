using System.Globalization;
using System.Text.RegularExpressions;
using Biotope.Features.Projects;
using Biotope.Infrastructure;

namespace Biotope.Features.Platforms;

/// <summary>A platform as the API writes it. The slug is made from the English name when left out.</summary>
public sealed partial class PlatformInput
{
    public string? Slug { get; set; }
    public string? NameEn { get; set; }
    public string? NameFr { get; set; }
    public int? OwnerOrganizationId { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    public string? Location { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    /// <summary>Among GMP, GLP, ISO 17025, ISO 9001 (any case).</summary>
    public List<string> QualityStandards { get; set; } = [];
    public List<string> Services { get; set; } = [];
    public bool Illustrative { get; set; }
    /// <summary>The version read before editing (alternative to If-Match).</summary>
    public int? Version { get; set; }

    public Dictionary<string, string[]> Validate()
    {
        var errors = new FieldErrors();
        if (Slug is { Length: > 0 } slug && !SlugPattern().IsMatch(slug.Trim()))
            errors.Add("slug", "The slug is lower-case letters, digits and single hyphens (at most 80 characters).");
        Text.Required(errors, "nameEn", NameEn, 200, "The English name is required.");
        Text.Required(errors, "nameFr", NameFr, 200, "The French name is required.");
        if (OwnerOrganizationId is null) errors.Add("ownerOrganizationId", "The owner organization is required.");
        Text.Optional(errors, "descriptionEn", DescriptionEn, 5000);
        Text.Optional(errors, "descriptionFr", DescriptionFr, 5000);
        Text.Optional(errors, "location", Location, 300);
        Text.Optional(errors, "contactPhone", ContactPhone, 40);
        if (Text.Clean(ContactEmail) is { } email && !System.Net.Mail.MailAddress.TryCreate(email, out _))
            errors.Add("contactEmail", "The contact e-mail is not an e-mail address.");
        for (var i = 0; i < QualityStandards.Count; i++)
        {
            if (Standard(QualityStandards[i]) is null)
                errors.Add($"qualityStandards[{i}]", $"Unknown quality standard '{QualityStandards[i]}'. Standards: {string.Join(", ", Platforms.QualityStandards.All)}.");
        }
        for (var i = 0; i < Services.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Services[i])) errors.Add($"services[{i}]", "A service cannot be empty.");
            else if (Services[i].Trim().Length > 200) errors.Add($"services[{i}]", "A service is longer than 200 characters.");
        }
        return errors.ToDictionary();
    }

    /// <summary>The canonical spelling of a known quality standard ("iso 17025" → "ISO 17025").</summary>
    public static string? Standard(string? value) =>
        Platforms.QualityStandards.All.FirstOrDefault(s => string.Equals(s, value?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Copies the fields (not the slug nor the owner, which the editor checks first).</summary>
    public void ApplyTo(Platform platform)
    {
        platform.NameEn = NameEn!.Trim();
        platform.NameFr = NameFr!.Trim();
        platform.DescriptionEn = Text.Clean(DescriptionEn);
        platform.DescriptionFr = Text.Clean(DescriptionFr);
        platform.Location = Text.Clean(Location);
        platform.ContactEmail = Text.Clean(ContactEmail);
        platform.ContactPhone = Text.Clean(ContactPhone);
        var standards = QualityStandards.Select(Standard).OfType<string>().Distinct().ToList();
        if (!platform.QualityStandards.SequenceEqual(standards)) platform.QualityStandards = standards;
        var services = Services.Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (!platform.Services.SequenceEqual(services)) platform.Services = services;
        platform.Illustrative = Illustrative;
    }

    [GeneratedRegex("^(?=.{1,80}$)[a-z0-9]+(?:-[a-z0-9]+)*$")]
    internal static partial Regex SlugPattern();
}

/// <summary>Who manages a platform: user ids or e-mail addresses of existing accounts.</summary>
public sealed class ManagersInput
{
    public List<string> Managers { get; set; } = [];
}

/// <summary>An instrument as the API writes it.</summary>
public sealed class EquipmentInput
{
    /// <summary>Required to add an instrument; on a change it may only repeat the current platform.</summary>
    public int? PlatformId { get; set; }
    public string? Name { get; set; }
    public string? Type { get; set; }
    /// <summary>One of <see cref="Modalities.Known"/> (any case); "Other" for anything else, with <see cref="Type"/> saying what.</summary>
    public string? Modality { get; set; }
    public string? Manufacturer { get; set; }
    public string? Model { get; set; }
    public string? SerialNumber { get; set; }
    public string? InventoryNumber { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    /// <summary>Active (default), Maintenance or Decommissioned.</summary>
    public string? Status { get; set; }
    /// <summary>Left out: the defaults of <see cref="BookingRules"/>.</summary>
    public BookingRulesInput? Rules { get; set; }
    public int? RequiredModuleId { get; set; }
    public bool Illustrative { get; set; }
    public int? Version { get; set; }

    public Dictionary<string, string[]> Validate()
    {
        var errors = new FieldErrors();
        Text.Required(errors, "name", Name, 200, "The name is required.");
        Text.Optional(errors, "type", Type, 100);
        if (Text.Clean(Modality) is { } modality && ModalityOf(modality) is null)
            errors.Add("modality", $"Unknown modality '{modality}'. Modalities: {string.Join(", ", Modalities.Known)} (use Other and say what in 'type').");
        foreach (var (field, value) in new[] { ("manufacturer", Manufacturer), ("model", Model), ("serialNumber", SerialNumber), ("inventoryNumber", InventoryNumber) })
            Text.Optional(errors, field, value, 100);
        Text.Optional(errors, "descriptionEn", DescriptionEn, 5000);
        Text.Optional(errors, "descriptionFr", DescriptionFr, 5000);
        if (Status is { Length: > 0 } && !ProjectParsing.TryEnum<EquipmentStatus>(Status, out _))
            errors.Add("status", $"Unknown status '{Status}'. Statuses: {string.Join(", ", Enum.GetNames<EquipmentStatus>())}.");
        (Rules ?? new BookingRulesInput()).Validate(errors, "rules");
        return errors.ToDictionary();
    }

    public static string? ModalityOf(string? value) =>
        Modalities.Known.FirstOrDefault(m => string.Equals(m, value?.Trim(), StringComparison.OrdinalIgnoreCase));

    public void ApplyTo(Equipment equipment)
    {
        equipment.Name = Name!.Trim();
        equipment.Type = Text.Clean(Type);
        equipment.Modality = ModalityOf(Modality);
        equipment.Manufacturer = Text.Clean(Manufacturer);
        equipment.Model = Text.Clean(Model);
        equipment.SerialNumber = Text.Clean(SerialNumber);
        equipment.InventoryNumber = Text.Clean(InventoryNumber);
        equipment.DescriptionEn = Text.Clean(DescriptionEn);
        equipment.DescriptionFr = Text.Clean(DescriptionFr);
        equipment.Status = ProjectParsing.TryEnum<EquipmentStatus>(Status, out var status) ? status : EquipmentStatus.Active;
        equipment.Rules = (Rules ?? new BookingRulesInput()).ToRules();
        equipment.RequiredModuleId = RequiredModuleId;
        equipment.Illustrative = Illustrative;
    }

    public static EquipmentInput From(Equipment e) => new()
    {
        PlatformId = e.PlatformId,
        Name = e.Name,
        Type = e.Type,
        Modality = e.Modality,
        Manufacturer = e.Manufacturer,
        Model = e.Model,
        SerialNumber = e.SerialNumber,
        InventoryNumber = e.InventoryNumber,
        DescriptionEn = e.DescriptionEn,
        DescriptionFr = e.DescriptionFr,
        Status = e.Status.ToString(),
        Rules = BookingRulesInput.From(e.Rules),
        RequiredModuleId = e.RequiredModuleId,
        Illustrative = e.Illustrative,
        Version = e.Version,
    };
}

/// <summary>Booking rules as written: durations in minutes, notice in hours, advance in days, opening hours as "08:00" in Brussels time.</summary>
public sealed class BookingRulesInput
{
    private static readonly BookingRules Defaults = new();

    public int MinDurationMinutes { get; set; } = Defaults.MinDurationMinutes;
    public int MaxDurationMinutes { get; set; } = Defaults.MaxDurationMinutes;
    public int SlotMinutes { get; set; } = Defaults.SlotMinutes;
    public int MinNoticeHours { get; set; } = Defaults.MinNoticeHours;
    public int MaxAdvanceDays { get; set; } = Defaults.MaxAdvanceDays;
    public int BufferMinutes { get; set; } = Defaults.BufferMinutes;
    public List<OpeningHoursInput> OpeningHours { get; set; } = [];
    public bool ApprovalRequired { get; set; }
    public int? MaxBookingsPerUserPerWeek { get; set; }
    public int FreeCancellationHours { get; set; } = Defaults.FreeCancellationHours;
    public decimal LateCancellationPercent { get; set; } = Defaults.LateCancellationPercent;

    public sealed class OpeningHoursInput
    {
        /// <summary>Monday … Sunday.</summary>
        public string? Day { get; set; }
        /// <summary>"08:00", Brussels wall-clock time.</summary>
        public string? Opens { get; set; }
        public string? Closes { get; set; }
    }

    internal void Validate(FieldErrors errors, string prefix)
    {
        var slotValid = SlotMinutes is >= 5 and <= 240 && 24 * 60 % SlotMinutes == 0;
        if (!slotValid) errors.Add($"{prefix}.slotMinutes", "The slot is 5 to 240 minutes and divides a day evenly (e.g. 15, 30, 60, 120).");
        if (MinDurationMinutes < 1) errors.Add($"{prefix}.minDurationMinutes", "The minimum duration is at least one minute.");
        else if (slotValid && MinDurationMinutes % SlotMinutes != 0) errors.Add($"{prefix}.minDurationMinutes", "The minimum duration is a whole number of slots.");
        if (MaxDurationMinutes < MinDurationMinutes) errors.Add($"{prefix}.maxDurationMinutes", "The maximum duration is at least the minimum duration.");
        else if (MaxDurationMinutes > 7 * 24 * 60) errors.Add($"{prefix}.maxDurationMinutes", "The maximum duration is at most a week (10080 minutes).");
        else if (slotValid && MaxDurationMinutes % SlotMinutes != 0) errors.Add($"{prefix}.maxDurationMinutes", "The maximum duration is a whole number of slots.");
        if (MinNoticeHours is < 0 or > 24 * 365) errors.Add($"{prefix}.minNoticeHours", "The minimum notice is 0 to 8760 hours.");
        if (MaxAdvanceDays is < 1 or > 730) errors.Add($"{prefix}.maxAdvanceDays", "The maximum advance is 1 to 730 days.");
        if (BufferMinutes is < 0 or > 24 * 60) errors.Add($"{prefix}.bufferMinutes", "The buffer is 0 to 1440 minutes.");
        if (MaxBookingsPerUserPerWeek is < 1) errors.Add($"{prefix}.maxBookingsPerUserPerWeek", "The weekly limit is at least 1 (leave it out for no limit).");
        if (FreeCancellationHours is < 0 or > 24 * 365) errors.Add($"{prefix}.freeCancellationHours", "Free cancellation is 0 to 8760 hours before the start.");
        if (LateCancellationPercent is < 0 or > 100) errors.Add($"{prefix}.lateCancellationPercent", "The late-cancellation share is a percentage from 0 to 100.");
        else if (decimal.Round(LateCancellationPercent, 2) != LateCancellationPercent) errors.Add($"{prefix}.lateCancellationPercent", "The share has at most two decimals.");
        var days = new HashSet<DayOfWeek>();
        for (var i = 0; i < OpeningHours.Count; i++)
        {
            var at = $"{prefix}.openingHours[{i}]";
            var line = OpeningHours[i];
            if (!ProjectParsing.TryEnum<DayOfWeek>(line.Day, out var day)) errors.Add($"{at}.day", $"Unknown weekday '{line.Day}': use Monday to Sunday.");
            else if (!days.Add(day)) errors.Add($"{at}.day", $"{day} is listed twice.");
            var opens = ParseTime(errors, $"{at}.opens", line.Opens);
            var closes = ParseTime(errors, $"{at}.closes", line.Closes);
            if (opens is { } o && closes is { } c)
            {
                if (o >= c) errors.Add($"{at}.closes", "The closing time is after the opening time.");
                else if (slotValid && ((o.Hour * 60 + o.Minute) % SlotMinutes != 0 || (c.Hour * 60 + c.Minute) % SlotMinutes != 0))
                    errors.Add($"{at}.opens", "Opening hours fall on slot boundaries (whole slots from midnight).");
            }
        }
    }

    private static TimeOnly? ParseTime(FieldErrors errors, string field, string? text)
    {
        if (TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        errors.Add(field, string.IsNullOrWhiteSpace(text) ? "A time is required, e.g. 08:00." : "Enter a time of day such as 08:00 (Brussels time).");
        return null;
    }

    public BookingRules ToRules() => new()
    {
        MinDurationMinutes = MinDurationMinutes,
        MaxDurationMinutes = MaxDurationMinutes,
        SlotMinutes = SlotMinutes,
        MinNoticeHours = MinNoticeHours,
        MaxAdvanceDays = MaxAdvanceDays,
        BufferMinutes = BufferMinutes,
        OpeningHours = [.. OpeningHours
            .Select(h => new OpeningHours
            {
                Day = ProjectParsing.TryEnum<DayOfWeek>(h.Day, out var day) ? day : default,
                Opens = TimeOnly.ParseExact(h.Opens!.Trim(), h.Opens.Trim().Length == 5 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture),
                Closes = TimeOnly.ParseExact(h.Closes!.Trim(), h.Closes.Trim().Length == 5 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture),
            })
            .OrderBy(h => ((int)h.Day + 6) % 7)],
        ApprovalRequired = ApprovalRequired,
        MaxBookingsPerUserPerWeek = MaxBookingsPerUserPerWeek,
        FreeCancellationHours = FreeCancellationHours,
        LateCancellationPercent = LateCancellationPercent,
    };

    public static BookingRulesInput From(BookingRules r) => new()
    {
        MinDurationMinutes = r.MinDurationMinutes,
        MaxDurationMinutes = r.MaxDurationMinutes,
        SlotMinutes = r.SlotMinutes,
        MinNoticeHours = r.MinNoticeHours,
        MaxAdvanceDays = r.MaxAdvanceDays,
        BufferMinutes = r.BufferMinutes,
        OpeningHours = [.. r.OpeningHours.Select(h => new OpeningHoursInput { Day = h.Day.ToString(), Opens = PlatformMapping.Time(h.Opens), Closes = PlatformMapping.Time(h.Closes) })],
        ApprovalRequired = r.ApprovalRequired,
        MaxBookingsPerUserPerWeek = r.MaxBookingsPerUserPerWeek,
        FreeCancellationHours = r.FreeCancellationHours,
        LateCancellationPercent = r.LateCancellationPercent,
    };
}

/// <summary>The whole list of an instrument's rate cards: it replaces the stored one.</summary>
public sealed class RatesInput
{
    public List<RateInput> Rates { get; set; } = [];

    public sealed class RateInput
    {
        /// <summary>Academic, MemberCompany, NonMemberCompany or Internal.</summary>
        public string? Category { get; set; }
        public decimal? HourlyRate { get; set; }
        public DateOnly? ValidFrom { get; set; }
        /// <summary>Inclusive; left out: open-ended.</summary>
        public DateOnly? ValidTo { get; set; }
    }

    public Dictionary<string, string[]> Validate()
    {
        var errors = new FieldErrors();
        var valid = new List<(int Index, UserCategory Category, DateOnly From, DateOnly? To)>();
        for (var i = 0; i < Rates.Count; i++)
        {
            var at = $"rates[{i}]";
            var rate = Rates[i];
            var categoryKnown = ProjectParsing.TryEnum<UserCategory>(rate.Category, out var category);
            if (!categoryKnown) errors.Add($"{at}.category", $"Unknown category '{rate.Category}'. Categories: {string.Join(", ", Enum.GetNames<UserCategory>())}.");
            if (rate.HourlyRate is null) errors.Add($"{at}.hourlyRate", "The hourly rate is required (0 for free use).");
            else if (rate.HourlyRate > 99_999_999.99m) errors.Add($"{at}.hourlyRate", "The hourly rate is too large.");
            else Projects.MoneyRules.Check(errors, $"{at}.hourlyRate", rate.HourlyRate);
            if (rate.ValidFrom is null) errors.Add($"{at}.validFrom", "The first day of validity is required.");
            else if (rate.ValidTo is { } to && to < rate.ValidFrom) errors.Add($"{at}.validTo", "The last day of validity is before the first.");
            else if (categoryKnown) valid.Add((i, category, rate.ValidFrom.Value, rate.ValidTo));
        }
        foreach (var card in valid)
        {
            var other = valid.FirstOrDefault(o => o.Index < card.Index && o.Category == card.Category
                && o.From <= (card.To ?? DateOnly.MaxValue) && card.From <= (o.To ?? DateOnly.MaxValue));
            if (other != default)
                errors.Add($"rates[{card.Index}].validFrom", $"Overlaps rates[{other.Index}]: one category has one rate on any day ({card.Category}).");
        }
        return errors.ToDictionary();
    }
}

/// <summary>A period when an instrument cannot be booked; times are Brussels local ("2026-12-24T00:00") or carry their offset.</summary>
public sealed class ClosureInput
{
    public string? StartsAt { get; set; }
    public string? EndsAt { get; set; }
    public string? Reason { get; set; }

    public Outcome<(DateTimeOffset Start, DateTimeOffset End)> Validate()
    {
        var errors = new FieldErrors();
        if (!BrusselsTime.TryParse(StartsAt, out var start, out var startError)) errors.Add("startsAt", startError!);
        if (!BrusselsTime.TryParse(EndsAt, out var end, out var endError)) errors.Add("endsAt", endError!);
        else if (startError is null && end <= start) errors.Add("endsAt", "The closure ends after it starts.");
        Text.Optional(errors, "reason", Reason, 300);
        return errors.Count > 0 ? Failure.Invalid(errors.ToDictionary()) : (start, end);
    }
}

/// <summary>Trimming and length checks shared by the platform inputs.</summary>
internal static class Text
{
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static void Required(FieldErrors errors, string field, string? value, int max, string message)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(field, message);
        else Optional(errors, field, value, max);
    }

    public static void Optional(FieldErrors errors, string field, string? value, int max)
    {
        if (value?.Trim().Length > max) errors.Add(field, $"At most {max} characters.");
    }
}
