using System.Globalization;
using System.Text.RegularExpressions;
using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms;

/// <summary>The form a platform's managers (and staff) use to change an instrument's status, description and booking rules.</summary>
[Authorize]
public partial class EditEquipmentModel(PlatformEditor editor, BiotopeDb db) : PageModel
{
    [BindProperty] public EquipmentForm Form { get; set; } = new();

    public EquipmentView View { get; private set; } = null!;
    public List<TrainingModule> Modules { get; private set; } = [];
    /// <summary>Messages by field: the API's keys, with opening hours keyed by weekday ("hours.0.opens" is Monday's).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public bool Conflict { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, bool saved, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        Form = EquipmentForm.From(View.Equipment);
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refused) return refused;
        var (input, openDays, parseErrors) = Form.ToInput(View.Equipment);
        if (parseErrors.Count > 0)
        {
            Errors = Texts.Current.Say(parseErrors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var outcome = await editor.UpdateEquipmentAsync(id, input, null, User, ct);
        if (outcome.Succeeded) return RedirectToPage(new { id, saved = true });

        var failure = outcome.Failure!;
        if (failure.Kind == FailureKind.Forbidden) return Forbid();
        db.ChangeTracker.Clear();
        await LoadAsync(id, ct);
        if (failure.Kind is FailureKind.Conflict or FailureKind.PreconditionRequired)
        {
            // Keep what the person typed and take the new version, so a second save is a deliberate choice.
            Conflict = true;
            Form.Version = View.Equipment.Version;
        }
        Errors = (Texts.Current.Say(failure.Errors)).ToDictionary(e => FormKey(e.Key, openDays), e => e.Value);
        Response.StatusCode = failure.Kind == FailureKind.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var view = await db.EquipmentByIdAsync(id, ct);
        if (view is null) return NotFound();
        if (!await db.ManagesPlatformAsync(User, view.Platform.Id, ct)) return Forbid();
        View = view;
        var language = Language.Current;
        Modules = [.. (await db.TrainingModules.AsNoTracking().ToListAsync(ct)).OrderBy(m => m.Title(language), StringComparer.CurrentCultureIgnoreCase)];
        return null;
    }

    /// <summary>"rules.openingHours[1].opens" is the second open day of the form: the key of that weekday's row.</summary>
    private static string FormKey(string key, IReadOnlyList<int> openDays)
    {
        var match = OpeningHoursKey().Match(key);
        return match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var index && index < openDays.Count
            ? $"hours.{openDays[index]}.{match.Groups[2].Value}"
            : key;
    }

    [GeneratedRegex(@"^rules\.openingHours\[(\d+)\]\.(\w+)$")]
    private static partial Regex OpeningHoursKey();
}

/// <summary>The instrument form as posted: numbers as typed (so a word is answered with a message), one row per weekday from Monday.</summary>
public sealed class EquipmentForm
{
    public string? Name { get; set; }
    public string? Status { get; set; }
    public string? Modality { get; set; }
    public string? Type { get; set; }
    public string? Manufacturer { get; set; }
    public string? Model { get; set; }
    public string? SerialNumber { get; set; }
    public string? InventoryNumber { get; set; }
    public string? DescriptionEn { get; set; }
    public string? DescriptionFr { get; set; }
    public int? RequiredModuleId { get; set; }
    public string? SlotMinutes { get; set; }
    public string? MinDurationMinutes { get; set; }
    public string? MaxDurationMinutes { get; set; }
    public string? MinNoticeHours { get; set; }
    public string? MaxAdvanceDays { get; set; }
    public string? BufferMinutes { get; set; }
    public string? MaxBookingsPerUserPerWeek { get; set; }
    public bool ApprovalRequired { get; set; }
    public string? FreeCancellationHours { get; set; }
    public string? LateCancellationPercent { get; set; }
    public List<DayForm> Days { get; set; } = [];
    public int Version { get; set; }

    public sealed class DayForm
    {
        public bool Open { get; set; }
        public string? Opens { get; set; }
        public string? Closes { get; set; }
    }

