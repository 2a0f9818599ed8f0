using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Features.Calls;
using Biotope.Features.Calls.Experts;
using Biotope.Features.Organizations;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Organizations;

/// <summary>
/// Field rights on organizations (ADR 017), on SQLite and PostgreSQL: the fields that decide money, eligibility and
/// membership are staff's; a member admin's relation waits for the other organization before it shows or counts.
/// </summary>
public abstract partial class OrganizationFieldRightsContract
{
    protected abstract TestApp App { get; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Organization> StoredAsync(int id) =>
        App.WithDbAsync(db => db.Organizations.AsNoTracking().Include(o => o.People).Include(o => o.Relations).SingleAsync(o => o.Id == id));

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static void Change(OrganizationInput input, string field)
    {
        switch (field)
        {
            case "type": input.Type = "LargeCompany"; break;
            case "nutsCode": input.NutsCode = "BE310"; break;
            case "membership": input.Membership = "Active"; break;
            case "memberSince": input.MemberSince = new DateOnly(2020, 1, 1); break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "A new ruled field of organizations: say here how a member admin changes it.");
        }
    }

    /// <summary>Every field the organization policy rules on (<see cref="OrganizationEditor.Rights"/>): a new rule gets this test.</summary>
    public static TheoryData<string> RuledFields() => new(OrganizationEditor.Rights.Fields);

    [Theory]
    [MemberData(nameof(RuledFields))]
    public async Task A_member_admin_changing_a_staff_field_gets_a_field_error_naming_it_and_nothing_is_stored(string field)
    {
        var id = await App.AddOrganizationAsync("Rights Biotech " + field, OrganizationType.Sme, "BE332");
        var before = await StoredAsync(id);
        var input = OrganizationInput.From(before);
        input.DescriptionEn = "A change that must not be stored either.";
        Change(input, field);
        var admin = await App.ClientAsAsync(Roles.MemberAdmin, id);

        var response = await admin.PutAsJsonAsync($"/api/v1/organizations/{id}", input, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await BodyAsync(response);
        Assert.Equal("field.forbidden", problem.GetProperty("code").GetString());
        var codes = problem.GetProperty("errorCodes");
        Assert.Equal(["field.staff-only"], codes.GetProperty(field).EnumerateArray().Select(c => c.GetString()));
        Assert.Single(codes.EnumerateObject());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        var after = await StoredAsync(id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal((before.Type, before.NutsCode, before.Membership, before.MemberSince, before.DescriptionEn), (after.Type, after.NutsCode, after.Membership, after.MemberSince, after.DescriptionEn));
    }

    [Fact]
    public async Task A_member_admin_sending_the_staff_fields_unchanged_saves_and_staff_change_them()
    {
        var id = await App.AddOrganizationAsync("Unchanged Biotech", OrganizationType.Sme, "BE332");
        var input = OrganizationInput.From(await StoredAsync(id));
        input.Type = "sme"; // the same type, written differently
        input.DescriptionEn = "Written by its member admin.";
        var admin = await App.ClientAsAsync(Roles.MemberAdmin, id);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/organizations/{id}", input, Ct)).StatusCode);
        Assert.Equal("Written by its member admin.", (await StoredAsync(id)).DescriptionEn);

        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var byStaff = OrganizationInput.From(await StoredAsync(id));
        byStaff.Type = "LargeCompany";
        byStaff.NutsCode = "BE310";
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync($"/api/v1/organizations/{id}", byStaff, Ct)).StatusCode);
        var stored = await StoredAsync(id);
        Assert.Equal((OrganizationType.LargeCompany, "BE310"), (stored.Type, stored.NutsCode));
    }

