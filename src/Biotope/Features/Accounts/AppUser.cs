using Microsoft.AspNetCore.Identity;

namespace Biotope.Features.Accounts;

public class AppUser : IdentityUser
{
    /// <summary>The organization a MemberAdmin or Member belongs to.</summary>
    public int? OrganizationId { get; set; }
    public string? DisplayName { get; set; }
    /// <summary>When the account was erased (ADR 022): the row stays as a pseudonym so bookings and statements keep their history.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
}

public static class Roles
{
    public const string Administrator = nameof(Administrator);
    public const string ClusterStaff = nameof(ClusterStaff);
    public const string MemberAdmin = nameof(MemberAdmin);
    public const string Member = nameof(Member);
    public const string Expert = nameof(Expert);
    /// <summary>Runs one or more technology platforms (bound to them in platform_managers).</summary>
    public const string PlatformManager = nameof(PlatformManager);
    /// <summary>Gives training sessions and records who attended.</summary>
    public const string Trainer = nameof(Trainer);

    public static readonly IReadOnlyList<string> All = [Administrator, ClusterStaff, MemberAdmin, Member, Expert, PlatformManager, Trainer];

    /// <summary>Staff-level rights: edit any organization, read the audit log.</summary>
    public const string Staff = Administrator + "," + ClusterStaff;
}
