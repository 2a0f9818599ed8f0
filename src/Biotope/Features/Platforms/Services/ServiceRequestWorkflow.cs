using System.Linq.Expressions;
using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Notifications;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Biotope.Features.Platforms.Services;

/// <summary>A service request without its result file's bytes (only their size), and what the caller is to it.</summary>
public sealed record LoadedRequest(ServiceRequest Request, int? ResultSize, ServiceActor Actor)
{
    public bool IsRequester => Actor.HasFlag(ServiceActor.Requester);

    public bool IsManager => Actor.HasFlag(ServiceActor.Manager);

    /// <summary>What the caller may do now.</summary>
    public IReadOnlyList<ServiceAction> Available => ServiceTransitions.AvailableTo(Request.Status, Actor);
}

public sealed record ResultFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// A service request's life, from request to closing (<see cref="ServiceTransitions"/>). Readable by the requester, the
/// platform's managers and staff, and nobody else (404). Every move is recorded as an event in the same save, and a
/// move made on a version someone else already changed is refused (409).
/// </summary>
public sealed class ServiceRequestWorkflow(BiotopeDb db, TimeProvider clock, Notifier notifier)
{
    public const long MaxResultBytes = 25L * 1024 * 1024;
    public const int MaxTurnaroundDays = 365;
    public const int MaxQuantity = 10_000;
    private const int MaxNote = 2000;
    private const int MaxDescription = 4000;

    public DateTimeOffset Now => clock.GetUtcNow();

    private sealed record Row(ServiceRequest Request, int? ResultSize);

    // Every column but the result file's bytes: they are read only to be downloaded.
    private static readonly Expression<Func<ServiceRequest, Row>> WithoutContent = r => new Row(new ServiceRequest
    {
        Id = r.Id,
        OfferingId = r.OfferingId,
        PlatformId = r.PlatformId,
        RequesterUserId = r.RequesterUserId,
        OrganizationId = r.OrganizationId,
        Quantity = r.Quantity,
        Description = r.Description,
        Status = r.Status,
        QuotedPrice = r.QuotedPrice,
        QuotedTurnaroundDays = r.QuotedTurnaroundDays,
        QuoteNote = r.QuoteNote,
        SamplesReceivedAt = r.SamplesReceivedAt,
        DueAt = r.DueAt,
        DeliveredAt = r.DeliveredAt,
        ResultFileName = r.ResultFileName,
        ResultContentType = r.ResultContentType,
        Version = r.Version,
        CreatedAt = r.CreatedAt,
        UpdatedAt = r.UpdatedAt,
    }, r.ResultContent == null ? null : (int?)r.ResultContent.Length);

    public async Task<Outcome<LoadedRequest>> LoadAsync(long id, ClaimsPrincipal user, CancellationToken ct)
    {
        var row = await db.ServiceRequests.AsNoTracking().Where(r => r.Id == id).Select(WithoutContent).SingleOrDefaultAsync(ct);
        if (row is null) return NotFound(id);
        var actor = await ActorAsync(row.Request, user, ct);
        // Someone else's request does not exist for the caller.
        if (actor == ServiceActor.None) return NotFound(id);
        return new LoadedRequest(row.Request, row.ResultSize, actor);
    }

    private async Task<ServiceActor> ActorAsync(ServiceRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var actor = user.UserId() is { } me && me == request.RequesterUserId ? ServiceActor.Requester : ServiceActor.None;
        if (await db.ManagesPlatformAsync(user, request.PlatformId, ct)) actor |= ServiceActor.Manager;
        return actor;
    }

    public async Task<Outcome<LoadedRequest>> CreateAsync(ServiceRequestInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.CanBook() || user.UserId() is not { } userId)
            return Failure.Forbidden(Phrase.Of("service-request.no-organization"));
        var errors = new FieldPhrases();
        ServiceOffering? offering = null;
        if (input.OfferingId is not { } offeringId) errors.Add("offeringId", "service-request.offering.required");
        else
        {
            offering = await db.ServiceOfferings.AsNoTracking().SingleOrDefaultAsync(o => o.Id == offeringId, ct);
            if (offering is not { Active: true }) errors.Add("offeringId", "service-request.offering.not-offered");
        }
        if (input.Quantity is null or < 1) errors.Add("quantity", "service-request.quantity.too-small");
        else if (input.Quantity > MaxQuantity) errors.Add("quantity", "service-request.quantity.too-large", MaxQuantity);
        if (string.IsNullOrWhiteSpace(input.Description)) errors.Add("description", "service-request.description.required");
        else if (input.Description.Trim().Length > MaxDescription) errors.Add("description", "service-request.description.too-long");
        if (errors.ToFailure() is { } invalid) return invalid;

