using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// The visitor's walk through the public site, starting in French or in English, on a desk and on a phone: a French word
/// finds the immunology organizations, a facet, a sort, the pager to the last page and back, a profile where the language
/// switch changes what they read, a project, an instrument's week and the next one, a training. Then staff's walk through
/// the audit log: filters by kind of record, person and date, the record's page and its History section. axe on every page.
/// </summary>
public sealed class VisitorJourneyTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    /// <summary>What the reader reads, in each language.</summary>
    private sealed record Words(
        string Language, string Directory, string Organizations2, string Organizations4, string University, string NameAZ, string FirstUniversity,
        string Page1, string Page2, string Next, string Previous, string Identity, string Projects, string KeyFacts, string Platforms, string ImagingCentre,
        string NextWeek, string Training, string MriTraining, string Sessions, string Organization, string DescriptionEnglish, string Save,
        string ApplyFilters, string Modified, string History, string WholeHistory);

    private static readonly Words French = new(
        "fr", "Annuaire", "2 organisations", "4 organisations", "Université", "Nom (A–Z)", "Université catholique de Louvain",
        "Page 1 sur 2", "Page 2 sur 2", "Suivant", "Précédent", "Identité", "Projets", "L'essentiel", "Plateformes", "Centre d'imagerie Hainaut-Biomed",
        "Semaine suivante", "Formations", "Sécurité et utilisation de l'IRM", "Sessions", "Organisation", "Description en anglais", "Enregistrer",
        "Appliquer les filtres", "Modification", "Historique", "Tout l'historique dans le journal d'audit");

    private static readonly Words English = new(
        "en", "Directory", "2 organizations", "4 organizations", "University", "Name (A–Z)", "Catholic University of Louvain",
        "Page 1 of 2", "Page 2 of 2", "Next", "Previous", "Identity", "Projects", "Key facts", "Platforms", "Hainaut-Biomed imaging centre",
        "Next week", "Training", "MRI safety and operation", "Sessions", "Organization", "Description in English", "Save",
        "Apply filters", "Modified", "History", "The whole history in the audit log");

    private static Words In(string language) => language == "fr" ? French : English;

    private static Task<IBrowserContext> ContextAsync(BrowserFixture browser, string language, int width) =>
        browser.NewContextAsync(language == "fr" ? "fr-BE" : "en-GB", o => o.ViewportSize = new() { Width = width, Height = 900 });

    /// <summary>Follows a link of the header's navigation; on a phone it is behind the menu button.</summary>
    private static async Task NavigateAsync(IPage page, string name)
    {
        var menu = page.Locator(".menu-button");
        if (await menu.IsVisibleAsync() && await menu.GetAttributeAsync("aria-expanded") != "true") await menu.ClickAsync();
        await page.SubmitWithAsync(page.Locator("#site-nav").GetByRole(AriaRole.Link, new() { Name = name, Exact = true }));
    }

    /// <summary>The page is checked by axe and does not scroll sideways.</summary>
    private static async Task CheckAsync(BrowserFixture.AxeLog axe, IPage page, string name, List<string> wide)
    {
        var (scrollWidth, clientWidth) = await page.WidthsAsync();
        if (scrollWidth > clientWidth) wide.Add($"{name} ({page.Url}): {scrollWidth} > {clientWidth}");
        await axe.CheckAsync(page, name);
    }

    [Theory]
    [InlineData("fr", 1280)]
    [InlineData("fr", 390)]
    [InlineData("en", 1280)]
    [InlineData("en", 390)]
    public async Task A_visitor_searches_filters_sorts_pages_reads_a_profile_switches_language_and_opens_a_project_an_instruments_week_and_a_training(string language, int width)
    {
        browser.RequireOrSkip();
        var w = In(language);
        var other = In(language == "fr" ? "en" : "fr");
        await using var context = await ContextAsync(browser, language, width);
        var page = await context.NewPageAsync();
        var axe = browser.NewAxeLog($"visitor-{language}-{width}");
        var wide = new List<string>();

        await page.OpenAsync(app, "/");
        Assert.Equal(language, await page.LanguageAsync());
        await CheckAsync(axe, page, "home", wide);

        // The directory: a French word finds the immunology organizations, whatever the interface language.
        await NavigateAsync(page, w.Directory);
        await Expect(page.Locator("h1")).ToHaveTextAsync(w.Directory);
        await page.Locator("#q").FillAsync("immunologie");
        await Expect(page.Locator("#result-count")).ToHaveTextAsync(w.Organizations2);
        await Expect(page.Locator("#results .result-list")).ToContainTextAsync("Institute of Medical Immunology");
        await Expect(page.Locator("#results .result-list")).ToContainTextAsync("ImmuneHealth");
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]q=immunologie"));
        await CheckAsync(axe, page, "search", wide);

        // A facet and a sort, then the whole directory again in that order: each is in the address.
        await page.Locator("#q").FillAsync("");
        await Expect(page).Not.ToHaveURLAsync(new Regex(@"[?&]q="));
        var filters = page.Locator("details[data-filters]");
        if (await filters.GetAttributeAsync("open") is null) await page.Locator(".filters-toggle").ClickAsync();
        await page.Locator("#facets").GetByText(w.University, new() { Exact = true }).ClickAsync();
        await Expect(page.Locator("#result-count")).ToHaveTextAsync(w.Organizations4);
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]type=University"));
        await page.Locator("#sort").SelectOptionAsync(new SelectOptionValue { Label = w.NameAZ });
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]sort=name"));
        await Expect(page.Locator("#results .result-title").First).ToContainTextAsync(w.FirstUniversity);
        await CheckAsync(axe, page, "facet-and-sort", wide);
        await page.Locator("#facets").GetByText(w.University, new() { Exact = true }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex(@"[?&]type="));
        await Expect(page.Locator(".pagination .page-status")).ToHaveTextAsync(w.Page1);

        // The pager: to the last page and back, keeping the sort.
        var firstOnPage1 = await page.Locator("#results .result-title a").First.InnerTextAsync();
        await page.SubmitWithAsync(page.Locator(".pagination").GetByRole(AriaRole.Link, new() { Name = w.Next }));
        await Expect(page.Locator(".pagination .page-status")).ToHaveTextAsync(w.Page2);
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]page=2"));
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]sort=name"));
        await Expect(page.Locator(".pagination").GetByRole(AriaRole.Link, new() { Name = w.Next })).ToHaveCountAsync(0);
        await Expect(page.Locator("#results .result-title a").First).Not.ToHaveTextAsync(firstOnPage1);
        await CheckAsync(axe, page, "last-page", wide);
        await page.SubmitWithAsync(page.Locator(".pagination").GetByRole(AriaRole.Link, new() { Name = w.Previous }));
        await Expect(page.Locator(".pagination .page-status")).ToHaveTextAsync(w.Page1);
        await Expect(page.Locator("#results .result-title a").First).ToHaveTextAsync(firstOnPage1);

        // A profile; the language switch on the way changes what the reader reads, not where they are.
        await page.SubmitWithAsync(page.Locator("#results .result-title a").First);
        Assert.Matches(@"/organizations/\d+$", page.Url);
        var profile = page.Url;
        await Expect(page.Locator("#identity")).ToHaveTextAsync(w.Identity);
        await CheckAsync(axe, page, "profile", wide);
        await page.SubmitWithAsync(page.Locator($".language-switch button[value={other.Language}]"));
        Assert.Equal(profile, page.Url);
        Assert.Equal(other.Language, await page.LanguageAsync());
        await Expect(page.Locator("#identity")).ToHaveTextAsync(other.Identity);
        await Expect(page.Locator($".language-switch button[value={other.Language}]")).ToHaveAttributeAsync("aria-pressed", "true");
        await CheckAsync(axe, page, "profile-switched", wide);
        w = other;

        // A project of the portfolio.
        await NavigateAsync(page, w.Projects);
        await page.SubmitWithAsync(page.Locator("main a[href='/projects/ocpam']").First);
        await Expect(page.Locator("h1")).ToContainTextAsync("OCPAM");
        await Expect(page.Locator("#facts")).ToHaveTextAsync(w.KeyFacts);
        await CheckAsync(axe, page, "project", wide);

        // An instrument's week, then the next week with the grid's own control.
        await NavigateAsync(page, w.Platforms);
        await page.SubmitWithAsync(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = w.ImagingCentre, Exact = true }).First);
        await Expect(page.Locator("h1")).ToContainTextAsync(w.ImagingCentre);
        await CheckAsync(axe, page, "platform", wide);
        await page.SubmitWithAsync(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Preclinical MRI", Exact = true }).First);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Preclinical MRI");
        await CheckAsync(axe, page, "instrument", wide);
        await page.SubmitWithAsync(page.Locator("main a[href$='/availability']").First);
        await Expect(page.Locator("table.week-grid")).ToBeVisibleAsync();
        var next = page.Locator("main").GetByRole(AriaRole.Link, new() { Name = w.NextWeek });
        var nextWeek = await next.GetAttributeAsync("href");
        await CheckAsync(axe, page, "week", wide);
        await page.SubmitWithAsync(next);
        Assert.EndsWith(nextWeek!, page.Url);
        await Expect(page.Locator("#week-caption")).ToContainTextAsync(int.Parse(nextWeek![^2..], System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await CheckAsync(axe, page, "next-week", wide);

        // A training module and its sessions.
        await NavigateAsync(page, w.Training);
        await page.SubmitWithAsync(page.Locator("main").GetByRole(AriaRole.Link, new() { Name = w.MriTraining, Exact = true }).First);
        await Expect(page.Locator("h1")).ToHaveTextAsync(w.MriTraining);
        await Expect(page.Locator("#sessions")).ToHaveTextAsync(w.Sessions);
        await CheckAsync(axe, page, "training", wide);

        axe.AssertClean();
        Assert.True(wide.Count == 0, "pages scroll sideways:" + Environment.NewLine + string.Join(Environment.NewLine, wide));
    }

    [Theory]
    [InlineData("fr", 1280)]
    [InlineData("fr", 390)]
    [InlineData("en", 1280)]
    [InlineData("en", 390)]
    public async Task Staff_filter_the_audit_log_by_record_person_and_date_follow_the_link_and_read_the_records_history(string language, int width)
    {
        browser.RequireOrSkip();
        var w = In(language);
        var uliege = await app.IdOfAsync("uliege");
        var record = uliege.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var context = await ContextAsync(browser, language, width);
        var page = await context.NewPageAsync();
        var axe = browser.NewAxeLog($"audit-{language}-{width}");
        var wide = new List<string>();

        // A change to record: staff edit the Université de Liège's English description.
        await page.SignInAsync(app, (DemoAccounts.StaffEmail, TestApp.DemoPassword), $"/organizations/{uliege}/edit");
        await page.GetByLabel(w.DescriptionEnglish).FillAsync($"A university in Liège ({Guid.NewGuid():N}).");
        await page.SubmitWithAsync(page.Locator("main form").GetByRole(AriaRole.Button, new() { Name = w.Save, Exact = true }));
        var changedAt = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == "Organization" && e.EntityId == record && e.UserEmail == DemoAccounts.StaffEmail)
            .OrderByDescending(e => e.Id).Select(e => e.At).FirstAsync());
        var day = BrusselsTime.Date(changedAt).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        // The audit log from My space, filtered by kind of record, person and date.
        await page.OpenAsync(app, "/account");
        await page.SubmitWithAsync(page.Locator("main a[href='/audit']"));
        await CheckAsync(axe, page, "log", wide);
        await page.Locator("#f-entity").SelectOptionAsync(new SelectOptionValue { Label = w.Organization });
        await page.Locator("#f-person").FillAsync("staff@demo");
        await page.Locator("#f-from").FillAsync(day);
        await page.Locator("#f-to").FillAsync(day);
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = w.ApplyFilters }));
        await Expect(page).ToHaveURLAsync(new Regex($@"\?entity=Organization&id=&person=staff%40demo&from={day}&to={day}$"));
        var entry = page.Locator(".audit-entry").First;
        await Expect(entry.Locator(".audit-who")).ToContainTextAsync(DemoAccounts.StaffEmail);
        await Expect(entry.Locator(".audit-what")).ToContainTextAsync(w.Modified);
        await Expect(entry.Locator(".audit-what")).ToContainTextAsync(w.Organization);
        await Expect(entry.Locator(".audit-changes summary")).ToContainTextAsync(w.DescriptionEnglish);
        await Expect(page.Locator(".audit-entry").Filter(new() { HasNotText = DemoAccounts.StaffEmail })).ToHaveCountAsync(0);
        await CheckAsync(axe, page, "filtered", wide);

        // The record's own page, with its History section.
        await page.SubmitWithAsync(entry.Locator("a.audit-record"));
        Assert.EndsWith($"/organizations/{uliege}", page.Url);
        var history = page.Locator("#history");
        await Expect(history.Locator("h2")).ToHaveTextAsync(w.History);
        await Expect(history.Locator(".audit-entry").First).ToContainTextAsync(DemoAccounts.StaffEmail);
        await CheckAsync(axe, page, "history", wide);
        await page.SubmitWithAsync(history.GetByRole(AriaRole.Link, new() { Name = w.WholeHistory }));
        await Expect(page).ToHaveURLAsync(new Regex($@"/audit\?entity=Organization&id={uliege}$"));
        await Expect(page.Locator("#f-id")).ToHaveValueAsync(record);
        await CheckAsync(axe, page, "record-log", wide);

        axe.AssertClean();
        Assert.True(wide.Count == 0, "pages scroll sideways:" + Environment.NewLine + string.Join(Environment.NewLine, wide));
    }
}
