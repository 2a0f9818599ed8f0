using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Organizations;

/// <summary>Creating, changing and deleting organizations, with rights, validation and the concurrency check.</summary>
public sealed class OrganizationEditor(BiotopeDb db, TimeProvider clock)
{
    /// <summary>
    /// Fields that decide money (booking rates, funding rates), eligibility (type, region) or membership: only cluster
    /// staff change them. Anyone may send them back unchanged.
    /// </summary>
    public static readonly FieldPolicy<OrganizationInput, Organization, ClaimsPrincipal> Rights = new FieldPolicy<OrganizationInput, Organization, ClaimsPrincipal>()
        .Field("type", i => Enum.TryParse<OrganizationType>(i.Type, true, out var t) ? t.ToString() : i.Type, o => o.Type.ToString(), StaffOnly)
        .Field("membership", i => i.Membership is { Length: > 0 } m ? m : MembershipStatus.None.ToString(), o => o.Membership.ToString(), StaffOnly)
        .Field("memberSince", i => i.MemberSince, o => o.MemberSince, StaffOnly)
        .Field("nutsCode", i => i.NutsCode, o => o.NutsCode, StaffOnly);

    private static Phrase? StaffOnly(ClaimsPrincipal user, Organization _) => user.IsStaff() ? null : FieldRights.StaffOnly;

    public Task<Organization?> FindAsync(int id, CancellationToken ct = default) =>
        db.Organizations.Include(o => o.People).Include(o => o.Relations)
            .FirstOrDefaultAsync(o => o.Id == id && o.DeletedAt == null, ct);

