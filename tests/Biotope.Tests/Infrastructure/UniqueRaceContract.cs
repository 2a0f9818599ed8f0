using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Biotope.Features.Accounts;
using Biotope.Tests.Features.Calls;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Infrastructure;

/// <summary>
/// Two truly simultaneous first writes against a unique key (Concurrency.SaveAsync and UniqueViolationHandler): one wins,
/// the other gets a 409 with a <c>conflict.*</c> code, never a 500; on both databases, repeated.
/// </summary>
public abstract class UniqueRaceContract
{
    protected abstract TestApp App { get; }

    private const int Rounds = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Scores(int[] criteria) =>
        new { scores = criteria.Select(c => new { criterionId = c, score = 4m, comment = "Argued." }), overallComment = "Agreed." };

    private static async Task<(int CallId, int[] Criteria)> OpenCallAsync(HttpClient staff)
    {
        var call = await staff.PostJsonAsync("/api/v1/calls", CallsKit.CallBody("2020-01-01T09:00", "2099-12-31T12:00", reviewers: 1), HttpStatusCode.Created);
        return (call.GetProperty("id").GetInt32(), [.. call.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("id").GetInt32())]);
    }

    /// <summary>Sends the requests at the same instant: each waits on one gate, opened once all are ready.</summary>
    private static async Task<(HttpStatusCode Status, string Body)[]> AtOnceAsync(params Func<Task<HttpResponseMessage>>[] sends)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = sends.Select(async send =>
        {
            await gate.Task;
            using var response = await send();
            return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        }).ToArray();
        gate.SetResult();
        return await Task.WhenAll(running);
    }

    private static void AssertOneWinnerOneConflict((HttpStatusCode Status, string Body)[] results)
    {
        var summary = string.Join(" | ", results.Select(r => $"{(int)r.Status} {r.Body}"));
        Assert.DoesNotContain(results, r => (int)r.Status >= 500);
        Assert.Single(results, r => r.Status is HttpStatusCode.OK or HttpStatusCode.Created);
        var loser = Assert.Single(results, r => r.Status == HttpStatusCode.Conflict);
        Assert.StartsWith("conflict.", JsonDocument.Parse(loser.Body).RootElement.GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.True(results.Length == 2, summary);
    }

    [Fact]
    public async Task Two_first_consensuses_at_once_give_one_success_and_one_conflict()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var other = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, criteria) = await OpenCallAsync(staff);
        for (var round = 0; round < Rounds; round++)
        {
            var proposal = await CallsKit.SubmittedProposalAsync(App, callId, $"RACE{round}C");
            var url = $"/api/v1/proposals/{proposal}/consensus";
            AssertOneWinnerOneConflict(await AtOnceAsync(
                () => staff.PutAsJsonAsync(url, Scores(criteria), Ct),
                () => other.PutAsJsonAsync(url, Scores(criteria), Ct)));
            Assert.Equal(1, await App.WithDbAsync(db => db.Consensuses.CountAsync(c => c.ProposalId == proposal, Ct)));
        }
    }

    [Fact]
    public async Task Two_first_reviews_at_once_store_one_review_and_never_fail()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, criteria) = await OpenCallAsync(staff);
        var (expert, expertId) = await App.AddExpertAsync(staff, "Racing expert", null, ["cell-therapy"], []);
        var proposals = new List<int>();
        for (var round = 0; round < Rounds; round++)
        {
            var proposal = await CallsKit.SubmittedProposalAsync(App, callId, $"RACE{round}R");
            await staff.PutCurrentAsync($"/api/v1/calls/{callId}/assignment/overrides", new { proposalId = proposal, expertId, kind = "Pin" }, HttpStatusCode.NoContent);
            proposals.Add(proposal);
        }
        await staff.PostJsonAsync($"/api/v1/calls/{callId}/assignment", null);
        foreach (var proposal in proposals)
        {
            var url = $"/api/v1/proposals/{proposal}/review";
            var results = await AtOnceAsync(
                () => expert.PutAsJsonAsync(url, Scores(criteria), Ct),
                () => expert.PutAsJsonAsync(url, Scores(criteria), Ct));
            // A draft's first save has no version; once it exists, a save names the version it read (ADR 024): the later of two
            // first saves is told (a 409 for the key, a 428 for the version), never overwrites, and the race is never a 500.
            Assert.All(results, r => Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.PreconditionRequired, $"{(int)r.Status} {r.Body}"));
            Assert.Single(results, r => r.Status == HttpStatusCode.OK);
            Assert.Equal(1, await App.WithDbAsync(db => db.Reviews.CountAsync(r => r.ProposalId == proposal, Ct)));
        }
    }

    [Fact]
    public async Task Two_assignment_runs_at_once_never_fail_and_store_each_pair_once()
    {
        var staff = await App.ClientAsAsync(Roles.ClusterStaff);
        var other = await App.ClientAsAsync(Roles.ClusterStaff);
        var (callId, _) = await OpenCallAsync(staff);
        var proposal = await CallsKit.SubmittedProposalAsync(App, callId, "RACEA");
        var (_, expertId) = await App.AddExpertAsync(staff, "Assigned racer", null, ["cell-therapy"], []);
        await staff.PutCurrentAsync($"/api/v1/calls/{callId}/assignment/overrides", new { proposalId = proposal, expertId, kind = "Pin" }, HttpStatusCode.NoContent);
        var url = $"/api/v1/calls/{callId}/assignment";
        for (var round = 0; round < Rounds; round++)
        {
            // The first round inserts the pairs: the loser of the race is told; later rounds find them and keep them.
            var results = await AtOnceAsync(() => staff.PostAsync(url, null, Ct), () => other.PostAsync(url, null, Ct));
            Assert.All(results, r => Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)r.Status} {r.Body}"));
            Assert.Contains(results, r => r.Status == HttpStatusCode.OK);
            var pairs = await App.WithDbAsync(db => db.ReviewAssignments.Where(a => a.CallId == callId).Select(a => new { a.ProposalId, a.ExpertId }).ToListAsync(Ct));
            Assert.Equal(pairs.Count, pairs.Distinct().Count());
            Assert.Contains(pairs, p => p.ProposalId == proposal && p.ExpertId == expertId);
        }
    }
}

public sealed class SqliteUniqueRaceTests(SqliteAppFixture fixture) : UniqueRaceContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresUniqueRaceTests(PostgresAppFixture fixture) : UniqueRaceContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}
