using Biotope.Features.Platforms;
using Biotope.Features.Platforms.Services;
using static Biotope.Tests.Features.Platforms.Services.ServicesKit;

namespace Biotope.Tests.Features.Platforms.Services;

/// <summary>Turnaround in working days, Brussels time: weekends skipped, due at 18:00 of the last day, across daylight-saving changes.</summary>
public sealed class WorkingDaysTests
{
    [Theory]
    [InlineData("2026-06-01T08:00:00Z", 5, "2026-06-08T16:00:00Z")] // Monday + 5 → next Monday, 18:00 CEST
    [InlineData("2026-06-05T13:00:00Z", 1, "2026-06-08T16:00:00Z")] // Friday + 1 → Monday
    [InlineData("2026-06-06T10:00:00Z", 1, "2026-06-08T16:00:00Z")] // received on a Saturday: Monday is the first working day
    [InlineData("2026-06-07T10:00:00Z", 5, "2026-06-12T16:00:00Z")] // Sunday + 5 → Friday
    [InlineData("2026-06-05T21:30:00Z", 1, "2026-06-08T16:00:00Z")] // 23:30 on Friday in Brussels is still Friday
    [InlineData("2026-06-04T22:30:00Z", 1, "2026-06-08T16:00:00Z")] // 00:30 on Friday in Brussels (still Thursday in UTC): Friday + 1 → Monday
    public void Results_are_due_at_18_00_in_Brussels_after_the_turnaround_in_working_days(string received, int days, string due)
        => Assert.Equal(Utc(due), WorkingDays.DueAt(Utc(received), days));

    [Fact]
    public void A_turnaround_across_the_autumn_change_ends_at_18_00_winter_time()
    {
        // Friday 23 October 2026 (CEST); the clocks go back on Sunday 25; Monday 26 at 18:00 CET is 17:00 UTC.
        Assert.Equal(Utc("2026-10-26T17:00:00Z"), WorkingDays.DueAt(Utc("2026-10-23T09:00:00Z"), 1));
    }

    [Theory]
    [InlineData("2026-06-03T08:30:00Z", "2026-06-03T15:00:00Z", 0)] // same day
    [InlineData("2026-06-05T13:00:00Z", "2026-06-08T07:00:00Z", 1)] // Friday → Monday
    [InlineData("2026-06-03T08:30:00Z", "2026-06-08T12:00:00Z", 3)] // Wednesday → Monday
    [InlineData("2026-06-01T08:00:00Z", "2026-06-15T08:00:00Z", 10)] // two weeks
    public void Actual_turnaround_counts_the_working_days_between_two_Brussels_dates(string from, string to, int expected) =>
        Assert.Equal(expected, WorkingDays.Between(Utc(from), Utc(to)));

    [Fact]
    public void The_transition_table_is_the_life_the_issue_describes()
    {
        // The straight path: each status has its next step.
        ServiceRequestStatus[] path = [ServiceRequestStatus.Requested, ServiceRequestStatus.Quoted, ServiceRequestStatus.Accepted, ServiceRequestStatus.SamplesReceived,
            ServiceRequestStatus.InProgress, ServiceRequestStatus.ResultsDelivered, ServiceRequestStatus.Closed];
        ServiceAction[] steps = [ServiceAction.Quote, ServiceAction.Accept, ServiceAction.ReceiveSamples, ServiceAction.Start, ServiceAction.DeliverResults, ServiceAction.Close];
        for (var i = 0; i < steps.Length; i++) Assert.Equal(path[i + 1], ServiceTransitions.Find(path[i], steps[i])?.To);

        // Withdrawn by the requester before the samples are in; declined by the platform before the work starts.
        Assert.Equal([ServiceRequestStatus.Requested, ServiceRequestStatus.Quoted, ServiceRequestStatus.Accepted],
            ServiceTransitions.All.Where(t => t.Action == ServiceAction.Withdraw).Select(t => t.From));
        Assert.Equal([ServiceRequestStatus.Requested, ServiceRequestStatus.Quoted, ServiceRequestStatus.Accepted, ServiceRequestStatus.SamplesReceived],
            ServiceTransitions.All.Where(t => t.Action == ServiceAction.Decline).Select(t => t.From));
        Assert.Empty(ServiceTransitions.AllowedFrom(ServiceRequestStatus.Closed));
        Assert.Empty(ServiceTransitions.AllowedFrom(ServiceRequestStatus.Cancelled));
        Assert.Equal([ServiceAction.Accept, ServiceAction.Withdraw], ServiceTransitions.AvailableTo(ServiceRequestStatus.Quoted, ServiceActor.Requester));
        Assert.Equal([ServiceAction.Close], ServiceTransitions.AvailableTo(ServiceRequestStatus.ResultsDelivered, ServiceActor.Requester));
        Assert.Equal([ServiceAction.Close], ServiceTransitions.AvailableTo(ServiceRequestStatus.ResultsDelivered, ServiceActor.Manager));
        Assert.All(Enum.GetValues<ServiceAction>(), a => Assert.Contains(ServiceTransitions.All, t => t.Action == a));
    }
}
