using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms;

/// <summary>
/// Creating and changing platforms and instruments with rights, validation and concurrency: staff add platforms and
/// name their managers; staff and a platform's managers change the platform, its instruments, rates and closures.
/// </summary>
public sealed class PlatformEditor(BiotopeDb db, UserManager<AppUser> users, RoleManager<IdentityRole> roles)
{
    /// <summary>The owner is whose platform it is in the directory and the statements: only cluster staff change it (ADR 017).</summary>
    public static readonly FieldPolicy<PlatformInput, Platform, ClaimsPrincipal> Rights = new FieldPolicy<PlatformInput, Platform, ClaimsPrincipal>()
        .Field("ownerOrganizationId", i => i.OwnerOrganizationId, p => p.OwnerOrganizationId, (user, _) => user.IsStaff() ? null : Phrase.Of("platform.owner.forbidden"));

    public async Task<Outcome<Platform>> CreatePlatformAsync(PlatformInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("platform.add.forbidden"));
        var platform = new Platform { Slug = "", NameEn = "", NameFr = "" };
        if (await ApplyAsync(platform, input, ct) is { } invalid) return invalid;
        db.Platforms.Add(platform);
        return await SaveAsync(platform, ct);
    }

    public async Task<Outcome<Platform>> UpdatePlatformAsync(int id, PlatformInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var platform = await db.Platforms.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (platform is null) return Failure.NotFound(Phrase.Of("platform.not-found", id));
        if (!await db.ManagesPlatformAsync(user, id, ct)) return Failure.Forbidden(Phrase.Of("platform.change.forbidden"));
        if (Concurrency.Check(platform.Version, ifMatch, input.Version) is { } stale) return stale;
        if (Rights.Check(input, platform, user) is { } forbidden) return forbidden;
        if (await ApplyAsync(platform, input, ct) is { } invalid) return invalid;
        return await SaveAsync(platform, ct);
    }

    /// <summary>
    /// Replaces the managers with existing accounts named by id or e-mail. A new manager who lacks the PlatformManager role gets it
    /// (their other roles stay); a removed manager keeps the role, which grants nothing without a platform bound to it.
    /// </summary>
    public async Task<Outcome<Platform>> SetManagersAsync(int id, ManagersInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var platform = await db.Platforms.Include(p => p.Managers).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (platform is null) return Failure.NotFound(Phrase.Of("platform.not-found", id));
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("platform.managers.forbidden"));
        var errors = new FieldPhrases();
        var wanted = new List<AppUser>();
        for (var i = 0; i < input.Managers.Count; i++)
        {
            var key = input.Managers[i]?.Trim() ?? "";
            var account = key.Length == 0 ? null : await users.FindByIdAsync(key) ?? (key.Contains('@') ? await users.FindByEmailAsync(key) : null);
            if (account is null) errors.Add($"managers[{i}]", "platform.managers.unknown-account", key);
            else if (wanted.All(u => u.Id != account.Id)) wanted.Add(account);
        }
        if (errors.ToFailure() is { } invalid) return invalid;
        if (RequiredVersion(platform.Version, ifMatch) is { } stale) return stale;

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        platform.Managers.RemoveAll(m => wanted.All(u => u.Id != m.UserId));
        foreach (var account in wanted.Where(u => platform.Managers.All(m => m.UserId != u.Id)))
        {
            platform.Managers.Add(new PlatformManager { PlatformId = id, UserId = account.Id });
            if (!await users.IsInRoleAsync(account, Roles.PlatformManager) && !await users.IsInRoleAsync(account, Roles.Administrator) && !await users.IsInRoleAsync(account, Roles.ClusterStaff))
            {
                await UserAccounts.EnsureRolesAsync(roles);
                var added = await users.AddToRoleAsync(account, Roles.PlatformManager);
                if (!added.Succeeded)
                    return Failure.Conflict(Phrase.Of("platform.managers.role-not-granted.title"), Phrase.Of("platform.managers.role-not-granted", string.Join(" ", added.Errors.Select(e => e.Code))));
            }
        }
        Touch(platform);
        var saved = await SaveAsync(platform, ct);
        if (saved.Succeeded) await transaction.CommitAsync(ct);
        return saved;
    }

    public async Task<Outcome<Equipment>> CreateEquipmentAsync(EquipmentInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (input.PlatformId is not { } platformId || !await db.Platforms.AnyAsync(p => p.Id == platformId, ct))
            return Failure.Invalid("platformId", input.PlatformId is null ? Phrase.Of("equipment.platform.required") : Phrase.Of("equipment.platform.unknown", input.PlatformId));
        if (!await db.ManagesPlatformAsync(user, platformId, ct)) return Failure.Forbidden(Phrase.Of("equipment.add.forbidden"));
        var equipment = new Equipment { Name = "", PlatformId = platformId };
        if (await ApplyAsync(equipment, input, ct) is { } invalid) return invalid;
        db.Equipment.Add(equipment);
        return await SaveAsync(equipment, ct);
    }

    /// <summary>Changes an instrument; decommissioning keeps its bookings (past ones stay in the statements).</summary>
    public async Task<Outcome<Equipment>> UpdateEquipmentAsync(int id, EquipmentInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var equipment = await db.Equipment.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (equipment is null) return Failure.NotFound(Phrase.Of("equipment.not-found", id));
        if (!await db.ManagesPlatformAsync(user, equipment.PlatformId, ct)) return Failure.Forbidden(Phrase.Of("equipment.change.forbidden"));
        if (Concurrency.Check(equipment.Version, ifMatch, input.Version) is { } stale) return stale;
        if (input.PlatformId is { } platformId && platformId != equipment.PlatformId)
            return Failure.Invalid("platformId", Phrase.Of("equipment.platform.fixed"));
        if (await ApplyAsync(equipment, input, ct) is { } invalid) return invalid;
        return await SaveAsync(equipment, ct);
    }

    /// <summary>Replaces every rate card; bookings keep the rate they were made at.</summary>
    public async Task<Outcome<Equipment>> SetRatesAsync(int id, RatesInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var equipment = await db.Equipment.Include(e => e.Rates).FirstOrDefaultAsync(e => e.Id == id, ct);
        if (equipment is null) return Failure.NotFound(Phrase.Of("equipment.not-found", id));
        if (!await db.ManagesPlatformAsync(user, equipment.PlatformId, ct)) return Failure.Forbidden(Phrase.Of("equipment.rates.forbidden"));
        if (input.Validate().ToFailure() is { } invalid) return invalid;
        if (RequiredVersion(equipment.Version, ifMatch) is { } stale) return stale;
        var cards = input.Rates.Select(r => new RateCard
        {
            Category = Projects.ProjectParsing.TryEnum<UserCategory>(r.Category, out var category) ? category : default,
            HourlyRate = r.HourlyRate!.Value,
            ValidFrom = r.ValidFrom!.Value,
            ValidTo = r.ValidTo,
        }).ToList();
        // Cards that stay the same keep their rows, so the audit log shows only what changed.
        var kept = equipment.Rates.Where(old => cards.Any(c => Same(c, old))).ToList();
        equipment.Rates.RemoveAll(old => !kept.Contains(old));
        equipment.Rates.AddRange(cards.Where(c => !kept.Any(old => Same(c, old))));
        Touch(equipment);
        return await SaveAsync(equipment, ct);
    }

    private static bool Same(RateCard a, RateCard b) => a.Category == b.Category && a.HourlyRate == b.HourlyRate && a.ValidFrom == b.ValidFrom && a.ValidTo == b.ValidTo;

    /// <summary>Adds a closure; the pending and confirmed bookings it overlaps are named, not cancelled.</summary>
    public async Task<Outcome<ClosureCreated>> AddClosureAsync(int id, ClosureInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var equipment = await db.Equipment.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (equipment is null) return Failure.NotFound(Phrase.Of("equipment.not-found", id));
        if (!await db.ManagesPlatformAsync(user, equipment.PlatformId, ct)) return Failure.Forbidden(Phrase.Of("equipment.close.forbidden"));
        var times = input.Validate();
        if (!times.Succeeded) return times.Failure!;
        if (RequiredVersion(equipment.Version, ifMatch) is { } stale) return stale;
        var (start, end) = times.Value;
        var closure = new Closure { EquipmentId = id, StartsAt = start, EndsAt = end, Reason = Text.Clean(input.Reason) };
        db.Closures.Add(closure);
        Touch(equipment);
        var saved = await SaveAsync(equipment, ct);
        if (!saved.Succeeded) return saved.Failure!;
        var overlapping = await db.Bookings.Where(b => b.EquipmentId == id && Booking.Active.Contains(b.Status) && b.StartsAt < end && b.EndsAt > start)
            .OrderBy(b => b.StartsAt).Select(b => b.Id).ToListAsync(ct);
        return new ClosureCreated(closure.ToDto(), overlapping);
    }

    public async Task<Outcome<Equipment>> DeleteClosureAsync(int id, int closureId, string? ifMatch, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var equipment = await db.Equipment.FirstOrDefaultAsync(e => e.Id == id, ct);
        var closure = equipment is null ? null : await db.Closures.FirstOrDefaultAsync(c => c.Id == closureId && c.EquipmentId == id, ct);
        if (equipment is null || closure is null) return Failure.NotFound(Phrase.Of("equipment.closure.not-found", closureId, id));
        if (!await db.ManagesPlatformAsync(user, equipment.PlatformId, ct)) return Failure.Forbidden(Phrase.Of("equipment.reopen.forbidden"));
        if (RequiredVersion(equipment.Version, ifMatch) is { } stale) return stale;
        db.Closures.Remove(closure);
        Touch(equipment);
        return await SaveAsync(equipment, ct);
    }

    private async Task<Failure?> ApplyAsync(Platform platform, PlatformInput input, CancellationToken ct)
    {
        var errors = input.Validate();
        if (input.OwnerOrganizationId is { } owner && !await db.Organizations.AnyAsync(o => o.Id == owner && o.DeletedAt == null, ct))
            errors.TryAdd("ownerOrganizationId", "platform.owner.unknown", owner);
        var slug = input.Slug is { Length: > 0 } given ? given.Trim() : platform.Id == 0 && input.NameEn is { Length: > 0 } name ? await UniqueSlugAsync(name, ct) : platform.Slug;
        if (slug != platform.Slug && await db.Platforms.AnyAsync(p => p.Slug == slug && p.Id != platform.Id, ct))
            errors.TryAdd("slug", "platform.slug.taken", slug);
        if (errors.ToFailure() is { } invalid) return invalid;
        platform.Slug = slug;
        platform.OwnerOrganizationId = input.OwnerOrganizationId!.Value;
        input.ApplyTo(platform);
        return null;
    }

    private async Task<Failure?> ApplyAsync(Equipment equipment, EquipmentInput input, CancellationToken ct)
    {
        var errors = input.Validate();
        if (input.RequiredModuleId is { } module && !await db.TrainingModules.AnyAsync(m => m.Id == module, ct))
            errors.TryAdd("requiredModuleId", "equipment.module.unknown", module);
        if (errors.ToFailure() is { } invalid) return invalid;
        input.ApplyTo(equipment);
        return null;
    }

    private async Task<string> UniqueSlugAsync(string name, CancellationToken ct)
    {
        var slug = TextNormalizer.Slug(name);
        var taken = await db.Platforms.Where(p => p.Slug == slug || p.Slug.StartsWith(slug + "-")).Select(p => p.Slug).ToListAsync(ct);
        if (!taken.Contains(slug)) return slug;
        var n = 2;
        while (taken.Contains($"{slug}-{n}")) n++;
        return $"{slug}-{n}";
    }

    /// <summary>
    /// Parts (managers, rates, closures) are written with the version of their platform or equipment in If-Match: none is a
    /// 428, a stale one a 412 (ADR 024). Checked after the input, so a malformed body is told what is wrong first.
    /// </summary>
    private static Failure? RequiredVersion(int current, string? ifMatch) => Concurrency.Check(current, ifMatch, null);

    // Parts belong to the representation: changing one is a new version, and the version check catches concurrent edits.
    private void Touch(object entity)
    {
        if (db.Entry(entity).State == EntityState.Unchanged) db.Entry(entity).State = EntityState.Modified;
    }

    private async Task<Outcome<T>> SaveAsync<T>(T result, CancellationToken ct)
    {
        var failure = await Concurrency.SaveAsync(db, ct);
        return failure is null ? result : failure;
    }
}
