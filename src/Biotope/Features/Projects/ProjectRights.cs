using System.Security.Claims;
using Biotope.Features.Accounts;

namespace Biotope.Features.Projects;

/// <summary>
/// Who may do what with a project (ADR 008). Everyone reads the project itself; staff change everything;
/// the members of the coordinator organization report on it; only partners and staff read the reports.
/// </summary>
public static class ProjectRights
{
    /// <summary>A member admin or member of the organization that coordinates the project.</summary>
    public static bool IsCoordinatorMember(this ClaimsPrincipal user, Project project) =>
        IsOrganizationMember(user) && user.OrganizationId() is { } organization
        && project.Partners.Any(p => p.OrganizationId == organization && ProjectRoles.IsCoordinator(p.Role));

    /// <summary>Add progress reports and outputs, record the actual dates of milestones.</summary>
    public static bool CanReport(this ClaimsPrincipal user, Project project) => user.IsStaff() || user.IsCoordinatorMember(project);

    /// <summary>Progress reports carry each partner's spend, which is confidential to the consortium and the cluster.</summary>
    public static bool CanReadReports(this ClaimsPrincipal user, Project project) =>
        user.IsStaff() || (IsOrganizationMember(user) && user.OrganizationId() is { } organization && project.Partners.Any(p => p.OrganizationId == organization));

    private static bool IsOrganizationMember(ClaimsPrincipal user) => user.IsInRole(Roles.MemberAdmin) || user.IsInRole(Roles.Member);
}