    public async Task<Outcome<Organization>> CreateAsync(OrganizationInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("organization.create.forbidden"));
        var organization = new Organization { Slug = "", Name = "" };
        var applied = await ApplyAsync(organization, input, user, ct);
        if (applied is not null) return applied;
        organization.Slug = await UniqueSlugAsync(organization.Name, ct);
        db.Organizations.Add(organization);
        return await SaveAsync(organization, ct);
    }

    /// <summary>Applies <paramref name="input"/> if <paramref name="expectedVersion"/> is still current.</summary>
    public async Task<Outcome<Organization>> UpdateAsync(int id, OrganizationInput input, int? expectedVersion, bool fromIfMatch, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var organization = await FindAsync(id, ct);
        if (organization is null) return Failure.NotFound(Phrase.Of("organization.not-found", id));
        if (!user.CanEditOrganization(id)) return Failure.Forbidden(Phrase.Of("organization.edit.forbidden"));
        var stale = CheckVersion(organization, expectedVersion ?? input.Version, fromIfMatch && expectedVersion is not null);
        if (stale is not null) return stale;
        var applied = await ApplyAsync(organization, input, user, ct);
        return applied ?? await SaveAsync(organization, ct);
    }

    /// <summary>Soft deletion: the row stays (for the audit trail and relations) but leaves the directory.</summary>
    public async Task<Outcome<Organization>> DeleteAsync(int id, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("organization.delete.forbidden"));
        var organization = await FindAsync(id, ct);
        if (organization is null) return Failure.NotFound(Phrase.Of("organization.not-found", id));
        if (CheckVersion(organization, expectedVersion, fromIfMatch: true) is { } stale) return stale;
        organization.DeletedAt = clock.GetUtcNow();
        return await SaveAsync(organization, ct);
    }

    private static Failure? CheckVersion(Organization organization, int? expected, bool fromIfMatch)
    {
        if (expected is null)
            return new Failure(FailureKind.PreconditionRequired, Phrase.Of("organization.version-required.title"), Phrase.Of("organization.version-required"));
        if (expected != organization.Version)
            return new Failure(fromIfMatch ? FailureKind.PreconditionFailed : FailureKind.Conflict, Phrase.Of("organization.changed.title"),
                Phrase.Of("organization.changed.version", expected, organization.Version));
        return null;
    }

    private async Task<Failure?> ApplyAsync(Organization organization, OrganizationInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = input.Validate(clock.GetUtcNow().Year);
        var staff = user.IsStaff();
        if (!staff)
        {
            // Leaving membership out has always meant "as it is" for a member admin.
            input.Membership ??= organization.Membership.ToString();
            input.MemberSince ??= organization.MemberSince;
        }
        if (organization.Id != 0 && errors.Count == 0 && Rights.Check(input, organization, user) is { } forbidden) return forbidden;
        var relationTargets = input.Relations.Select(r => r.OrganizationId).Distinct().ToList();
        var existingTargets = await db.Organizations.Where(o => relationTargets.Contains(o.Id) && o.DeletedAt == null).Select(o => o.Id).ToListAsync(ct);
        for (var i = 0; i < input.Relations.Count; i++)
        {
            var target = input.Relations[i].OrganizationId;
            if (!existingTargets.Contains(target)) errors[$"relations[{i}].organizationId"] = [Phrase.Of("organization.relation.no-organization", target)];
            else if (target == organization.Id && organization.Id != 0) errors[$"relations[{i}].organizationId"] = [Phrase.Of("organization.relation.self")];
        }
        if (errors.Count > 0) return Failure.Invalid(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

        input.ApplyTo(organization);
        var duplicate = await DuplicateIdentifierAsync(organization, ct);
        if (duplicate is not null) return duplicate;

        var peopleOrRelationsChanged = false;
        var people = input.People.Select(p => new Person
        {
            Name = p.Name!.Trim(),
            Role = string.IsNullOrWhiteSpace(p.Role) ? null : p.Role.Trim(),
            Orcid = Identifiers.TryNormalizeOrcid(p.Orcid, out var orcid, out _) ? orcid : null,
        }).ToList();
        // Replaced only when they differ: an unchanged list is not a new version of the organization.
        if (!people.Select(p => (p.Name, p.Role, p.Orcid)).SequenceEqual(organization.People.OrderBy(p => p.Id).Select(p => (p.Name, p.Role, p.Orcid))))
        {
            // A person kept under the same name and ORCID iD keeps their account link and recorded consent (ADR 022).
            var previous = organization.People.ToList();
            foreach (var person in people)
            {
                if (previous.FirstOrDefault(p => p.Name == person.Name && p.Orcid == person.Orcid) is not { } same) continue;
                previous.Remove(same);
                (person.UserId, person.PublicConsentAt, person.PublicConsentBy, person.PublicConsentRecordedBy) = (same.UserId, same.PublicConsentAt, same.PublicConsentBy, same.PublicConsentRecordedBy);
            }
            organization.People.RemoveAll(_ => true);
            organization.People.AddRange(people);
            peopleOrRelationsChanged = true;
        }
        var wanted = input.Relations.Select(r => (Kind: Enum.Parse<RelationKind>(r.Kind!, true), To: r.OrganizationId)).Distinct().ToList();
        // A member admin withdraws its own proposals, but a confirmed relation (which conflict detection uses) goes only through staff.
        var removed = organization.Relations.Where(r => !wanted.Contains((r.Kind, r.ToOrganizationId))).ToList();
        if (!staff && removed.Any(r => r.Status == RelationStatus.Confirmed))
            return FieldRights.Forbidden(new Dictionary<string, Phrase[]> { ["relations"] = [Phrase.Of("organization.relation.remove.staff-only")] });
        peopleOrRelationsChanged |= organization.Relations.RemoveAll(removed.Contains) > 0;
        foreach (var (kind, to) in wanted.Where(w => !organization.Relations.Any(r => r.Kind == w.Kind && r.ToOrganizationId == w.To)))
        {
            // Staff's relations hold at once; a member admin's wait for the other organization (ADR 017).
            organization.Relations.Add(new OrganizationRelation { Kind = kind, ToOrganizationId = to, Status = staff ? RelationStatus.Confirmed : RelationStatus.Proposed });
            peopleOrRelationsChanged = true;
        }
        // People and relations are part of the record: changing only them is still a new version (and a concurrency check).
        if (peopleOrRelationsChanged && db.Entry(organization).State == EntityState.Unchanged) db.Entry(organization).State = EntityState.Modified;
        return null;
    }

    private async Task<Failure?> DuplicateIdentifierAsync(Organization organization, CancellationToken ct)
    {
        if (organization.RorId is { } ror && await db.Organizations.AnyAsync(o => o.RorId == ror && o.Id != organization.Id, ct))
            return new Failure(FailureKind.Conflict, Phrase.Of("organization.duplicate-identifier.title"), Phrase.Of("organization.ror.taken", ror),
                new Dictionary<string, Phrase[]> { ["rorId"] = [Phrase.Of("organization.ror.taken.field")] });
        if (organization.EnterpriseNumber is { } number && await db.Organizations.AnyAsync(o => o.EnterpriseNumber == number && o.Id != organization.Id, ct))
            return new Failure(FailureKind.Conflict, Phrase.Of("organization.duplicate-identifier.title"), Phrase.Of("organization.enterprise-number.taken", number),
                new Dictionary<string, Phrase[]> { ["enterpriseNumber"] = [Phrase.Of("organization.enterprise-number.taken.field")] });
        return null;
    }

    private async Task<Outcome<Organization>> SaveAsync(Organization organization, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return organization;
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Failure(FailureKind.Conflict, Phrase.Of("organization.changed.title"), Phrase.Of("organization.changed.meanwhile"));
        }
    }

    public async Task<string> UniqueSlugAsync(string name, CancellationToken ct = default)
    {
        var slug = TextNormalizer.Slug(name);
        var taken = await db.Organizations.Where(o => o.Slug == slug || o.Slug.StartsWith(slug + "-")).Select(o => o.Slug).ToListAsync(ct);
        if (!taken.Contains(slug)) return slug;
        var n = 2;
        while (taken.Contains($"{slug}-{n}")) n++;
        return $"{slug}-{n}";
    }
}
