using Biotope.Tests.Features.Calls;
using static Biotope.Tests.Features.Accounts.Access.AccessRule;
using static Biotope.Tests.Features.Accounts.Access.Role;

namespace Biotope.Tests.Features.Accounts.Access;

/// <summary>
/// The endpoint × role matrix (issue 11 §2): one row per API operation and per page, each with its access rule. A new
/// operation or page needs a row here (one line); <see cref="AccessMatrixTests"/> fails until it has one and writes
/// docs/access.md from this table and the answers it got. The ids behind {id} are <see cref="AccessWorld"/>'s: the demo
/// draft NEUROPET (coordinated by IBA, ULiège invited and not yet accepted, UMons a partner), IBA, the demo manager's
/// platform, the researcher's booking, feed and token, and so on.
/// </summary>
public static class AccessMatrix
{
    // Rules shared by several rows.
    private static readonly AccessRule Members = Of("member of an organization", Member, MemberAdmin, InvitedPartner);
    private static readonly AccessRule OrganizationAdmin = Of("its member admin, staff", MemberAdmin, Staff, Administrator);
    private static readonly AccessRule ProposalReaders = Of("coordinator, partners, staff", Member, MemberAdmin, InvitedPartner, Staff, Administrator).Hidden();
    private static readonly AccessRule BudgetReaders = Of("coordinator, accepted partners, staff", Member, MemberAdmin, Staff, Administrator).Hidden().But(InvitedPartner, Expect.Forbidden);
    // Those who read a proposal are told 403 for what they may not do on it; everyone else 404. Staff read every proposal
    // but do not write an applicant's proposal for it.
    private static readonly Role[] ProposalKnowers = [Member, MemberAdmin, InvitedPartner, Staff, Administrator];
    private static readonly AccessRule Coordinator = Of("coordinator", MemberAdmin).Hidden(ProposalKnowers);
    private static readonly AccessRule CoordinatorOrStaff = Of("coordinator, staff", MemberAdmin, Staff, Administrator).Hidden(ProposalKnowers);
    private static readonly AccessRule CoordinatorOrPartner = Of("coordinator, partners' members", MemberAdmin, Member, InvitedPartner).Hidden(ProposalKnowers);
    private static readonly AccessRule Invited = Of("the invited partner's admin", InvitedPartner).Hidden(ProposalKnowers);
    private static readonly AccessRule PartnerBudget = Of("coordinator, the partner's admin", MemberAdmin, InvitedPartner).Hidden(ProposalKnowers);
    private static readonly AccessRule StaffOfProposal = StaffOnly.Hidden(ProposalKnowers);
    private static readonly AccessRule ExpertSelf = Of("the expert themself", Expert).Hidden();
    // PROTONEXT (decided, labelled): coordinated by IBA, ULiège a partner; UMons is not in it.
    // The demo expert reviewed it, so knows it exists.
    private static readonly Role[] DecidedKnowers = [MemberAdmin, InvitedPartner, Expert, Staff, Administrator];
    private static readonly AccessRule DecidedReaders = Of("coordinator, partners, staff", MemberAdmin, InvitedPartner, Staff, Administrator).Hidden(DecidedKnowers);
    private static readonly AccessRule DecidedCoordinator = Of("coordinator", MemberAdmin).Hidden(DecidedKnowers);
    // RADIOTRACE (under evaluation), reviewed by the demo expert: only they write the review; its readers are told 403.
    private static readonly AccessRule Reviewer = Of("the assigned expert", Expert).Hidden(ProposalKnowers);
    private static readonly AccessRule ExpertOrStaff = Of("staff, the expert themself", Expert, Staff, Administrator).Hidden();
    private static readonly AccessRule PortfolioWrite = Of("coordinator, staff", MemberAdmin, Staff, Administrator);
    private static readonly AccessRule PortfolioRead = Of("partners, staff", MemberAdmin, InvitedPartner, Staff, Administrator);
    private static readonly AccessRule Manager = Of("its platform manager, staff", PlatformManager, Staff, Administrator);
    private static readonly AccessRule Owner = Of("its owner", Member).Hidden();
    private static readonly AccessRule OwnerOrStaff = Of("its owner, staff", Member, Staff, Administrator).Hidden();
    private static readonly AccessRule OwnerOrManager = Of("its owner, its platform manager, staff", Member, PlatformManager, Staff, Administrator).Hidden();
    // A booking's or service request's own steps: the requester knows it exists (403), others 404.
    private static readonly AccessRule Requester = Of("its requester", Member).Hidden(PlatformManager, Staff, Administrator);
    private static readonly AccessRule ManagerOfRequest = Manager.Hidden(Member);
    private static readonly AccessRule TrainerOrManager = Of("its trainer, its platform manager, staff", Trainer, PlatformManager, Staff, Administrator);
    private static readonly AccessRule TrainingEditor = Of("staff, the module's platform manager", PlatformManager, Staff, Administrator);
    private static readonly AccessRule RelationOtherSide = OrganizationAdmin.Hidden(InvitedPartner);
    private static readonly AccessRule JoinReaders = Of("member admins (their organization's requests), staff", MemberAdmin, InvitedPartner, Staff, Administrator);
    private static readonly AccessRule SecondStep = new("during a sign-in with two-factor", new HashSet<Role>(), Expect.SignIn);
    private static readonly AccessRule JoinDecider = Of("its organization's member admin, staff", MemberAdmin, Staff, Administrator).But(InvitedPartner, Expect.NotFound);