        var request = new ServiceRequest
        {
            OfferingId = offering!.Id,
            PlatformId = offering.PlatformId,
            RequesterUserId = userId,
            OrganizationId = user.OrganizationId()!.Value,
            Quantity = input.Quantity!.Value,
            Description = input.Description!.Trim(),
            Status = ServiceRequestStatus.Requested,
        };
        request.Events.Add(new ServiceRequestEvent { At = Now, UserId = userId, To = ServiceRequestStatus.Requested });
        // The notification links to the request: its id comes from the first save, both commit together.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.ServiceRequests.Add(request);
        await db.SaveChangesAsync(ct);
        var organization = await db.Organizations.AsNoTracking().Where(o => o.Id == request.OrganizationId)
            .Select(o => new { o.Name, o.NameEn, o.NameFr, o.NameNl }).SingleAsync(ct);
        var requester = new Bilingual(Organization.NameIn("fr", organization.Name, organization.NameFr, organization.NameEn, organization.NameNl),
            Organization.NameIn("en", organization.Name, organization.NameFr, organization.NameEn, organization.NameNl));
        await ToManagersAsync(request.PlatformId, Message.From("service-request",
            Phrase.Of("service-request.notify.new.subject", request.Id, new Bilingual(offering.NameFr, offering.NameEn)),
            Phrase.Of("service-request.notify.new.body", requester, What(request, offering)), Link(request)), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await LoadAsync(request.Id, user, ct);
    }

    /// <summary>The platform's quote: by default the list price × quantity and the catalogue's turnaround. It may be revised until accepted.</summary>
    public Task<Outcome<LoadedRequest>> QuoteAsync(long id, QuoteInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct) =>
        ApplyAsync(id, ServiceAction.Quote, user, ifMatch, input.Version, input.Note, (request, offering, _) =>
        {
            var price = input.Price ?? Pricing.Cents(offering.Price * request.Quantity);
            var days = input.TurnaroundDays ?? offering.TurnaroundDays;
            var errors = new FieldPhrases();
            errors.Money("price", price);
            if (days is < 1 or > MaxTurnaroundDays) errors.Add("turnaroundDays", "service.turnaround.range");
            if (errors.ToFailure() is { } invalid) return invalid;
            request.QuotedPrice = price;
            request.QuotedTurnaroundDays = days;
            request.QuoteNote = OfferingInput.Clean(input.Note);
            return null;
        }, ct);

    /// <summary>Accept, decline, withdraw, samples received (which sets when results are due), start, close.</summary>
    public Task<Outcome<LoadedRequest>> MoveAsync(long id, ServiceAction action, TransitionInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        if (action is ServiceAction.Quote or ServiceAction.DeliverResults) throw new ArgumentException($"{action} has its own method: it carries a quote or a file.", nameof(action));
        return ApplyAsync(id, action, user, ifMatch, input.Version, input.Note, (request, offering, now) =>
        {
            if (action == ServiceAction.ReceiveSamples)
            {
                request.SamplesReceivedAt = now;
                request.DueAt = WorkingDays.DueAt(now, request.QuotedTurnaroundDays ?? offering.TurnaroundDays);
            }
            return null;
        }, ct);
    }

    /// <summary>Delivers the results: one file, at most 25 MB, readable by the requester and the platform only.</summary>
    public Task<Outcome<LoadedRequest>> DeliverResultsAsync(long id, ResultFile file, TransitionInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct) =>
        ApplyAsync(id, ServiceAction.DeliverResults, user, ifMatch, input.Version, input.Note, (request, _, now) =>
        {
            if (CheckFile(file.Content.LongLength) is { } invalid) return invalid;
            request.ResultFileName = SafeFileName(file.FileName);
            request.ResultContentType = MediaTypeHeaderValue.TryParse(file.ContentType, out var type) && type.MediaType.HasValue ? type.ToString() : "application/octet-stream";
            request.ResultContent = file.Content;
            request.DeliveredAt = now;
            return null;
        }, ct);

    /// <summary>Refuses an empty or too large result file before it is read.</summary>
    public static Failure? CheckFile(long length) =>
        length == 0 ? Failure.Invalid("file", Phrase.Of("service-request.file.empty"))
        : length > MaxResultBytes ? Failure.Invalid("file", Phrase.Of("service-request.file.too-large"))
        : null;

