using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Biotope.Features.Accounts;
using Biotope.Features.Demo;
using Biotope.Features.Organizations;
using Biotope.Tests.Features.Calls;
using Biotope.Tests.Features.Notifications;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Accounts.Access;

/// <summary>
/// The demo database the matrix runs on, with one person per role and the ids that fill the routes. The people:
/// the researcher (member of UMons, a partner of NEUROPET), IBA's member admin (coordinator of the demo proposals),
/// ULiège's member admin (invited to NEUROPET, not accepted yet: the invited partner), the demo expert, manager,
/// trainer, staff and administrator. Every resource is one that the role's person owns or manages where the rule is
/// about owners: the researcher's booking, feed, token and notification; the manager's platform; the trainer's session.
/// </summary>
public sealed partial class AccessWorld : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;
    public JsonNode OpenApi { get; private set; } = null!;
    public Dictionary<Role, HttpClient> Api { get; } = [];
    public Dictionary<Role, HttpClient> Pages { get; } = [];
    private readonly Dictionary<string, string> ids = new(StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlyDictionary<Role, (string? Email, string Title)> People = new Dictionary<Role, (string?, string)>
    {
        [Role.Visitor] = (null, "visitor"),
        [Role.Member] = (DemoAccounts.ResearcherEmail, "member"),
        [Role.MemberAdmin] = (DemoAccounts.CompanyAdminEmail, "member admin"),
        [Role.InvitedPartner] = (DemoAccounts.MemberAdminEmail, "invited partner"),
        [Role.Expert] = (DemoAccounts.ExpertEmail, "expert"),
        [Role.PlatformManager] = (DemoAccounts.ManagerEmail, "platform manager"),
        [Role.Trainer] = (DemoAccounts.TrainerEmail, "trainer"),
        [Role.Staff] = (DemoAccounts.StaffEmail, "staff"),
        [Role.Administrator] = (DemoAccounts.AdminEmail, "administrator"),
    };

    public async ValueTask InitializeAsync()
    {
        App = await TestApp.StartSqliteAsync();
        OpenApi = JsonNode.Parse(await App.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken))!;
        foreach (var (role, (email, _)) in People)
        {
            Api[role] = email is null ? App.NewClient() : App.NewClient(await TokenAsync(email));
            Pages[role] = await PageClientAsync(email);
        }
        await FindIdsAsync();
    }

    private async Task<string> TokenAsync(string email)
    {
        using var response = await App.Client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = TestApp.DemoPassword }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["accessToken"]!;
    }

    /// <summary>A page client that does not follow redirects (a refusal is a redirect), signed in through the form.</summary>
    private async Task<HttpClient> PageClientAsync(string? email)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(App.BaseUrl) };
        if (email is null) return client;
        var form = await client.GetStringAsync("/account/login", TestContext.Current.CancellationToken);
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
            ["Email"] = email,
            ["Password"] = TestApp.DemoPassword,
            ["ReturnUrl"] = "/",
        }), TestContext.Current.CancellationToken);
        Assert.True(cookies.GetCookies(new Uri(App.BaseUrl))["biotope.auth"] is not null, $"{email} could not sign in");
        return client;
    }

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)""")]
    private static partial Regex AntiforgeryToken();

    private async Task FindIdsAsync()
    {
        string Text(object id) => Convert.ToString(id, CultureInfo.InvariantCulture)!;
        var users = await App.WithDbAsync(db => db.Users.ToDictionaryAsync(u => u.Email!, u => u.Id));
        var researcher = users[DemoAccounts.ResearcherEmail];
        var manager = users[DemoAccounts.ManagerEmail];
        var trainer = users[DemoAccounts.TrainerEmail];
        var expertUser = users[DemoAccounts.ExpertEmail];
        await App.WithDbAsync<int>(async db =>
        {
            var neuropet = await db.Proposals.SingleAsync(p => p.Acronym == DemoJourneys.DraftAcronym);
            var iba = await db.Organizations.SingleAsync(o => o.Slug == DemoAccounts.CompanyAdminOrganizationSlug);
            var uliege = await db.Organizations.SingleAsync(o => o.Slug == DemoAccounts.MemberAdminOrganizationSlug);
            ids["calls"] = ids["callId"] = Text(neuropet.CallId);
            ids["proposals"] = ids["proposalId"] = Text(neuropet.Id);
            ids["organizationId"] = Text(uliege.Id);
            ids["organizations"] = Text(iba.Id);
            var expert = await db.Experts.SingleAsync(e => e.UserId == expertUser);
            ids["experts"] = ids["expertId"] = Text(expert.Id);
            var labelled = await db.Proposals.SingleAsync(p => p.Acronym == DemoJourneys.LabelledAcronym);
            ids["decidedProposal"] = Text(labelled.Id);
            // RADIOTRACE, submitted in the call under evaluation, is given to the demo expert to review.
            var reviewed = await db.Proposals.SingleAsync(p => p.Acronym == DemoJourneys.EligibleAcronym);
            ids["reviewedProposal"] = Text(reviewed.Id);
            if (!await db.ReviewAssignments.AnyAsync(a => a.ProposalId == reviewed.Id && a.ExpertId == expert.Id))
                db.ReviewAssignments.Add(new Biotope.Features.Calls.ReviewAssignment { CallId = reviewed.CallId, ProposalId = reviewed.Id, ExpertId = expert.Id, AssignedAt = DateTimeOffset.UtcNow });
            var project = await db.Projects.SingleAsync(p => p.Id == labelled.ProjectId);
            ids["projects"] = Text(project.Id);
            ids["projectSlug"] = project.Slug;
            ids["milestoneId"] = Text(await NeedAsync(db.ProjectMilestones.Where(m => m.ProjectId == project.Id).Select(m => m.Id), "ProjectMilestones"));
            ids["researcherId"] = Text(await NeedAsync(db.ProjectResearchers.Where(m => m.ProjectId == project.Id).Select(m => m.Id), "ProjectResearchers"));
            ids["outputId"] = Text(await NeedAsync(db.ProjectOutputs.Where(m => m.ProjectId == project.Id).Select(m => m.Id), "ProjectOutputs"));
            // The manager's platform where the researcher has asked for a service (it has offerings and equipment too).
            var managed = db.PlatformManagers.Where(m => m.UserId == manager).Select(m => m.PlatformId);
            var platform = await db.ServiceRequests.Where(r => r.RequesterUserId == researcher && managed.Contains(r.PlatformId)).Select(r => (int?)r.PlatformId).MinAsync()
                ?? throw new InvalidOperationException("The demo data has no service request of the researcher on the manager's platforms.");
            ids["platforms"] = Text(platform);
            ids["platformSlug"] = await db.Platforms.Where(p => p.Id == platform).Select(p => p.Slug).SingleAsync();
            var offering = await NeedAsync(db.ServiceOfferings.Where(o => o.PlatformId == platform).Select(o => o.Id), "ServiceOfferings");
            ids["services"] = ids["offeringId"] = Text(offering);
            // The researcher's latest booking on one of the manager's instruments (one still to come), and that instrument.
            var managedEquipment = db.Equipment.Where(e => managed.Contains(e.PlatformId)).Select(e => e.Id);
            var booking = await NeedAsync(db.Bookings.Where(b => b.UserId == researcher && managedEquipment.Contains(b.EquipmentId)).Select(b => -b.Id), "Bookings");
            ids["bookings"] = Text(-booking);
            var equipment = await db.Bookings.Where(b => b.Id == -booking).Select(b => b.EquipmentId).SingleAsync();
            ids["equipment"] = Text(equipment);
            var closure = new Biotope.Features.Platforms.Closure { EquipmentId = equipment, StartsAt = DateTimeOffset.UtcNow.AddDays(60), EndsAt = DateTimeOffset.UtcNow.AddDays(61), Reason = "Matrix" };
            db.Closures.Add(closure);
            ids["service-requests"] = Text(await NeedAsync(db.ServiceRequests.Where(r => r.RequesterUserId == researcher && r.PlatformId == platform).Select(r => r.Id), "ServiceRequests"));
            var session = await NeedAsync(db.TrainingSessions.Where(s => s.TrainerUserId == trainer).Select(s => s.Id), "TrainingSessions");
            ids["sessions"] = Text(session);
            var module = await db.TrainingSessions.Where(s => s.Id == session).Select(s => s.ModuleId).SingleAsync();
            ids["modules"] = Text(module);
            ids["moduleSlug"] = await db.TrainingModules.Where(m => m.Id == module).Select(m => m.Slug).SingleAsync();
            // The demo data issues no certificate: the researcher gets one for the trainer's module.
            var certificate = new Biotope.Features.Platforms.Certificate { UserId = researcher, ModuleId = module, IssuedOn = new DateOnly(2026, 1, 5) };
            db.Add(certificate);
            await db.SaveChangesAsync();
            ids["certificates"] = Text(certificate.Id);
            ids["notifications"] = Text(await NeedAsync(db.Notifications.Where(n => n.UserId == researcher).Select(n => n.Id), "Notifications"));
            ids["outbox"] = Text(await NeedAsync(db.Outbox.Select(m => m.Id), "Outbox"));
            // A relation ULiège proposes to IBA: IBA's member admin (or staff) confirms or declines it.
            var relation = new OrganizationRelation { FromOrganizationId = uliege.Id, ToOrganizationId = iba.Id, Kind = RelationKind.PartOf, Status = RelationStatus.Proposed };
            db.OrganizationRelations.Add(relation);
            await db.SaveChangesAsync();
            ids["relationId"] = Text(relation.Id);
            ids["personId"] = Text(await NeedAsync(db.People.Where(p => p.UserId == users[DemoAccounts.CompanyAdminEmail]).Select(p => p.Id), "People linked to IBA's member admin"));
            // Someone who signed up and confirmed the address, asking to join IBA.
            var joiner = new AppUser { UserName = "joiner@matrix.test", NormalizedUserName = "JOINER@MATRIX.TEST", Email = "joiner@matrix.test", NormalizedEmail = "JOINER@MATRIX.TEST", EmailConfirmed = true, SecurityStamp = Guid.NewGuid().ToString("N") };
            db.Users.Add(joiner);
            var request = new Biotope.Features.Accounts.SignUp.JoinRequest { UserId = joiner.Id, OrganizationId = iba.Id, CreatedAt = DateTimeOffset.UtcNow };
            db.JoinRequests.Add(request);
            await db.SaveChangesAsync();
            ids["join-requests"] = Text(request.Id);
            ids["closureId"] = Text(closure.Id);
            return 0;
        });
        ids["status"] = "404";
        // An account that staff erase on request.
        var (erasedEmail, _) = await App.CreateUserAsync(Roles.Member, int.Parse(ids["organizationId"], CultureInfo.InvariantCulture));
        ids["userId"] = await App.UserIdAsync(erasedEmail);
        // What the researcher owns through the API: a calendar feed (its address carries the token), a personal token.
        var member = Api[Role.Member];
        var feed = await member.PostJsonAsync("/api/v1/calendar-feeds", new { scope = "User" }, HttpStatusCode.Created);
        ids["calendar-feeds"] = Text(feed.GetProperty("id").GetInt64());
        ids["token"] = FeedToken().Match(feed.GetProperty("url").GetString()!).Groups[1].Value;
        var token = await member.PostJsonAsync("/api/v1/me/tokens", new { name = "matrix", scope = "Read", expiresInDays = 30 }, HttpStatusCode.Created);
        ids["tokens"] = Text(token.GetProperty("id").GetInt64());
        // A second draft of IBA's in the open call, to which ULiège is invited too: its invitation is the one declined.
        var spare = await Api[Role.MemberAdmin].PostJsonAsync($"/api/v1/calls/{ids["calls"]}/proposals", CallsKit.Content("MATRIX"), HttpStatusCode.Created);
        ids["spareProposal"] = Text(spare.GetProperty("id").GetInt32());
        await Api[Role.MemberAdmin].PostCurrentAsync($"/api/v1/proposals/{ids["spareProposal"]}/partners", new { organizationId = int.Parse(ids["organizationId"], CultureInfo.InvariantCulture) });
        // A document on NEUROPET, put there by its coordinator.
        var attachment = await Api[Role.MemberAdmin].UploadPdfAsync(int.Parse(ids["proposals"], CultureInfo.InvariantCulture), CallsKit.TinyPdf, null, HttpStatusCode.Created);
        ids["attachmentId"] = Text(attachment.GetProperty("id").GetInt32());
    }

    private static async Task<T> NeedAsync<T>(IQueryable<T> ids, string what) where T : struct =>
        await ids.Select(id => (T?)id).MinAsync() ?? throw new InvalidOperationException($"The access matrix needs a row of {what} in the demo data.");

    [GeneratedRegex(@"/calendars/([^/.]+)\.ics")]
    private static partial Regex FeedToken();

    /// <summary>
    /// The id a route parameter stands for: by its name ("organizationId"), or for "id" and "slug" by the segment before it
    /// ("/proposals/{id}" is NEUROPET, "/projects/{slug}" its project's slug).
    /// </summary>
    public string IdFor(string parameter, string? previousSegment)
    {
        var name = parameter.Split(':')[0];
        var key = name switch
        {
            "id" => previousSegment ?? name,
            "slug" => previousSegment switch { "projects" => "projectSlug", "training" => "moduleSlug", _ => "platformSlug" },
            _ => name,
        };
        return ids.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"The access matrix has no id for {{{parameter}}} after /{previousSegment}: add one in {nameof(AccessWorld)}.");
    }

    /// <summary>A path template with its parameters replaced by the world's ids.</summary>
    public string Fill(string template, string? id = null)
    {
        if (id is not null) template = template.Replace("{id}", ids[id], StringComparison.Ordinal).Replace("{id:int}", ids[id], StringComparison.Ordinal);
        var segments = template.Split('/');
        string? previous = null;
        for (var i = 0; i < segments.Length; i++)
        {
            var match = Parameter().Match(segments[i]);
            if (!match.Success) { previous = segments[i]; continue; }
            segments[i] = segments[i].Replace(match.Value, Uri.EscapeDataString(IdFor(match.Groups[1].Value, previous)), StringComparison.Ordinal);
        }
        return string.Join('/', segments);
    }

    /// <summary>A body with its $key placeholders replaced by the world's ids.</summary>
    public string FillBody(string body) => Placeholder().Replace(body, m => ids[m.Groups[1].Value]);

    [GeneratedRegex(@"\$([\w-]+)")]
    private static partial Regex Placeholder();

    /// <summary>A route parameter such as {id}, {id:int} or {token} (also inside a segment: "{token}.ics").</summary>
    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();

    /// <summary>A real id for a body field ("organizationId", "equipmentId"), for the schema sampler.</summary>
    public int? RealId(string field)
    {
        var key = field.EndsWith("Id", StringComparison.Ordinal) ? field[..^2] : field;
        var plural = key switch { "equipment" => "equipment", "organization" => "organizations", _ => key + "s" };
        foreach (var candidate in new[] { field, plural, key })
            if (ids.TryGetValue(candidate, out var value) && int.TryParse(value, CultureInfo.InvariantCulture, out var id)) return id;
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in Api.Values.Concat(Pages.Values)) client.Dispose();
        await App.DisposeAsync();
    }
}
