using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Biotope.Tests.Infrastructure;
using Npgsql;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace Biotope.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL server for the whole test assembly: initdb into a temporary folder,
/// started on a free loopback port with durability switched off, stopped and deleted at the end.
/// Tests take it as a constructor parameter, call <see cref="RequireOrSkip"/> and then
/// <see cref="CreateDatabaseAsync"/> for a database of their own.
/// </summary>
public sealed partial class PostgresServer : IAsyncLifetime
{
    private const string ServerOptions =
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c random_page_cost=1.1 " +
        "-c shared_buffers=128MB -c max_connections=300";

    private Task? _startup;
    private string? _rootDir;
    private string? _dataDir;
    private string? _pgCtl;
    private bool _asPostgresUser;
    private int _stopped;

    /// <summary>Whether the server is running. Waits for a startup still in progress.</summary>
    public bool Available
    {
        get
        {
            WaitForStartup();
            return AdminConnectionString is not null;
        }
    }

    /// <summary>Why the server could not be started, when it is not <see cref="Available"/>.</summary>
    public string? UnavailableReason
    {
        get
        {
            WaitForStartup();
            return _unavailableReason;
        }
    }

    private string? _unavailableReason;

    /// <summary>The TCP port on 127.0.0.1 the server listens on (0 until started).</summary>
    public int Port { get; private set; }

    /// <summary>Connection string to the server's maintenance database "postgres".</summary>
    public string? AdminConnectionString { get; private set; }

    public ValueTask InitializeAsync()
    {
        // Start in the background so the server boots while other fixtures and tests get going;
        // everything that needs it waits for this task.
        _startup = Task.Run(StartAsync);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (_startup is not null)
        {
            await _startup;
        }

        await StopAsync();
    }

    /// <summary>
    /// Skips the calling test when the server is not available, or fails it when services are
    /// required (BIOTOPE_REQUIRE_SERVICES=1 or CI=true).
    /// </summary>
    public void RequireOrSkip()
    {
        if (Available)
        {
            return;
        }

        var reason = $"PostgreSQL test server unavailable: {UnavailableReason}";
        if (ServiceRequirement.Required)
        {
            throw new InvalidOperationException(reason + " (services are required in this run)");
        }

        Assert.Skip(reason);
    }

