using System.Globalization;
using System.Text.Json;
using Biotope.Features.Organizations;

namespace Biotope.Tests.Features.Organizations;

public class IdentifiersTests
{
    private delegate bool Normalizer(string? input, out string normalized, out string? error);

    private const string RorAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    // ---- Belgian enterprise number ----

    [Theory]
    [InlineData("0403.170.701")]
    [InlineData("BE 0403 170 701")]
    [InlineData("BE0403170701")]
    [InlineData("be0403170701")]
    [InlineData("0403170701")]
    [InlineData("403170701")]
    [InlineData("  0403.170.701\t")]
    [InlineData("BE 0403-170-701")]
    public void Enterprise_number_forms_normalize_to_the_dotted_form(string input) =>
        Assert.Equal("0403.170.701", Accept(Identifiers.TryNormalizeEnterpriseNumber, input));

    // 97 - 4031707 % 97 = 1, so the brief's example 0403.170.701 is indeed valid;
    // the 1xxx numbers below were computed the same way to cover the other allowed first digit.
    [Theory]
    [InlineData("1000000021", "1000.000.021")]
    [InlineData("1234.567.894", "1234.567.894")]
    [InlineData("BE1999999943", "1999.999.943")]
    public void Enterprise_numbers_starting_with_1_are_accepted(string input, string expected) =>
        Assert.Equal(expected, Accept(Identifiers.TryNormalizeEnterpriseNumber, input));

    [Theory]
    [InlineData("0403.170.702")]
    [InlineData("0403.170.791")]
    [InlineData("0403.171.701")]
    [InlineData("0413.170.701")]
    public void Enterprise_number_with_wrong_check_digits_is_rejected(string input) =>
        Assert.Contains("check digits", Reject(Identifiers.TryNormalizeEnterpriseNumber, input));

    [Theory]
    [InlineData("0403.170.7", "8 digits")]
    [InlineData("0403.170.7011", "11 digits")]
    [InlineData("BE", "0 digits")]
    [InlineData("12345", "5 digits")]
    public void Enterprise_number_of_wrong_length_is_rejected(string input, string expected) =>
        Assert.Contains(expected, Reject(Identifiers.TryNormalizeEnterpriseNumber, input));

    [Theory]
    [InlineData("0403.17O.701", "'O'")]
    [InlineData("0403/170/701", "'/'")]
    [InlineData("FR0403170701", "'F'")]
    public void Enterprise_number_with_other_characters_is_rejected(string input, string expected) =>
        Assert.Contains(expected, Reject(Identifiers.TryNormalizeEnterpriseNumber, input));

