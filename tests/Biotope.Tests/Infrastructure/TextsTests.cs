using System.Globalization;
using System.Text.RegularExpressions;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Tests.Infrastructure;

/// <summary>The interface texts: every key the pages use is in every language file, and each file is well-formed French or English.</summary>
public sealed partial class TextsTests
{
    private static readonly string FeaturesDir = Path.Combine(TestPaths.RepoRoot, "src", "Biotope", "Features");

    /// <summary>T["literal"] in the pages, and texts["literal"] in the page models.</summary>
    [GeneratedRegex("""(?<![A-Za-z0-9_])(?:T|texts)\["((?:[^"\\]|\\.)*)"\]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

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
    public void Every_literal_key_in_the_pages_is_in_every_language_file()
    {
        var missing = ResourceFiles.ByLanguage.SelectMany(language => LiteralKeys()
                .Where(k => !language.Value.ContainsKey(k.Key))
                .Select(k => $"{k.File}:{k.Line}: \"{k.Key}\" is not in the {language.Key} file"))
            .Distinct()
            .ToList();

        Assert.True(missing.Count == 0, "Add them with scripts/texts add:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Every_language_file_has_the_keys_and_placeholders_of_the_English_one()
    {
        Assert.Contains("fr", ResourceFiles.ByLanguage.Keys);
        var problems = new List<string>();
        foreach (var (language, table) in ResourceFiles.ByLanguage.Where(l => l.Key != "en"))
        {
            problems.AddRange(ResourceFiles.English.Keys.Except(table.Keys).Select(k => $"{language}: missing \"{k}\""));
            problems.AddRange(table.Keys.Except(ResourceFiles.English.Keys).Select(k => $"{language}: \"{k}\" is not in the English file"));
            foreach (var (key, english) in ResourceFiles.English)
            {
                if (!table.TryGetValue(key, out var translated)) continue;
                var expected = Placeholders(english);
                if (!Placeholders(translated).SetEquals(expected)) problems.Add($"{language}: \"{key}\" has placeholders {string.Join(",", Placeholders(translated))}, English {string.Join(",", expected)}");
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void No_two_keys_differ_only_by_case()
    {
        // ResourceManager looks names up without regard to case: one of two such keys would silently win.
        var clashes = ResourceFiles.English.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.Empty(clashes);
    }

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value)];

    [Fact]
    public void Count_dependent_texts_have_both_forms()
    {
        var plural = ResourceFiles.English.Keys.Where(k => k.Contains('|')).ToList();
        var incomplete = plural.Select(k => k[..k.IndexOf('|')]).Distinct()
            .Where(stem => !plural.Contains(stem + "|one") || !plural.Contains(stem + "|other")).ToList();
        Assert.Empty(incomplete);
    }

    [Fact]
    public void French_texts_follow_French_typography()
    {
        // A no-break space (or the narrow one) before the high punctuation, never a plain space or none at all.
        var wrong = ResourceFiles.French
            .Where(p => !p.Key.StartsWith("format.", StringComparison.Ordinal))
            .Where(p => Regex.IsMatch(p.Value, @"( [:;?!])|([\p{L}\p{N})»][;?!](\s|$))|([\p{L})»]:(\s|$))|(« )|( »)"))
            .Select(p => $"\"{p.Key}\" = \"{p.Value}\"").ToList();
        Assert.True(wrong.Count == 0, "Fix with scripts/texts add (it applies the typography):" + Environment.NewLine + string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void French_translations_are_not_left_in_English()
    {
        // A translation equal to its English text is suspicious unless the word is the same in French.
        string[] sameInFrench = ["Type", "Province", "Relations", "Pages", "ORCID iD", "Descriptions", "Budget", "Programme", "Total", "Documents", "Personnel", "Notifications",
            "Services", "Instruments", "Instrument", "1 instrument", "{0} instruments", "{0} min", "Module", "Sessions", "Biotope", "Micro-CT", "Publications", "Spin-offs", "Participant", "Places",
            "Start-up", "Bioproduction", "Incubation", "E-mail", "Version", "Relation", "Source", "Code", "DOI", "Consortium", "Action", "expert", "Menu", "Hainaut", "Liège", "Luxembourg", "Namur"];
        var untranslated = ResourceFiles.French
            .Where(p => p.Value == ResourceFiles.English[p.Key] && p.Value.Any(char.IsLetter) && !sameInFrench.Contains(p.Value)
                && !p.Key.StartsWith("format.", StringComparison.Ordinal))
            .Select(p => p.Key).ToList();

        Assert.Empty(untranslated);
    }

    [Fact]
    public void Keys_built_from_data_are_in_the_resources()
    {
        var keys = SearchPageModel.FacetOrder.Select(f => f.Title)
            .Concat(Enum.GetNames<RelationKind>().SelectMany(kind => new[] { $"{kind}.outgoing", $"{kind}.incoming" }))
            .Concat(["Created", "Modified", "Deleted"]); // audit actions, shown by Audit/_Entries.cshtml

        Assert.All(keys, key => Assert.True(ResourceFiles.French.ContainsKey(key), $"\"{key}\" is not in the resources"));
    }

    [Theory]
    [InlineData("Capabilities", "fr", "Compétences")]
    [InlineData("Capabilities", "en", "Capabilities")]
    [InlineData("PartOf.outgoing", "en", "Part of")]
    [InlineData("A text nobody translated", "fr", "A text nobody translated")]
    public void The_indexer_picks_the_current_language(string key, string language, string expected)
    {
        using var _ = new UiCulture(language);
        Assert.Equal(expected, Texts.Current[key]);
        Assert.Equal(expected, Texts.For(language)[key]);
    }

    [Theory]
    [InlineData("fr", 0, "0 organisation")]
    [InlineData("fr", 1, "1 organisation")]
    [InlineData("fr", 2, "2 organisations")]
    [InlineData("fr", 1250, "1 250 organisations")]
    [InlineData("en", 0, "0 organizations")]
    [InlineData("en", 1, "1 organization")]
    [InlineData("en", 1250, "1,250 organizations")]
    public void Counts_take_the_plural_rule_of_the_language(string language, long count, string expected) =>
        Assert.Equal(expected, Texts.For(language).Plural("{0} organizations", count).Replace('\u202F', ' ').Replace('\u00A0', ' '));

    [Theory]
    [InlineData("fr", 1250, "1 250,00 €")]
    [InlineData("fr", -3.5, "-3,50 €")]
    [InlineData("en", 1250, "€1,250.00")]
    [InlineData("en", 0.5, "€0.50")]
    public void Money_has_one_format_per_language(string language, decimal amount, string expected) =>
        Assert.Equal(expected, Texts.For(language).Money(amount).Replace('\u202F', ' ').Replace('\u00A0', ' '));

    [Fact]
    public void A_phrase_writes_its_arguments_in_the_language()
    {
        var phrase = Phrase.Of("list.and", new Money(1250m), new DateTimeOffset(2026, 7, 15, 11, 30, 0, TimeSpan.Zero));
        Assert.Equal("1 250,00 € et 15 juillet 2026 à 13:30", Texts.For("fr").Say(phrase).Replace('\u202F', ' ').Replace('\u00A0', ' '));
        Assert.Equal("€1,250.00 and 15 July 2026, 13:30", Texts.For("en").Say(phrase));
        var list = new PhraseList(["Liège", "Mons", "Namur"]);
        Assert.Equal("Liège, Mons et Namur", Texts.For("fr").Say(Phrase.Of("{0}", list)));
    }

    [Fact]
    public void The_pseudo_locale_accents_and_brackets_every_resource_text_but_not_missing_keys()
    {
        {
            using var _ = new UiCulture(PseudoLocale.Code);
            Assert.Equal(PseudoLocale.Code, Texts.Current.Language);
            var text = Texts.Current["Page {0} of {1}", 2, 7];
            Assert.StartsWith("[", text);
            Assert.EndsWith("]", text);
            Assert.Contains("2", text);
            Assert.DoesNotContain("Page", text);
            Assert.Equal("A text nobody translated", Texts.Current["A text nobody translated"]);
            Assert.Equal("15 July 2026, 13:30", Texts.Current.LocalTime(new DateTimeOffset(2026, 7, 15, 11, 30, 0, TimeSpan.Zero)));
        }
    }

    [Fact]
    public void The_pseudo_locale_is_offered_only_when_enabled()
    {
        Assert.DoesNotContain(new LanguageOffer(pseudoLocale: false).Languages, l => l.Code == PseudoLocale.Code);
        Assert.Contains(new LanguageOffer(pseudoLocale: true).Languages, l => l.Code == PseudoLocale.Code);
        Assert.Equal("[Šàṽé {0} öƒ {1:N0}]", PseudoLocale.Transform("Save {0} of {1:N0}"));
    }

    [Fact]
    public void Common_validation_messages_of_the_edit_form_are_in_the_resources()
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
        Assert.All(messages, m => Assert.True(ResourceFiles.French.ContainsKey(m.Key), $"\"{m.Key}\" is not in the resources"));
    }

    /// <summary>Sets the UI culture for one test.</summary>
    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo previous = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
