using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(BrowserFixture))]

namespace Biotope.Tests.Infrastructure;

/// <summary>One accessibility rule broken on a page, as reported by axe-core.</summary>
/// <param name="Id">The axe rule id, e.g. "image-alt".</param>
/// <param name="Impact">"minor", "moderate", "serious" or "critical" (null when axe gives none).</param>
/// <param name="Help">One-line description of the rule.</param>
/// <param name="HelpUrl">Where axe documents the rule.</param>
/// <param name="Targets">CSS selectors of the offending elements.</param>
public sealed record AxeViolation(string Id, string? Impact, string Help, string HelpUrl, IReadOnlyList<string> Targets)
{
    /// <summary>Whether the violation is serious or critical: the ones tests refuse.</summary>
    public bool IsSeriousOrWorse => Impact is "serious" or "critical";
}

/// <summary>
/// Debian's Chromium, launched once for the whole test assembly through Playwright, with helpers
/// for browser contexts, axe-core accessibility checks and screenshots.
/// </summary>
public sealed partial class BrowserFixture : IAsyncLifetime
{
    /// <summary>The browser binary: Debian's chromium package (Playwright's own download is unreachable here).</summary>
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ];

    private Task? _startup;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _unavailableReason;

    /// <summary>Whether the browser is running. Waits for a launch still in progress.</summary>
    public bool Available
    {
        get
        {
            WaitForStartup();
            return _browser is not null;
        }
    }

    /// <summary>Why the browser could not be launched, when it is not <see cref="Available"/>.</summary>
    public string? UnavailableReason
    {
        get
        {
            WaitForStartup();
            return _unavailableReason;
        }
    }

    /// <summary>The axe-core script installed by scripts/test (npm ci in tests/Biotope.Tests).</summary>
    public static string AxeScriptPath { get; } =
        Path.Combine(TestPaths.RepoRoot, "tests", "Biotope.Tests", "node_modules", "axe-core", "axe.min.js");

    /// <summary>Where <see cref="ScreenshotAsync"/> writes (gitignored).</summary>
    public static string ScreenshotDir { get; } = Path.Combine(TestPaths.RepoRoot, "artifacts", "screenshots");

    public ValueTask InitializeAsync()
    {
        _startup = Task.Run(LaunchAsync);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_startup is not null)
        {
            await _startup;
        }

        if (_browser is not null)
        {
            await _browser.CloseAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
    }

    /// <summary>
    /// Skips the calling test when the browser is not available, or fails it when services are
    /// required (BIOTOPE_REQUIRE_SERVICES=1 or CI=true).
    /// </summary>
    public void RequireOrSkip()
    {
        if (Available)
        {
            return;
        }

        var reason = $"Chromium unavailable: {UnavailableReason}";
        if (ServiceRequirement.Required)
        {
            throw new InvalidOperationException(reason + " (services are required in this run)");
        }

        Assert.Skip(reason);
    }

    /// <summary>A fresh, isolated browser context (own cookies and storage), 1280x900.</summary>
    /// <param name="locale">Browser locale such as "fr-BE"; the browser default when null.</param>
    /// <param name="configure">Further options, e.g. JavaScript off or a phone-sized viewport.</param>
    public async Task<IBrowserContext> NewContextAsync(string? locale = null, Action<BrowserNewContextOptions>? configure = null)
    {
        RequireOrSkip();
        var options = new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            // axe is injected as a script tag; a strict Content-Security-Policy must not block it.
            BypassCSP = true,
        };
        if (locale is not null)
        {
            options.Locale = locale;
        }

        configure?.Invoke(options);
        return await _browser!.NewContextAsync(options);
    }

    /// <summary>Runs axe-core on the page as it is now and returns the rules it breaks.</summary>
    public async Task<IReadOnlyList<AxeViolation>> RunAxeAsync(IPage page)
    {
        if (!File.Exists(AxeScriptPath))
        {
            throw new FileNotFoundException(
                "axe-core is not installed; run scripts/test (or npm ci in tests/Biotope.Tests).", AxeScriptPath);
        }

        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxeScriptPath });
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const results = await axe.run(document, { resultTypes: ['violations'] });
              return results.violations.map(v => ({
                id: v.id,
                impact: v.impact ?? null,
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)).join(' ')),
              }));
            }
            """);

        return result.EnumerateArray()
            .Select(v => new AxeViolation(
                v.GetProperty("id").GetString() ?? "",
                v.GetProperty("impact").ValueKind == JsonValueKind.String ? v.GetProperty("impact").GetString() : null,
                v.GetProperty("help").GetString() ?? "",
                v.GetProperty("helpUrl").GetString() ?? "",
                v.GetProperty("targets").EnumerateArray().Select(t => t.GetString() ?? "").ToList()))
            .ToList();
    }

    /// <summary>Fails with a readable list when any violation is serious or critical.</summary>
    public static void AssertNoSeriousViolations(IEnumerable<AxeViolation> violations)
    {
        var serious = violations.Where(v => v.IsSeriousOrWorse).ToList();
        if (serious.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.AppendLine($"{serious.Count} serious or critical accessibility violation(s):");
        foreach (var v in serious)
        {
            message.AppendLine($"- [{v.Impact}] {v.Id}: {v.Help} ({v.HelpUrl})");
            foreach (var target in v.Targets)
            {
                message.AppendLine($"    at {target}");
            }
        }

        Assert.Fail(message.ToString());
    }

    /// <summary>Saves a full-page screenshot to artifacts/screenshots/NAME.png under the repo root.</summary>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        var path = Path.Combine(ScreenshotDir, UnsafeFileNameChars().Replace(name, "_") + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>An axe log for a journey: each page is screenshot and checked, and the journey fails at its end with every page's violations.</summary>
    public AxeLog NewAxeLog(string screenshotPrefix) => new(this, screenshotPrefix);

    public sealed class AxeLog(BrowserFixture browser, string screenshotPrefix)
    {
        private readonly List<string> failures = [];

        public async Task CheckAsync(IPage page, string name)
        {
            try
            {
                AssertNoSeriousViolations(await browser.RunAxeAsync(page));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add($"{name} ({page.Url}): {e.Message}");
            }
            await browser.ScreenshotAsync(page, $"{screenshotPrefix}-{name}");
        }

        public void AssertClean()
        {
            if (failures.Count > 0) Assert.Fail(string.Join(Environment.NewLine, failures));
        }
    }

    private void WaitForStartup()
    {
        if (_startup is null)
        {
            throw new InvalidOperationException("BrowserFixture was used before xunit initialized it.");
        }

        _startup.GetAwaiter().GetResult();
    }

    private async Task LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("BIOTOPE_CHROMIUM");
        if (string.IsNullOrEmpty(executable))
        {
            executable = DefaultChromiumPath;
        }

        if (!File.Exists(executable))
        {
            _unavailableReason = $"{executable} not found; run scripts/test, which installs Debian's chromium package.";
            return;
        }

        try
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = LaunchArgs,
            });
        }
        catch (Exception ex)
        {
            _unavailableReason = $"could not launch {executable}: {ex.Message}";
            _playwright?.Dispose();
            _playwright = null;
        }
    }

    [GeneratedRegex(@"[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeFileNameChars();
}
