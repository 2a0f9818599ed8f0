using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Features.Platforms.Services;
using Biotope.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Browser;

/// <summary>
/// A member requests an analysis from a platform's catalogue (in French) and finds it in their list; the platform's
/// manager quotes it (in English), the member accepts, the manager delivers a file the member downloads. Without
/// JavaScript-dependent steps; axe finds no serious or critical violation on any of the pages.
/// </summary>
public sealed class ServiceRequestsBrowserTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    [Fact]
    public async Task A_member_requests_an_analysis_sees_it_listed_and_gets_the_results()
    {
        browser.RequireOrSkip();
        var (platformId, slug) = await app.AddPlatformAsync("ImmuneHealth test centre");
        await app.AddOfferingAsync(platformId, "Cytokine panel", price: 120.50m, turnaroundDays: 5);
        var manager = await app.ManagerOfAsync(platformId);
        var company = await app.AddOrganizationAsync("Biocell Browser", OrganizationType.Sme, "BE322");
        var member = await app.CreateUserAsync(Roles.Member, company);
        var axe = browser.NewAxeLog("services");

        // The catalogue, in French: price per unit and turnaround in working days.
        await using var memberContext = await browser.NewContextAsync("fr-BE");
        var page = await memberContext.NewPageAsync();
        await page.SignInAsync(app, member, $"/platforms/{slug}/services");
        Assert.EndsWith($"/platforms/{slug}/services", page.Url);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Analyses et services");
        var row = page.Locator("table.data tbody tr").Filter(new() { HasText = "Cytokine panel (FR)" });
        await Expect(row.Locator("td").Nth(0)).ToHaveTextAsync("120,50 € par échantillon");
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("5 jours ouvrables");
        await axe.CheckAsync(page, "fr-catalogue");

        // The form: a missing description is refused with a message next to the field.
        await page.SubmitWithAsync(row.GetByRole(AriaRole.Link, new() { Name = "Demander cette analyse" }));
        Assert.EndsWith("/request", page.Url);
        await page.Locator("#f-quantity").FillAsync("3");
        var refused = await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }));
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#err-description")).ToContainTextAsync("Décrivez les échantillons");
        await Expect(page.Locator("#f-quantity")).ToHaveValueAsync("3");
        await axe.CheckAsync(page, "fr-request-form-error");
        await page.Locator("#f-description").FillAsync("24 sérums humains conservés à -80 °C ; IL-6, TNF-α.");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }));
        Assert.Matches(@"/service-requests/\d+$", page.Url);
        var requestUrl = new Uri(page.Url).AbsolutePath;
        await Expect(page.Locator("h1")).ToHaveTextAsync("Cytokine panel (FR) × 3");
        await Expect(page.Locator("header .badge")).ToHaveTextAsync("Demandée");
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Votre demande est envoyée. La plateforme répondra par un devis.");
        await axe.CheckAsync(page, "fr-request-details");

        // Listed among the member's requests.
        await page.OpenAsync(app, "/service-requests");
        var listed = page.Locator("table.data tbody tr").Filter(new() { HasText = "Cytokine panel (FR) × 3" });
        await Expect(listed).ToHaveCountAsync(1);
        await Expect(listed.Locator("td").Nth(1)).ToHaveTextAsync("Demandée");
        await Expect(listed.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", requestUrl);
        await axe.CheckAsync(page, "fr-my-requests");

        // The manager, in English, sees it among the platform's requests and quotes it.
        await using var managerContext = await browser.NewContextAsync("en-GB");
        var managerPage = await managerContext.NewPageAsync();
        await managerPage.SignInAsync(app, (manager.Email, manager.Password), "/service-requests");
        await Expect(managerPage.Locator("#received")).ToHaveTextAsync("Requests to your platforms");
        await Expect(managerPage.Locator("table.data tbody tr").Filter(new() { HasText = "Biocell Browser" })).ToHaveCountAsync(1);
        await axe.CheckAsync(managerPage, "en-platform-requests");
        await managerPage.OpenAsync(app, requestUrl);
        await Expect(managerPage.Locator("#q-price")).ToHaveValueAsync("361.50");
        await managerPage.Locator("#q-price").FillAsync("350");
        await managerPage.Locator("#q-days").FillAsync("4");
        await axe.CheckAsync(managerPage, "en-quote-form");
        await managerPage.SubmitWithAsync(managerPage.GetByRole(AriaRole.Button, new() { Name = "Send the quote" }));
        await Expect(managerPage.Locator("header .badge")).ToHaveTextAsync("Quoted");

        // The member accepts; the manager records the samples, starts and delivers a file.
        await page.OpenAsync(app, requestUrl);
        await Expect(page.Locator(".facts")).ToContainTextAsync("350,00 €");
        await page.SubmitWithAsync(page.GetByRole(AriaRole.Button, new() { Name = "Accepter le devis" }));
        await Expect(page.Locator("header .badge")).ToHaveTextAsync("Devis accepté");
        await managerPage.OpenAsync(app, requestUrl);
        await managerPage.SubmitWithAsync(managerPage.GetByRole(AriaRole.Button, new() { Name = "Mark the samples received" }));
        await Expect(managerPage.Locator(".facts")).ToContainTextAsync("Results due");
        await managerPage.SubmitWithAsync(managerPage.GetByRole(AriaRole.Button, new() { Name = "Start the work" }));
        var results = "sample;IL-6\nS01;12,5\n"u8.ToArray();
        await managerPage.Locator("#d-file").SetInputFilesAsync(new FilePayload { Name = "cytokines.csv", MimeType = "text/csv", Buffer = results });
        await axe.CheckAsync(managerPage, "en-deliver-form");
        await managerPage.SubmitWithAsync(managerPage.GetByRole(AriaRole.Button, new() { Name = "Deliver the results" }));
        await Expect(managerPage.Locator("header .badge")).ToHaveTextAsync("Results delivered");

        // The member downloads exactly the file delivered, and sees the timeline.
        await page.OpenAsync(app, requestUrl);
        var download = page.GetByRole(AriaRole.Link, new() { Name = "Télécharger les résultats" });
        var response = await memberContext.APIRequest.GetAsync(app.BaseUrl + await download.GetAttributeAsync("href"));
        Assert.Equal(200, response.Status);
        Assert.Equal(results, await response.BodyAsync());
        await Expect(page.Locator("#timeline + ol li")).ToHaveCountAsync(6);
        await axe.CheckAsync(page, "fr-results-delivered");

        axe.AssertClean();
    }
}