    private static string SafeFileName(string? name)
    {
        var safe = Path.GetFileName((name ?? "").Replace('\\', '/')).Trim();
        if (safe.Length == 0) safe = "results";
        return safe.Length > 200 ? safe[^200..] : safe;
    }

    private async Task<Outcome<LoadedRequest>> ApplyAsync(long id, ServiceAction action, ClaimsPrincipal user, string? ifMatch, int? version, string? note,
        Func<ServiceRequest, ServiceOffering, DateTimeOffset, Failure?> change, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (request, _, actor) = loaded.Value!;
        if (!ServiceTransitions.EverAllowed(action, actor)) return Failure.Forbidden(Refusal(action));
        var transition = ServiceTransitions.Find(request.Status, action);
        if (transition is null || (transition.Who & actor) == 0) return Illegal(request.Status, action);
        if (note?.Trim().Length > MaxNote) return Failure.Invalid("note", Phrase.Of("service-request.note.too-long"));
        // Every move names the version it read (If-Match or 'version'), checked once the input is known to be readable.
        if (Concurrency.Check(request.Version, ifMatch, version) is { } stale) return stale;
        var offering = await db.ServiceOfferings.AsNoTracking().SingleAsync(o => o.Id == request.OfferingId, ct);

        // Attached as read, so the save updates only what changes (never the file's bytes) where the version is still the one read.
        db.ServiceRequests.Attach(request);
        var now = Now;
        if (change(request, offering, now) is { } invalid)
        {
            db.Entry(request).State = EntityState.Detached;
            return invalid;
        }
        var from = request.Status;
        request.Status = transition.To;
        db.ServiceRequestEvents.Add(new ServiceRequestEvent { RequestId = request.Id, At = now, UserId = user.UserId(), From = from, To = transition.To, Note = OfferingInput.Clean(note) });
        await NotifyAsync(action, request, offering, ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict)
        {
            db.ChangeTracker.Clear();
            return conflict;
        }
        return await LoadAsync(id, user, ct);
    }

    private static Phrase Refusal(ServiceAction action) =>
        Phrase.Of(ServiceTransitions.All.First(t => t.Action == action).Who == ServiceActor.Requester ? "service-request.requester-only" : "service-request.platform-only");

    /// <summary>409: names the current status and every move it allows.</summary>
    public static Failure Illegal(ServiceRequestStatus status, ServiceAction action)
    {
        var allowed = ServiceTransitions.AllowedFrom(status);
        var now = Phrase.Of($"request-status.{status}");
        var detail = allowed.Count == 0
            ? Phrase.Of("service-request.illegal.final", now)
            : Phrase.Of("service-request.illegal", now, Phrase.Of($"request-action.{action}"),
                new PhraseList([.. ServiceTransitions.All.Where(t => t.From == status).Select(t => Phrase.Of("service-request.allowed", Phrase.Of($"request-action.{t.Action}"), Who(t.Who)))]));
        return Failure.Conflict(Phrase.Of("service-request.illegal.title"), detail) with
        {
            Extensions = new Dictionary<string, object?> { ["status"] = status.ToString(), ["action"] = ServiceTransitions.Route(action), ["allowed"] = allowed },
        };
    }

    private static Phrase Who(ServiceActor actor) => Phrase.Of(actor switch
    {
        ServiceActor.Requester => "service-request.who.Requester",
        ServiceActor.Manager => "service-request.who.Manager",
        _ => "service-request.who.Both",
    });

    /// <summary>"Cytokine panel × 24 samples", in each reader's language.</summary>
    private static Phrase What(ServiceRequest r, ServiceOffering o) =>
        Phrase.Of("service-request.what", new Bilingual(o.NameFr, o.NameEn), ServiceFormat.Quantity(r.Quantity, o.Unit));

