using System.Globalization;

namespace Biotope.Infrastructure;

public static class Language
{
    /// <summary>"en" or "fr", from the request culture.</summary>
    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "fr";
}
