using System.Globalization;

namespace Biotope.Infrastructure;

public static class Paging
{
    /// <summary>
    /// The ?page= of a list page. Razor Pages keeps "page" as its own route value (the page's path), so model binding
    /// of a property named "page" never sees the query string: every paged page reads it here.
    /// </summary>
    public static int? PageNumber(this HttpRequest request)
    {
        var text = request.Query.TryGetValue("page", out var query) ? query.ToString() : request.HasFormContentType ? request.Form["page"].ToString() : null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : null;
    }
}
