using System.Globalization;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Platforms;

/// <summary>Coded values (categories, statuses, modalities, statement kinds) read well in both languages.</summary>
public sealed class PlatformFormatTests
{
    [Fact]
    public void Every_coded_key_has_an_English_text_and_a_French_translation()
    {
        var keys = PlatformFormat.CodedKeys.ToList();
        Assert.Equal(4 + 3 + 12 + 3, keys.Count);
        Assert.All(keys, key => Assert.True(ResourceFiles.English.ContainsKey(key), $"\"{key}\" has no English text"));
        Assert.All(keys, key => Assert.True(ResourceFiles.French.ContainsKey(key), $"\"{key}\" has no French translation"));
    }

    [Theory]
    [InlineData("fr", "1 250,50 €", "Lundi", "2 heures")]
    [InlineData("en", "€1,250.50", "Monday", "2 hours")]
    public void Money_is_to_the_cent_weeks_start_on_Monday_and_whole_hours_are_said_in_hours(string language, string money, string monday, string twoHours)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            var texts = Texts.Current;
            Assert.Equal(money, PlatformFormat.Money(1250.5m, texts).Replace('\u202F', ' ').Replace('\u00A0', ' '));
            Assert.Equal(monday, PlatformFormat.Weekday(PlatformFormat.Week[0], texts));
            Assert.Equal(DayOfWeek.Sunday, PlatformFormat.Week[6]);
            Assert.Equal(twoHours, PlatformFormat.Minutes(120, texts));
            Assert.Equal("90 min", PlatformFormat.Minutes(90, texts));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
