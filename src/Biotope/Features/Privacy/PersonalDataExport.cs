using System.Text.Json;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Privacy;

/// <summary>
/// Everything Biotope holds about one account, as one JSON document (issue 11 §4, ADR 022): the rows that name the person
/// (by account id, or by the e-mail in the audit log), never secrets (password hash, token hashes, calendar secrets,
/// uploaded files' content). Each export is itself written to the audit log.
/// </summary>
public sealed class PersonalDataExport(BiotopeDb db, TimeProvider clock)
{
    public const string Exported = "PersonalDataExported";

    public async Task<PersonalData?> ExportAsync(string userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.ErasedAt == null, ct);
        if (user is null) return null;
        var email = user.Email ?? "";
        var organization = user.OrganizationId is { } orgId ? await db.Organizations.AsNoTracking().Where(o => o.Id == orgId).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId orderby r.Name select r.Name!).ToListAsync(ct);
        var platforms = await db.PlatformManagers.AsNoTracking().Where(m => m.UserId == userId)
            .Join(db.Platforms, m => m.PlatformId, p => p.Id, (m, p) => new PlatformManaged(p.Id, p.NameEn)).ToListAsync(ct);
        var people = await db.People.AsNoTracking().Where(p => p.UserId == userId)
            .Join(db.Organizations, p => p.OrganizationId, o => o.Id, (p, o) => new { p, o.Name }).ToListAsync(ct);
        var experts = await db.Experts.AsNoTracking().Where(e => e.UserId == userId).ToListAsync(ct);
        var expertIds = experts.Select(e => e.Id).ToList();
        var reviews = await db.Reviews.AsNoTracking().Where(r => expertIds.Contains(r.ExpertId)).OrderBy(r => r.Id).ToListAsync(ct);
        var conflicts = await db.ConflictDeclarations.AsNoTracking().Where(c => expertIds.Contains(c.ExpertId)).OrderBy(c => c.Id).ToListAsync(ct);
        var proposals = await db.Proposals.AsNoTracking().Where(p => p.CreatedByUserId == userId).OrderBy(p => p.Id)
            .Select(p => new ProposalWritten(p.Id, p.CallId, p.Acronym, p.TitleEn, p.TitleFr, p.Status.ToString(), p.CoordinatorOrganizationId, p.CreatedAt, p.SubmittedAt)).ToListAsync(ct);
        var bookings = await db.Bookings.AsNoTracking().Where(b => b.UserId == userId).OrderBy(b => b.StartsAt)
            .Select(b => new BookingData(b.Id, b.EquipmentId, b.OrganizationId, b.StartsAt, b.EndsAt, b.Status.ToString(), b.Purpose, b.Price, b.CancellationCharge, b.CreatedAt, b.CheckedInAt, b.CheckedOutAt)).ToListAsync(ct);
        var requests = await db.ServiceRequests.AsNoTracking().Where(r => r.RequesterUserId == userId).OrderBy(r => r.Id)
            .Select(r => new ServiceRequestData(r.Id, r.OfferingId, r.PlatformId, r.OrganizationId, r.Quantity, r.Description, r.Status.ToString(), r.QuotedPrice, r.CreatedAt, r.DeliveredAt, r.ResultFileName)).ToListAsync(ct);
        var enrolments = await db.Enrolments.AsNoTracking().Where(e => e.UserId == userId).OrderBy(e => e.Id)
            .Select(e => new EnrolmentData(e.Id, e.SessionId, e.Session!.Module!.TitleEn, e.Session.StartsAt, e.Status.ToString(), e.Attended, e.CreatedAt, e.CancelledAt)).ToListAsync(ct);
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.Id)
            .Select(c => new CertificateData(c.Id, c.ModuleId, c.Module!.TitleEn, c.IssuedOn, c.ExpiresOn, c.RevokedAt)).ToListAsync(ct);
        var feeds = await db.CalendarFeeds.AsNoTracking().Where(f => f.UserId == userId).OrderBy(f => f.Id)
            .Select(f => new CalendarFeedData(f.Id, f.Scope.ToString(), f.EquipmentId, f.PlatformId, f.CreatedAt, f.RevokedAt)).ToListAsync(ct);
        var tokens = await db.PersonalTokens.AsNoTracking().Where(t => t.UserId == userId).OrderBy(t => t.Id)
            .Select(t => new PersonalTokenData(t.Id, t.Name, t.Scope.ToString(), t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt)).ToListAsync(ct);
        // Names and dates only: the public keys are of no use to the person and are not personal data beyond that.
        var passkeys = (await db.Set<IdentityUserPasskey<string>>().AsNoTracking().Where(p => p.UserId == userId).ToListAsync(ct))
            .Select(p => new PasskeyData(p.Data.Name, p.Data.CreatedAt)).OrderBy(p => p.CreatedAt).ToList();
        var notifications = await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderBy(n => n.Id)
            .Select(n => new NotificationData(n.Id, n.Kind, n.SubjectEn, n.SubjectFr, n.BodyEn, n.BodyFr, n.Link, n.CreatedAt, n.ReadAt)).ToListAsync(ct);
        var audit = await About(db.AuditEntries.AsNoTracking(), userId, email).OrderBy(a => a.Id)
            .Select(a => new AuditData(a.Id, a.At, a.UserEmail, a.EntityType, a.EntityId, a.Action, a.Before, a.After)).ToListAsync(ct);

        return new PersonalData(
            clock.GetUtcNow(),
            new AccountData(user.Id, user.Email, user.UserName, user.DisplayName, user.EmailConfirmed, user.PhoneNumber, user.TwoFactorEnabled, user.LockoutEnd, user.OrganizationId, organization),
            roles, platforms,
            [.. people.Select(x => new PersonRecord(x.p.Id, x.p.OrganizationId, x.Name, x.p.Name, x.p.Role, x.p.Orcid, x.p.IsPublic))],
            [.. experts.Select(e => new ExpertData(e.Id, e.Name, e.Email, e.Orcid, e.OrganizationId, e.Areas, e.Keywords, e.Languages, e.MaxLoad, e.Active,
                [.. conflicts.Where(c => c.ExpertId == e.Id).Select(c => new ConflictData(c.Id, c.ProposalId, c.OrganizationId, c.Reason, c.DeclaredAt))]))],
            proposals,
            [.. reviews.Select(r => new ReviewData(r.Id, r.ProposalId, r.Status.ToString(), [.. r.Scores.Select(s => new ScoreData(s.CriterionId, s.Score, s.Comment))], r.OverallComment, r.SubmittedAt))],
            bookings, requests, enrolments, certificates, feeds, tokens, passkeys, notifications,
            [.. people.Where(x => x.p.PublicConsentAt is not null).Select(x => new ConsentData("public-profile", x.p.OrganizationId, x.Name, x.p.PublicConsentAt!.Value, x.p.PublicConsentBy!.Value.ToString()))],
            audit);
    }

    /// <summary>The export, audited: who exported, when, and how many of each kind of record (never the content).</summary>
    public async Task<PersonalData?> ExportAndAuditAsync(string userId, AuditActor actor, CancellationToken ct)
    {
        var data = await ExportAsync(userId, ct);
        if (data is null) return null;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = actor.UserId,
            UserEmail = actor.Email,
            EntityType = nameof(AppUser),
            EntityId = userId,
            Action = Exported,
            After = JsonSerializer.Serialize(new SortedDictionary<string, int>(StringComparer.Ordinal)
            {
                ["Bookings"] = data.Bookings.Count,
                ["Reviews"] = data.Reviews.Count,
                ["AuditEntries"] = data.AuditEntries.Count,
                ["People"] = data.People.Count,
            }),
        });
        await db.SaveChangesAsync(ct);
        return data;
    }

    /// <summary>The audit entries about an account: made by it, on its record, or naming its e-mail (failed sign-ins as typed).</summary>
    public static IQueryable<AuditEntry> About(IQueryable<AuditEntry> entries, string userId, string email) =>
        entries.Where(a => a.UserId == userId || (a.EntityType == nameof(AppUser) && a.EntityId == userId) || (email != "" && (a.UserEmail == email || a.EntityId == email)));
}

