using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Biotope.Tests.Features.Notifications;

/// <summary>One e-mail as the test SMTP server received it, with its headers and decoded subject and body.</summary>
public sealed partial record ReceivedMail(string From, IReadOnlyList<string> Recipients, string Data)
{
    public IReadOnlyDictionary<string, string> Headers { get; } = ParseHeaders(Data);

    public string Subject => DecodeWords(Headers.GetValueOrDefault("Subject", ""));

    public string Body
    {
        get
        {
            var start = Data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var raw = start < 0 ? "" : Data[(start + 4)..];
            var charset = Charset().Match(Headers.GetValueOrDefault("Content-Type", "")) is { Success: true } m ? Encoding.GetEncoding(m.Groups[1].Value) : Encoding.UTF8;
            return Headers.GetValueOrDefault("Content-Transfer-Encoding", "7bit").ToLowerInvariant() switch
            {
                "base64" => charset.GetString(Convert.FromBase64String(string.Concat(raw.Split("\r\n")))),
                "quoted-printable" => charset.GetString(QuotedPrintable(raw)),
                _ => raw,
            };
        }
    }

    private static Dictionary<string, string> ParseHeaders(string data)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var end = data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var block = end < 0 ? data : data[..end];
        string? last = null;
        foreach (var line in block.Split("\r\n"))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && last is not null) headers[last] += line; // a folded line
            else if (line.IndexOf(':') is > 0 and var colon) headers[last = line[..colon]] = line[(colon + 1)..].Trim();
        }
        return headers;
    }

    /// <summary>RFC 2047 encoded words (=?utf-8?B?...?= and =?utf-8?Q?...?=); the space between two of them is not text.</summary>
    private static string DecodeWords(string value) =>
        EncodedWord().Replace(AdjacentWords().Replace(value, "?==?"), m =>
        {
            var encoding = Encoding.GetEncoding(m.Groups["charset"].Value);
            var text = m.Groups["text"].Value;
            return m.Groups["kind"].Value.ToUpperInvariant() == "B"
                ? encoding.GetString(Convert.FromBase64String(text))
                : encoding.GetString(QuotedPrintable(text.Replace('_', ' ')));
        });

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>();
        var unfolded = text.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < unfolded.Length; i++)
        {
            if (unfolded[i] == '=' && i + 2 < unfolded.Length && Uri.IsHexDigit(unfolded[i + 1]) && Uri.IsHexDigit(unfolded[i + 2]))
            {
                bytes.Add(Convert.ToByte(unfolded.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(unfolded[i].ToString()));
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"=\?(?<charset>[^?]+)\?(?<kind>[BbQq])\?(?<text>[^?]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex AdjacentWords();

    [GeneratedRegex(@"charset=""?([A-Za-z0-9_\-]+)")]
    private static partial Regex Charset();
}

/// <summary>
/// A tiny real SMTP server on 127.0.0.1 for tests: 220 greeting, EHLO/HELO, MAIL FROM, RCPT TO, DATA up to
/// ".", RSET, NOOP, QUIT. It records what it accepts and can be told to refuse mail (e.g. 451 or 554 at MAIL FROM).
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<ReceivedMail> received = new();
    private readonly List<Task> sessions = [];
    private readonly Task acceptLoop;
    private volatile string? refusal;
    private int connections;

    public SmtpTestServer()
    {
        listener.Start();
        acceptLoop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public IReadOnlyList<ReceivedMail> Messages => [.. received];

    /// <summary>How many clients connected: none at all proves nobody tried to send.</summary>
    public int Connections => Volatile.Read(ref connections);

    /// <summary>From now on MAIL FROM gets this reply, e.g. "451 4.3.0 Try again later" or "554 5.7.1 Rejected".</summary>
    public void Refuse(string reply) => refusal = reply;

    public void Accept() => refusal = null;

    /// <summary>Waits until at least <paramref name="count"/> messages arrived.</summary>
    public async Task WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (received.Count < count)
        {
            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Waited {timeout.TotalSeconds} s for {count} e-mails; {received.Count} arrived.");
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            Interlocked.Increment(ref connections);
            lock (sessions) sessions.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var connection = client;
        try
        {
            var stream = connection.GetStream();
            // Latin-1 keeps every byte as one character, so 8-bit data survives the round trip through lines.
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost Biotope test SMTP");
            string? from = null;
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost greets you");
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "MAIL":
                        if (refusal is { } reply)
                        {
                            await writer.WriteLineAsync(reply);
                            break;
                        }
                        from = Address(line);
                        recipients.Clear();
                        await writer.WriteLineAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        if (from is null)
                        {
                            await writer.WriteLineAsync("503 5.5.1 MAIL first");
                            break;
                        }
                        recipients.Add(Address(line));
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        if (from is null || recipients.Count == 0)
                        {
                            await writer.WriteLineAsync("503 5.5.1 RCPT first");
                            break;
                        }
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(stop.Token) is { } dataLine && dataLine != ".")
                            data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                        // Back to UTF-8 text: the bytes were kept one per character.
                        received.Enqueue(new ReceivedMail(from, [.. recipients], Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(data.ToString()))));
                        from = null;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 2.0.0 Queued");
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not recognized");
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up, or the server is stopping.
        }
    }

    private static string Address(string command)
    {
        var start = command.IndexOf('<');
        var end = command.IndexOf('>', start + 1);
        return start >= 0 && end > start ? command[(start + 1)..end] : command.Split(':', 2)[^1].Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await acceptLoop;
        Task[] running;
        lock (sessions) running = [.. sessions];
        await Task.WhenAll(running);
        stop.Dispose();
    }
}
