using Biotope.Data;
using Biotope.Features.Calls;
using Biotope.Features.Platforms;
using Biotope.Features.Platforms.Bookings;
using Biotope.Features.Platforms.Training;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Accounts;

/// <summary>
/// "My space": what the signed-in person has to do and follow, by role, each part a few lines with a link to its
/// full page: my organization, proposals and invitations, reviews and conflicts, bookings, analyses, trainings and
/// certificates, calendars; for managers the bookings to come and the requests to handle; for staff the calls in
/// evaluation, the outbox and the audit log.
/// </summary>
[Authorize]
public partial class MySpaceModel(BiotopeDb db, TimeProvider clock) : PageModel
{
    public sealed record OrganizationLine(int Id, Organizations.Organization Organization, bool CanEdit);
    public sealed record ProposalLine(int Id, string Acronym, ProposalStatus Status, bool Invitation);
    public sealed record ReviewLine(int ProposalId, string Acronym, ReviewStatus? Status);
    public sealed record BookingLine(long Id, string Equipment, DateTimeOffset StartsAt, DateTimeOffset EndsAt, BookingStatus Status, string? BookedBy);
    public sealed record RequestLine(long Id, string OfferingFr, string OfferingEn, ServiceRequestStatus Status, int Quantity);
    public sealed record TrainingLine(string ModuleFr, string ModuleEn, string Slug, DateTimeOffset StartsAt, EnrolmentStatus Status);
    public sealed record CertificateLine(string ModuleFr, string ModuleEn, DateOnly? ExpiresOn, CertificateState State);
    public sealed record CallLine(int Id, string TitleFr, string TitleEn, int Submitted);

    public DateTimeOffset Now { get; private set; }
    public IReadOnlyList<string> RoleNames { get; private set; } = [];
    public OrganizationLine? Organization { get; private set; }
    /// <summary>Relations other organizations proposed about mine, waiting for my confirmation (ADR 017).</summary>
    public int RelationsToConfirm { get; private set; }
    public IReadOnlyList<ProposalLine> Proposals { get; private set; } = [];
    public bool IsExpert { get; private set; }
    public IReadOnlyList<ReviewLine> Reviews { get; private set; } = [];
    public IReadOnlyList<BookingLine> MyBookings { get; private set; } = [];
    public IReadOnlyList<RequestLine> MyRequests { get; private set; } = [];
    public IReadOnlyList<TrainingLine> MyTrainings { get; private set; } = [];
    public IReadOnlyList<CertificateLine> MyCertificates { get; private set; } = [];
    public int Feeds { get; private set; }
    public bool Manages { get; private set; }
    /// <summary>The first of the bookings to come on the managed platforms, from today on (the rest on "Manage bookings").</summary>
    public ListPage<BookingDto> BookingsToCome { get; private set; } = new([], 1, 0, 1);
    public int PendingApprovals { get; private set; }
    public ListPage<RequestToHandle> RequestsToHandle { get; private set; } = new([], 1, 0, 1);
    public bool Staff { get; private set; }
    public IReadOnlyList<CallLine> CallsInEvaluation { get; private set; } = [];
    public int OutboxWaiting { get; private set; }
    public int OutboxFailed { get; private set; }
    /// <summary>Join requests waiting for this member admin or staff (ADR 020); the organization this person asked to join.</summary>
    public int JoinRequestsToDecide { get; private set; }
    public string? JoinRequestedTo { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        var userId = User.UserId()!;
        RoleNames = [.. Roles.All.Where(User.IsInRole)];
        Staff = User.IsStaff();
        if (User.OrganizationId() is { } organizationId)
        {
            var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId, ct);
            if (organization is not null) Organization = new OrganizationLine(organization.Id, organization, User.CanEditOrganization(organizationId));
            if (User.CanEditOrganization(organizationId))
                RelationsToConfirm = await db.OrganizationRelations.CountAsync(r => r.ToOrganizationId == organizationId && r.Status == Organizations.RelationStatus.Proposed && r.FromOrganization!.DeletedAt == null, ct);
            Proposals = await db.Proposals.AsNoTracking()
                .Where(p => p.Partners.Any(x => x.OrganizationId == organizationId && x.Status != PartnerStatus.Declined))
                .OrderByDescending(p => p.UpdatedAt).Take(5)
                .Select(p => new ProposalLine(p.Id, p.Acronym, p.Status, p.Partners.Any(x => x.OrganizationId == organizationId && !x.IsCoordinator && x.Status == PartnerStatus.Invited)))
                .ToListAsync(ct);
        }

