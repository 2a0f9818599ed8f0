namespace Biotope.Features.Notifications;

/// <summary>An in-app message to one user, in both languages so the reader's language decides.</summary>
public class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Kind { get; set; }
    public required string SubjectEn { get; set; }
    public required string SubjectFr { get; set; }
    public string? BodyEn { get; set; }
    public string? BodyFr { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>An e-mail waiting for delivery by SMTP (when configured); written in the same transaction as its cause.</summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

/// <summary>How an e-mail carries both languages: the French part, a rule, the English part (with the link after it).</summary>
public static class BilingualEmail
{
    public const string Separator = "\n\n---\n\n";

    public static string Subject(string french, string english) => $"{french} / {english}";

    public static string Body(string french, string english, string? link) => french + Separator + english + (link is null ? "" : $"\n\n{link}");

    /// <summary>The French and English parts of a body written by <see cref="Body"/>; a body written otherwise is one part, in no known language.</summary>
    public static (string? French, string? English, string? Unknown) Parts(string body)
    {
        var at = body.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? (null, null, body) : (body[..at], body[(at + Separator.Length)..], null);
    }
}
