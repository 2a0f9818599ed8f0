namespace Biotope.Tests.Infrastructure;

/// <summary>
/// The schema-driven fuzz run (ADR 016): every operation of the OpenAPI document, as every role, with hostile requests;
/// no answer may be a 5xx. FUZZ_SEED and FUZZ_CASES (per operation) lengthen the run (bench/fuzz.sh).
/// </summary>
public abstract class FuzzContract
{
    protected abstract TestApp App { get; }

    [Fact]
    public async Task No_request_gets_a_server_error()
    {
        var (seed, cases) = ApiFuzzer.Settings();
        var report = await new ApiFuzzer(App, seed, cases).RunAsync(TestContext.Current.CancellationToken);
        var summary = $"fuzz ({(App.IsPostgres ? "PostgreSQL" : "SQLite")}): seed {seed}, {report.Operations} operations, {report.Cases} cases, {report.Failures.Count} server errors";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(report.Operations > 100, $"only {report.Operations} operations in the document");
        Assert.True(report.Failures.Count == 0, summary + "\n\n" + string.Join("\n\n", report.Failures.Take(40)));
    }
}

public sealed class SqliteFuzzTests(SqliteAppFixture fixture) : FuzzContract, IClassFixture<SqliteAppFixture>
{
    protected override TestApp App => fixture.App;
}

public sealed class PostgresFuzzTests(PostgresAppFixture fixture) : FuzzContract, IClassFixture<PostgresAppFixture>
{
    protected override TestApp App => fixture.Require();
}
