using System.Net;
using Biotope.Features.Accounts;
using Biotope.Tests.Features.Calls.Staff;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Calls.Proposals;

/// <summary>The call and proposal pages as a French-speaking member reads them: data in French, the budget form, refusals.</summary>
public sealed class ProposalPagesInFrenchTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    private static string Plain(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private async Task<int> CallAsync()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        return (await staff.PostJsonAsync("/api/v1/calls", CallsKit.BilingualCallBody(), HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task The_call_page_shows_its_funder_programme_and_documents_in_the_readers_language()
    {
        var id = await CallAsync();
        var (status, french) = await StaffPagesKit.Anonymous(App, "fr").GetPageAsync($"/calls/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Région wallonne · Pôles de compétitivité", french);
        Assert.Contains("Lettre d'engagement du consortium", french);
        Assert.DoesNotContain("Walloon Region", french);
        Assert.DoesNotContain("Consortium commitment letter", french);
        Assert.Contains("Au moins 4 partenaires", french);

        var (_, english) = await StaffPagesKit.Anonymous(App, "en").GetPageAsync($"/calls/{id}");
        Assert.Contains("Walloon Region · Competitiveness clusters", english);
        Assert.Contains("Consortium commitment letter", english);
    }

    [Fact]
    public async Task A_call_known_in_one_language_says_which_with_lang()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var id = (await staff.PostJsonAsync("/api/v1/calls", CallsKit.CallBody("2020-01-01T09:00", "2099-12-31T12:00"), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var (_, french) = await StaffPagesKit.Anonymous(App, "fr").GetPageAsync($"/calls/{id}");
        Assert.Contains("<span lang=\"en\">Walloon Region</span>", french);
        Assert.Contains("<span lang=\"en\">Consortium commitment letter</span>", french);
    }

    [Fact]
    public async Task A_french_coordinator_reads_the_budget_form_the_eligibility_and_the_refusals_in_french()
    {
        var callId = await CallAsync();
        var uliege = await App.IdOfAsync("uliege");
        var api = await App.ClientAsAsync(Roles.MemberAdmin, uliege);
        var id = (await api.PostJsonAsync($"/api/v1/calls/{callId}/proposals", CallsKit.Content("FRPAGE"), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var page = $"/proposals/{id}";
        var coordinator = await App.SignedInAsync(Roles.MemberAdmin, "fr", uliege);

        var (status, html) = await coordinator.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var label in new[] { "Frais de personnel (€)", "Personnel (ETP)", "Équipement (€)", "Sous-traitance (€)", "Autres coûts (€)", "Taux de frais généraux (%)" })
            Assert.Contains(label, html);
        foreach (var label in new[] { "Equipment (€)", "Subcontracting (€)", "Other costs (€)", "Overhead rate (%)", "FTE" })
            Assert.DoesNotContain(label, html);
        Assert.Contains("Le coordinateur doit être une grande entreprise, une PME, une start-up ou une spin-off universitaire ; Université de Liège est une université.", Plain(html));
        Assert.DoesNotContain("est : université", html);

        (status, html, _) = await coordinator.SubmitAsync(page, page + "?handler=Invite", [("PartnerName", "Zzyqx Wvuqt")]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Aucune organisation de l'annuaire ne correspond à « Zzyqx Wvuqt »", Plain(html));

        // Without script, part of a name is enough: the page offers the directory's matches to pick from.
        (status, html, _) = await coordinator.SubmitAsync(page, page + "?handler=Invite", [("PartnerName", "libre bruxelles")]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Organisations qui correspondent à « libre bruxelles » : choisissez-en une", Plain(html));
        var ulb = await App.IdOfAsync("ulb");
        Assert.Contains($"name=\"PartnerId\" value=\"{ulb}\"", html);
        (status, html, _) = await coordinator.SubmitAsync(page, page + "?handler=Invite", [("PartnerName", "libre bruxelles"), ("PartnerId", $"{ulb}"), await App.ProposalVersionAsync(id)]);
        Assert.Equal(HttpStatusCode.Redirect, status);
        (status, html, _) = await coordinator.SubmitAsync(page, page + "?handler=Invite", [("PartnerId", $"{ulb}")]);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("fait déjà partie du consortium ou y est déjà invitée.", html);

        (status, html, _) = await coordinator.SubmitAsync(page, page + "?handler=Submit", []);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("La proposition ne remplit pas les règles de l'appel : ", Plain(html));
        Assert.DoesNotContain("does not meet", html);
    }
}
