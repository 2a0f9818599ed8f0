namespace Biotope.Features.Platforms.Calendars;

/// <summary>Texts of the calendar feed pages: English for coded keys, French for everything.</summary>
public static class CalendarTexts
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>
    {
    };

    public static readonly IReadOnlyDictionary<string, string> French = new Dictionary<string, string>
    {
    };
}
