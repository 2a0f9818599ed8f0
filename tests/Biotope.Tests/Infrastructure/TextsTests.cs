using System.Text.RegularExpressions;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Tests.Infrastructure;

/// <summary>Every interface text the pages show has a French translation.</summary>
public sealed partial class TextsTests
{
    /// <summary>
    /// Keys that are the same word in both languages on purpose (product names, codes). Listing one here
    /// is a decision; the translation table is the default.
    /// </summary>
    private static readonly HashSet<string> EnglishOnly = [];

    private static readonly string FeaturesDir = Path.Combine(TestPaths.RepoRoot, "src", "Biotope", "Features");

    /// <summary>T["literal"] in the pages, and texts["literal"] in the page models.</summary>
    [GeneratedRegex("""(?<![A-Za-z0-9_])(?:T|texts)\["((?:[^"\\]|\\.)*)"\]""")]
    private static partial Regex LiteralKey();

    private static IEnumerable<(string File, int Line, string Key)> LiteralKeys()
    {
        var files = Directory.EnumerateFiles(FeaturesDir, "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(FeaturesDir, "*.cshtml.cs", SearchOption.AllDirectories));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match match in LiteralKey().Matches(lines[i]))
                {
                    yield return (Path.GetRelativePath(TestPaths.RepoRoot, file), i + 1, Regex.Unescape(match.Groups[1].Value));
                }
            }
        }
    }

    [Fact]
    public void The_scan_finds_the_keys_of_every_page()
    {
        var keys = LiteralKeys().ToList();
        var files = keys.Select(k => Path.GetFileName(k.File)).ToHashSet();

        Assert.Contains(keys, k => k.Key == "Skip to content");
        Assert.Contains(keys, k => k.Key == "Apply filters");
        Assert.Contains(keys, k => k.Key == "Enter your e-mail address.");
        foreach (var page in new[] { "_Layout.cshtml", "Index.cshtml", "Details.cshtml", "Edit.cshtml", "Login.cshtml", "Denied.cshtml", "Login.cshtml.cs" })
        {
            Assert.Contains(page, files);
        }
    }

    [Fact]
    public void Every_literal_key_in_the_pages_has_a_French_translation()
    {
        var missing = LiteralKeys()
            .Where(k => !Texts.French.ContainsKey(k.Key) && !EnglishOnly.Contains(k.Key))
            .Select(k => $"{k.File}:{k.Line}: \"{k.Key}\"")
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, "Texts without a French translation (add them to Texts.French):" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Keys_built_from_data_have_a_French_translation()
    {
        var keys = SearchPageModel.FacetOrder.Select(f => f.Title)
            .Concat(Enum.GetNames<RelationKind>().SelectMany(kind => new[] { $"{kind}.outgoing", $"{kind}.incoming" }))
            .Concat(["Created", "Modified", "Deleted"]); // audit actions, shown by Audit/Index.cshtml

        Assert.All(keys, key => Assert.True(Texts.French.ContainsKey(key), $"\"{key}\" has no French translation"));
    }

    [Fact]
    public void French_translations_are_not_left_in_English()
    {
        // A translation equal to its key is suspicious unless the word is the same in French.
        string[] sameInFrench = ["Type", "Province", "Relations", "Pages", "ORCID iD", "Descriptions", "Budget", "Programme", "Total", "Documents", "Personnel", "Notifications",
            "Services", "Instruments", "Instrument", "1 instrument", "{0} instruments", "{0} min"];
        var untranslated = Texts.French.Where(p => p.Key == p.Value && !sameInFrench.Contains(p.Key)).Select(p => p.Key).ToList();

        Assert.Empty(untranslated);
    }

    [Theory]
    [InlineData("Capabilities", "fr", "Compétences")]
    [InlineData("Capabilities", "en", "Capabilities")]
    [InlineData("PartOf.outgoing", "en", "Part of")]
    [InlineData("A text nobody translated", "fr", "A text nobody translated")]
    public void The_indexer_picks_the_current_language(string key, string language, string expected)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo(language);
            Assert.Equal(expected, new Texts()[key]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void Common_validation_messages_of_the_edit_form_are_translated()
    {
        var input = new OrganizationInput
        {
            Name = " ",
            Type = "University",
            Country = "BEL",
            Workforce = -1,
            RdSharePercent = 120,
            Website = "uclouvain.be",
            RorId = "02495e988",
            EnterpriseNumber = "0123.456.748",
            People = [new OrganizationInput.PersonInput { Name = "", Orcid = "0000-0002-1825-0098" }],
        };

        var messages = input.Validate(2026).SelectMany(e => e.Value).ToList();

        Assert.True(messages.Count >= 8, string.Join(Environment.NewLine, messages));
        Assert.All(messages, m => Assert.True(Texts.French.ContainsKey(m), $"\"{m}\" has no French translation"));
    }
}
