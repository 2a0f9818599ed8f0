using Biotope.Features.Organizations;

namespace Biotope.Features.Projects;

/// <summary>A collaborative R&amp;D project; the portfolio capability extends it.</summary>
public class Project
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Acronym { get; set; }
    public required string TitleEn { get; set; }
    public string? TitleFr { get; set; }
    public string? SummaryEn { get; set; }
    public string? SummaryFr { get; set; }
    public int? ParentProjectId { get; set; }
    public int? ResearchersToHire { get; set; }
    public string? Funding { get; set; }
    public List<ProjectPartner> Partners { get; set; } = [];
}

public class ProjectPartner
{
    public int Id { get; set; }
    public int ProjectId { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public string? Role { get; set; }
}
