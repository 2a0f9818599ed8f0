namespace Biotope.Infrastructure;

/// <summary>
/// The one rule for a stored web address (a website, an output's link): an absolute http or https URL with a host.
/// Editors, the API, the demo seed and the imports all ask here, so a javascript: or ftp: address is never stored.
/// </summary>
public static class WebAddress
{
    public const string SchemeCode = "input.website-scheme";

    public static bool IsHttp(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && !InputGuard.HasControlCharacter(text);

    /// <summary>Null when the address is empty or good; "input.website-scheme" for another scheme; else <paramref name="invalidKey"/>.</summary>
    public static Phrase? Check(string? text, string invalidKey)
    {
        if (string.IsNullOrWhiteSpace(text) || IsHttp(text.Trim())) return null;
        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is not ("http" or "https")
            ? Phrase.Of(SchemeCode, uri.Scheme)
            : Phrase.Of(invalidKey);
    }
}