public sealed record PersonalData(
    DateTimeOffset ExportedAt, AccountData Account, IReadOnlyList<string> Roles, IReadOnlyList<PlatformManaged> PlatformsManaged,
    IReadOnlyList<PersonRecord> People, IReadOnlyList<ExpertData> ExpertProfiles, IReadOnlyList<ProposalWritten> ProposalsWritten,
    IReadOnlyList<ReviewData> Reviews, IReadOnlyList<BookingData> Bookings, IReadOnlyList<ServiceRequestData> ServiceRequests,
    IReadOnlyList<EnrolmentData> Enrolments, IReadOnlyList<CertificateData> Certificates, IReadOnlyList<CalendarFeedData> CalendarFeeds,
    IReadOnlyList<PersonalTokenData> PersonalTokens, IReadOnlyList<PasskeyData> Passkeys, IReadOnlyList<NotificationData> Notifications, IReadOnlyList<ConsentData> Consents,
    IReadOnlyList<AuditData> AuditEntries);

public sealed record AccountData(string Id, string? Email, string? UserName, string? DisplayName, bool EmailConfirmed, string? PhoneNumber,
    bool TwoFactorEnabled, DateTimeOffset? LockoutEnd, int? OrganizationId, string? OrganizationName);

public sealed record PasskeyData(string? Name, DateTimeOffset CreatedAt);

