namespace Biotope.Features.Audit;

/// <summary>Who is making the current changes; set per request from the signed-in user, or by the CLI.</summary>
public class AuditActor
{
    public string? UserId { get; set; }
    public string? Email { get; set; }
}