    [Fact]
    public void Enterprise_number_must_start_with_0_or_1() =>
        Assert.Contains("start with 0 or 1", Reject(Identifiers.TryNormalizeEnterpriseNumber, "2403.170.701"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_enterprise_number_is_rejected(string? input) =>
        Assert.Contains("empty", Reject(Identifiers.TryNormalizeEnterpriseNumber, input));

    [Fact]
    public void Random_enterprise_numbers_pass_with_their_check_and_fail_with_one_digit_changed()
    {
        var random = new Random(4031707);
        for (var n = 0; n < 5000; n++)
        {
            var body = random.Next(0, 20_000_000);
            var number = Invariant($"{body:D8}{97 - body % 97:D2}");
            var normalized = Accept(Identifiers.TryNormalizeEnterpriseNumber, number);
            Assert.Equal(Invariant($"{number[..4]}.{number[4..7]}.{number[7..]}"), normalized);
            Assert.Equal(normalized, Accept(Identifiers.TryNormalizeEnterpriseNumber, normalized));

            Reject(Identifiers.TryNormalizeEnterpriseNumber, ChangeOneChar(number, random, "0123456789"));
        }
    }

    // ---- ROR ----

    [Fact]
    public void All_Belgian_ror_records_have_valid_ids()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.SharedDir, "data", "ror-be"), "*.json");
        Assert.Equal(94, files.Length);
        foreach (var file in files)
        {
            using var record = JsonDocument.Parse(File.ReadAllText(file));
            var id = record.RootElement.GetProperty("id").GetString();
            Assert.StartsWith("https://ror.org/", id);
            // The files are named after the bare id, which is what we store.
            Assert.Equal(Path.GetFileNameWithoutExtension(file), Accept(Identifiers.TryNormalizeRor, id!));
        }
    }

    [Theory]
    [InlineData("https://ror.org/02495e989")]
    [InlineData("http://ror.org/02495e989")]
    [InlineData("ror.org/02495e989")]
    [InlineData("02495e989")]
    [InlineData("HTTPS://ROR.ORG/02495E989")]
    [InlineData(" https://ror.org/02495e989/ ")]
    public void Ror_forms_normalize_to_the_lower_case_bare_id(string input) =>
        Assert.Equal("02495e989", Accept(Identifiers.TryNormalizeRor, input));

    [Theory]
    [InlineData("02495e988")]
    [InlineData("02495e998")]
    [InlineData("02495f989")]
    [InlineData("02459e989")]
    public void Ror_with_wrong_check_digits_is_rejected(string input) =>
        Assert.Contains("check digits", Reject(Identifiers.TryNormalizeRor, input));

    [Theory]
    [InlineData("02495e98")]
    [InlineData("02495e9890")]
    [InlineData("https://ror.org/")]
    public void Ror_of_wrong_length_is_rejected(string input) =>
        Assert.Contains("9 characters", Reject(Identifiers.TryNormalizeRor, input));

    [Theory]
    [InlineData("02495u989", "'u'")]
    [InlineData("0i495e989", "'i'")]
    [InlineData("0l495e989", "'l'")]
    [InlineData("0249oe989", "'o'")]
    [InlineData("0249-e989", "'-'")]
    public void Ror_with_letters_outside_crockford_base32_is_rejected(string input, string expected) =>
        Assert.Contains(expected, Reject(Identifiers.TryNormalizeRor, input));

    [Fact]
    public void Ror_must_start_with_0() =>
        Assert.Contains("start with the digit 0", Reject(Identifiers.TryNormalizeRor, "12495e989"));

    [Fact]
    public void Ror_must_end_with_two_digits() =>
        Assert.Contains("two check digits", Reject(Identifiers.TryNormalizeRor, "02495e9ab"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Empty_ror_is_rejected(string? input) =>
        Assert.Contains("empty", Reject(Identifiers.TryNormalizeRor, input));

    [Fact]
    public void Random_ror_ids_pass_with_their_check_and_fail_with_one_character_changed()
    {
        var random = new Random(2495989);
        for (var n = 0; n < 5000; n++)
        {
            var body = "0" + new string(Enumerable.Range(0, 6).Select(_ => RorAlphabet[random.Next(32)]).ToArray());
            var value = body.Aggregate(0L, (total, c) => total * 32 + RorAlphabet.IndexOf(c));
            var id = Invariant($"{body}{98 - value * 100 % 97:D2}");
            Assert.Equal(id, Accept(Identifiers.TryNormalizeRor, id.ToUpperInvariant()));

            var position = random.Next(9);
            var replacements = position is 7 or 8 ? "0123456789" : RorAlphabet;
            Reject(Identifiers.TryNormalizeRor, ChangeCharAt(id, position, random, replacements));
        }
    }

    // ---- ORCID ----

    [Theory]
    [InlineData("0000-0002-1825-0097")]
    [InlineData("0000-0001-5109-3700")]
    [InlineData("0000-0002-1694-233X")]
    public void Known_orcids_are_valid(string orcid) =>
        Assert.Equal(orcid, Accept(Identifiers.TryNormalizeOrcid, orcid));

    [Theory]
    [InlineData("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097")]
    [InlineData("http://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097")]
    [InlineData("orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097")]
    [InlineData("0000000218250097", "0000-0002-1825-0097")]
    [InlineData(" 0000-0002-1825-0097 ", "0000-0002-1825-0097")]
    [InlineData("000000021694233x", "0000-0002-1694-233X")]
    [InlineData("HTTPS://ORCID.ORG/0000-0002-1694-233X", "0000-0002-1694-233X")]
    public void Orcid_forms_normalize_to_the_hyphenated_form(string input, string expected) =>
        Assert.Equal(expected, Accept(Identifiers.TryNormalizeOrcid, input));

    [Theory]
    [InlineData("0000-0002-1825-0098")]
    [InlineData("0000-0002-1825-009X")]
    [InlineData("0000-0002-1694-2330")]
    [InlineData("0000-0002-1852-0097")]
    [InlineData("0000-0003-1825-0097")]
    public void Orcid_with_wrong_check_character_is_rejected(string input) =>
        Assert.Contains("check character", Reject(Identifiers.TryNormalizeOrcid, input));

    [Theory]
    [InlineData("0000-0002-1825-009", "15")]
    [InlineData("0000-0002-1825-00970", "17")]
    [InlineData("https://orcid.org/", "0")]
    public void Orcid_of_wrong_length_is_rejected(string input, string count) =>
        Assert.Contains($"this one has {count}", Reject(Identifiers.TryNormalizeOrcid, input));

    [Theory]
    [InlineData("0000-0002-1825-00a7", "'a'")]
    [InlineData("0000 0002 1825 0097", "' '")]
    [InlineData("0000.0002.1825.0097", "'.'")]
    public void Orcid_with_other_characters_is_rejected(string input, string expected) =>
        Assert.Contains(expected, Reject(Identifiers.TryNormalizeOrcid, input));

    [Fact]
    public void Orcid_may_have_x_only_last() =>
        Assert.Contains("last character", Reject(Identifiers.TryNormalizeOrcid, "0000-0002-16X4-2330"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\t")]
    public void Empty_orcid_is_rejected(string? input) =>
        Assert.Contains("empty", Reject(Identifiers.TryNormalizeOrcid, input));

    [Fact]
    public void Random_orcids_pass_with_their_check_and_fail_with_one_character_changed()
    {
        var random = new Random(18250097);
        for (var n = 0; n < 5000; n++)
        {
            var digits = new string(Enumerable.Range(0, 15).Select(_ => (char)('0' + random.Next(10))).ToArray());
            var total = digits.Aggregate(0, (sum, c) => (sum + (c - '0')) * 2);
            var remainder = (12 - total % 11) % 11;
            var bare = digits + (remainder == 10 ? "X" : Invariant($"{remainder}"));
            var hyphenated = Invariant($"{bare[..4]}-{bare[4..8]}-{bare[8..12]}-{bare[12..]}");
            Assert.Equal(hyphenated, Accept(Identifiers.TryNormalizeOrcid, bare));
            Assert.Equal(hyphenated, Accept(Identifiers.TryNormalizeOrcid, hyphenated));

            var position = random.Next(16);
            var replacements = position == 15 ? "0123456789X" : "0123456789";
            Reject(Identifiers.TryNormalizeOrcid, ChangeCharAt(bare, position, random, replacements));
        }
    }

    // ---- helpers ----

    private static string Accept(Normalizer normalize, string input)
    {
        var accepted = normalize(input, out var normalized, out var error);
        Assert.True(accepted, $"\"{input}\" was rejected: {error}");
        Assert.Null(error);
        return normalized;
    }

    private static string Reject(Normalizer normalize, string? input)
    {
        var accepted = normalize(input, out var normalized, out var error);
        Assert.False(accepted, $"\"{input}\" was accepted as \"{normalized}\".");
        Assert.Equal("", normalized);
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error!;
    }

    private static string ChangeOneChar(string text, Random random, string replacements) =>
        ChangeCharAt(text, random.Next(text.Length), random, replacements);

    // Replaces one character with a different one drawn from replacements.
    private static string ChangeCharAt(string text, int position, Random random, string replacements)
    {
        char replacement;
        do replacement = replacements[random.Next(replacements.Length)];
        while (replacement == text[position]);
        return string.Concat(text.AsSpan(0, position), [replacement], text.AsSpan(position + 1));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
