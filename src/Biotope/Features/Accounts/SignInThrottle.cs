using System.Collections.Concurrent;

namespace Biotope.Features.Accounts;

/// <summary>
/// Failed sign-ins per (typed e-mail, client address), in memory on this instance (ADR 019). After
/// <see cref="FreeFailures"/> failures that client is refused for that e-mail for <see cref="FirstRefusal"/>, doubled at
/// each further failure up to <see cref="LongestRefusal"/>; other clients are not affected, and a success clears the count.
/// Unknown e-mails are counted the same way, so the answers do not tell which accounts exist.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan FirstRefusal = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan LongestRefusal = TimeSpan.FromHours(1);
    /// <summary>A count with no failure for this long is forgotten.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromHours(24);
    /// <summary>Beyond this many pairs the oldest are dropped, so guessing with many e-mails cannot fill the memory.</summary>
    public const int MaxPairs = 100_000;

    private sealed record Count(int Failures, DateTimeOffset Last, DateTimeOffset RefusedUntil);

    private readonly ConcurrentDictionary<(string Email, string Client), Count> counts = new();

    /// <summary>How long this client must still wait before trying this e-mail again; null when it may try now.</summary>
    public TimeSpan? RefusedFor(string email, string client)
    {
        var now = clock.GetUtcNow();
        return counts.TryGetValue(Key(email, client), out var count) && count.RefusedUntil > now ? count.RefusedUntil - now : null;
    }

    /// <summary>Counts a failure; returns whether this client is refused from now on.</summary>
    public bool Failed(string email, string client)
    {
        var now = clock.GetUtcNow();
        if (counts.Count >= MaxPairs) Forget(now);
        var count = counts.AddOrUpdate(Key(email, client),
            _ => Next(0, now),
            (_, old) => Next(now - old.Last > Memory ? 0 : old.Failures, now));
        return count.RefusedUntil > now;
    }

    public void Succeeded(string email, string client) => counts.TryRemove(Key(email, client), out _);

    private static Count Next(int failures, DateTimeOffset now)
    {
        var total = failures + 1;
        var refusal = total < FreeFailures ? TimeSpan.Zero
            : TimeSpan.FromTicks(Math.Min(LongestRefusal.Ticks, FirstRefusal.Ticks << Math.Min(total - FreeFailures, 10)));
        return new Count(total, now, now + refusal);
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, count) in counts)
            if (now - count.Last > Memory || count.RefusedUntil <= now) counts.TryRemove(key, out _);
        if (counts.Count < MaxPairs) return;
        foreach (var key in counts.OrderBy(c => c.Value.Last).Take(MaxPairs / 10).Select(c => c.Key).ToList()) counts.TryRemove(key, out _);
    }

    private static (string, string) Key(string email, string client) => (email.Trim().ToUpperInvariant(), client);
}
