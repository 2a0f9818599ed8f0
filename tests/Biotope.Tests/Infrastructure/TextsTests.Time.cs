using System.Globalization;
using Biotope.Infrastructure;

namespace Biotope.Tests.Infrastructure;

/// <summary>Times are stored in UTC and shown in Brussels time, right on both sides of daylight-saving changes.</summary>
public sealed class BrusselsTimeTests
{
    [Theory]
    // Winter: UTC+1.
    [InlineData("2026-01-15T11:30:00Z", "fr", "15 janvier 2026 à 12:30")]
    // Summer: UTC+2.
    [InlineData("2026-07-15T11:30:00Z", "en", "15 July 2026, 13:30")]
    // Spring forward on 29 March 2026 at 01:00 UTC: 00:59 UTC is 01:59 CET, 01:00 UTC is 03:00 CEST.
    [InlineData("2026-03-29T00:59:00Z", "en", "29 March 2026, 01:59")]
    [InlineData("2026-03-29T01:00:00Z", "en", "29 March 2026, 03:00")]
    // Fall back on 25 October 2026 at 01:00 UTC: 00:30 UTC is 02:30 CEST, 01:30 UTC is 02:30 CET.
    [InlineData("2026-10-25T00:30:00Z", "fr", "25 octobre 2026 à 02:30")]
    [InlineData("2026-10-25T01:30:00Z", "fr", "25 octobre 2026 à 02:30")]
    public void Utc_instants_show_as_brussels_wall_clock_time(string utc, string language, string expected)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(language);
            Assert.Equal(expected, Texts.Current.LocalTime(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
