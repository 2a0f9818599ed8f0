using System.Collections;
using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Biotope.Infrastructure;

/// <summary>
/// The one way the product speaks: resource strings (Resources/Texts.resx in English, Texts.fr.resx, one file per
/// language) looked up by key, count-dependent forms ("key|one", "key|other"), and one format per language for
/// numbers, money, dates and times. Bound to the request's language, or to a fixed one with <see cref="For"/>
/// (e-mails and letters written in both).
/// </summary>
public sealed class Texts : IStringLocalizer
{
    public static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    public static readonly ResourceManager Resources = new("Biotope.Resources.Texts", typeof(Texts).Assembly);

    /// <summary>Follows the request culture (pages, API).</summary>
    public static readonly Texts Current = new(null);

    private readonly SiteLanguage? fixedLanguage;

    private Texts(SiteLanguage? fixedLanguage) => this.fixedLanguage = fixedLanguage;

    /// <summary>Texts in one language whatever the request's (e-mails, letters, calendars written for someone else).</summary>
    public static Texts For(string language) => new(SiteLanguages.Find(language) ?? SiteLanguages.Default);

    public SiteLanguage Site => fixedLanguage ?? SiteLanguages.Of(CultureInfo.CurrentUICulture);

    /// <summary>"fr", "en", … (qps-ploc under the pseudo-locale).</summary>
    public string Language => Site.Code;

    /// <summary>The culture that writes numbers and dates in this language.</summary>
    public CultureInfo Culture => Site.Formatting;

    public string this[string key] => Lookup(key) ?? key;

    public string this[string key, params object?[] args] => Format(this[key], args);

    LocalizedString IStringLocalizer.this[string name] => Localized(name, []);

    LocalizedString IStringLocalizer.this[string name, params object[] arguments] => Localized(name, arguments);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
    {
        var set = Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false);
        if (set is null) yield break;
        foreach (DictionaryEntry entry in set) yield return Localized((string)entry.Key, []);
    }

    /// <summary>A phrase in this language: its resource text with its arguments written out.</summary>
    public string Say(Phrase phrase)
    {
        if (phrase.Count is not { } count) return Format(this[phrase.Key], phrase.Args);
        // The count is written with the language's digit grouping ("1 250", "1,250").
        return Format(PluralTemplate(phrase.Key, count), [count.ToString("N0", Culture), .. phrase.Args.Skip(1)]);
    }

    /// <summary>"1 évaluateur" / "2 évaluateurs": the resource "key|one" or "key|other" for this language's plural rule.</summary>
    public string Plural(string key, long count, params object?[] args) => Say(Phrase.Plural(key, count, args));

    /// <summary>Money to the cent in this language's format.</summary>
    public string Money(decimal amount) => amount.ToString("C2", Culture);

    /// <summary>A UTC instant as Brussels wall-clock time, in this language's date and time format.</summary>
    public string LocalTime(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Brussels).ToString(Pattern("format.date-time"), Culture);

    /// <summary>A calendar date in this language's format ("4 décembre 2026", "4 December 2026").</summary>
    public string Date(DateOnly date) => date.ToString(Pattern("format.date"), Culture);

    /// <summary>A date or time pattern of this language (never pseudo-localized: it is read by the formatter, not by people).</summary>
    public string Pattern(string key) => Resources.GetString(key, ResourceCulture) ?? key;

    /// <summary>The resource culture of this language: the pseudo-locale reads the neutral (English) texts.</summary>
    private CultureInfo ResourceCulture => Site.Code == PseudoLocale.Code ? CultureInfo.InvariantCulture : Site.Culture;

    /// <summary>The Brussels calendar date of an instant.</summary>
    public string Date(DateTimeOffset utc) => Date(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, Brussels).DateTime));

    /// <summary>A UTC instant as Brussels time in a given language (for messages and letters).</summary>
    public static string Format(DateTimeOffset utc, string language = "en") => For(language).LocalTime(utc);

    /// <summary>A value stored in two languages, in this one (or the other when only that one is known).</summary>
    public string Pick(string? french, string? english) => new Bilingual(french, english).In(Language).Text;

    /// <summary>
    /// A value stored in two languages for a page: the reader's, or the other one inside a span that says its language
    /// (lang="en"), so that screen readers and translators know.
    /// </summary>
    public IHtmlContent Data(string? french, string? english)
    {
        var (text, language) = new Bilingual(french, english).In(Language);
        if (language == Language || text.Length == 0) return new HtmlContentBuilder().Append(text);
        var span = new TagBuilder("span");
        span.Attributes["lang"] = language;
        span.InnerHtml.Append(text);
        return span;
    }

    /// <summary>The text of an argument: phrases, money, instants, lists and bilingual values in this language.</summary>
    public object? Arg(object? value) => value switch
    {
        Phrase phrase => Say(phrase),
        Money money => Money(money.Amount),
        DateTimeOffset instant => LocalTime(instant),
        DateOnly date => Date(date),
        Bilingual bilingual => bilingual.In(Language).Text,
        PhraseList list => Join(list),
        _ => value,
    };

    private string Join(PhraseList list)
    {
        var items = list.Items.Select(i => Convert.ToString(Arg(i), Culture) ?? "").ToList();
        return items.Count switch
        {
            0 => "",
            1 => items[0],
            _ => this[list.Or ? "list.or" : "list.and", string.Join(this["list.separator"], items[..^1]), items[^1]],
        };
    }

    private string Format(string template, IReadOnlyList<object?> args) =>
        args.Count == 0 ? template : string.Format(Culture, template, [.. args.Select(Arg)]);

    private string PluralTemplate(string key, long count) =>
        Lookup($"{key}|{PluralRules.Category(Site.Code, count)}") ?? Lookup($"{key}|other") ?? key;

    /// <summary>The resource text, pseudo-localized under qps-ploc; null when no resource has the key.</summary>
    public string? Lookup(string key)
    {
        var text = Resources.GetString(key, ResourceCulture);
        return text is not null && Site.Code == PseudoLocale.Code ? PseudoLocale.Transform(text) : text;
    }

    private LocalizedString Localized(string name, object?[] arguments)
    {
        var text = Lookup(name);
        return new LocalizedString(name, text is null ? name : Format(text, arguments), resourceNotFound: text is null);
    }
}

/// <summary>CLDR plural categories for the languages the product may speak: only "one" and "other" are needed.</summary>
public static class PluralRules
{
    /// <summary>French (and Portuguese) count 0 and 1 as singular; English, Dutch and German only 1.</summary>
    public static string Category(string language, long count) => language switch
    {
        "fr" or "pt" => count is 0 or 1 ? "one" : "other",
        _ => count == 1 ? "one" : "other",
    };
}
