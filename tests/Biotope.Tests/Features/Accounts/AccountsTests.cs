using System.Net;
using System.Net.Http.Json;
using Biotope.Features.Accounts;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Accounts;

public sealed class AccountsTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task Repeated_wrong_passwords_refuse_the_client_even_for_the_right_one()
    {
        var (email, password) = await App.CreateUserAsync(Roles.Member, await App.WithDbAsync(db => Task.FromResult(db.Organizations.First().Id)));
        for (var i = 1; i <= 5; i++)
        {
            var wrong = await App.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "not-the-password" }, TestContext.Current.CancellationToken);
            Assert.Equal(i < 5 ? HttpStatusCode.Unauthorized : HttpStatusCode.TooManyRequests, wrong.StatusCode);
        }
        var right = await App.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("auth.too-many-attempts", await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bearer_token_opens_the_api_and_a_bad_one_does_not()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var ok = await staff.PostAsJsonAsync("/api/v1/organizations", new { name = "Jeton Valide", type = "Sme" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var forged = App.NewClient("not-a-real-token");
        var refused = await forged.PostAsJsonAsync("/api/v1/organizations", new { name = "Jeton Faux", type = "Sme" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/logout")]
    [InlineData("/culture")]
    public async Task Forms_without_the_antiforgery_token_are_refused(string path)
    {
        var response = await App.Client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "someone@example.org",
            ["Password"] = "whatever-it-is",
            ["culture"] = "en",
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Pages_for_staff_send_visitors_to_sign_in()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(App.BaseUrl) };
        var audit = await client.GetAsync("/audit", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, audit.StatusCode);
        Assert.StartsWith("/account/login", audit.Headers.Location!.PathAndQuery);
    }
}
