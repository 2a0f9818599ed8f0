using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Browser;

/// <summary>
/// The pages work under the Content-Security-Policy (ADR 015): Chromium walks the pages of a few roles, uses the search
/// (search.js), and fails on any violation the page reports (blocked inline script, handler, style or source). The
/// fixture's contexts bypass the policy (for axe); these do not.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    /// <summary>Every violation the page reports is kept in window.cspViolations, where the test reads it after each page.</summary>
    private const string ReportViolations = """
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
          window.cspViolations.push(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || location.pathname}:${e.lineNumber}`));
        """;

    private static Task<string[]> ViolationsAsync(Microsoft.Playwright.IPage page) => page.EvaluateAsync<string[]>("() => window.cspViolations ?? []");

    [Fact]
    public async Task No_page_of_these_roles_breaks_the_content_security_policy()
    {
        browser.RequireOrSkip();
        var violations = new List<string>();
        var walked = 0;
        foreach (var (role, email) in SiteCrawler.DemoRoles.Where(r => r.Role is "visitor" or "staff" or "manager" or "expert"))
        {
            using var http = await app.PageClientAsync(email, TestApp.DemoPassword, "fr");
            var paths = (await SiteCrawler.WalkAsync(http, maxPages: 25, maxPerPattern: 1)).Select(p => p.Path).ToList();
            await using var context = await browser.NewContextAsync("fr-BE", o => o.BypassCSP = false);
            await context.AddInitScriptAsync(ReportViolations);
            var page = await context.NewPageAsync();
            var current = "";
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("CSP violation", StringComparison.Ordinal))
                    violations.Add($"{role} {current}: {message.Text}");
            };
            page.PageError += (_, error) => violations.Add($"{role} {current}: script error {error}");
            if (email is not null) await page.SignInAsync(app, (email, TestApp.DemoPassword));
            foreach (var path in paths.Append("/organizations?q=immun"))
            {
                current = path;
                await page.OpenAsync(app, path);
                walked++;
                violations.AddRange((await ViolationsAsync(page)).Select(v => $"{role} {path}: {v}"));
            }
            // The search's script runs: typing asks for results without reloading the page.
            current = "/organizations (typing)";
            await page.OpenAsync(app, "/organizations");
            await page.Locator("input[name=q]").First.FillAsync("liege");
            await page.WaitForTimeoutAsync(600);
            violations.AddRange((await ViolationsAsync(page)).Select(v => $"{role} /organizations (typing): {v}"));
        }
        Assert.True(walked > 40, $"only {walked} pages were walked");
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Distinct()));

        // The listener is live: an inline script is refused and reported.
        await using var probe = await browser.NewContextAsync("fr-BE", o => o.BypassCSP = false);
        await probe.AddInitScriptAsync(ReportViolations);
        var probePage = await probe.NewPageAsync();
        await probePage.OpenAsync(app, "/");
        await probePage.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1'; document.body.appendChild(s); }");
        await probePage.WaitForTimeoutAsync(300);
        Assert.NotEmpty(await ViolationsAsync(probePage));
        Assert.Null(await probePage.EvaluateAsync<int?>("() => window.injected ?? null"));
    }
}
