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
