using Biotope.Infrastructure;

namespace Biotope.Tests.Features.Calls;

/// <summary>Call deadlines are typed in Brussels time: both sides of daylight saving, the gap and the overlap.</summary>
public sealed class BrusselsTimeInputTests
{
    [Theory]
    [InlineData("2026-03-30T12:00", "2026-03-30T10:00:00Z")] // summer time, UTC+2
    [InlineData("2026-03-28T12:00", "2026-03-28T11:00:00Z")] // winter time, UTC+1
    [InlineData("2026-10-25T02:30", "2026-10-25T00:30:00Z")] // the hour that happens twice: the first (summer) one
    [InlineData("2026-10-25T03:30", "2026-10-25T02:30:00Z")]
    [InlineData("2026-12-01", "2026-11-30T23:00:00Z")]
    [InlineData("2026-12-01T09:00:00+01:00", "2026-12-01T08:00:00Z")]
    [InlineData("2026-12-01T08:00:00Z", "2026-12-01T08:00:00Z")]
    public void Local_and_explicit_times_become_UTC(string text, string utc)
    {
        Assert.True(BrusselsTime.TryParse(text, out var parsed, out var error), error);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Fact]
    public void A_time_that_does_not_exist_in_Brussels_is_refused_with_a_reason()
    {
        Assert.False(BrusselsTime.TryParse("2026-03-29T02:30", out _, out var error));
        Assert.Contains("does not exist in Brussels", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tomorrow")]
    [InlineData("2026-13-01T10:00")]
    public void Garbage_is_refused(string text) => Assert.False(BrusselsTime.TryParse(text, out _, out _));

    [Fact]
    public void Inputs_show_Brussels_wall_clock_time() =>
        Assert.Equal("2026-07-01T14:00", BrusselsTime.ToLocalInput(DateTimeOffset.Parse("2026-07-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
}