    public static EquipmentForm From(Equipment e)
    {
        var r = e.Rules;
        string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
        return new()
        {
            Name = e.Name,
            Status = e.Status.ToString(),
            Modality = e.Modality,
            Type = e.Type,
            Manufacturer = e.Manufacturer,
            Model = e.Model,
            SerialNumber = e.SerialNumber,
            InventoryNumber = e.InventoryNumber,
            DescriptionEn = e.DescriptionEn,
            DescriptionFr = e.DescriptionFr,
            RequiredModuleId = e.RequiredModuleId,
            SlotMinutes = Number(r.SlotMinutes),
            MinDurationMinutes = Number(r.MinDurationMinutes),
            MaxDurationMinutes = Number(r.MaxDurationMinutes),
            MinNoticeHours = Number(r.MinNoticeHours),
            MaxAdvanceDays = Number(r.MaxAdvanceDays),
            BufferMinutes = Number(r.BufferMinutes),
            MaxBookingsPerUserPerWeek = r.MaxBookingsPerUserPerWeek?.ToString(CultureInfo.InvariantCulture),
            ApprovalRequired = r.ApprovalRequired,
            FreeCancellationHours = Number(r.FreeCancellationHours),
            LateCancellationPercent = r.LateCancellationPercent.ToString("0.##", CultureInfo.InvariantCulture),
            Days = [.. PlatformFormat.Week.Select(day => r.OpeningHours.FirstOrDefault(h => h.Day == day) is { } h
                ? new DayForm { Open = true, Opens = PlatformMapping.Time(h.Opens), Closes = PlatformMapping.Time(h.Closes) }
                : new DayForm { Opens = "08:00", Closes = "18:00" })],
            Version = e.Version,
        };
    }

    /// <summary>The API input, the week indices of the open days (to put messages back on their rows), and the numbers that are not numbers.</summary>
    public (EquipmentInput Input, List<int> OpenDays, Dictionary<string, Phrase[]> Errors) ToInput(Equipment current)
    {
        var errors = new Dictionary<string, Phrase[]>();
        int Whole(string field, string? text, int fallback)
        {
            if (int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
            errors[field] = [Phrase.Of("rules.whole-number")];
            return fallback;
        }
        int? maxPerWeek = string.IsNullOrWhiteSpace(MaxBookingsPerUserPerWeek) ? null : Whole("rules.maxBookingsPerUserPerWeek", MaxBookingsPerUserPerWeek, 1);
        var percent = Projects.ProjectFormat.ParseEuros(LateCancellationPercent);
        if (percent is null) errors["rules.lateCancellationPercent"] = [Phrase.Of("rules.number")];
        var openDays = new List<int>();
        var hours = new List<BookingRulesInput.OpeningHoursInput>();
        for (var i = 0; i < Math.Min(Days.Count, 7); i++)
        {
            if (!Days[i].Open) continue;
            openDays.Add(i);
            hours.Add(new() { Day = PlatformFormat.Week[i].ToString(), Opens = Days[i].Opens, Closes = Days[i].Closes });
        }
        var input = new EquipmentInput
        {
            PlatformId = current.PlatformId,
            Name = Name,
            Status = Status,
            Modality = Modality,
            Type = Type,
            Manufacturer = Manufacturer,
            Model = Model,
            SerialNumber = SerialNumber,
            InventoryNumber = InventoryNumber,
            DescriptionEn = DescriptionEn,
            DescriptionFr = DescriptionFr,
            RequiredModuleId = RequiredModuleId,
            Illustrative = current.Illustrative,
            Version = Version,
            Rules = new BookingRulesInput
            {
                SlotMinutes = Whole("rules.slotMinutes", SlotMinutes, 30),
                MinDurationMinutes = Whole("rules.minDurationMinutes", MinDurationMinutes, 30),
                MaxDurationMinutes = Whole("rules.maxDurationMinutes", MaxDurationMinutes, 30),
                MinNoticeHours = Whole("rules.minNoticeHours", MinNoticeHours, 0),
                MaxAdvanceDays = Whole("rules.maxAdvanceDays", MaxAdvanceDays, 1),
                BufferMinutes = Whole("rules.bufferMinutes", BufferMinutes, 0),
                MaxBookingsPerUserPerWeek = maxPerWeek,
                ApprovalRequired = ApprovalRequired,
                FreeCancellationHours = Whole("rules.freeCancellationHours", FreeCancellationHours, 0),
                LateCancellationPercent = percent ?? 0,
                OpeningHours = hours,
            },
        };
        return (input, openDays, errors);
    }
}
