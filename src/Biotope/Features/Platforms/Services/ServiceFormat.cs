using Biotope.Infrastructure;

namespace Biotope.Features.Platforms.Services;

/// <summary>How the service pages write prices, units, turnarounds, statuses and times in each language.</summary>
public static class ServiceFormat
{
    /// <summary>Units the pages translate; any other unit is shown as the platform wrote it.</summary>
    public static readonly IReadOnlyList<string> KnownUnits = ["sample", "run", "batch", "plate", "hour", "day", "project"];

    public static string Unit(string unit, Texts texts) => KnownUnits.Contains(unit) ? texts["unit." + unit] : unit;


    public static string PricePerUnit(decimal price, string unit, Texts texts) =>
        string.Format(texts.Culture, texts["{0} per {1}"], texts.Money(price), Unit(unit, texts));

    public static string WorkingDays(int days, Texts texts) => texts.Say(WorkingDays(days));

    /// <summary>"the same day", "1 working day", "10 working days".</summary>
    public static Phrase WorkingDays(int days) => days == 0 ? Phrase.Of("the same day") : Phrase.Plural("service.working-days", days);

    /// <summary>"24 samples" / "24 échantillons", "1 échantillon"; a unit the pages do not know as "24 × vials".</summary>
    public static Phrase Quantity(int quantity, string unit) =>
        KnownUnits.Contains(unit) ? Phrase.Plural($"unit.count.{unit}", quantity) : Phrase.Of("unit.count.other", quantity, unit);

    public static string Quantity(int quantity, string unit, Texts texts) => texts.Say(Quantity(quantity, unit));

    /// <summary>A file size in bytes, KB or MB (1024-based, as the 25 MB cap).</summary>
    public static string Size(long bytes, Texts texts) => bytes switch
    {
        < 1024 => string.Format(texts.Culture, texts["{0} bytes"], bytes),
        < 1024 * 1024 => string.Format(texts.Culture, texts["{0} KB"], (bytes / 1024.0).ToString("0.#", texts.Culture)),
        _ => string.Format(texts.Culture, texts["{0} MB"], (bytes / 1024.0 / 1024.0).ToString("0.#", texts.Culture)),
    };

    public static string Status(ServiceRequestStatus status, Texts texts) => texts["request-status." + status];

    public static string Action(ServiceAction action, Texts texts) => texts["request-action." + action];

    /// <summary>Brussels wall-clock time in the page's language.</summary>
    public static string Time(DateTimeOffset utc, Texts texts) => texts.LocalTime(utc);
}
