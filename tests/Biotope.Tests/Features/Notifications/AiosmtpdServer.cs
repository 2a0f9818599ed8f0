using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Biotope.Tests.Infrastructure;

namespace Biotope.Tests.Features.Notifications;

/// <summary>
/// A real SMTP server for the delivery tests: Debian's aiosmtpd (python3-aiosmtpd, installed by scripts/test) on 127.0.0.1,
/// with STARTTLS (required before MAIL) or implicit TLS, on a self-signed certificate for "localhost" made here. Received
/// messages land in a Maildir.
/// </summary>
public sealed class AiosmtpdServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process process;
    private readonly string folder;

    public int Port { get; }
    /// <summary>The server's certificate, PEM: what Smtp__TrustedCertificate names to trust it.</summary>
    public string CertificatePath { get; }

    private AiosmtpdServer(Process process, string folder, int port, string certificatePath) =>
        (this.process, this.folder, Port, CertificatePath) = (process, folder, port, certificatePath);

    public static bool Available => File.Exists(Python) && Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd");

    /// <summary>Starts a server (STARTTLS, or TLS from the first byte when <paramref name="implicitTls"/>); skips the test when aiosmtpd is missing outside CI.</summary>
    public static async Task<AiosmtpdServer> StartAsync(bool implicitTls = false)
    {
        if (!Available)
        {
            Assert.SkipWhen(!ServiceRequirement.Required, "python3-aiosmtpd is not installed (scripts/test installs it)");
            Assert.Fail("python3-aiosmtpd is not installed (scripts/test installs it)");
        }
        var folder = Path.Combine(Environment.GetEnvironmentVariable("BIOTOPE_TEST_TMPDIR") ?? Path.GetTempPath(), $"smtp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(folder, "server.pem");
        var keyPath = Path.Combine(folder, "server.key");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}" }) start.ArgumentList.Add(argument);
        foreach (var argument in implicitTls ? new[] { "--smtpscert", certificatePath, "--smtpskey", keyPath } : ["--tlscert", certificatePath, "--tlskey", keyPath])
            start.ArgumentList.Add(argument);
        foreach (var argument in new[] { "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(folder, "maildir") }) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AiosmtpdServer(process, folder, port, certificatePath);
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                if (process.HasExited) break;
                await Task.Delay(100);
            }
        }
        await server.DisposeAsync();
        throw new InvalidOperationException("aiosmtpd did not start");
    }

    /// <summary>The messages received so far, as written to the Maildir (headers and body).</summary>
    public IReadOnlyList<string> Messages()
    {
        var box = Path.Combine(folder, "maildir", "new");
        return Directory.Exists(box) ? [.. Directory.GetFiles(box).OrderBy(File.GetLastWriteTimeUtc).Select(File.ReadAllText)] : [];
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
