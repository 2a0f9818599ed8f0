using Biotope.Infrastructure;

namespace Biotope.Features.Platforms;

/// <summary>How the platform pages write money, hours, weekdays and coded values in each language (other platform pages may use it too).</summary>
public static class PlatformFormat
{
    /// <summary>Always to the cent: "1 250,00 €" / "€1,250.00" (the one money format of <see cref="Texts.Money"/>).</summary>
    public static string Money(decimal amount, Texts texts) => texts.Money(amount);

    public static string Hours(decimal hours, Texts texts) => hours.ToString("N2", texts.Culture);

    /// <summary>"Monday" / "Lundi".</summary>
    public static string Weekday(DayOfWeek day, Texts texts)
    {
        var name = texts.Culture.DateTimeFormat.GetDayName(day);
        return char.ToUpper(name[0], texts.Culture) + name[1..];
    }

    /// <summary>Monday to Sunday, as Belgian calendars run.</summary>
    public static IReadOnlyList<DayOfWeek> Week { get; } = [.. Enum.GetValues<DayOfWeek>().OrderBy(PlatformMapping.Weekday)];

    public static string Category(UserCategory category, Texts texts) => texts[$"usercategory.{category}"];

    public static string Category(string category, Texts texts) =>
        Enum.TryParse<UserCategory>(category, out var parsed) ? Category(parsed, texts) : category;

    public static string Status(EquipmentStatus status, Texts texts) => texts[$"equipmentstatus.{status}"];

    /// <summary>A known modality in the page's language; anything else as stored.</summary>
    public static string Modality(string? modality, Texts texts) =>
        modality is null ? "" : Modalities.Known.Contains(modality) ? texts[$"modality.{modality}"] : modality;

    public static string Kind(Statements.StatementLineKind kind, Texts texts) => texts[$"statementkind.{kind}"];

    /// <summary>"2026-11" as "November 2026" / "novembre 2026".</summary>
    public static string Month(DateTime first, Texts texts) => first.ToString("MMMM yyyy", texts.Culture);

    /// <summary>"1 heure", "2 heures", "90 min".</summary>
    public static string Minutes(int minutes, Texts texts) =>
        minutes % 60 == 0 && minutes >= 60 ? texts.Plural("duration.hours", minutes / 60) : texts["duration.minutes", minutes];

    /// <summary>Coded keys in English (the French table holds their translations).</summary>
    public static IEnumerable<string> CodedKeys =>
        Enum.GetNames<UserCategory>().Select(c => $"usercategory.{c}")
            .Concat(Enum.GetNames<EquipmentStatus>().Select(s => $"equipmentstatus.{s}"))
            .Concat(Modalities.Known.Select(m => $"modality.{m}"))
            .Concat(Enum.GetNames<Statements.StatementLineKind>().Select(k => $"statementkind.{k}"));
}
