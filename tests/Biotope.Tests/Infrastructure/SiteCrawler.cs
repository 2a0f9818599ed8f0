using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace Biotope.Tests.Infrastructure;

/// <summary>Walks the site's own pages as a person clicking links would: GET links only, a few pages per address shape.</summary>
public static partial class SiteCrawler
{
    /// <summary>Pages every walk starts from; the walk follows the links it finds on them.</summary>
    public static readonly string[] Starts =
    [
        "/", "/organizations", "/organizations?page=2", "/calls", "/projects", "/platforms", "/training", "/account", "/proposals", "/reviews",
        "/bookings", "/bookings/manage", "/service-requests", "/training/certificates", "/calendars", "/statements", "/notifications",
        "/calls/manage", "/calls/new", "/audit", "/admin/outbox", "/api/docs/", "/no-such-page",
    ];

    /// <summary>Every demo role, by the account that signs in as it (a visitor signs in as no one).</summary>
    public static readonly (string Role, string? Email)[] DemoRoles =
    [
        ("visitor", null),
        ("member", Biotope.Features.Accounts.DemoAccounts.ResearcherEmail),
        ("memberadmin", Biotope.Features.Accounts.DemoAccounts.MemberAdminEmail),
        ("companyadmin", Biotope.Features.Accounts.DemoAccounts.CompanyAdminEmail),
        ("expert", Biotope.Features.Accounts.DemoAccounts.ExpertEmail),
        ("manager", Biotope.Features.Accounts.DemoAccounts.ManagerEmail),
        ("trainer", Biotope.Features.Accounts.DemoAccounts.TrainerEmail),
        ("staff", Biotope.Features.Accounts.DemoAccounts.StaffEmail),
        ("administrator", Biotope.Features.Accounts.DemoAccounts.AdminEmail),
    ];

    /// <summary>A breadth-first walk from <see cref="Starts"/>: the HTML pages reached, in the order they were reached.</summary>
    public static async Task<List<(string Path, string Html)>> WalkAsync(HttpClient client, int maxPages, int maxPerPattern)
    {
        var pages = new List<(string, string)>();
        var queue = new Queue<string>(Starts);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var perPattern = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var parser = new HtmlParser();
        while (queue.Count > 0 && pages.Count < maxPages)
        {
            var path = queue.Dequeue();
            if (!seen.Add(path)) continue;
            var pattern = Pattern(path);
            if (perPattern.GetValueOrDefault(pattern) >= maxPerPattern) continue;
            perPattern[pattern] = perPattern.GetValueOrDefault(pattern) + 1;
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
            pages.Add((path, html));
            foreach (var link in parser.ParseDocument(html).QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (Walkable(link)) queue.Enqueue(WebUtility.HtmlDecode(link));
            }
        }
        return pages;
    }

    private static bool Walkable(string href) =>
        href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal)
        && !href.StartsWith("/api/", StringComparison.Ordinal) && !href.StartsWith("/openapi", StringComparison.Ordinal)
        && !href.StartsWith("/account/logout", StringComparison.Ordinal) && !href.Contains('#')
        && !FileLink().IsMatch(href);

    /// <summary>"/organizations/12?x=1" → "/organizations/{n}": addresses of the same shape show the same page.</summary>
    public static string Pattern(string path)
    {
        var withoutQuery = path.Split('?')[0];
        return DigitSegment().Replace(withoutQuery, "/{n}") + (path.Contains("page=", StringComparison.Ordinal) ? "?page" : "");
    }

    [GeneratedRegex(@"\.(ics|csv|pdf|json|svg|css|js)(\?|$)", RegexOptions.IgnoreCase)]
    private static partial Regex FileLink();

    [GeneratedRegex(@"/\d+(?=/|$)")]
    private static partial Regex DigitSegment();
}
