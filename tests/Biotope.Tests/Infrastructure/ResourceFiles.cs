using System.Xml.Linq;

namespace Biotope.Tests.Infrastructure;

/// <summary>The interface texts as the translators see them: Resources/Texts.resx (English) and one Texts.xx.resx per language.</summary>
public static class ResourceFiles
{
    public static readonly string Folder = Path.Combine(TestPaths.RepoRoot, "src", "Biotope", "Resources");

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> Tables = new(Load);

    /// <summary>Language code ("en" for the neutral file) → key → text.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ByLanguage => Tables.Value;

    public static IReadOnlyDictionary<string, string> English => ByLanguage["en"];

    public static IReadOnlyDictionary<string, string> French => ByLanguage["fr"];

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Load() =>
        Directory.EnumerateFiles(Folder, "Texts*.resx").ToDictionary(
            file => Path.GetFileNameWithoutExtension(file) is var name && name.Contains('.') ? name[(name.IndexOf('.') + 1)..] : "en",
            file => (IReadOnlyDictionary<string, string>)XDocument.Load(file).Root!.Elements("data")
                .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? ""));
}
