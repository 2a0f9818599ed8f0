namespace Biotope.Tests.Infrastructure;

/// <summary>A clock the test moves by hand: deadlines are checked against it, not against the machine's time.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Set(DateTimeOffset utc) => now = utc.ToUniversalTime();

    public void Advance(TimeSpan by) => now += by;
}