    /// <summary>Creates a fresh, empty database and returns a connection string to it.</summary>
    /// <param name="namePrefix">Readable start of the database name, e.g. the test class.</param>
    public async Task<string> CreateDatabaseAsync(string namePrefix)
    {
        RequireOrSkip();
        var prefix = NonIdentifierChars().Replace(namePrefix.ToLowerInvariant(), "_");
        if (prefix.Length > 40)
        {
            prefix = prefix[..40];
        }

        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name, pooling: true);
    }

    private string ConnectionString(string database, bool pooling) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = pooling,
        }.ConnectionString;

    private void WaitForStartup()
    {
        if (_startup is null)
        {
            throw new InvalidOperationException("PostgresServer was used before xunit initialized it.");
        }

        _startup.GetAwaiter().GetResult();
    }

    private async Task StartAsync()
    {
        try
        {
            await StartCoreAsync();
        }
        catch (Exception ex)
        {
            _unavailableReason ??= ex.Message;
        }

        if (AdminConnectionString is null)
        {
            await StopAsync();
        }
    }

    private async Task StartCoreAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            _unavailableReason = "the throw-away PostgreSQL server is only supported on Linux.";
            return;
        }

        var binDir = FindBinDir();
        if (binDir is null)
        {
            _unavailableReason =
                "no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin; " +
                "run scripts/test, which installs postgresql-15.";
            return;
        }

        var initdb = Path.Combine(binDir, "initdb");
        _pgCtl = Path.Combine(binDir, "pg_ctl");
        _asPostgresUser = ProcessRunner.IsRoot;

        // PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user.
        // The base folder must be traversable by that user: /tmp, or the run's own folder
        // that scripts/test makes (and cleans up) in BIOTOPE_TEST_TMPDIR.
        var baseDir = Environment.GetEnvironmentVariable("BIOTOPE_TEST_TMPDIR");
        if (string.IsNullOrEmpty(baseDir) || !Directory.Exists(baseDir))
        {
            baseDir = Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();
        }

        // Short name: the server's Unix socket lives here too, and socket paths are limited to 107 bytes.
        _rootDir = Path.Combine(baseDir, "biotope-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_rootDir);
        _dataDir = Path.Combine(_rootDir, "data");

        if (_asPostgresUser)
        {
            var chown = await ProcessRunner.RunAsync("chown", ["postgres:postgres", _rootDir]);
            if (!chown.Succeeded)
            {
                _unavailableReason = $"could not hand {_rootDir} to the postgres user: {chown.Output}";
                return;
            }
        }

        ProcessResult? init = null;
        foreach (var locale in new[] { "C.UTF-8", "C" })
        {
            if (Directory.Exists(_dataDir))
            {
                Directory.Delete(_dataDir, recursive: true);
            }

            init = await RunPostgresToolAsync(
                initdb,
                ["-D", _dataDir, "-A", "trust", "-U", "postgres", "--encoding=UTF8", $"--locale={locale}", "--no-sync"]);
            if (init.Succeeded)
            {
                break;
            }
        }

        if (init is null || !init.Succeeded)
        {
            _unavailableReason = $"initdb failed: {init?.Output}";
            return;
        }

        // The port is picked by binding port 0 and letting it go, so another process may grab it
        // before the server does: try a few times.
        ProcessResult? start = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreePort();
            start = await RunPostgresToolAsync(
                _pgCtl,
                [
                    "-w", "-t", "60", "-D", _dataDir,
                    "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -k {_rootDir} {ServerOptions}",
                    "-l", Path.Combine(_rootDir, "log"), "start",
                ],
                TimeSpan.FromSeconds(90));
            if (start.Succeeded)
            {
                break;
            }
        }

        if (start is null || !start.Succeeded)
        {
            _unavailableReason = $"pg_ctl start failed: {start?.Output}\n{ReadLog()}";
            return;
        }

        var admin = ConnectionString("postgres", pooling: false);
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
        }

        AdminConnectionString = admin;
    }

    private async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        AdminConnectionString = null;
        NpgsqlConnection.ClearAllPools();
        if (_pgCtl is not null && _dataDir is not null && File.Exists(Path.Combine(_dataDir, "postmaster.pid")))
        {
            await RunPostgresToolAsync(_pgCtl, ["-D", _dataDir, "-m", "immediate", "-w", "stop"], TimeSpan.FromSeconds(30));
        }

        if (_rootDir is not null && Directory.Exists(_rootDir))
        {
            try
            {
                Directory.Delete(_rootDir, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left for scripts/test's cleanup of its temporary folder.
            }
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => StopAsync().GetAwaiter().GetResult();

    private Task<ProcessResult> RunPostgresToolAsync(string tool, string[] arguments, TimeSpan? timeout = null) =>
        _asPostgresUser
            ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", tool, .. arguments], _rootDir, timeout)
            : ProcessRunner.RunAsync(tool, arguments, _rootDir, timeout);

    private string ReadLog()
    {
        var log = _rootDir is null ? null : Path.Combine(_rootDir, "log");
        return log is not null && File.Exists(log) ? File.ReadAllText(log) : "";
    }

    private static string? FindBinDir()
    {
        var overridden = Environment.GetEnvironmentVariable("BIOTOPE_PG_BIN");
        if (!string.IsNullOrEmpty(overridden))
        {
            return File.Exists(Path.Combine(overridden, "initdb")) ? overridden : null;
        }

        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(dir => (dir, version: decimal.TryParse(Path.GetFileName(dir), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1m))
            .Where(x => x.version >= 0
                && File.Exists(Path.Combine(x.dir, "bin", "initdb"))
                && File.Exists(Path.Combine(x.dir, "bin", "pg_ctl")))
            .OrderByDescending(x => x.version)
            .Select(x => Path.Combine(x.dir, "bin"))
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NonIdentifierChars();
}
