using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Tests.Features.Projects.Cordis;

/// <summary><c>biotope import cordis</c>, run in-process against a real SQLite file without the demo directory.</summary>
public sealed class CordisCliTests : IDisposable
{
    private static readonly string FixturesDir = Path.Combine(AppContext.BaseDirectory, "Features", "Projects", "Cordis", "Fixtures");
    private static readonly string ProjectsFile = Path.Combine(FixturesDir, "project.csv");
    private static readonly string OrganizationsFile = Path.Combine(FixturesDir, "organization.csv");

    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "biotope-cli-" + Guid.NewGuid().ToString("N")[..10]);

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Cli.RunAsync([.. args, "--data-dir", dataDir], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Dry_run_then_import_then_nothing_left_to_change()
    {
        var dry = await RunAsync("import", "cordis", ProjectsFile, OrganizationsFile, "--dry-run");
        Assert.Equal(0, dry.Exit);
        Assert.Contains("projects 3 created, 0 updated, 0 unchanged, 0 failed; organizations matched 0 by PIC, 0 by VAT, 0 by ROR, 0 by name, 10 created; 4 rows rejected (dry run: nothing written)", dry.Out);
        Assert.Contains("reject organization.csv line 7: ecContribution \"4O1250,00\" is not an amount", dry.Out);
        await using (var db = new BiotopeSettings(dataDir, null).CreateDb())
            Assert.Equal(0, await db.Projects.CountAsync(TestContext.Current.CancellationToken));

        var real = await RunAsync("import", "cordis", ProjectsFile, OrganizationsFile);
        Assert.Equal(0, real.Exit); // rejected rows do not make the run fail
        Assert.Contains("projects 3 created", real.Out);

        var again = await RunAsync("import", "cordis", ProjectsFile, OrganizationsFile);
        Assert.Equal(0, again.Exit);
        Assert.Contains("projects 0 created, 0 updated, 3 unchanged, 0 failed; organizations matched 10 by PIC, 0 by VAT, 0 by ROR, 0 by name, 0 created; 4 rows rejected", again.Out);
    }

    [Theory]
    [InlineData("missing projects file")]
    [InlineData("missing organizations file")]
    [InlineData("one file only")]
    [InlineData("unknown option")]
    public async Task Usage_errors_exit_with_code_2(string mistake)
    {
        var nowhere = Path.Combine(dataDir, "nowhere.csv");
        string[] args = mistake switch
        {
            "missing projects file" => ["import", "cordis", nowhere, OrganizationsFile],
            "missing organizations file" => ["import", "cordis", ProjectsFile, nowhere],
            "one file only" => ["import", "cordis", ProjectsFile],
            _ => ["import", "cordis", ProjectsFile, OrganizationsFile, "--force"],
        };

        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(Cli.UsageError, exit);
        Assert.StartsWith("biotope: ", error);
    }

    [Fact]
    public async Task A_file_without_the_cordis_columns_exits_with_code_1_and_imports_nothing()
    {
        Directory.CreateDirectory(dataDir);
        var notCordis = Path.Combine(dataDir, "organization.csv");
        await File.WriteAllTextAsync(notCordis, "\"projectID\";\"name\"\n\"825123\";\"UNIVERSITE DE MONS\"\n", TestContext.Current.CancellationToken);

        var (exit, output, error) = await RunAsync("import", "cordis", ProjectsFile, notCordis);

        Assert.Equal(1, exit);
        Assert.StartsWith("biotope: organization.csv: the header lacks the columns \"organisationID\", \"vatNumber\"", error);
        Assert.DoesNotContain("CORDIS import:", output);
        await using var db = new BiotopeSettings(dataDir, null).CreateDb();
        Assert.Equal(0, await db.Projects.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Help_describes_the_command()
    {
        var (_, output, _) = await RunAsync("--help");
        Assert.Contains("import cordis PROJECTS.csv ORGANIZATIONS.csv [--dry-run]", output);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
    }
}