    /// <summary>A call open from a month ago to two months ahead: replacing the open demo call with it keeps NEUROPET a draft one may still change.</summary>
    private static readonly object OpenCall = CallsKit.CallBody(
        DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-ddT09:00", System.Globalization.CultureInfo.InvariantCulture),
        DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-ddT12:00", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Phases: 0 pages, 1 reads and writes, 2 and up deletions and other ends, in the order that keeps what later cells need, 9 signing out.</summary>
    public static readonly AccessRow[] Rows =
    [
        // Accounts
        new("POST /api/v1/auth/token", Public, Body: """{"email":"researcher@demo.biotope.be","password":"Test-Demo-Pass-42"}"""),
        new("POST /api/v1/me/sign-out-everywhere", SignedIn, Phase: 9),
        new("GET /api/v1/me/tokens", SignedIn),
        new("POST /api/v1/me/tokens", SignedIn),
        new("DELETE /api/v1/me/tokens/{id}", Owner, Phase: 2),
        // A wrong current password: every signed-in person reaches the check (400), nobody's password changes.
        new("POST /api/v1/me/password", SignedIn, Body: """{"currentPassword":"not-the-password","newPassword":"Another-Pass-4242"}"""),
        new("GET /api/v1/taxonomy", Public),
        // Sign-up, e-mail confirmation and password reset are open to anyone (a sampled body is refused as invalid, never 401/403).
        new("POST /api/v1/auth/sign-up", Public),
        new("POST /api/v1/auth/confirm-email", Public),
        new("POST /api/v1/auth/forgot-password", Public),
        new("POST /api/v1/auth/reset-password", Public),
        // A pending request to join IBA: IBA's member admin or staff decide; another organization's admin is not told it exists.
        new("GET /api/v1/join-requests", JoinReaders),
        new("POST /api/v1/join-requests/{id}/approve", JoinDecider),
        new("POST /api/v1/join-requests/{id}/decline", JoinDecider),
        // Privacy
        new("GET /api/v1/me/data", SignedIn),
        // A wrong password: every signed-in person reaches the check (400), nobody is erased.
        new("DELETE /api/v1/me", SignedIn, Body: """{"password":"not-the-password"}"""),
        new("GET /api/v1/accounts/inactive", StaffOnly),
        new("POST /api/v1/accounts/{userId}/erasure", StaffOnly, Body: """{"reason":"matrix"}""", Phase: 3),
        // IBA's member admin is on IBA's profile: they or staff record the consent.
        new("PUT /api/v1/people/{personId}/consent", Of("the person themself, staff", MemberAdmin, Staff, Administrator)),
        new("PUT /api/v1/people/{personId}/account", StaffOnly),
        // Organizations
        new("GET /api/v1/organizations", Public),
        new("POST /api/v1/organizations", StaffOnly),
        new("GET /api/v1/organizations/{id}", Public),
        new("PUT /api/v1/organizations/{id}", OrganizationAdmin),
        new("DELETE /api/v1/organizations/{id}", StaffOnly, Phase: 3),
        new("GET /api/v1/organizations/{id}/relations/pending", OrganizationAdmin),
        new("POST /api/v1/organizations/relations/{relationId}/confirm", RelationOtherSide),
        new("POST /api/v1/organizations/relations/{relationId}/decline", RelationOtherSide),
        // Calls
        new("GET /api/v1/calls", Public),
        new("POST /api/v1/calls", StaffOnly, Body: OpenCall),
        new("GET /api/v1/calls/{id}", Public),
        new("PUT /api/v1/calls/{id}", StaffOnly, Body: OpenCall),
        // Proposals
        new("GET /api/v1/calls/{callId}/proposals", SignedIn),
        new("POST /api/v1/calls/{callId}/proposals", Members),
        new("GET /api/v1/proposals/{id}", ProposalReaders),
        new("PUT /api/v1/proposals/{id}", CoordinatorOrStaff),
        new("GET /api/v1/proposals/{id}/eligibility", BudgetReaders),
        new("GET /api/v1/proposals/{id}/budget", BudgetReaders),
        new("POST /api/v1/proposals/{id}/partners", Coordinator),
        new("DELETE /api/v1/proposals/{id}/partners/{organizationId}", Coordinator, Phase: 4),
        new("POST /api/v1/proposals/{id}/partners/{organizationId}/accept", Invited),
        new("POST /api/v1/proposals/{id}/partners/{organizationId}/decline", Of("the invited partner's admin", InvitedPartner).Hidden(MemberAdmin, Staff, Administrator), Id: "spareProposal"),
        new("PUT /api/v1/proposals/{id}/partners/{organizationId}/budget", PartnerBudget),
        new("POST /api/v1/proposals/{id}/submit", Coordinator),
        new("POST /api/v1/proposals/{id}/withdraw", Coordinator, Phase: 3),
        new("POST /api/v1/proposals/{id}/reopen", StaffOfProposal),
        new("POST /api/v1/proposals/{id}/intent-decision", StaffOfProposal),
        new("GET /api/v1/proposals/{id}/attachments", ProposalReaders),
        new("POST /api/v1/proposals/{id}/attachments", CoordinatorOrPartner),
        new("GET /api/v1/proposals/{id}/attachments/{attachmentId}", ProposalReaders),
        new("DELETE /api/v1/proposals/{id}/attachments/{attachmentId}", CoordinatorOrPartner, Phase: 2),
        // Experts
        new("GET /api/v1/experts", StaffOnly),
        new("POST /api/v1/experts", StaffOnly),
        new("GET /api/v1/experts/me", ExpertSelf),
        new("GET /api/v1/experts/me/assignments", ExpertSelf),
        new("GET /api/v1/experts/me/conflicts", ExpertSelf),
        new("POST /api/v1/experts/me/conflicts", ExpertSelf, Body: """{"organizationId":$organizations,"reason":"matrix"}""", Phase: 3),
        new("GET /api/v1/experts/{id}", ExpertOrStaff),
        new("PUT /api/v1/experts/{id}", ExpertOrStaff),
        // Assignment
        new("GET /api/v1/calls/{callId}/conflicts", StaffOnly),
        new("GET /api/v1/calls/{callId}/assignment", StaffOnly),
        new("POST /api/v1/calls/{callId}/assignment", StaffOnly),
        new("PUT /api/v1/calls/{callId}/assignment/overrides", StaffOnly),
        new("DELETE /api/v1/calls/{callId}/assignment/overrides/{proposalId}/{expertId}", StaffOnly, Phase: 2),
        // Evaluation
        new("GET /api/v1/calls/{callId}/ranking", StaffOnly),
        new("GET /api/v1/proposals/{id}/review", Reviewer, Id: "reviewedProposal"),
        new("PUT /api/v1/proposals/{id}/review", Reviewer, Id: "reviewedProposal"),
        new("POST /api/v1/proposals/{id}/review/submit", Reviewer, Id: "reviewedProposal", Phase: 2),
        new("GET /api/v1/proposals/{id}/reviews", StaffOfProposal),
        new("GET /api/v1/proposals/{id}/consensus", StaffOfProposal),
        new("PUT /api/v1/proposals/{id}/consensus", StaffOfProposal),
        new("POST /api/v1/proposals/{id}/decision", StaffOfProposal, Body: """{"outcome":"Labelled"}"""),
        new("GET /api/v1/proposals/{id}/letter", DecidedReaders, Id: "decidedProposal"),
        new("POST /api/v1/proposals/{id}/appeal", DecidedCoordinator, Id: "decidedProposal"),
        new("POST /api/v1/proposals/{id}/appeal/decision", StaffOnly.Hidden(DecidedKnowers), Id: "decidedProposal", Phase: 2),
        // Projects
        new("GET /api/v1/projects", Public),
        new("POST /api/v1/projects", StaffOnly),
        new("GET /api/v1/projects/dashboard", Public),
        new("GET /api/v1/projects/export.csv", Public),
        new("GET /api/v1/projects/{id}", Public),
        new("PUT /api/v1/projects/{id}", StaffOnly),
        new("DELETE /api/v1/projects/{id}", StaffOnly, Phase: 3),
        new("PUT /api/v1/projects/{id}/partners", StaffOnly, Phase: 2),
        new("POST /api/v1/projects/{id}/milestones", StaffOnly),
        new("PUT /api/v1/projects/{id}/milestones/{milestoneId}", PortfolioWrite),
        new("DELETE /api/v1/projects/{id}/milestones/{milestoneId}", StaffOnly, Phase: 2),
        new("POST /api/v1/projects/{id}/researchers", StaffOnly),
        new("DELETE /api/v1/projects/{id}/researchers/{researcherId}", StaffOnly, Phase: 2),
        new("POST /api/v1/projects/{id}/outputs", PortfolioWrite),
        new("DELETE /api/v1/projects/{id}/outputs/{outputId}", StaffOnly, Phase: 2),
        new("GET /api/v1/projects/{id}/reports", PortfolioRead),
        new("POST /api/v1/projects/{id}/reports", PortfolioWrite),
        // Notifications
        new("GET /api/v1/notifications", SignedIn),
        new("GET /api/v1/notifications/unread-count", SignedIn),
        new("POST /api/v1/notifications/{id}/read", Owner),
        new("POST /api/v1/notifications/read-all", SignedIn),
        // Platforms
        new("GET /api/v1/platforms", Public),
        new("POST /api/v1/platforms", StaffOnly),
        new("GET /api/v1/platforms/{id}", Public),
        new("PUT /api/v1/platforms/{id}", Manager),
        new("PUT /api/v1/platforms/{id}/managers", StaffOnly, Phase: 3),
        new("GET /api/v1/equipment", Public),
        new("POST /api/v1/equipment", Manager),
        new("GET /api/v1/equipment/{id}", Public),
        new("PUT /api/v1/equipment/{id}", Manager),
        new("PUT /api/v1/equipment/{id}/rates", Manager),
        new("POST /api/v1/equipment/{id}/closures", Manager),
        new("DELETE /api/v1/equipment/{id}/closures/{closureId}", Manager, Phase: 2),
        // Services
        new("GET /api/v1/platforms/{id}/services", Public),
        new("POST /api/v1/platforms/{id}/services", Manager),
        new("GET /api/v1/services/{id}", Public),
        new("PUT /api/v1/services/{id}", Manager),
        // Service requests
        new("GET /api/v1/service-requests", SignedIn),
        new("POST /api/v1/service-requests", Members),
        new("GET /api/v1/service-requests/{id}", OwnerOrManager),
        new("POST /api/v1/service-requests/{id}/quote", ManagerOfRequest),
        new("POST /api/v1/service-requests/{id}/accept", Requester),
        new("POST /api/v1/service-requests/{id}/decline", ManagerOfRequest),
        new("POST /api/v1/service-requests/{id}/withdraw", Requester, Phase: 2),
        new("POST /api/v1/service-requests/{id}/samples-received", ManagerOfRequest),
        new("POST /api/v1/service-requests/{id}/start", ManagerOfRequest),
        new("GET /api/v1/service-requests/{id}/results", OwnerOrManager),
        new("POST /api/v1/service-requests/{id}/results", ManagerOfRequest),
        new("POST /api/v1/service-requests/{id}/close", OwnerOrManager),
        // Calendars
        new("GET /calendars/{token}.ics", Public),
        new("GET /api/v1/equipment/{id}/calendar.ics", Public),
        new("GET /api/v1/calendar-feeds", SignedIn),
        new("POST /api/v1/calendar-feeds", SignedIn),
        new("GET /api/v1/calendar-feeds/{id}", OwnerOrStaff),
        new("DELETE /api/v1/calendar-feeds/{id}", OwnerOrStaff, Phase: 2),
        // Bookings
        new("GET /api/v1/equipment/{id}/availability", Public),
        new("POST /api/v1/bookings/quote", Members),
        new("GET /api/v1/bookings", SignedIn),
        new("POST /api/v1/bookings", Members),
        new("GET /api/v1/bookings/{id}", OwnerOrManager),
        new("POST /api/v1/bookings/{id}/cancel", OwnerOrManager, Phase: 2),
        new("POST /api/v1/bookings/{id}/approve", ManagerOfRequest),
        new("POST /api/v1/bookings/{id}/reject", ManagerOfRequest),
        new("POST /api/v1/bookings/{id}/check-in", OwnerOrManager),
        new("POST /api/v1/bookings/{id}/check-out", OwnerOrManager),
        // Training
        new("GET /api/v1/training/modules", Public),
        new("POST /api/v1/training/modules", TrainingEditor),
        new("GET /api/v1/training/modules/{id}", Public),
        new("PUT /api/v1/training/modules/{id}", TrainingEditor),
        new("POST /api/v1/training/modules/{id}/sessions", TrainingEditor),
        new("GET /api/v1/training/sessions/{id}", Public),
        new("PUT /api/v1/training/sessions/{id}", TrainingEditor),
        new("POST /api/v1/training/sessions/{id}/cancel", TrainingEditor, Phase: 3),
        new("GET /api/v1/training/sessions/{id}/enrolments", TrainerOrManager),
        new("POST /api/v1/training/sessions/{id}/enrolments", SignedIn),
        new("GET /api/v1/training/sessions/{id}/enrolments/me", SignedIn),
        new("DELETE /api/v1/training/sessions/{id}/enrolments/me", SignedIn, Phase: 2),
        new("PUT /api/v1/training/sessions/{id}/attendance", TrainerOrManager),
        new("GET /api/v1/certificates", SignedIn),
        new("GET /api/v1/certificates/{id}", OwnerOrManager),
        // Statements
        new("GET /api/v1/statements", SignedIn),
        new("GET /api/v1/statements.csv", SignedIn),

        // Pages (GET; a visitor refused is sent to sign in, a signed-in person refused to the access-denied page)
        new("PAGE /", Public),
        new("PAGE /account", SignedIn),
        new("PAGE /account/login", Public),
        new("PAGE /account/denied", Public),
        new("PAGE /account/tokens", SignedIn),
        new("PAGE /account/sign-out-everywhere", SignedIn),
        new("PAGE /account/password", SignedIn),
        new("PAGE /account/two-factor", SignedIn),
        new("PAGE /account/passkeys", SignedIn),
        // The second step of a sign-in: without a password just checked, everyone is sent back to sign in.
        new("PAGE /account/login/two-factor", SecondStep),
        new("PAGE /account/sign-up", Public),
        new("PAGE /account/confirm-email", Public),
        new("PAGE /account/forgot-password", Public),
        new("PAGE /account/reset-password", Public),
        new("PAGE /account/join-requests", JoinReaders),
        new("PAGE /account/data", SignedIn),
        new("PAGE /account/delete", SignedIn),
        new("PAGE /account/deleted", Public),
        new("PAGE /privacy", Public),
        new("PAGE /admin/accounts", StaffOnly),
        new("PAGE /audit", StaffOnly),
        new("PAGE /calls", Public),
        new("PAGE /calls/{id:int}", Public),
        new("PAGE /calls/manage", StaffOnly),
        new("PAGE /calls/new", StaffOnly),
        new("PAGE /calls/{id:int}/edit", StaffOnly),
        new("PAGE /calls/{id:int}/evaluation", StaffOnly),
        new("PAGE /calls/{id:int}/evaluation/decide", StaffOnly),
        new("PAGE /proposals", SignedIn),
        new("PAGE /proposals/{id:int}", ProposalReaders),
        new("PAGE /proposals/{id:int}/letter", DecidedReaders, Id: "decidedProposal"),
        new("PAGE /proposals/{id:int}/review", Reviewer, Id: "reviewedProposal"),
        new("PAGE /reviews", SignedIn),
        new("PAGE /notifications", SignedIn),
        new("PAGE /admin/outbox", StaffOnly),
        new("PAGE /admin/outbox/{id:long}", StaffOnly),
        new("PAGE /organizations", Public),
        new("PAGE /organizations/{id:int}", Public),
        new("PAGE /organizations/{id:int}/edit", OrganizationAdmin),
        new("PAGE /Platforms", Public),
        new("PAGE /Platforms/Index", Public),
        new("PAGE /platforms/{slug}", Public),
        new("PAGE /platforms/{slug}/services", Public),
        new("PAGE /platforms/{slug}/services/{offeringId:int}/request", Members),
        new("PAGE /platforms/{slug}/statements", Manager),
        new("PAGE /equipment/{id:int}", Public),
        new("PAGE /equipment/{id:int}/availability", Public),
        new("PAGE /equipment/{id:int}/book", SignedIn),
        new("PAGE /equipment/{id:int}/edit", Manager),
        new("PAGE /bookings", SignedIn),
        new("PAGE /bookings/manage", Manager),
        new("PAGE /calendars", SignedIn),
        new("PAGE /service-requests", SignedIn),
        new("PAGE /service-requests/{id:long}", OwnerOrManager),
        new("PAGE /statements", SignedIn),
        new("PAGE /training", Public),
        new("PAGE /training/{slug}", Public),
        new("PAGE /training/certificates", SignedIn),
        new("PAGE /training/sessions/{id:int}/attendance", TrainerOrManager),
        new("PAGE /projects", Public),
        new("PAGE /projects/{slug}", Public),
        new("PAGE /projects/{slug}/edit", StaffOnly),
        new("PAGE /projects/{slug}/reports", PortfolioRead),
        new("PAGE /projects/{slug}/reports/new", PortfolioWrite),
        new("PAGE /error/{status:int}", Public),
        // Last among the pages: it signs the page client out.
        new("PAGE /account/logout", Public),
    ];
}
