using System.Text;

namespace Biotope.Infrastructure;

/// <summary>
/// qps-ploc: every resource string accented and bracketed, so that interface text that did not come from a resource
/// stands out on a page. Offered only when the server runs with --pseudo-locale.
/// </summary>
public static class PseudoLocale
{
    public const string Code = "qps-ploc";

    private const string Plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Accented = "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ";

    /// <summary>"Save {0}" → "[Šàṽé {0}]": letters accented, placeholders and markup kept as they are.</summary>
    public static string Transform(string text)
    {
        var result = new StringBuilder(text.Length + 2).Append('[');
        var depth = 0;
        var inTag = false;
        foreach (var c in text)
        {
            if (c == '{') depth++;
            else if (c == '}' && depth > 0) depth--;
            else if (c == '<') inTag = true;
            else if (c == '>') inTag = false;
            var index = depth == 0 && !inTag ? Plain.IndexOf(c) : -1;
            result.Append(index >= 0 ? Accented[index] : c);
        }
        return result.Append(']').ToString();
    }
}
