using Biotope.Features.Organizations;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Organizations;

/// <summary>The NUTS units Biotope knows against Eurostat's NUTS 2021 code list in ../shared/data/codes.</summary>
public class NutsTests
{
    // Named in the code list in Dutch (BE2) and German (BE336): the French name is ours.
    private static readonly HashSet<string> NotNamedInFrenchByTheCodeList = ["BE2", "BE336"];

    private static readonly Lazy<IReadOnlyDictionary<string, (string Name, int Level)>> CodeList = new(() =>
        File.ReadLines(Path.Combine(TestPaths.SharedDir, "data", "codes", "NUTS2021_BE.csv")).Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(cells => cells[0], cells => (cells[1..5].First(c => c.Length > 0), int.Parse(cells[5], System.Globalization.CultureInfo.InvariantCulture))));

    public static TheoryData<string> Codes() => [.. Nuts.Units.Select(u => u.Code)];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_unit_is_in_the_code_list_at_its_level(string code)
    {
        Assert.True(CodeList.Value.TryGetValue(code, out var official), $"{code} is not a NUTS 2021 code of Belgium");
        Assert.Equal(official.Level, Nuts.Find(code)!.Level);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_unit_is_named_in_every_language_and_in_French_as_the_code_list_names_it(string code)
    {
        var key = Nuts.Find(code)!.TextKey;
        foreach (var (language, texts) in ResourceFiles.ByLanguage) Assert.False(string.IsNullOrWhiteSpace(texts.GetValueOrDefault(key)), $"{key} has no {language} text");
        if (NotNamedInFrenchByTheCodeList.Contains(code)) return;
        // Bilingual names ("Région de Bruxelles-Capitale/Brussels Hoofdstedelijk Gewest") give French first.
        Assert.Equal(CodeList.Value[code].Name.Split('/')[0].Trim(), ResourceFiles.French[key]);
    }

    [Fact]
    public void Every_Walloon_unit_of_the_code_list_is_known()
    {
        var unknown = CodeList.Value.Keys.Where(c => c.StartsWith("BE3", StringComparison.Ordinal) && !Nuts.IsKnown(c)).ToList();
        Assert.True(unknown.Count == 0, $"Walloon units Biotope does not know: {string.Join(", ", unknown)}");
    }
}
