using System.Globalization;

namespace Biotope.Infrastructure;

/// <summary>A language the interface speaks: its resource culture and the culture that writes its numbers, money and dates.</summary>
public sealed record SiteLanguage(string Code, string FormattingCulture)
{
    // Looked up once: CultureInfo.GetCultureInfo takes a process-wide lock, and every resource look-up asks for the culture.
    public CultureInfo Culture { get; } = CultureInfo.GetCultureInfo(Code);

    public CultureInfo Formatting { get; } = CultureInfo.GetCultureInfo(FormattingCulture);

    /// <summary>The language's own name for itself ("Français", "English").</summary>
    public string NativeName => Code == PseudoLocale.Code ? "[Ƥšéûđö]" : Culture.TextInfo.ToTitleCase(Culture.NativeName);
}

public static class SiteLanguages
{
    /// <summary>
    /// Every language of the interface, the default first. Adding one is a resource file (Resources/Texts.xx.resx) and one line here.
    /// English money is written as in the euro area (en-IE: "€1,250.00").
    /// </summary>
    public static readonly IReadOnlyList<SiteLanguage> Published =
    [
        new("fr", "fr-BE"),
        new("en", "en-IE"),
    ];

    /// <summary>The pseudo-locale: English resources transformed, English formats.</summary>
    public static readonly SiteLanguage Pseudo = new(PseudoLocale.Code, "en-IE");

    public static SiteLanguage Default => Published[0];

    public static SiteLanguage? Find(string? code) =>
        string.Equals(code, PseudoLocale.Code, StringComparison.OrdinalIgnoreCase) ? Pseudo : Published.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The site language of a culture ("fr-BE" → fr); the default when the culture is not one of them.</summary>
    public static SiteLanguage Of(CultureInfo culture) =>
        Find(culture.Name) ?? Find(culture.TwoLetterISOLanguageName) ?? Default;
}

/// <summary>The languages this server offers its users: the published ones, and the pseudo-locale when it runs with --pseudo-locale.</summary>
public sealed class LanguageOffer(bool pseudoLocale)
{
    public IReadOnlyList<SiteLanguage> Languages { get; } = pseudoLocale ? [.. SiteLanguages.Published, SiteLanguages.Pseudo] : SiteLanguages.Published;

    public bool Offers(string? code) => Languages.Any(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase));
}

public static class Language
{
    /// <summary>The request's language code ("fr", "en", …), from the request culture.</summary>
    public static string Current => SiteLanguages.Of(CultureInfo.CurrentUICulture).Code;
}
