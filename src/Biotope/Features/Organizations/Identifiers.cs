using System.Text;

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
    public static bool TryNormalizeEnterpriseNumber(string? input, out string normalized, out string? error)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input))
            return Fail("The enterprise number is empty.", out error);

        var text = input.Trim();
        if (text.StartsWith("BE", StringComparison.OrdinalIgnoreCase)) text = text[2..];

        var digits = new StringBuilder(10);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (!(char.IsWhiteSpace(c) || c is '.' or '-'))
                return Fail($"The enterprise number contains '{c}'; only digits, dots and spaces are allowed.", out error);
        }

        // Numbers issued before 2003 were written with 9 digits; the leading 0 was added later.
        if (digits.Length == 9) digits.Insert(0, '0');
        if (digits.Length != 10)
            return Fail($"The enterprise number has {digits.Length} digits; it must have 10 (or 9 in the old form).", out error);
        if (digits[0] is not ('0' or '1'))
            return Fail("The enterprise number must start with 0 or 1.", out error);

        var number = digits.ToString();
        var body = ParseDigits(number.AsSpan(0, 8));
        var checkDigits = ParseDigits(number.AsSpan(8, 2));
        if (checkDigits != 97 - body % 97)
            return Fail("The check digits of the enterprise number do not match the other digits; a digit is probably mistyped.", out error);

        normalized = $"{number[..4]}.{number[4..7]}.{number[7..]}";
        error = null;
        return true;
    }

    /// <summary>
    /// Accepts "https://ror.org/02495e989", "ror.org/02495e989" or "02495e989" in any case;
    /// normalizes to the lower-case bare id "02495e989".
    /// </summary>
    public static bool TryNormalizeRor(string? input, out string normalized, out string? error)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input))
            return Fail("The ROR id is empty.", out error);

        var id = StripPrefix(input.Trim().ToLowerInvariant(), "https://ror.org/", "http://ror.org/", "ror.org/").TrimEnd('/');
        if (id.Length != 9)
            return Fail($"A ROR id has 9 characters after \"https://ror.org/\"; this one has {id.Length}.", out error);
        if (id[0] != '0')
            return Fail("A ROR id must start with the digit 0.", out error);

        long value = 0;
        for (var i = 0; i < 7; i++)
        {
            var digit = RorAlphabet.IndexOf(id[i]);
            if (digit < 0)
                return Fail($"The ROR id contains '{id[i]}'; only digits and letters other than i, l, o and u are allowed.", out error);
            value = value * 32 + digit;
        }
        if (!char.IsAsciiDigit(id[7]) || !char.IsAsciiDigit(id[8]))
            return Fail("A ROR id must end with two check digits.", out error);

        // ISO 7064 MOD 97-10 over the base32 value of the first seven characters.
        var expectedCheck = 98 - (int)(value * 100 % 97);
        if (ParseDigits(id.AsSpan(7, 2)) != expectedCheck)
            return Fail("The check digits of the ROR id do not match the other characters; a character is probably mistyped.", out error);

        normalized = id;
        error = null;
        return true;
    }

    /// <summary>
    /// Accepts "https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097" or "0000000218250097";
    /// normalizes to "0000-0002-1825-0097".
    /// </summary>
    public static bool TryNormalizeOrcid(string? input, out string normalized, out string? error)
    {
        normalized = "";
        if (string.IsNullOrWhiteSpace(input))
            return Fail("The ORCID iD is empty.", out error);

        var id = StripPrefix(input.Trim().ToLowerInvariant(), "https://orcid.org/", "http://orcid.org/", "orcid.org/").TrimEnd('/');
        var chars = new StringBuilder(16);
        foreach (var c in id)
        {
            if (char.IsAsciiDigit(c)) chars.Append(c);
            else if (c == 'x') chars.Append('X');
            else if (c != '-')
                return Fail($"The ORCID iD contains '{c}'; only digits, hyphens and a final X are allowed.", out error);
        }

        if (chars.Length != 16)
            return Fail($"An ORCID iD has 16 characters besides the hyphens; this one has {chars.Length}.", out error);
        var bare = chars.ToString();
        if (bare.AsSpan(0, 15).Contains('X'))
            return Fail("Only the last character of an ORCID iD may be X.", out error);

        // ISO 7064 MOD 11-2: a remainder of 10 is written as X.
        var total = 0;
        foreach (var c in bare.AsSpan(0, 15)) total = (total + (c - '0')) * 2;
        var remainder = (12 - total % 11) % 11;
        var expectedCheck = remainder == 10 ? 'X' : (char)('0' + remainder);
        if (bare[15] != expectedCheck)
            return Fail("The check character of the ORCID iD does not match the other digits; a digit is probably mistyped.", out error);

        normalized = $"{bare[..4]}-{bare[4..8]}-{bare[8..12]}-{bare[12..]}";
        error = null;
        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
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
