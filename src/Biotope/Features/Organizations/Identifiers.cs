using System.Text;
using Biotope.Infrastructure;

namespace Biotope.Features.Organizations;

/// <summary>
/// Checks and canonical forms for the public identifiers an organization or a person carries:
/// the Belgian enterprise number (KBO/BCE), the ROR id and the ORCID iD.
/// Each method accepts the forms people paste and returns the one form we store.
/// </summary>
public static class Identifiers
{
    // Crockford base32 without i, l, o and u, as ROR uses it.
    private const string RorAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>
    /// Accepts "0403.170.701", "BE 0403 170 701", "BE0403170701", "0403170701" and the
    /// legacy 9-digit "403170701"; normalizes to "0403.170.701".
    /// </summary>
    public static Phrase? CheckEnterpriseNumber(string? input, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input))
            return Phrase.Of("identifier.enterprise-number.empty");

        var text = input.Trim();
        if (text.StartsWith("BE", StringComparison.OrdinalIgnoreCase)) text = text[2..];

        var digits = new StringBuilder(10);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (!(char.IsWhiteSpace(c) || c is '.' or '-'))
                return Phrase.Of("identifier.enterprise-number.character", c.ToString());
        }

        // Numbers issued before 2003 were written with 9 digits; the leading 0 was added later.
        if (digits.Length == 9) digits.Insert(0, '0');
        if (digits.Length != 10)
            return Phrase.Of("identifier.enterprise-number.length", digits.Length);
        if (digits[0] is not ('0' or '1'))
            return Phrase.Of("identifier.enterprise-number.first-digit");

        var number = digits.ToString();
        var body = ParseDigits(number.AsSpan(0, 8));
        var checkDigits = ParseDigits(number.AsSpan(8, 2));
        if (checkDigits != 97 - body % 97)
            return Phrase.Of("identifier.enterprise-number.check-digits");

        normalized = $"{number[..4]}.{number[4..7]}.{number[7..]}";
        return null;
    }

    /// <summary>
    /// Accepts "https://ror.org/02495e989", "ror.org/02495e989" or "02495e989" in any case;
    /// normalizes to the lower-case bare id "02495e989".
    /// </summary>
    public static Phrase? CheckRor(string? input, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input))
            return Phrase.Of("identifier.ror.empty");

        var id = StripPrefix(input.Trim().ToLowerInvariant(), "https://ror.org/", "http://ror.org/", "ror.org/").TrimEnd('/');
        if (id.Length != 9)
            return Phrase.Of("identifier.ror.length", id.Length);
        if (id[0] != '0')
            return Phrase.Of("identifier.ror.first-digit");

        long value = 0;
        for (var i = 0; i < 7; i++)
        {
            var digit = RorAlphabet.IndexOf(id[i]);
            if (digit < 0)
                return Phrase.Of("identifier.ror.character", id[i].ToString());
            value = value * 32 + digit;
        }
        if (!char.IsAsciiDigit(id[7]) || !char.IsAsciiDigit(id[8]))
            return Phrase.Of("identifier.ror.check-digits-missing");

        // ISO 7064 MOD 97-10 over the base32 value of the first seven characters.
        var expectedCheck = 98 - (int)(value * 100 % 97);
        if (ParseDigits(id.AsSpan(7, 2)) != expectedCheck)
            return Phrase.Of("identifier.ror.check-digits");

        normalized = id;
        return null;
    }

    /// <summary>
    /// Accepts "https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097" or "0000000218250097";
    /// normalizes to "0000-0002-1825-0097".
    /// </summary>
    public static Phrase? CheckOrcid(string? input, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input))
            return Phrase.Of("identifier.orcid.empty");

        var id = StripPrefix(input.Trim().ToLowerInvariant(), "https://orcid.org/", "http://orcid.org/", "orcid.org/").TrimEnd('/');
        var chars = new StringBuilder(16);
        foreach (var c in id)
        {
            if (char.IsAsciiDigit(c)) chars.Append(c);
            else if (c == 'x') chars.Append('X');
            else if (c != '-')
                return Phrase.Of("identifier.orcid.character", c.ToString());
        }

        if (chars.Length != 16)
            return Phrase.Of("identifier.orcid.length", chars.Length);
        var bare = chars.ToString();
        if (bare.AsSpan(0, 15).Contains('X'))
            return Phrase.Of("identifier.orcid.x");

        // ISO 7064 MOD 11-2: a remainder of 10 is written as X.
        var total = 0;
        foreach (var c in bare.AsSpan(0, 15)) total = (total + (c - '0')) * 2;
        var remainder = (12 - total % 11) % 11;
        var expectedCheck = remainder == 10 ? 'X' : (char)('0' + remainder);
        if (bare[15] != expectedCheck)
            return Phrase.Of("identifier.orcid.check-character");

        normalized = $"{bare[..4]}-{bare[4..8]}-{bare[8..12]}-{bare[12..]}";
        return null;
    }

    /// <summary>The problem with an enterprise number, or null when it is valid.</summary>
    public static Phrase? CheckEnterpriseNumber(string? input) => CheckEnterpriseNumber(input, out _);

    /// <summary>The problem with a ROR id, or null when it is valid.</summary>
    public static Phrase? CheckRor(string? input) => CheckRor(input, out _);

    /// <summary>The problem with an ORCID iD, or null when it is valid.</summary>
    public static Phrase? CheckOrcid(string? input) => CheckOrcid(input, out _);

    // Transition: English text for callers that still collect sentences (Calls/Experts) and for import logs.
    public static bool TryNormalizeEnterpriseNumber(string? input, out string normalized, out string? error) =>
        English(CheckEnterpriseNumber(input, out normalized), out error);

    public static bool TryNormalizeRor(string? input, out string normalized, out string? error) =>
        English(CheckRor(input, out normalized), out error);

    public static bool TryNormalizeOrcid(string? input, out string normalized, out string? error) =>
        English(CheckOrcid(input, out normalized), out error);

    private static bool English(Phrase? problem, out string? error)
    {
        error = problem is null ? null : Texts.For("en").Say(problem);
        return problem is null;
    }

    private static string StripPrefix(string text, params ReadOnlySpan<string> prefixes)
    {
        foreach (var prefix in prefixes)
            if (text.StartsWith(prefix, StringComparison.Ordinal)) return text[prefix.Length..];
        return text;
    }

    // Callers pass only ASCII digits, so no culture or overflow concerns arise.
    private static int ParseDigits(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits) value = value * 10 + (c - '0');
        return value;
    }
}
