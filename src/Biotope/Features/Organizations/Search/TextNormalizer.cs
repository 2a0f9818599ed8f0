using System.Globalization;
using System.Text;

namespace Biotope.Features.Organizations.Search;

/// <summary>
/// The one normalization used for indexing and querying on every database, so that
/// "Liège", "LIÈGE" and "liege" are the same token everywhere (ADR 003), and the bilingual
/// match keys of its words (ADR 011).
/// </summary>
public static partial class TextNormalizer
{
    /// <summary>What marks a key among the words of a search text: no French or English word begins so.</summary>
    public const string KeyPrefix = "xq";

    /// <summary>
    /// The indexed form of a text: its normalized words, then each distinct key of those words once, prefixed
    /// with <see cref="KeyPrefix"/> so that keys match only keys, never a word typed as a prefix.
    /// </summary>
    public static string IndexText(string? text)
    {
        var normalized = Normalize(text);
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var word in normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct()) keys.UnionWith(Keys(word));
        return keys.Count == 0 ? normalized : $"{normalized} {string.Join(' ', keys.Select(k => KeyPrefix + k))}";
    }

    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                continue;
            var folded = Fold(c);
            if (folded is null)
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(folded);
        }
        return sb.ToString();
    }

    public static string[] Tokens(string? text) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    // Letters that do not decompose into base + accent under NFD.
    private static string? Fold(char c) => c switch
    {
        'œ' or 'Œ' => "oe",
        'æ' or 'Æ' => "ae",
        'ß' => "ss",
        'ø' or 'Ø' => "o",
        'ł' or 'Ł' => "l",
        'đ' or 'Đ' => "d",
        'ı' => "i",
        _ when char.IsLetterOrDigit(c) => char.ToLowerInvariant(c).ToString(),
        _ => null,
    };

    /// <summary>A URL-safe key: "Université de Liège" becomes "universite-de-liege".</summary>
    public static string Slug(string text)
    {
        var slug = Normalize(text).Replace(' ', '-');
        if (slug.Length > 80) slug = slug[..80].TrimEnd('-');
        return slug.Length == 0 ? "organization" : slug;
    }
}
