using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Accounts.SignUp;

/// <summary>
/// Sign-ups whose address was never confirmed are deleted <see cref="KeptFor"/> after their last request to join (ADR 020):
/// the link lasts 48 hours, and an address nobody proved theirs is not kept. Only such sign-ups go (a join request, no
/// confirmed address, no role); their join requests go with them. Accounts made by staff or the command line are confirmed.
/// </summary>
public sealed class UnconfirmedAccounts(BiotopeDb db, UserManager<AppUser> users)
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(7);

    public async Task<int> DeleteStaleAsync(DateTimeOffset now, CancellationToken ct)
    {
        var candidates = await db.Users
            .Where(u => !u.EmailConfirmed && u.ErasedAt == null && db.JoinRequests.Any(r => r.UserId == u.Id) && !db.UserRoles.Any(r => r.UserId == u.Id))
            .Select(u => u.Id).ToListAsync(ct);
        // DateTimeOffset is compared here, not in SQL: SQLite stores it as text.
        var requests = await db.JoinRequests.AsNoTracking().Where(r => candidates.Contains(r.UserId)).Select(r => new { r.UserId, r.CreatedAt }).ToListAsync(ct);
        var stale = requests.GroupBy(r => r.UserId).Where(g => g.Max(r => r.CreatedAt) < now - KeptFor).Select(g => g.Key).ToList();
        var deleted = 0;
        foreach (var id in stale)
        {
            if (await users.FindByIdAsync(id) is { EmailConfirmed: false } user && (await users.DeleteAsync(user)).Succeeded) deleted++;
        }
        return deleted;
    }
}

/// <summary>Deletes stale unconfirmed sign-ups at start and then every six hours.</summary>
public sealed class UnconfirmedAccountsService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<UnconfirmedAccountsService> logger)
    : PeriodicService(scopes, clock, logger, TimeSpan.FromHours(6))
{
    protected override string Done => "unconfirmed sign-ups deleted";

    protected override Task<int> RunOnceAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct) =>
        services.GetRequiredService<UnconfirmedAccounts>().DeleteStaleAsync(now, ct);
}
