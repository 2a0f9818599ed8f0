using System.Globalization;
using Biotope.Infrastructure;

namespace Biotope.Features.Projects;

/// <summary>How the portfolio pages write money, dates and coded values in each language.</summary>
public static class ProjectFormat
{
    public static string Status(Project p, Texts texts) => p.StatusStated ? texts[$"status.{p.Status}"] : texts["Status not stated"];

    /// <summary>A known role in the page's language; any other role as stored.</summary>
    public static string Role(string? role, Texts texts) =>
        role is null ? "" : ProjectRoles.All.Contains(role, StringComparer.OrdinalIgnoreCase) ? texts[$"role.{role.ToLowerInvariant()}"] : role;

    /// <summary>Reads an amount typed in either language ("1 250,50" or "1250.50"); null when it is not one.</summary>
    public static decimal? ParseEuros(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var cleaned = new string([.. text.Where(c => !char.IsWhiteSpace(c) && c != '€' && c != '\u202F' && c != '\u00A0')]);
        // One comma and no dot is a French decimal comma; otherwise commas group thousands.
        cleaned = cleaned.Contains(',') && !cleaned.Contains('.') && cleaned.Count(c => c == ',') == 1 ? cleaned.Replace(',', '.') : cleaned.Replace(",", "", StringComparison.Ordinal);
        return decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
