using Biotope.Data;
using Biotope.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Privacy;

public sealed record InactiveAccountDto(string Id, string? Email, string? DisplayName, DateTimeOffset? LastSignInAt, DateTimeOffset? CreatedAt);

/// <summary>
/// Accounts nobody signed in to for <see cref="Months"/> months (ADR 022): the last "SignedIn" entry of the account audit
/// (ADR 019), or, without one, the account's creation entry; an account with neither is listed (its age is unknown).
/// </summary>
public sealed class InactiveAccounts(BiotopeDb db, TimeProvider clock)
{
    public const int Months = 24;

    public async Task<List<InactiveAccountDto>> ListAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().AddMonths(-Months);
        var accounts = await db.Users.AsNoTracking().Where(u => u.ErasedAt == null).Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(ct);
        // Read once and folded here: SQLite stores instants as ticks, where MAX over a converted column is not translated.
        var events = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(AppUser) && (a.Action == AccountAudit.SignedIn || a.Action == "Added"))
            .Select(a => new { a.EntityId, a.Action, a.At }).ToListAsync(ct);
        var lastSignIn = events.Where(e => e.Action == AccountAudit.SignedIn).GroupBy(e => e.EntityId).ToDictionary(g => g.Key, g => g.Max(e => e.At));
        var created = events.Where(e => e.Action == "Added").GroupBy(e => e.EntityId).ToDictionary(g => g.Key, g => g.Min(e => e.At));
        return [.. accounts
            .Select(a => new InactiveAccountDto(a.Id, a.Email, a.DisplayName, lastSignIn.TryGetValue(a.Id, out var signIn) ? signIn : null, created.TryGetValue(a.Id, out var made) ? made : null))
            .Where(a => (a.LastSignInAt ?? a.CreatedAt) is not { } seen || seen < cutoff)
            .OrderBy(a => a.LastSignInAt ?? a.CreatedAt ?? DateTimeOffset.MinValue).ThenBy(a => a.Email, StringComparer.Ordinal)];
    }
}