    private async Task NotifyAsync(ServiceAction action, ServiceRequest r, ServiceOffering o, CancellationToken ct)
    {
        var what = What(r, o);
        var price = new Money(r.QuotedPrice ?? 0);
        var message = action switch
        {
            ServiceAction.Quote => Message.From("service-quote", Phrase.Of("service-request.notify.quote.subject", r.Id),
                Phrase.Of("service-request.notify.quote.body", what, price, ServiceFormat.WorkingDays(r.QuotedTurnaroundDays ?? 0)), Link(r)),
            ServiceAction.Accept => Message.From("service-accepted", Phrase.Of("service-request.notify.accepted.subject", r.Id),
                Phrase.Of("service-request.notify.accepted.body", what, price), Link(r)),
            ServiceAction.Decline => Message.From("service-declined", Phrase.Of("service-request.notify.declined.subject", r.Id),
                Phrase.Of("service-request.notify.declined.body", what), Link(r)),
            ServiceAction.Withdraw => Message.From("service-withdrawn", Phrase.Of("service-request.notify.withdrawn.subject", r.Id),
                Phrase.Of("service-request.notify.withdrawn.body", what), Link(r)),
            ServiceAction.DeliverResults => Message.From("service-results", Phrase.Of("service-request.notify.results.subject", r.Id),
                Phrase.Of("service-request.notify.results.body", what), Link(r)),
            _ => null,
        };
        if (message is null) return;
        // The requester hears of the platform's moves; the platform of the requester's.
        if (action is ServiceAction.Accept or ServiceAction.Withdraw) await ToManagersAsync(r.PlatformId, message, ct);
        else await notifier.ToUsersAsync([r.RequesterUserId], message, ct);
    }

    /// <summary>The platform's bound managers; cluster staff when it has none, so a request is never left unread.</summary>
    private async Task ToManagersAsync(int platformId, Message message, CancellationToken ct)
    {
        var managers = await db.PlatformManagers.AsNoTracking().Where(m => m.PlatformId == platformId).Select(m => m.UserId).ToListAsync(ct);
        if (managers.Count == 0) await notifier.ToStaffAsync(message, ct);
        else await notifier.ToUsersAsync(managers, message, ct);
    }

    private static string Link(ServiceRequest request) => $"/service-requests/{request.Id}";