    [Fact]
    public async Task A_member_admins_relation_is_proposed_until_the_other_organization_confirms_it()
    {
        var spinOff = await App.AddOrganizationAsync("Proposing Spin-off", OrganizationType.UniversitySpinOff, "BE332");
        var parent = await App.AddOrganizationAsync("Claimed Parent Lab", OrganizationType.ResearchInstitute, "BE332");
        var (admin, relation) = await ProposeAsync(spinOff, "SpinOffOf", parent);
        Assert.Equal(RelationStatus.Proposed, relation.Status);
        // Not on either public page, not in conflict detection.
        Assert.Empty((await App.Client.GetFromJsonAsync<OrganizationDetails>($"/api/v1/organizations/{spinOff}", Json, Ct))!.Relations);
        Assert.Empty((await App.Client.GetFromJsonAsync<OrganizationDetails>($"/api/v1/organizations/{parent}", Json, Ct))!.Relations);
        Assert.DoesNotContain("Proposing Spin-off", await App.Client.GetStringAsync($"/organizations/{parent}", Ct));
        Assert.False(await ConflictAsync(parent, spinOff));
        // Its author sees it as proposed (so a PUT of what it read keeps it).
        Assert.Equal("proposed", Assert.Single((await admin.GetFromJsonAsync<OrganizationDetails>($"/api/v1/organizations/{spinOff}", Json, Ct))!.Relations).Status);

        // The proposer cannot confirm it; the other organization's member admin can.
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync($"/api/v1/organizations/relations/{relation.Id}/confirm", null, Ct)).StatusCode);
        var other = await App.ClientAsAsync(Roles.MemberAdmin, parent);
        var pending = await other.GetFromJsonAsync<List<PendingRelationDto>>($"/api/v1/organizations/{parent}/relations/pending", Json, Ct);
        Assert.True(Assert.Single(pending!).AwaitsYou);
        Assert.Equal(HttpStatusCode.NoContent, (await other.PostAsync($"/api/v1/organizations/relations/{relation.Id}/confirm", null, Ct)).StatusCode);

        Assert.Equal(RelationStatus.Confirmed, Assert.Single((await StoredAsync(spinOff)).Relations).Status);
        Assert.Equal("incoming", Assert.Single((await App.Client.GetFromJsonAsync<OrganizationDetails>($"/api/v1/organizations/{parent}", Json, Ct))!.Relations).Direction);
        Assert.True(await ConflictAsync(parent, spinOff));
        Assert.Equal(HttpStatusCode.Conflict, (await other.PostAsync($"/api/v1/organizations/relations/{relation.Id}/confirm", null, Ct)).StatusCode);

        // Once confirmed, only staff remove it.
        var input = OrganizationInput.From(await StoredAsync(spinOff));
        input.Relations.Clear();
        var removal = await admin.PutAsJsonAsync($"/api/v1/organizations/{spinOff}", input, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, removal.StatusCode);
        Assert.Equal(["organization.relation.remove.staff-only"], (await BodyAsync(removal)).GetProperty("errorCodes").GetProperty("relations").EnumerateArray().Select(c => c.GetString()));
        Assert.Single((await StoredAsync(spinOff)).Relations);
    }

    [Fact]
    public async Task A_declined_relation_is_deleted_and_staffs_relations_hold_at_once()
    {
        var subsidiary = await App.AddOrganizationAsync("Would-be Subsidiary", OrganizationType.Sme, "BE332");
        var group = await App.AddOrganizationAsync("Unwilling Group", OrganizationType.LargeCompany, "BE310");
        var (_, relation) = await ProposeAsync(subsidiary, "SubsidiaryOf", group);

        // Someone who is neither side does not learn of it.
        var stranger = await App.ClientAsAsync(Roles.MemberAdmin, await App.AddOrganizationAsync("Stranger SA", OrganizationType.Sme, null));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/organizations/relations/{relation.Id}/decline", null, Ct)).StatusCode);
        var other = await App.ClientAsAsync(Roles.MemberAdmin, group);
        Assert.Equal(HttpStatusCode.NoContent, (await other.PostAsync($"/api/v1/organizations/relations/{relation.Id}/decline", null, Ct)).StatusCode);
        Assert.Empty((await StoredAsync(subsidiary)).Relations);

        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var input = OrganizationInput.From(await StoredAsync(subsidiary));
        input.Relations.Add(new OrganizationInput.RelationInput { Kind = "SubsidiaryOf", OrganizationId = group });
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync($"/api/v1/organizations/{subsidiary}", input, Ct)).StatusCode);
        Assert.Equal(RelationStatus.Confirmed, Assert.Single((await StoredAsync(subsidiary)).Relations).Status);
        Assert.Single((await App.Client.GetFromJsonAsync<OrganizationDetails>($"/api/v1/organizations/{group}", Json, Ct))!.Relations);
    }

    [Theory]
    [InlineData("en", "Relations awaiting confirmation", "1 relation proposed by another organization awaits your confirmation")]
    [InlineData("fr", "Relations en attente de confirmation", "1 relation proposée par une autre organisation attend votre confirmation")]
    public async Task The_other_organization_confirms_a_proposed_relation_from_my_space_and_its_edit_page(string language, string heading, string notice)
    {
        var spinOff = await App.AddOrganizationAsync("Page Spin-off " + language, OrganizationType.UniversitySpinOff, "BE332");
        var parent = await App.AddOrganizationAsync("Page Parent " + language, OrganizationType.University, "BE332");
        var (_, relation) = await ProposeAsync(spinOff, "SpinOffOf", parent);
        var (email, password) = await App.CreateUserAsync(Roles.MemberAdmin, parent);
        var client = await App.PageClientAsync(email, password, language);

        var space = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/account", Ct));
        Assert.Contains(notice, space);
        Assert.Contains($"/organizations/{parent}/edit#pending-relations", space);
        var edit = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/organizations/{parent}/edit", Ct));
        Assert.Contains(heading, edit);
        Assert.Contains("Page Spin-off " + language, edit);
        Assert.DoesNotContain("Page Spin-off " + language, await client.GetStringAsync($"/organizations/{parent}", Ct));

        var confirmed = await client.PostAsync($"/organizations/{parent}/edit?handler=ConfirmRelation&relationId={relation.Id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryToken().Match(edit).Groups[1].Value }), Ct);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode); // after the redirect
        Assert.Equal(RelationStatus.Confirmed, Assert.Single((await StoredAsync(spinOff)).Relations).Status);
        Assert.Contains("Page Spin-off " + language, await client.GetStringAsync($"/organizations/{parent}", Ct));
        Assert.DoesNotContain("relations-to-confirm", await client.GetStringAsync("/account", Ct));
    }

    /// <summary>The member admin of <paramref name="from"/> writes a relation to <paramref name="to"/>; returns its client and the stored relation.</summary>
    private async Task<(HttpClient Admin, OrganizationRelation Relation)> ProposeAsync(int from, string kind, int to)
    {
        var admin = await App.ClientAsAsync(Roles.MemberAdmin, from);
        var input = OrganizationInput.From(await StoredAsync(from));
        input.Relations.Add(new OrganizationInput.RelationInput { Kind = kind, OrganizationId = to });
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/organizations/{from}", input, Ct)).StatusCode);
        return (admin, Assert.Single((await StoredAsync(from)).Relations));
    }

    /// <summary>Whether an expert of <paramref name="expertOrganization"/> is in conflict with a proposal of <paramref name="partner"/>.</summary>
    private Task<bool> ConflictAsync(int expertOrganization, int partner) => App.WithDbAsync(async db =>
    {
        var expert = new Expert { Id = 9101, Name = "E", OrganizationId = expertOrganization };
        var proposal = new Proposal { Id = 9102, Acronym = "P", Partners = [new ProposalPartner { OrganizationId = partner, IsCoordinator = true, Status = PartnerStatus.Accepted }] };
        return (await Conflicts.DetectAsync(db, [expert], [proposal], DateTimeOffset.UtcNow, CancellationToken.None)).Any(9101, 9102);
    });

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex AntiforgeryToken();

    [Theory]
    [InlineData("type")]
    [InlineData("nutsCode")]
    [InlineData("membership")]
    public async Task The_edit_page_shows_a_field_message_to_a_member_admin_changing_a_staff_field_and_stores_nothing(string field)
    {
        var id = await App.AddOrganizationAsync("Page Rights " + field, OrganizationType.Sme, "BE332");
        var before = await StoredAsync(id);
        var (email, password) = await App.CreateUserAsync(Roles.MemberAdmin, id);
        var client = await App.PageClientAsync(email, password, "en");
        var page = await client.GetStringAsync($"/organizations/{id}/edit", Ct);
        Assert.Contains("Only cluster staff can change the type", page);
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value,
            ["Input.Version"] = before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Name"] = before.Name,
            ["Input.Type"] = field == "type" ? "LargeCompany" : "Sme",
            ["Input.NutsCode"] = field == "nutsCode" ? "BE310" : "BE332",
            ["Input.DescriptionEn"] = "Must not be stored.",
        };
        if (field == "membership") form["Input.Membership"] = "Active";

        var response = await client.PostAsync($"/organizations/{id}/edit", new FormUrlEncodedContent(form), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Only cluster staff can change this field.", html);
        if (field != "membership") Assert.Contains($"id=\"err-{field}\"", html); // membership is not a field of a member admin's form: the summary says it
        var after = await StoredAsync(id);
        Assert.Equal(before.Version, after.Version);
        Assert.Null(after.DescriptionEn);
    }
}

public sealed class SqliteOrganizationFieldRightsTests(SqliteAppFixture fixture) : OrganizationFieldRightsContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresOrganizationFieldRightsTests(PostgresAppFixture fixture) : OrganizationFieldRightsContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}
