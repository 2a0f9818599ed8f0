using System.Net;
using Biotope.Features.Accounts;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Accounts;

/// <summary>"My space" and "My proposals": real pages that show each role what it has to do, in both languages.</summary>
public sealed class MySpaceTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    private async Task<string> PageAsync(string? email, string path, string culture)
    {
        using var client = await App.PageClientAsync(email, TestApp.DemoPassword, culture);
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(DemoAccounts.MemberAdminEmail, "fr", new[] { "Mon organisation", "Mes propositions", "Mes réservations", "Mes demandes d'analyse", "Mes agendas" })]
    [InlineData(DemoAccounts.MemberAdminEmail, "en", new[] { "My organization", "My proposals", "My bookings", "My service requests", "My calendars" })]
    [InlineData(DemoAccounts.ManagerEmail, "fr", new[] { "Réservations à venir sur mes plateformes", "Demandes à traiter" })]
    [InlineData(DemoAccounts.StaffEmail, "en", new[] { "Calls in evaluation", "E-mail outbox", "Audit log" })]
    [InlineData(DemoAccounts.ExpertEmail, "fr", new[] { "Mes évaluations", "Mes conflits d'intérêts déclarés" })]
    public async Task Each_role_finds_its_parts_in_its_language(string email, string culture, string[] headings)
    {
        var html = await PageAsync(email, "/account", culture);
        Assert.Contains($"<html lang=\"{culture}\">", html);
        foreach (var heading in headings) Assert.Contains(heading, WebUtility.HtmlDecode(html));
        Assert.Contains("href=\"/account\" aria-current=\"page\"", html);
    }

    [Fact]
    public async Task A_visitor_is_asked_to_sign_in()
    {
        using var client = await App.PageClientAsync(null, "", "en");
        using var response = await client.GetAsync("/account", TestContext.Current.CancellationToken);
        Assert.Contains("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Staff_see_every_proposal_and_a_member_without_one_is_told_how_to_start()
    {
        var staff = await PageAsync(DemoAccounts.StaffEmail, "/proposals", "en");
        Assert.Contains("<h1>All proposals</h1>", staff);
        var member = await PageAsync(DemoAccounts.MemberAdminEmail, "/proposals", "fr");
        Assert.Contains("<h1>Mes propositions</h1>", member);
    }
}
