using Biotope.Data;
using Biotope.Features.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Biotope.Features.Accounts.SignUp;

public enum JoinRequestStatus
{
    Pending,
    Approved,
    Declined,
}

/// <summary>
/// A person who signed up asks to join an organization of the directory (ADR 020). Its member admins, or staff, approve
/// (the person gets the Member role and the organization) or decline. Shown to them once the person confirmed the e-mail.
/// </summary>
public class JoinRequest : ICreated
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public string? Message { get; set; }
    public JoinRequestStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedByUserId { get; set; }
}

public sealed class JoinRequestConfiguration : IEntityTypeConfiguration<JoinRequest>
{
    public void Configure(EntityTypeBuilder<JoinRequest> t)
    {
        t.ToTable("join_requests");
        t.HasIndex(x => x.UserId);
        t.HasIndex(x => new { x.OrganizationId, x.Status });
        t.Property(x => x.Message).HasMaxLength(SignUpInput.MessageLength);
        t.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        t.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        t.HasOne(x => x.Organization).WithMany().HasForeignKey(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