    public async Task<Outcome<ResultFile>> ResultAsync(long id, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct);
        if (!loaded.Succeeded) return loaded.Failure!;
        var request = loaded.Value!.Request;
        if (loaded.Value.ResultSize is null) return Failure.NotFound(Phrase.Of("service-request.results.not-found", id));
        var content = await db.ServiceRequests.AsNoTracking().Where(r => r.Id == id).Select(r => r.ResultContent!).SingleAsync(ct);
        return new ResultFile(request.ResultFileName ?? "results", request.ResultContentType ?? "application/octet-stream", content);
    }

    /// <summary>
    /// The caller's own requests; for a platform manager also their platforms' requests; for staff all of them.
    /// Filters: a status, only the overdue ones, one platform.
    /// </summary>
    public async Task<Outcome<List<ServiceRequestSummary>>> ListAsync(ClaimsPrincipal user, string? status, bool overdue, int? platformId, CancellationToken ct)
    {
        ServiceRequestStatus? wanted = null;
        if (status is { Length: > 0 })
        {
            if (!Enum.TryParse<ServiceRequestStatus>(status, ignoreCase: true, out var parsed) || char.IsAsciiDigit(status[0]))
                return Failure.Invalid("status", Phrase.Of("service-request.status.unknown", status, new PhraseList([.. Enum.GetNames<ServiceRequestStatus>()])));
            wanted = parsed;
        }
        var me = user.UserId();
        var query = db.ServiceRequests.AsNoTracking();
        if (!user.IsStaff())
        {
            var managed = await db.ManagedPlatformIdsAsync(user, ct);
            query = query.Where(r => r.RequesterUserId == me || managed.Contains(r.PlatformId));
        }
        if (wanted is { } s) query = query.Where(r => r.Status == s);
        if (platformId is { } p) query = query.Where(r => r.PlatformId == p);
        var now = Now;
        if (overdue)
            query = query.Where(r => r.DueAt != null && r.DueAt < now && r.DeliveredAt == null && r.Status != ServiceRequestStatus.Closed && r.Status != ServiceRequestStatus.Cancelled);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(WithoutContent).ToListAsync(ct);
        var names = await NamesAsync([.. rows.Select(r => r.Request)], ct);
        return rows.Select(x => x.Request).Select(r => new ServiceRequestSummary(r.Id, r.OfferingId, names.Offering(r.OfferingId), r.PlatformId, names.PlatformSlug(r.PlatformId),
            names.Platform(r.PlatformId), r.OrganizationId, names.Organization(r.OrganizationId), r.RequesterUserId == me, r.Quantity, r.Status, r.QuotedPrice, r.CreatedAt,
            r.DueAt, r.DeliveredAt, TurnaroundWorkingDays(r), r.IsOverdue(now))).ToList();
    }

    public static int? TurnaroundWorkingDays(ServiceRequest r) =>
        r.SamplesReceivedAt is { } received && r.DeliveredAt is { } delivered ? WorkingDays.Between(received, delivered) : null;

    /// <summary>The request as the API and the pages show it: names in the reader's language, timeline, what the caller may do.</summary>
    public async Task<ServiceRequestDto> DetailsAsync(LoadedRequest loaded, CancellationToken ct)
    {
        var r = loaded.Request;
        var events = await db.ServiceRequestEvents.AsNoTracking().Where(e => e.RequestId == r.Id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(ct);
        var names = await NamesAsync([r], ct, events.Select(e => e.UserId).OfType<string>());
        var offering = names.Offerings[r.OfferingId];
        return new ServiceRequestDto(r.Id, r.OfferingId, names.Offering(r.OfferingId), offering.Unit, r.PlatformId, names.PlatformSlug(r.PlatformId), names.Platform(r.PlatformId),
            r.RequesterUserId, names.User(r.RequesterUserId), r.OrganizationId, names.Organization(r.OrganizationId),
            r.Quantity, r.Description, r.Status, Pricing.Cents(offering.Price * r.Quantity), r.QuotedPrice, r.QuotedTurnaroundDays, r.QuoteNote,
            r.CreatedAt, r.SamplesReceivedAt, r.DueAt, r.DeliveredAt, TurnaroundWorkingDays(r), r.IsOverdue(Now),
            loaded.ResultSize is { } size ? new ResultFileDto(r.ResultFileName ?? "results", r.ResultContentType ?? "application/octet-stream", size, $"/api/v1/service-requests/{r.Id}/results") : null,
            [.. loaded.Available.Select(ServiceTransitions.Route)],
            [.. events.Select(e => new ServiceRequestEventDto(e.At, e.UserId, e.UserId is null ? null : names.User(e.UserId), e.From, e.To, e.Note))],
            r.Version);
    }

    private sealed record Names(IReadOnlyDictionary<int, ServiceOffering> Offerings, IReadOnlyDictionary<int, (string Slug, string Name)> Platforms,
        IReadOnlyDictionary<int, string> Organizations, IReadOnlyDictionary<string, string> Users)
    {
        public string Offering(int id) => Offerings.TryGetValue(id, out var o) ? Texts.Current.Pick(o.NameFr, o.NameEn) : "";

        public string Platform(int id) => Platforms.TryGetValue(id, out var p) ? p.Name : "";

        public string PlatformSlug(int id) => Platforms.TryGetValue(id, out var p) ? p.Slug : "";

        public string Organization(int id) => Organizations.GetValueOrDefault(id, "");

        public string User(string id) => Users.GetValueOrDefault(id, "");
    }

    private async Task<Names> NamesAsync(IReadOnlyList<ServiceRequest> requests, CancellationToken ct, IEnumerable<string>? moreUsers = null)
    {
        var offeringIds = requests.Select(r => r.OfferingId).Distinct().ToList();
        var platformIds = requests.Select(r => r.PlatformId).Distinct().ToList();
        var organizationIds = requests.Select(r => r.OrganizationId).Distinct().ToList();
        var userIds = moreUsers?.Concat(requests.Select(r => r.RequesterUserId)).Distinct().ToList();
        var offerings = await db.ServiceOfferings.AsNoTracking().Where(o => offeringIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var platforms = await db.Platforms.AsNoTracking().Where(p => platformIds.Contains(p.Id)).Select(p => new { p.Id, p.Slug, p.NameEn, p.NameFr }).ToListAsync(ct);
        var organizations = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).Select(o => new { o.Id, o.Name, o.NameEn, o.NameFr, o.NameNl }).ToListAsync(ct);
        // People's names only on a request's own page: its requester and who moved it.
        var users = userIds is not null
            ? await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, Name = u.DisplayName ?? u.Email ?? u.Id }).ToDictionaryAsync(u => u.Id, u => u.Name, ct)
            : new Dictionary<string, string>();
        return new Names(offerings,
            platforms.ToDictionary(p => p.Id, p => (p.Slug, Texts.Current.Pick(p.NameFr, p.NameEn))),
            organizations.ToDictionary(o => o.Id, o => Organization.NameIn(Texts.Current.Language, o.Name, o.NameFr, o.NameEn, o.NameNl)),
            users);
    }

    private static Failure NotFound(long id) => Failure.NotFound(Phrase.Of("service-request.not-found", id));
}
