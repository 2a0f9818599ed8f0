using Biotope.Infrastructure;

namespace Biotope.Tests.Infrastructure;

public sealed class BiotopeSettingsTests
{
    [Fact]
    public void The_data_folder_defaults_to_data_in_the_working_directory_and_options_win()
    {
        var fromOption = BiotopeSettings.From("/tmp/biotope-option", null);
        Assert.Equal("/tmp/biotope-option", fromOption.DataDir);
        Assert.False(fromOption.UsePostgres);
        Assert.Equal(Path.Combine("/tmp/biotope-option", "biotope.db"), fromOption.SqlitePath);
        if (Environment.GetEnvironmentVariable("BIOTOPE_DATA_DIR") is null)
            Assert.Equal(Path.GetFullPath("data"), BiotopeSettings.From(null, null).DataDir);
    }

    [Fact]
    public void A_connection_string_selects_postgresql()
    {
        var settings = BiotopeSettings.From(null, "Host=127.0.0.1;Database=biotope");
        Assert.True(settings.UsePostgres);
        Assert.Equal("PostgreSQL", settings.DatabaseDescription);
    }
}
