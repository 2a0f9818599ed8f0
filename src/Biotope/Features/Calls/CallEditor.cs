using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls;

/// <summary>Creating and changing calls, with rights, validation, the slug and the concurrency check: the API and the staff pages both use it.</summary>
public sealed class CallEditor(BiotopeDb db)
{
    public async Task<Outcome<Call>> CreateAsync(CallInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("call.create.forbidden"));
        var times = input.Validate();
        if (!times.Succeeded) return times.Failure!;
        var slug = string.IsNullOrWhiteSpace(input.Slug) ? Organizations.Search.TextNormalizer.Slug(input.TitleEn) : input.Slug;
        if (await db.Calls.AnyAsync(c => c.Slug == slug, ct)) return SlugTaken(slug);
        var call = new Call { Slug = slug, TitleEn = input.TitleEn, TitleFr = input.TitleFr };
        input.ApplyTo(call, times.Value);
        db.Calls.Add(call);
        await db.SaveChangesAsync(ct);
        return call;
    }

    /// <summary>Replaces call <paramref name="id"/> if the version read (If-Match or <see cref="CallInput.Version"/>) is still current.</summary>
    public async Task<Outcome<Call>> UpdateAsync(int id, CallInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("call.edit.forbidden"));
        var call = await db.LoadCallAsync(id, ct, tracked: true);
        if (call is null) return Failure.NotFound(Phrase.Of("call.not-found", id));
        var stale = Concurrency.Check(call.Version, ifMatch, input.Version);
        if (stale is not null) return stale;
        var times = input.Validate();
        if (!times.Succeeded) return times.Failure!;
        if (input.Slug is { Length: > 0 } slug && slug != call.Slug)
        {
            if (await db.Calls.AnyAsync(c => c.Slug == slug && c.Id != id, ct)) return SlugTaken(slug);
            call.Slug = slug;
        }
        input.ApplyTo(call, times.Value);
        db.Entry(call).Property(c => c.UpdatedAt).IsModified = true;
        var saved = await Concurrency.SaveAsync(db, ct);
        if (saved is not null) return saved;
        return call;
    }

    // The field error lets a form point at the slug; the API's 409 gains an 'errors' member.
    private static Failure SlugTaken(string slug) =>
        new(FailureKind.Conflict, Phrase.Of("call.slug-taken.title"), Phrase.Of("call.slug.taken", slug),
            new Dictionary<string, Phrase[]> { ["slug"] = [Phrase.Of("call.slug.taken", slug)] });
}
