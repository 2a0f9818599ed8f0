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

    public static string WorkingDays(int days, Texts texts) => days switch
    {
        0 => texts["the same day"],
        1 => texts["1 working day"],
        _ => string.Format(texts.Culture, texts["{0} working days"], days),
    };

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
    public static string Time(DateTimeOffset utc, Texts texts) => Texts.Format(utc, texts.Language);
}
