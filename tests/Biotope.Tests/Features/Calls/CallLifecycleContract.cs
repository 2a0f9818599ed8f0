using System.Net;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Calls;

/// <summary>
/// The whole life of a call, through the API, identically on SQLite and PostgreSQL: call, consortium, an ineligible
/// then eligible proposal, submission, a refused late submission, assignment, reviews, consensus, ranking,
/// decisions and letters, appeal, project, progress report.
/// </summary>
public abstract class CallLifecycleContract
{
    protected abstract Task<TestApp> StartAsync(FakeClock clock);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_call_runs_from_proposal_to_funded_project()
    {
        var clock = new FakeClock(Utc("2026-03-01T08:00:00Z"));
        await using var app = await StartAsync(clock);
        var staff = await app.ClientAsAsync(Roles.ClusterStaff);

        // The call: Brussels wall-clock times; the deadline falls after the switch to summer time (29 March).
        var call = await staff.PostJsonAsync("/api/v1/calls", CallsKit.CallBody("2026-03-02T09:00", "2026-03-30T12:00"), HttpStatusCode.Created);
        var callId = call.GetProperty("id").GetInt32();
        Assert.Equal(Utc("2026-03-30T10:00:00Z"), call.GetProperty("closesAt").GetDateTimeOffset());
        Assert.Equal(Utc("2026-03-02T08:00:00Z"), call.GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal("upcoming", call.GetProperty("phase").GetString());
        var criteria = call.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToArray();

        // The consortium: an SME coordinates, with a large company and two universities of the demo directory.
        var sme = await app.AddOrganizationAsync("Biocell Wallonie", OrganizationType.Sme, "BE332");
        var large = await app.AddOrganizationAsync("PharmaGrande", OrganizationType.LargeCompany, "BE310");
        var uliege = await app.IdOfAsync("uliege");
        var ulb = await app.IdOfAsync("ulb");
        var coordinator = await app.ClientAsAsync(Roles.Member, sme);

        await coordinator.PostJsonAsync($"/api/v1/calls/{callId}/proposals", CallsKit.Content("EARLY"), HttpStatusCode.Conflict);
        clock.Set(Utc("2026-03-10T09:00:00Z"));
        var created = await coordinator.PostJsonAsync($"/api/v1/calls/{callId}/proposals", new { acronym = "CELLMAB" }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();

        // Ineligible at first, each rule saying why; submitting is refused with the failed rules.
        var report = await coordinator.GetJsonAsync($"/api/v1/proposals/{id}/eligibility");
        Assert.False(report.GetProperty("eligible").GetBoolean());
        var failed = report.GetProperty("rules").EnumerateArray().Where(r => !r.GetProperty("passed").GetBoolean()).Select(r => r.GetProperty("rule").GetString()).ToList();
        Assert.Contains("content", failed);
        Assert.Contains("partners.min", failed);
        Assert.Contains("partners.kind.3", failed);
        Assert.Contains("documents", failed);
        var refused = await coordinator.PostCurrentAsync($"/api/v1/proposals/{id}/submit", null, HttpStatusCode.Conflict);
        Assert.Contains("partners.min", refused.GetProperty("failedRules").EnumerateArray().Select(r => r.GetString()));

        // Content with an ETag; a stale write is refused.
        var etag = created.GetProperty("version").GetInt32();
        await coordinator.PutJsonAsync($"/api/v1/proposals/{id}", Merge(CallsKit.Content("CELLMAB"), ("version", etag)));
        await coordinator.PutJsonAsync($"/api/v1/proposals/{id}", Merge(CallsKit.Content("CELLMAB"), ("version", etag)), HttpStatusCode.Conflict);

        // Invitations: the partners' member admins answer; a plain member of the partner cannot.
        var admins = new Dictionary<int, HttpClient>();
        foreach (var partner in new[] { large, uliege, ulb }) admins[partner] = await app.ClientAsAsync(Roles.MemberAdmin, partner);
        foreach (var partner in new[] { large, uliege, ulb }) await coordinator.PostCurrentAsync($"/api/v1/proposals/{id}/partners", new { organizationId = partner });
        var largeMember = await app.ClientAsAsync(Roles.Member, large);
        await largeMember.PostJsonAsync($"/api/v1/proposals/{id}/partners/{large}/accept", null, HttpStatusCode.Forbidden);
        foreach (var partner in new[] { large, uliege, ulb }) await admins[partner].PostJsonAsync($"/api/v1/proposals/{id}/partners/{partner}/accept", null);
        var invitations = await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.Kind == "invitation"));
        Assert.True(invitations >= 3, $"one invitation per partner's member admin, got {invitations}");
        Assert.True(await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.Subject.Contains("CELLMAB"))));

        // Budgets to the cent: overhead on direct costs but subcontracting; funding at each kind's rate.
        var withBudget = await coordinator.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{sme}/budget", CallsKit.BudgetBody(100_000.10m, 20_000m, 7m, subcontracting: 5_000m, hires: 2));
        var smeLine = withBudget.GetProperty("partners").EnumerateArray().Single(p => p.GetProperty("organizationId").GetInt32() == sme);
        Assert.Equal(8_400.01m, smeLine.GetProperty("overhead").GetDecimal()); // 7% of 120,000.10 = 8,400.007
        Assert.Equal(133_400.11m, smeLine.GetProperty("total").GetDecimal());
        Assert.Equal(93_380.08m, smeLine.GetProperty("requestedFunding").GetDecimal()); // 70% of 133,400.11 = 93,380.077
        await coordinator.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{large}/budget", CallsKit.BudgetBody(200_000m), HttpStatusCode.OK);
        var uliegeAdmin = admins[uliege];
        await uliegeAdmin.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{uliege}/budget", CallsKit.BudgetBody(150_000m));
        await uliegeAdmin.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{ulb}/budget", CallsKit.BudgetBody(1m), HttpStatusCode.Forbidden);
        await coordinator.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{ulb}/budget", CallsKit.BudgetBody(-5m), HttpStatusCode.BadRequest);
        var full = await coordinator.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{ulb}/budget", CallsKit.BudgetBody(90_000.55m));
        Assert.Equal(93_380.08m + 100_000m + 150_000m + 90_000.55m, full.GetProperty("budget").GetProperty("requestedFunding").GetDecimal());

        // A document that is not a PDF is refused by its content; the real PDF satisfies the last rule.
        await coordinator.UploadPdfAsync(id, "not a pdf at all"u8.ToArray(), "Consortium commitment letter", HttpStatusCode.BadRequest);
        await coordinator.UploadPdfAsync(id, CallsKit.TinyPdf, "Consortium commitment letter", HttpStatusCode.Created);
        report = await coordinator.GetJsonAsync($"/api/v1/proposals/{id}/eligibility");
        Assert.True(report.GetProperty("eligible").GetBoolean(), report.ToString());

        var submitted = await coordinator.PostCurrentAsync($"/api/v1/proposals/{id}/submit", null);
        Assert.Equal("Submitted", submitted.GetProperty("status").GetString());
        await coordinator.PutJsonAsync($"/api/v1/proposals/{id}", Merge(CallsKit.Content("CHANGED"), ("version", submitted.GetProperty("version").GetInt32())), HttpStatusCode.Conflict);
        Assert.True(await app.WithDbAsync(db => db.Notifications.AnyAsync(n => n.Kind == "submission-receipt")));

        // A second proposal, coordinated by the large company; a third that misses the deadline.
        var second = await SubmitSecondProposalAsync(app, coordinator, callId, large, sme, uliege, ulb);
        var late = (await coordinator.PostJsonAsync($"/api/v1/calls/{callId}/proposals", CallsKit.Content("LATE"), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        clock.Set(Utc("2026-03-30T10:00:00Z"));
        var lateRefusal = await coordinator.PostCurrentAsync($"/api/v1/proposals/{late}/submit", null, HttpStatusCode.Conflict);
        // No Accept-Language: French, the default; the code stays the same in every language.
        Assert.Equal("proposal.submit.deadline-passed", lateRefusal.GetProperty("code").GetString());
        Assert.Contains("30 mars 2026 à 12:00", lateRefusal.GetProperty("detail").GetString());
        Assert.Equal(Utc("2026-03-30T10:00:00Z"), lateRefusal.GetProperty("deadline").GetDateTimeOffset());

        // The demo expert takes no part here: only the four experts below are active.
        await app.WithDbAsync(db => db.Experts.ExecuteUpdateAsync(e => e.SetProperty(x => x.Active, false)));
        // Experts: the one from ULiège is in conflict with both proposals; assignment is optimal and conflict-free.
        var (expertA, expertAId) = await app.AddExpertAsync(staff, "Expert A", null, ["monoclonal-antibodies", "cell-therapy"], ["bioprocess"]);
        var (expertB, expertBId) = await app.AddExpertAsync(staff, "Expert B", null, ["cell-therapy"], ["immunology"]);
        var (_, expertCId) = await app.AddExpertAsync(staff, "Expert C", null, ["proton-therapy"], []);
        var (expertD, expertDId) = await app.AddExpertAsync(staff, "Expert D from ULiège", uliege, ["monoclonal-antibodies", "cell-therapy"], ["bioprocess", "immunology"]);
        var conflicts = await staff.GetJsonAsync($"/api/v1/calls/{callId}/conflicts");
        Assert.Contains(conflicts.EnumerateArray(), c => c.GetProperty("expertId").GetInt32() == expertDId && c.GetProperty("type").GetString() == "SameOrganization" && c.GetProperty("proposalId").GetInt32() == id);
        var assignment = await staff.PostJsonAsync($"/api/v1/calls/{callId}/assignment", null);
        Assert.True(assignment.GetProperty("complete").GetBoolean(), assignment.ToString());
        var assigned = assignment.GetProperty("proposals").EnumerateArray().ToDictionary(p => p.GetProperty("proposalId").GetInt32(), p => p.GetProperty("experts").EnumerateArray().Select(e => e.GetProperty("expertId").GetInt32()).OrderBy(x => x).ToArray());
        Assert.Equal([expertAId, expertBId], assigned[id]);
        Assert.Equal([expertAId, expertBId], assigned[second]);
        Assert.DoesNotContain(assigned.Values.SelectMany(x => x), e => e == expertDId || e == expertCId);

        // Experts see only what is assigned to them; others get 404, as if the proposal did not exist.
        await expertA.GetJsonAsync($"/api/v1/proposals/{id}");
        await expertD.GetJsonAsync($"/api/v1/proposals/{id}", HttpStatusCode.NotFound);
        await expertA.GetJsonAsync($"/api/v1/proposals/{id}/reviews", HttpStatusCode.Forbidden);
        await expertA.PostJsonAsync($"/api/v1/proposals/{id}/review/submit", Review(criteria, 4, 4, 4, comment: ""), HttpStatusCode.BadRequest);
        await expertA.PostJsonAsync($"/api/v1/proposals/{id}/review/submit", Review(criteria, 9, 4, 4), HttpStatusCode.BadRequest);
        await expertA.PostJsonAsync($"/api/v1/proposals/{id}/review/submit", Review(criteria, 5, 4, 4));
        var draftB = await expertB.PutJsonAsync($"/api/v1/proposals/{id}/review", Review(criteria, 4, 4, 3));
        var seenByA = await expertA.GetJsonAsync($"/api/v1/proposals/{id}/reviews");
        Assert.Single(seenByA.EnumerateArray()); // B's review is still a draft
        // Once the draft exists, submitting it names the version read (ADR 024).
        await expertB.PostJsonAsync($"/api/v1/proposals/{id}/review/submit", Review(criteria, 4, 4, 3), HttpStatusCode.PreconditionRequired);
        await expertB.PostJsonAsync($"/api/v1/proposals/{id}/review/submit", Merge(Review(criteria, 4, 4, 3), ("version", draftB.GetProperty("version").GetInt32())));
        seenByA = await expertA.GetJsonAsync($"/api/v1/proposals/{id}/reviews");
        Assert.Equal(2, seenByA.GetArrayLength());
        Assert.DoesNotContain("Expert B", seenByA.ToString());
        await expertA.PostJsonAsync($"/api/v1/proposals/{second}/review/submit", Review(criteria, 3, 2, 4));
        await expertB.PostJsonAsync($"/api/v1/proposals/{second}/review/submit", Review(criteria, 4, 2, 4));

        // Consensus and ranking: the second fails the innovation threshold.
        await staff.PutJsonAsync($"/api/v1/proposals/{id}/consensus", Review(criteria, 4.5m, 4, 3.5m));
        await staff.PutJsonAsync($"/api/v1/proposals/{second}/consensus", Review(criteria, 3.5m, 2, 4));
        var ranking = await staff.GetJsonAsync($"/api/v1/calls/{callId}/ranking");
        var rows = ranking.EnumerateArray().ToList();
        Assert.Equal(id, rows[0].GetProperty("proposalId").GetInt32());
        Assert.Equal(4.08m, rows[0].GetProperty("weightedTotal").GetDecimal()); // (4.5·40 + 4·35 + 3.5·25) / 100 = 4.075
        Assert.True(rows[0].GetProperty("passed").GetBoolean());
        Assert.False(rows[1].GetProperty("passed").GetBoolean());
        Assert.Equal(["Innovation"], rows[1].GetProperty("failedCriteria").EnumerateArray().Select(c => c.GetString()!).ToArray());
        await coordinator.GetJsonAsync($"/api/v1/calls/{callId}/ranking", HttpStatusCode.Forbidden);

        // Decisions, letters in both languages that name no reviewer, one appeal.
        var labelled = await staff.PostCurrentAsync($"/api/v1/proposals/{id}/decision", new { outcome = "Labelled", note = "Congratulations." });
        var projectId = labelled.GetProperty("projectId").GetInt32();
        await staff.PostCurrentAsync($"/api/v1/proposals/{second}/decision", new { outcome = "NotLabelled" });
        var letterFr = await coordinator.GetJsonAsync($"/api/v1/proposals/{id}/letter?language=fr");
        Assert.Contains("est labellisé", string.Join(" ", letterFr.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString())));
        var secondCoordinator = await app.ClientAsAsync(Roles.Member, large);
        var letterEn = await secondCoordinator.GetJsonAsync($"/api/v1/proposals/{second}/letter?language=en");
        Assert.Contains("not labelled", letterEn.ToString());
        Assert.Contains("Innovation", letterEn.ToString());
        foreach (var name in new[] { "Expert A", "Expert B", "Expert C", "Expert D" })
        {
            Assert.DoesNotContain(name, letterFr.ToString());
            Assert.DoesNotContain(name, letterEn.ToString());
        }
        await secondCoordinator.PostCurrentAsync($"/api/v1/proposals/{second}/appeal", new { reason = "" }, HttpStatusCode.BadRequest);
        await secondCoordinator.PostCurrentAsync($"/api/v1/proposals/{second}/appeal", new { reason = "The innovation score ignores our patent." });
        await secondCoordinator.PostCurrentAsync($"/api/v1/proposals/{second}/appeal", new { reason = "Again." }, HttpStatusCode.Conflict);
        var appealed = await staff.PostCurrentAsync($"/api/v1/proposals/{second}/appeal/decision", new { outcome = "Rejected", note = "The score stands." });
        Assert.Equal("Rejected", appealed.GetProperty("appealOutcome").GetString());

        // The labelled proposal is now a project of the portfolio, with its consortium and funding; the coordinator reports progress.
        var project = await staff.GetJsonAsync($"/api/v1/projects/{projectId}");
        Assert.Equal("CELLMAB", project.GetProperty("acronym").GetString());
        Assert.Equal(4, project.GetProperty("partners").GetArrayLength());
        await coordinator.PostJsonAsync($"/api/v1/projects/{projectId}/reports", new
        {
            periodStart = "2026-06-01",
            periodEnd = "2026-11-30",
            narrative = "The pilot batch is done.",
            spend = new[] { new { organizationId = sme, amount = 40_000.25m } },
        }, HttpStatusCode.Created);
        var reports = await coordinator.GetJsonAsync($"/api/v1/projects/{projectId}/reports");
        Assert.Equal(1, reports.GetProperty("items").GetArrayLength());
        Assert.Equal(40_000.25m, reports.GetProperty("items")[0].GetProperty("totalSpend").GetDecimal());
    }

    private static async Task<int> SubmitSecondProposalAsync(TestApp app, HttpClient smeClient, int callId, int large, int sme, int uliege, int ulb)
    {
        var client = await app.ClientAsAsync(Roles.MemberAdmin, large);
        var id = (await client.PostJsonAsync($"/api/v1/calls/{callId}/proposals", CallsKit.Content("SECOND", 30), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        foreach (var partner in new[] { sme, uliege, ulb })
        {
            await client.PostCurrentAsync($"/api/v1/proposals/{id}/partners", new { organizationId = partner });
            await (await app.ClientAsAsync(Roles.MemberAdmin, partner)).PostJsonAsync($"/api/v1/proposals/{id}/partners/{partner}/accept", null);
        }
        await client.PutCurrentAsync($"/api/v1/proposals/{id}/partners/{large}/budget", CallsKit.BudgetBody(300_000m));
        await client.UploadPdfAsync(id, CallsKit.TinyPdf, "Consortium commitment letter", HttpStatusCode.Created);
        await client.PostCurrentAsync($"/api/v1/proposals/{id}/submit", null);
        _ = smeClient;
        return id;
    }

    private static object Review(int[] criteria, decimal a, decimal b, decimal c, string comment = "Well argued.") => new
    {
        scores = new[] { new { criterionId = criteria[0], score = a, comment }, new { criterionId = criteria[1], score = b, comment }, new { criterionId = criteria[2], score = c, comment } },
        overallComment = "Overall fine.",
    };

    private static Dictionary<string, object?> Merge(object body, params (string Key, object? Value)[] extra)
    {
        var dictionary = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(body, CallsKit.Json), CallsKit.Json)!;
        foreach (var (key, value) in extra) dictionary[key] = value;
        return dictionary;
    }
}

public sealed class SqliteCallLifecycleTests : CallLifecycleContract
{
    protected override Task<TestApp> StartAsync(FakeClock clock) => TestApp.StartSqliteAsync(clock: clock);
}

public sealed class PostgresCallLifecycleTests(PostgresServer server) : CallLifecycleContract
{
    protected override Task<TestApp> StartAsync(FakeClock clock)
    {
        server.RequireOrSkip();
        return TestApp.StartPostgresAsync(server, seedDemo: true, clock: clock);
    }
}
