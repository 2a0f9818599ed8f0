using Npgsql;

namespace Biotope.Tests.Infrastructure;

public sealed class PostgresServerTests(PostgresServer postgres)
{
    [Fact]
    public async Task Fresh_database_has_unaccent_and_trigram_extensions()
    {
        postgres.RequireOrSkip();
        var connectionString = await postgres.CreateDatabaseAsync("pgserver_tests");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using (var create = new NpgsqlCommand("CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;", connection))
        {
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using (var unaccent = new NpgsqlCommand("SELECT unaccent('Liège')", connection))
        {
            Assert.Equal("Liege", await unaccent.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        await using (var similar = new NpgsqlCommand("SELECT similarity('louvain', 'louvian') > 0.3", connection))
        {
            Assert.Equal(true, await similar.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Each_call_creates_a_separate_database()
    {
        postgres.RequireOrSkip();
        var first = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("Same-Prefix"));
        var second = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("Same-Prefix"));

        Assert.NotEqual(first.Database, second.Database);
        Assert.StartsWith("same_prefix_", first.Database);
        Assert.Equal("127.0.0.1", first.Host);
        Assert.Equal(postgres.Port, first.Port);
    }
}
