using Biotope.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Biotope.Features.Accounts.Tokens;

public enum TokenScope
{
    /// <summary>GET and HEAD requests only.</summary>
    Read,
    /// <summary>Everything the person may do.</summary>
    Write,
}

/// <summary>
/// A named API token a person made for a script (ADR 018): "bio_{id}_{secret}", of which only the SHA-256 of the secret
/// is stored. It lives until revoked or expired, whatever the security stamp does, but not past the account's lock or erasure.
/// </summary>
public class PersonalToken : ICreated
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public TokenScope Scope { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>Updated at most once a minute, without an audit entry.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

public sealed class PersonalTokenConfiguration : IEntityTypeConfiguration<PersonalToken>
{
    public void Configure(EntityTypeBuilder<PersonalToken> t)
    {
        t.ToTable("personal_tokens");
        t.HasIndex(x => x.UserId);
        t.Property(x => x.Name).HasMaxLength(PersonalTokens.NameLength);
        t.Property(x => x.Scope).HasConversion<string>().HasMaxLength(10);
        t.Property(x => x.TokenHash).HasMaxLength(64);
        t.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
