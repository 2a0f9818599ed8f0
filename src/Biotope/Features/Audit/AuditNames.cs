using System.Text;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Biotope.Features.Audit;

/// <summary>
/// Entity and field names of the audit log in the reader's language: the resources "audit.entity.{Entity}" and
/// "audit.field.{Entity}.{Property}"; a name without a resource reads as its C# name split into words, marked as English.
/// </summary>
public static class AuditNames
{
    /// <summary>"IdentityUserRole`1" → "IdentityUserRole": the generic arity means nothing to a reader.</summary>
    public static string EntityName(string entityType) => entityType.Split('`')[0];

    public static string EntityKey(string entityType) => $"audit.entity.{EntityName(entityType)}";

    public static string FieldKey(string entityType, string field) => $"audit.field.{EntityName(entityType)}.{field}";

    public static IHtmlContent Entity(Texts texts, string entityType) => Name(texts, EntityKey(entityType), EntityName(entityType));

    public static IHtmlContent Field(Texts texts, string entityType, string field) => Name(texts, FieldKey(entityType, field), field);

    /// <summary>The resource of an action: row changes ("Created", "Modified", "Deleted") or an account event ("audit.action.SignedIn", ADR 019).</summary>
    public static string ActionKey(string action) => action is "Created" or "Modified" or "Deleted" ? action : $"audit.action.{action}";

    /// <summary>The resource naming who changed data when no person did (the server itself, the command line, the demo loading); null for a person.</summary>
    public static string? ActorKey(string? email) => email switch
    {
        null or "" => "audit.actor.system",
        "cli" => "audit.actor.cli",
        "demo-seed" => "audit.actor.demo-seed",
        _ => null,
    };

    /// <summary>"OverallComment" → "Overall comment", "ServiceRequestEvent" → "Service request event", "NutsCode" → "Nuts code".</summary>
    public static string Readable(string name)
    {
        var words = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = i > 0 && char.IsUpper(c) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (startsWord) words.Append(' ');
            // Acronyms stay as they are ("ROR id"); other words are lower-case after the first.
            var inAcronym = char.IsUpper(c) && ((i + 1 < name.Length && char.IsUpper(name[i + 1])) || (i > 0 && char.IsUpper(name[i - 1]) && !startsWord));
            words.Append(i == 0 || inAcronym ? c : char.ToLowerInvariant(c));
        }
        return words.ToString();
    }

    private static IHtmlContent Name(Texts texts, string key, string name)
    {
        var text = texts[key];
        if (text != key) return new HtmlString(System.Net.WebUtility.HtmlEncode(text));
        var span = new TagBuilder("span");
        span.Attributes["lang"] = "en";
        span.InnerHtml.Append(Readable(name));
        return span;
    }
}