        JoinRequestsToDecide = await HttpContext.RequestServices.GetRequiredService<SignUp.JoinRequests>().PendingCountAsync(User, ct);
        if (Organization is null)
            JoinRequestedTo = (await db.JoinRequests.AsNoTracking().Where(r => r.UserId == userId && r.Status == SignUp.JoinRequestStatus.Pending)
                .Select(r => r.Organization).FirstOrDefaultAsync(ct))?.DisplayName(Infrastructure.Texts.Current.Language);

        var expert = await db.Experts.AsNoTracking().SingleOrDefaultAsync(e => e.UserId == userId, ct);
        IsExpert = expert is not null;
        if (expert is not null)
        {
            Reviews = await db.ReviewAssignments.AsNoTracking().Where(a => a.ExpertId == expert.Id)
                .Join(db.Proposals, a => a.ProposalId, p => p.Id, (a, p) => new { a.Id, p.Acronym, ProposalId = p.Id })
                .Select(a => new ReviewLine(a.ProposalId, a.Acronym, db.Reviews.Where(r => r.AssignmentId == a.Id).Select(r => (ReviewStatus?)r.Status).FirstOrDefault()))
                .ToListAsync(ct);
            await LoadConflictsAsync(expert, ct);
        }

        MyBookings = await db.Bookings.AsNoTracking().Where(b => b.UserId == userId && b.EndsAt > Now && b.Status != BookingStatus.Cancelled && b.Status != BookingStatus.Rejected)
            .OrderBy(b => b.StartsAt).Take(5).Select(b => new BookingLine(b.Id, b.Equipment!.Name, b.StartsAt, b.EndsAt, b.Status, null)).ToListAsync(ct);
        MyRequests = await db.ServiceRequests.AsNoTracking().Where(r => r.RequesterUserId == userId && r.Status != ServiceRequestStatus.Closed && r.Status != ServiceRequestStatus.Cancelled)
            .OrderByDescending(r => r.Id).Take(5).Select(r => new RequestLine(r.Id, r.Offering!.NameFr, r.Offering.NameEn, r.Status, r.Quantity)).ToListAsync(ct);
        MyTrainings = await db.Enrolments.AsNoTracking().Where(e => e.UserId == userId && e.Status != EnrolmentStatus.Cancelled && e.Session!.StartsAt > Now && e.Session.CancelledAt == null)
            .OrderBy(e => e.Session!.StartsAt).Take(5)
            .Select(e => new TrainingLine(e.Session!.Module!.TitleFr, e.Session.Module.TitleEn, e.Session.Module.Slug, e.Session.StartsAt, e.Status)).ToListAsync(ct);
        var today = BookingCalendar.DateOf(Now);
        MyCertificates = [.. (await db.Certificates.AsNoTracking().Include(c => c.Module).Where(c => c.UserId == userId).OrderByDescending(c => c.IssuedOn).Take(10).ToListAsync(ct))
            .Select(c => new CertificateLine(c.Module!.TitleFr, c.Module.TitleEn, c.ExpiresOn, c.StateOn(today)))];
        Feeds = await db.CalendarFeeds.CountAsync(f => f.UserId == userId && f.RevokedAt == null, ct);

        var managed = User.IsInRole(Roles.PlatformManager) || Staff ? await db.ManagedPlatformIdsAsync(User, ct) : [];
        Manages = managed.Count > 0;
        if (Manages)
        {
            // The same lists as "Manage bookings", first rows only.
            BookingsToCome = await db.ToComeAsync(managed, Now, 1, 8, ct);
            PendingApprovals = (await db.ApprovalsAsync(managed, Now, 1, 1, ct)).Total;
            RequestsToHandle = await db.RequestsToHandleAsync(managed, 1, 8, ct);
        }

        if (Staff)
        {
            CallsInEvaluation = await db.Calls.AsNoTracking().Where(c => db.Proposals.Any(p => p.CallId == c.Id && p.Status == ProposalStatus.Submitted))
                .Select(c => new CallLine(c.Id, c.TitleFr, c.TitleEn, db.Proposals.Count(p => p.CallId == c.Id && p.Status == ProposalStatus.Submitted))).ToListAsync(ct);
            OutboxWaiting = await db.Outbox.CountAsync(m => m.SentAt == null && m.Attempts < Notifications.OutboxSender.MaxAttempts, ct);
            OutboxFailed = await db.Outbox.CountAsync(m => m.SentAt == null && m.Attempts >= Notifications.OutboxSender.MaxAttempts, ct);
        }
    }
}
