using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Biotope.Tests.Features.Shared;

/// <summary>
/// Every page, as every role, in the pseudo-locale qps-ploc: each resource text comes out accented and bracketed,
/// so any interface text that is still plain did not come from a resource. Data values (names, titles, codes) are
/// allowed as they are; so are texts marked with another language (lang="en") because only that one is known.
/// </summary>
public sealed partial class PseudoLocaleWalkTests : IAsyncLifetime
{
    private const int MaxPagesPerRole = 70;
    private const int MaxPagesPerPattern = 2;

    private TestApp app = null!;
    private string dataText = "";
    private HashSet<string> dataValues = [];

    /// <summary>Words that are the same in every language: the product, standards and formats it names.</summary>
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Biotope", "API", "OpenAPI", "JSON", "JSON-LD", "CSV", "ROR", "ORCID", "ORCID iD", "NACE", "NUTS", "CORDIS", "iCalendar", "ics", "PDF", "FR", "EN", "QPS",
        "RFC", "OAI-PMH", "CERIF", "schema.org", "GMP", "SME", "TRL", "€", "h", "min",
    };

    public async ValueTask InitializeAsync()
    {
        app = await TestApp.StartSqliteAsync(configure: builder => builder.Services.AddSingleton(new LanguageOffer(pseudoLocale: true)));
        var values = await app.WithDbAsync(ReadDataValuesAsync);
        dataValues = new HashSet<string>(values.Select(Collapse), StringComparer.OrdinalIgnoreCase);
        // Short values (names, titles, codes) may appear in part or joined with others; long ones (descriptions) only whole.
        dataText = "\n" + string.Join("\n", dataValues.Where(v => v.Length <= 160)) + "\n";
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Every_page_as_every_role_shows_only_resource_texts_and_data()
    {
        var leaks = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var walked = new List<string>();
        foreach (var (role, email) in SiteCrawler.DemoRoles)
        {
            using var client = await app.PageClientAsync(email, TestApp.DemoPassword, PseudoLocale.Code);
            foreach (var (path, html) in await SiteCrawler.WalkAsync(client, MaxPagesPerRole, MaxPagesPerPattern))
            {
                walked.Add($"{role} {path}");
                foreach (var text in PlainTexts(html))
                {
                    if (!leaks.TryGetValue(text, out var where)) leaks[text] = where = new SortedSet<string>(StringComparer.Ordinal);
                    if (where.Count < 3) where.Add($"{role} {path}");
                }
            }
        }

        Assert.True(walked.Count > 8 * 10, $"the walk reached only {walked.Count} pages");
        var report = string.Join(Environment.NewLine, leaks.Take(300).Select(l => $"\"{l.Key}\"  ← {string.Join(", ", l.Value)}"));
        Assert.True(leaks.Count == 0, $"{leaks.Count} interface texts do not come from the resources ({walked.Count} pages walked):{Environment.NewLine}{report}");
    }

    /// <summary>Text a reader sees or hears that is neither a pseudo-localized resource text nor data.</summary>
    private IEnumerable<string> PlainTexts(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var texts = new List<string>();
        foreach (var node in document.Body!.Descendants().OfType<IText>())
        {
            if (node.ParentElement is { } parent && !Skipped(parent)) texts.Add(node.Text);
        }
        foreach (var element in document.All.Where(e => !Skipped(e)))
        {
            foreach (var attribute in new[] { "placeholder", "title", "aria-label", "alt" })
            {
                if (element.GetAttribute(attribute) is { Length: > 0 } value) texts.Add(value);
            }
            if (element is { LocalName: "input" } && element.GetAttribute("type") is "submit" or "button" && element.GetAttribute("value") is { } label) texts.Add(label);
        }
        texts.Add(document.Title ?? "");
        return texts.Select(Collapse).Where(t => t.Length > 0).SelectMany(Leftovers).Distinct();
    }

    /// <summary>Scripts, code, and elements in a language of their own (data known only in that language) are not interface text.</summary>
    private static bool Skipped(IElement element)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (e.LocalName is "script" or "style" or "template" or "code" or "pre" or "kbd" or "samp" or "textarea" or "svg") return true;
            if (e.GetAttribute("translate") == "no") return true;
            if (e.LocalName != "html" && e.GetAttribute("lang") is { } lang && !string.Equals(lang, PseudoLocale.Code, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>The pieces of a text left once pseudo-localized parts, data values, numbers and names are taken out.</summary>
    private IEnumerable<string> Leftovers(string text)
    {
        if (dataValues.Contains(text)) yield break;
        // Pseudo-localized texts may hold others (a resource text with a label inside): take them out innermost first.
        var rest = text;
        for (var previous = ""; previous != rest;) (previous, rest) = (rest, PseudoPart().Replace(rest, " "));
        foreach (var raw in Separators().Split(rest))
        {
            var piece = raw.Trim();
            if (!piece.Any(char.IsLetter) || Names.Contains(piece) || dataValues.Contains(piece) || IsCalendarWord(piece) || Identifier().IsMatch(piece)) continue;
            if (dataText.Contains("\n" + piece, StringComparison.OrdinalIgnoreCase) || dataText.Contains(piece + "\n", StringComparison.OrdinalIgnoreCase)
                || dataText.Contains(" " + piece + " ", StringComparison.OrdinalIgnoreCase)) continue;
            yield return piece;
        }
    }

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-IE");

    /// <summary>Month and day names of dates written in the pseudo-locale's English formats.</summary>
    private static bool IsCalendarWord(string piece) =>
        piece.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(w => !w.Any(char.IsLetter)
            || English.DateTimeFormat.MonthNames.Contains(w, StringComparer.OrdinalIgnoreCase)
            || English.DateTimeFormat.AbbreviatedMonthNames.Contains(w, StringComparer.OrdinalIgnoreCase)
            || English.DateTimeFormat.DayNames.Contains(w, StringComparer.OrdinalIgnoreCase)
            || English.DateTimeFormat.AbbreviatedDayNames.Contains(w, StringComparer.OrdinalIgnoreCase));

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>Every text value stored in the database: names, titles, descriptions, codes.</summary>
    private static async Task<List<string>> ReadDataValuesAsync(Biotope.Data.BiotopeDb db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var values = new List<string>();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.IsDBNull(i) || reader.GetValue(i) is not string value || value.Length == 0) continue;
                    values.Add(value);
                    // JSON columns hold lists of values (areas, documents, labels): each string in them is data too.
                    if (value.StartsWith('[') || value.StartsWith('{')) values.AddRange(JsonString().Matches(value).Select(m => Regex.Unescape(m.Groups[1].Value)));
                }
            }
        }
        return values;
    }

    /// <summary>Codes and ids shown as they are: NUTS and NACE codes (BE328, C21.1), row ids (#3f2c…-…), e-mail addresses (the configured sender is not stored).</summary>
    [GeneratedRegex(@"^(#?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|#?[A-Z]{1,2}[0-9][0-9A-Z.]{0,5}|[^\s@]+@[^\s@]+)$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex PseudoPart();

    [GeneratedRegex(@"[,;:·|/—–()«»""“”!?…×+=<>→←↑↓•*]|\s-\s|\.(\s|$)")]
    private static partial Regex Separators();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex JsonString();
}