public sealed record PlatformManaged(int PlatformId, string Name);

public sealed record PersonRecord(int Id, int OrganizationId, string OrganizationName, string Name, string? Role, string? Orcid, bool Public);

public sealed record ConflictData(int Id, int? ProposalId, int? OrganizationId, string Reason, DateTimeOffset DeclaredAt);

public sealed record ExpertData(int Id, string Name, string? Email, string? Orcid, int? OrganizationId, IReadOnlyList<string> Areas,
    IReadOnlyList<string> Keywords, IReadOnlyList<string> Languages, int MaxLoad, bool Active, IReadOnlyList<ConflictData> Conflicts);

public sealed record ProposalWritten(int Id, int CallId, string Acronym, string? TitleEn, string? TitleFr, string Status, int CoordinatorOrganizationId,
    DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt);

public sealed record ScoreData(int CriterionId, decimal? Score, string Comment);

public sealed record ReviewData(int Id, int ProposalId, string Status, IReadOnlyList<ScoreData> Scores, string? OverallComment, DateTimeOffset? SubmittedAt);

public sealed record BookingData(long Id, int EquipmentId, int OrganizationId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string? Purpose,
    decimal Price, decimal CancellationCharge, DateTimeOffset CreatedAt, DateTimeOffset? CheckedInAt, DateTimeOffset? CheckedOutAt);

public sealed record ServiceRequestData(long Id, int OfferingId, int PlatformId, int OrganizationId, int Quantity, string Description, string Status,
    decimal? QuotedPrice, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, string? ResultFileName);

public sealed record EnrolmentData(long Id, int SessionId, string Module, DateTimeOffset StartsAt, string Status, bool? Attended, DateTimeOffset CreatedAt, DateTimeOffset? CancelledAt);

public sealed record CertificateData(long Id, int ModuleId, string Module, DateOnly IssuedOn, DateOnly? ExpiresOn, DateTimeOffset? RevokedAt);

public sealed record CalendarFeedData(long Id, string Scope, int? EquipmentId, int? PlatformId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record PersonalTokenData(long Id, string Name, string Scope, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public sealed record NotificationData(long Id, string Kind, string SubjectEn, string SubjectFr, string? BodyEn, string? BodyFr, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record ConsentData(string Purpose, int OrganizationId, string OrganizationName, DateTimeOffset GivenAt, string RecordedBy);

public sealed record AuditData(long Id, DateTimeOffset At, string? UserEmail, string EntityType, string EntityId, string Action, string? Before, string? After);
