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
    /// <summary>The services in words, in English and in French (each list may be left empty when the other is known).</summary>
    public List<string> ServicesEn { get; set; } = [];
    public List<string> ServicesFr { get; set; } = [];
    public bool Illustrative { get; set; }
    /// <summary>The version read before editing (alternative to If-Match).</summary>
    public int? Version { get; set; }

    internal FieldPhrases Validate()
    {
        var errors = new FieldPhrases();
        if (Slug is { Length: > 0 } slug && !SlugPattern().IsMatch(slug.Trim()))
            errors.Add("slug", "platform.slug.invalid");
        Text.Required(errors, "nameEn", NameEn, 200, "platform.name-en.required");
        Text.Required(errors, "nameFr", NameFr, 200, "platform.name-fr.required");
        if (OwnerOrganizationId is null) errors.Add("ownerOrganizationId", "platform.owner.required");
        Text.Optional(errors, "descriptionEn", DescriptionEn, 5000);
        Text.Optional(errors, "descriptionFr", DescriptionFr, 5000);
        Text.Optional(errors, "location", Location, 300);
        Text.Optional(errors, "contactPhone", ContactPhone, 40);
        if (Text.Clean(ContactEmail) is { } email && !System.Net.Mail.MailAddress.TryCreate(email, out _))
            errors.Add("contactEmail", "platform.contact-email.invalid");
        for (var i = 0; i < QualityStandards.Count; i++)
        {
            if (Standard(QualityStandards[i]) is null)
                errors.Add($"qualityStandards[{i}]", "platform.quality-standard.unknown", QualityStandards[i], new PhraseList([.. Platforms.QualityStandards.All]));
        }
        foreach (var (field, services) in new[] { ("servicesEn", ServicesEn), ("servicesFr", ServicesFr) })
        {
            for (var i = 0; i < services.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(services[i])) errors.Add($"{field}[{i}]", "platform.service.empty");
                else if (services[i].Trim().Length > 200) errors.Add($"{field}[{i}]", "platform.service.too-long");
            }
        }
        return errors;
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
        var servicesEn = ServicesEn.Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (!platform.ServicesEn.SequenceEqual(servicesEn)) platform.ServicesEn = servicesEn;
        var servicesFr = ServicesFr.Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (!platform.ServicesFr.SequenceEqual(servicesFr)) platform.ServicesFr = servicesFr;
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

    internal FieldPhrases Validate()
    {
        var errors = new FieldPhrases();
        Text.Required(errors, "name", Name, 200, "equipment.name.required");
        Text.Optional(errors, "type", Type, 100);
        if (Text.Clean(Modality) is { } modality && ModalityOf(modality) is null)
            errors.Add("modality", "equipment.modality.unknown", modality, new PhraseList([.. Modalities.Known]));
        foreach (var (field, value) in new[] { ("manufacturer", Manufacturer), ("model", Model), ("serialNumber", SerialNumber), ("inventoryNumber", InventoryNumber) })
            Text.Optional(errors, field, value, 100);
        Text.Optional(errors, "descriptionEn", DescriptionEn, 5000);
        Text.Optional(errors, "descriptionFr", DescriptionFr, 5000);
        if (Status is { Length: > 0 } && !ProjectParsing.TryEnum<EquipmentStatus>(Status, out _))
            errors.Add("status", "equipment.status.unknown", Status, new PhraseList([.. Enum.GetNames<EquipmentStatus>()]));
        (Rules ?? new BookingRulesInput()).Validate(errors, "rules");
        return errors;
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

    internal void Validate(FieldPhrases errors, string prefix)
    {
        var slotValid = SlotMinutes is >= 5 and <= 240 && 24 * 60 % SlotMinutes == 0;
        if (!slotValid) errors.Add($"{prefix}.slotMinutes", "rules.slot.invalid");
        if (MinDurationMinutes < 1) errors.Add($"{prefix}.minDurationMinutes", "rules.min-duration.too-small");
        else if (slotValid && MinDurationMinutes % SlotMinutes != 0) errors.Add($"{prefix}.minDurationMinutes", "rules.min-duration.off-slot");
        if (MaxDurationMinutes < MinDurationMinutes) errors.Add($"{prefix}.maxDurationMinutes", "rules.max-duration.below-min");
        else if (MaxDurationMinutes > 7 * 24 * 60) errors.Add($"{prefix}.maxDurationMinutes", "rules.max-duration.too-large");
        else if (slotValid && MaxDurationMinutes % SlotMinutes != 0) errors.Add($"{prefix}.maxDurationMinutes", "rules.max-duration.off-slot");
        if (MinNoticeHours is < 0 or > 24 * 365) errors.Add($"{prefix}.minNoticeHours", "rules.min-notice.range");
        if (MaxAdvanceDays is < 1 or > 730) errors.Add($"{prefix}.maxAdvanceDays", "rules.max-advance.range");
        if (BufferMinutes is < 0 or > 24 * 60) errors.Add($"{prefix}.bufferMinutes", "rules.buffer.range");
        if (MaxBookingsPerUserPerWeek is < 1) errors.Add($"{prefix}.maxBookingsPerUserPerWeek", "rules.weekly-limit.range");
        if (FreeCancellationHours is < 0 or > 24 * 365) errors.Add($"{prefix}.freeCancellationHours", "rules.free-cancellation.range");
        if (LateCancellationPercent is < 0 or > 100) errors.Add($"{prefix}.lateCancellationPercent", "rules.late-cancellation.range");
        else if (decimal.Round(LateCancellationPercent, 2) != LateCancellationPercent) errors.Add($"{prefix}.lateCancellationPercent", "rules.late-cancellation.decimals");
        var days = new HashSet<DayOfWeek>();
        for (var i = 0; i < OpeningHours.Count; i++)
        {
            var at = $"{prefix}.openingHours[{i}]";
            var line = OpeningHours[i];
            if (!ProjectParsing.TryEnum<DayOfWeek>(line.Day, out var day)) errors.Add($"{at}.day", "rules.weekday.unknown", line.Day);
            else if (!days.Add(day)) errors.Add($"{at}.day", "rules.weekday.twice", day.ToString());
            var opens = ParseTime(errors, $"{at}.opens", line.Opens);
            var closes = ParseTime(errors, $"{at}.closes", line.Closes);
            if (opens is { } o && closes is { } c)
            {
                if (o >= c) errors.Add($"{at}.closes", "rules.hours.closes-before-opens");
                else if (slotValid && ((o.Hour * 60 + o.Minute) % SlotMinutes != 0 || (c.Hour * 60 + c.Minute) % SlotMinutes != 0))
                    errors.Add($"{at}.opens", "rules.hours.off-slot");
            }
        }
    }

    private static TimeOnly? ParseTime(FieldPhrases errors, string field, string? text)
    {
        if (TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        errors.Add(field, string.IsNullOrWhiteSpace(text) ? "rules.time.required" : "rules.time.invalid");
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

    internal FieldPhrases Validate()
    {
        var errors = new FieldPhrases();
        var valid = new List<(int Index, UserCategory Category, DateOnly From, DateOnly? To)>();
        for (var i = 0; i < Rates.Count; i++)
        {
            var at = $"rates[{i}]";
            var rate = Rates[i];
            var categoryKnown = ProjectParsing.TryEnum<UserCategory>(rate.Category, out var category);
            if (!categoryKnown) errors.Add($"{at}.category", "rate.category.unknown", rate.Category, new PhraseList([.. Enum.GetNames<UserCategory>()]));
            if (rate.HourlyRate is null) errors.Add($"{at}.hourlyRate", "rate.hourly.required");
            else if (rate.HourlyRate > 99_999_999.99m) errors.Add($"{at}.hourlyRate", "rate.hourly.too-large");
            else errors.Money($"{at}.hourlyRate", rate.HourlyRate);
            if (rate.ValidFrom is null) errors.Add($"{at}.validFrom", "rate.valid-from.required");
            else if (rate.ValidTo is { } to && to < rate.ValidFrom) errors.Add($"{at}.validTo", "rate.valid-to.before-from");
            else if (categoryKnown) valid.Add((i, category, rate.ValidFrom.Value, rate.ValidTo));
        }
        foreach (var card in valid)
        {
            var other = valid.FirstOrDefault(o => o.Index < card.Index && o.Category == card.Category
                && o.From <= (card.To ?? DateOnly.MaxValue) && card.From <= (o.To ?? DateOnly.MaxValue));
            if (other != default)
                errors.Add($"rates[{card.Index}].validFrom", "rate.overlap", other.Index, Phrase.Of($"usercategory.{card.Category}"));
        }
        return errors;
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
        var errors = new FieldPhrases();
        if (!BrusselsTime.TryRead(StartsAt, out var start, out var startError)) errors.Add("startsAt", startError!);
        if (!BrusselsTime.TryRead(EndsAt, out var end, out var endError)) errors.Add("endsAt", endError!);
        else if (startError is null && end <= start) errors.Add("endsAt", "closure.ends-before-start");
        Text.Optional(errors, "reason", Reason, 300);
        return errors.ToFailure() is { } invalid ? invalid : (start, end);
    }
}

/// <summary>Trimming and length checks shared by the platform inputs.</summary>
internal static class Text
{
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static void Required(FieldPhrases errors, string field, string? value, int max, string code)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(field, code);
        else Optional(errors, field, value, max);
    }

    public static void Optional(FieldPhrases errors, string field, string? value, int max)
    {
        if (value?.Trim().Length > max) errors.Add(field, "field.too-long", max);
    }
}
