using ServiceStatus = Biotope.Features.Platforms.ServiceRequestStatus;

namespace Biotope.Features.Platforms.Services;

/// <summary>What someone does to a service request; each has its own endpoint (see <see cref="ServiceTransitions.Route"/>).</summary>
public enum ServiceAction
{
    Quote,
    Accept,
    Decline,
    Withdraw,
    ReceiveSamples,
    Start,
    DeliverResults,
    Close,
}

/// <summary>Who may take a transition: the person who asked, or the platform (its bound managers and cluster staff).</summary>
[Flags]
public enum ServiceActor
{
    None = 0,
    Requester = 1,
    Manager = 2,
}

public sealed record ServiceTransition(ServiceStatus From, ServiceAction Action, ServiceActor Who, ServiceStatus To);

/// <summary>An action the current status allows, as the 409 problem and the request's DTO list it.</summary>
public sealed record AllowedAction(string Action, ServiceActor By);

/// <summary>The life of a service request: every allowed move, in one table.</summary>
public static class ServiceTransitions
{
    public static readonly IReadOnlyList<ServiceTransition> All =
    [
        new(ServiceStatus.Requested, ServiceAction.Quote, ServiceActor.Manager, ServiceStatus.Quoted),
        // A revised quote, until the requester accepts it.
        new(ServiceStatus.Quoted, ServiceAction.Quote, ServiceActor.Manager, ServiceStatus.Quoted),
        new(ServiceStatus.Quoted, ServiceAction.Accept, ServiceActor.Requester, ServiceStatus.Accepted),
        // The platform may decline until the work starts; the requester may withdraw until the samples are in.
        new(ServiceStatus.Requested, ServiceAction.Decline, ServiceActor.Manager, ServiceStatus.Cancelled),
        new(ServiceStatus.Quoted, ServiceAction.Decline, ServiceActor.Manager, ServiceStatus.Cancelled),
        new(ServiceStatus.Accepted, ServiceAction.Decline, ServiceActor.Manager, ServiceStatus.Cancelled),
        new(ServiceStatus.SamplesReceived, ServiceAction.Decline, ServiceActor.Manager, ServiceStatus.Cancelled),
        new(ServiceStatus.Requested, ServiceAction.Withdraw, ServiceActor.Requester, ServiceStatus.Cancelled),
        new(ServiceStatus.Quoted, ServiceAction.Withdraw, ServiceActor.Requester, ServiceStatus.Cancelled),
        new(ServiceStatus.Accepted, ServiceAction.Withdraw, ServiceActor.Requester, ServiceStatus.Cancelled),
        new(ServiceStatus.Accepted, ServiceAction.ReceiveSamples, ServiceActor.Manager, ServiceStatus.SamplesReceived),
        new(ServiceStatus.SamplesReceived, ServiceAction.Start, ServiceActor.Manager, ServiceStatus.InProgress),
        new(ServiceStatus.InProgress, ServiceAction.DeliverResults, ServiceActor.Manager, ServiceStatus.ResultsDelivered),
        new(ServiceStatus.ResultsDelivered, ServiceAction.Close, ServiceActor.Requester | ServiceActor.Manager, ServiceStatus.Closed),
    ];

    /// <summary>The statuses in which a request waits for the platform: a quote, the samples, the work, the results.</summary>
    public static readonly ServiceStatus[] AwaitingPlatform = [ServiceStatus.Requested, ServiceStatus.Accepted, ServiceStatus.SamplesReceived, ServiceStatus.InProgress];

    /// <summary>The platform's step forward from a status it is awaited in (declining aside).</summary>
    public static ServiceAction NextForPlatform(ServiceStatus from) =>
        AvailableTo(from, ServiceActor.Manager).Where(a => a != ServiceAction.Decline).DefaultIfEmpty(ServiceAction.Decline).First();

    /// <summary>The last segment of the action's endpoint: POST /api/v1/service-requests/{id}/{route}.</summary>
    public static string Route(ServiceAction action) => action switch
    {
        ServiceAction.ReceiveSamples => "samples-received",
        ServiceAction.DeliverResults => "results",
        _ => action.ToString().ToLowerInvariant(),
    };

    public static ServiceTransition? Find(ServiceStatus from, ServiceAction action) =>
        All.FirstOrDefault(t => t.From == from && t.Action == action);

    /// <summary>Whether this actor could ever take the action, whatever the status.</summary>
    public static bool EverAllowed(ServiceAction action, ServiceActor actor) => All.Any(t => t.Action == action && (t.Who & actor) != 0);

    /// <summary>Everything the status allows, to anyone.</summary>
    public static IReadOnlyList<AllowedAction> AllowedFrom(ServiceStatus from) =>
        [.. All.Where(t => t.From == from).Select(t => new AllowedAction(Route(t.Action), t.Who))];

    /// <summary>What this actor may do now.</summary>
    public static IReadOnlyList<ServiceAction> AvailableTo(ServiceStatus from, ServiceActor actor) =>
        [.. All.Where(t => t.From == from && (t.Who & actor) != 0).Select(t => t.Action).Distinct()];
}
