using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Privacy;

public sealed class PersonConsentInput
{
    /// <summary>True: the person agrees to be shown on the organization's public profile; false: the consent is withdrawn.</summary>
    public bool Given { get; set; }
}

public sealed class PersonAccountInput
{
    /// <summary>The e-mail of the person's Biotope account; empty: no account is linked.</summary>
    public string? Email { get; set; }
}

public sealed record PersonPrivacyDto(int Id, int OrganizationId, string Name, bool Public, DateTimeOffset? PublicConsentAt, string? PublicConsentBy, bool LinkedToAccount);

/// <summary>
/// The consent of a person on an organization profile to be shown publicly (ADR 022): given or withdrawn by the person
/// themselves (their account is linked to the entry), or recorded by staff from a written consent. Staff link entries to accounts.
/// </summary>
public sealed class PeopleConsent(BiotopeDb db, TimeProvider clock)
{
    public async Task<Outcome<PersonPrivacyDto>> SetConsentAsync(ClaimsPrincipal user, int personId, bool given, CancellationToken ct)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null || !await OrganizationExistsAsync(person.OrganizationId, ct)) return Failure.NotFound(Phrase.Of("person.not-found"));
        var self = person.UserId is not null && person.UserId == user.UserId();
        if (!self && !user.IsStaff()) return Failure.Forbidden(Phrase.Of("person.consent.forbidden"));
        if (given)
        {
            person.PublicConsentAt = clock.GetUtcNow();
            person.PublicConsentBy = self ? ConsentSource.Self : ConsentSource.Staff;
            person.PublicConsentRecordedBy = user.UserId();
        }
        else
        {
            (person.PublicConsentAt, person.PublicConsentBy, person.PublicConsentRecordedBy) = (null, null, null);
        }
        await db.SaveChangesAsync(ct);
        return ToDto(person);
    }

    /// <summary>The person is part of the organization's profile: the link takes the organization's version and makes a new one.</summary>
    public async Task<Outcome<PersonPrivacyDto>> LinkAccountAsync(int personId, string? email, ReadVersion read, CancellationToken ct)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId, ct);
        var organization = person is null ? null : await db.Organizations.FirstOrDefaultAsync(o => o.Id == person.OrganizationId && o.DeletedAt == null, ct);
        if (person is null || organization is null) return Failure.NotFound(Phrase.Of("person.not-found"));
        string? userId = null;
        if (!string.IsNullOrWhiteSpace(email))
        {
            var normalized = email.Trim().ToUpperInvariant();
            userId = await db.Users.Where(u => u.NormalizedEmail == normalized && u.ErasedAt == null).Select(u => u.Id).FirstOrDefaultAsync(ct);
            if (userId is null) return Failure.Invalid("email", Phrase.Of("person.account.unknown"));
        }
        if (Concurrency.Check(organization.Version, read) is { } stale) return stale;
        person.UserId = userId;
        db.Entry(organization).State = EntityState.Modified;
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return ToDto(person);
    }

    private Task<bool> OrganizationExistsAsync(int organizationId, CancellationToken ct) =>
        db.Organizations.AnyAsync(o => o.Id == organizationId && o.DeletedAt == null, ct);

    public static PersonPrivacyDto ToDto(Person p) =>
        new(p.Id, p.OrganizationId, p.Name, p.IsPublic, p.PublicConsentAt, p.PublicConsentBy?.ToString(), p.UserId is not null);
}
