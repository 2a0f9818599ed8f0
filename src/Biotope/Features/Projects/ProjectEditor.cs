using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Projects;

/// <summary>Creating, changing and deleting projects and their parts, with rights, validation and the concurrency check.</summary>
public sealed class ProjectEditor(BiotopeDb db, TimeProvider clock)
{
    public DateOnly Today => ProjectQueries.Today(clock);

    public Task<Project?> FindAsync(int id, CancellationToken ct = default) =>
        ProjectQueries.Full(db.Projects).FirstOrDefaultAsync(p => p.Id == id, ct);

    public async Task<Outcome<Project>> CreateAsync(ProjectInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("project.create.forbidden"));
        var project = new Project { Slug = "", Acronym = "", TitleEn = "", Source = ProjectSource.Manual, Status = ProjectStatus.Planned };
        var invalid = await ApplyAsync(project, input, ct);
        if (invalid is not null) return invalid;
        project.Slug = await db.UniqueSlugAsync(project.Acronym, ct);
        db.Projects.Add(project);
        return await SaveAsync(project, ct);
    }

    /// <summary>Applies <paramref name="input"/> if <paramref name="expectedVersion"/> is still current.</summary>
    public async Task<Outcome<Project>> UpdateAsync(int id, ProjectInput input, int? expectedVersion, bool fromIfMatch, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await FindAsync(id, ct);
        if (project is null) return Failure.NotFound(Phrase.Of("project.not-found", id));
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("project.edit.forbidden"));
        var stale = CheckVersion(project, expectedVersion ?? input.Version, fromIfMatch && expectedVersion is not null);
        if (stale is not null) return stale;
        var invalid = await ApplyAsync(project, input, ct);
        return invalid ?? await SaveAsync(project, ct);
    }

    public async Task<Outcome<Project>> DeleteAsync(int id, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("project.delete.forbidden"));
        var project = await FindAsync(id, ct);
        if (project is null) return Failure.NotFound(Phrase.Of("project.not-found", id));
        if (CheckVersion(project, expectedVersion, fromIfMatch: true) is { } stale) return stale;
        if (await db.Proposals.AnyAsync(p => p.ProjectId == id, ct))
            return Failure.Conflict(Phrase.Of("project.delete.from-proposal.title"), Phrase.Of("project.delete.from-proposal"));
        if (await db.Projects.AnyAsync(p => p.ParentProjectId == id, ct))
            return Failure.Conflict(Phrase.Of("project.delete.has-sub-projects.title"), Phrase.Of("project.delete.has-sub-projects"));
        db.Projects.Remove(project);
        return await SaveAsync(project, ct);
    }

    /// <summary>Replaces the partner list: partners keep their rows (and ids) when they stay.</summary>
    public async Task<Outcome<Project>> SetPartnersAsync(int id, PartnersInput input, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await FindAsync(id, ct);
        if (project is null) return Failure.NotFound(Phrase.Of("project.not-found", id));
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("project.partners.forbidden"));
        var errors = input.Validate();
        var wanted = input.Partners.Select(p => p.OrganizationId).Distinct().ToList();
        var existing = await db.Organizations.Where(o => wanted.Contains(o.Id) && o.DeletedAt == null).Select(o => o.Id).ToListAsync(ct);
        for (var i = 0; i < input.Partners.Count; i++)
        {
            if (!existing.Contains(input.Partners[i].OrganizationId))
                errors.TryAdd($"partners[{i}].organizationId", [Phrase.Of("project.organization.unknown", input.Partners[i].OrganizationId)]);
        }
        if (errors.Count > 0) return Failure.Invalid(errors);
        if (CheckVersion(project, expectedVersion, fromIfMatch: true) is { } stale) return stale;

        project.Partners.RemoveAll(p => !wanted.Contains(p.OrganizationId));
        foreach (var line in input.Partners)
        {
            var partner = project.Partners.FirstOrDefault(p => p.OrganizationId == line.OrganizationId);
            if (partner is null)
            {
                partner = new ProjectPartner { OrganizationId = line.OrganizationId };
                project.Partners.Add(partner);
            }
            partner.Role = ProjectInput.Clean(line.Role)?.ToLowerInvariant() ?? ProjectRoles.Partner;
            partner.Budget = line.Budget;
            partner.Funding = line.Funding;
            partner.ResearchersToHire = line.ResearchersToHire;
        }
        Touch(project);
        return await SaveAsync(project, ct);
    }

    public async Task<Outcome<(Project Project, ProjectMilestone Milestone)>> AddMilestoneAsync(int id, MilestoneInput input, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await FindAsync(id, ct);
        if (project is null) return Failure.NotFound(Phrase.Of("project.not-found", id));
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("project.milestone.add.forbidden"));
        var errors = input.Validate(Today);
        if (errors.Count > 0) return Failure.Invalid(errors);
        if (CheckVersion(project, expectedVersion, fromIfMatch: true) is { } stale) return stale;
        var milestone = new ProjectMilestone { Code = "", Title = "" };
        Apply(input, milestone);
        project.Milestones.Add(milestone);
        Touch(project);
        return await SaveAsync((project, milestone), ct);
    }

    /// <summary>Staff change everything; the coordinator's members record the actual date only.</summary>
    public async Task<Outcome<(Project Project, ProjectMilestone Milestone)>> UpdateMilestoneAsync(int id, int milestoneId, MilestoneInput input, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await FindAsync(id, ct);
        var milestone = project?.Milestones.FirstOrDefault(m => m.Id == milestoneId);
        if (project is null || milestone is null) return Failure.NotFound(Phrase.Of("project.milestone.not-found", milestoneId, id));
        if (!user.CanReport(project)) return Failure.Forbidden(Phrase.Of("project.milestone.update.forbidden"));
        var errors = input.Validate(Today);
        if (errors.Count > 0) return Failure.Invalid(errors);
        if (!user.IsStaff())
        {
            var changesMoreThanTheDate = !string.Equals(input.Code?.Trim(), milestone.Code, StringComparison.Ordinal)
                || !string.Equals(input.Title?.Trim(), milestone.Title, StringComparison.Ordinal)
                || input.DueDate != milestone.DueDate
                || (input.Kind is { Length: > 0 } && ProjectParsing.TryEnum<MilestoneKind>(input.Kind, out var kind) && kind != milestone.Kind);
            if (changesMoreThanTheDate)
                return Failure.Forbidden(Phrase.Of("project.milestone.coordinator-date-only"));
        }
        if (CheckVersion(project, expectedVersion, fromIfMatch: true) is { } stale) return stale;
        Apply(input, milestone);
        Touch(project);
        return await SaveAsync((project, milestone), ct);
    }

    public async Task<Outcome<Project>> DeleteMilestoneAsync(int id, int milestoneId, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await FindAsync(id, ct);
        var milestone = project?.Milestones.FirstOrDefault(m => m.Id == milestoneId);
        if (project is null || milestone is null) return Failure.NotFound(Phrase.Of("project.milestone.not-found", milestoneId, id));
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("project.milestone.delete.forbidden"));
        if (CheckVersion(project, expectedVersion, fromIfMatch: true) is { } stale) return stale;
        project.Milestones.Remove(milestone);
        Touch(project);
        return await SaveAsync(project, ct);
    }

    private static void Apply(MilestoneInput input, ProjectMilestone milestone)
    {
        if (ProjectParsing.TryEnum<MilestoneKind>(input.Kind, out var kind)) milestone.Kind = kind;
        milestone.Code = input.Code!.Trim();
        milestone.Title = input.Title!.Trim();
        milestone.DueDate = input.DueDate;
        milestone.ActualDate = input.ActualDate;
    }

    public async Task<Outcome<(Project Project, ProjectResearcher Researcher)>> AddResearcherAsync(int id, ResearcherInput input, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await FindAsync(id, ct);
        if (project is null) return Failure.NotFound(Phrase.Of("project.not-found", id));
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("project.researcher.add.forbidden"));
        var errors = input.Validate();
        if (input.OrganizationId is { } organization && !await OrganizationExistsAsync(organization, ct)) errors.TryAdd("organizationId", [Phrase.Of("project.organization.unknown", organization)]);
        if (errors.Count > 0) return Failure.Invalid(errors);
        if (CheckVersion(project, expectedVersion, fromIfMatch: true) is { } stale) return stale;
        var researcher = new ProjectResearcher
        {
            Name = input.Name!.Trim(),
            Orcid = Organizations.Identifiers.TryNormalizeOrcid(input.Orcid, out var orcid, out _) ? orcid : null,
            OrganizationId = input.OrganizationId,
            Position = ProjectInput.Clean(input.Position),
            HiredOn = input.HiredOn,
        };
        project.Researchers.Add(researcher);
        Touch(project);
        return await SaveAsync((project, researcher), ct);
    }

    public async Task<Outcome<Project>> DeleteResearcherAsync(int id, int researcherId, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await FindAsync(id, ct);
        var researcher = project?.Researchers.FirstOrDefault(r => r.Id == researcherId);
        if (project is null || researcher is null) return Failure.NotFound(Phrase.Of("project.researcher.not-found", researcherId, id));
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("project.researcher.remove.forbidden"));
        if (CheckVersion(project, expectedVersion, fromIfMatch: true) is { } stale) return stale;
        project.Researchers.Remove(researcher);
        Touch(project);
        return await SaveAsync(project, ct);
    }

    public async Task<Outcome<(Project Project, ProjectOutput Output)>> AddOutputAsync(int id, OutputInput input, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await FindAsync(id, ct);
        if (project is null) return Failure.NotFound(Phrase.Of("project.not-found", id));
        if (!user.CanReport(project)) return Failure.Forbidden(Phrase.Of("project.output.add.forbidden"));
        var errors = input.Validate(Today.Year);
        if (input.OrganizationId is { } organization && !await OrganizationExistsAsync(organization, ct)) errors.TryAdd("organizationId", [Phrase.Of("project.organization.unknown", organization)]);
        if (errors.Count > 0) return Failure.Invalid(errors);
        if (CheckVersion(project, expectedVersion, fromIfMatch: true) is { } stale) return stale;
        var output = new ProjectOutput
        {
            Kind = ProjectParsing.TryEnum<OutputKind>(input.Kind, out var kind) ? kind : default,
            Title = input.Title!.Trim(),
            Doi = OutputInput.NormalizeDoi(input.Doi),
            PatentNumber = ProjectInput.Clean(input.PatentNumber),
            Year = input.Year,
            Count = input.Count,
            OrganizationId = input.OrganizationId,
            Url = ProjectInput.Clean(input.Url),
        };
        project.Outputs.Add(output);
        Touch(project);
        return await SaveAsync((project, output), ct);
    }

    public async Task<Outcome<Project>> DeleteOutputAsync(int id, int outputId, int? expectedVersion, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await FindAsync(id, ct);
        var output = project?.Outputs.FirstOrDefault(o => o.Id == outputId);
        if (project is null || output is null) return Failure.NotFound(Phrase.Of("project.output.not-found", outputId, id));
        if (!user.IsStaff()) return Failure.Forbidden(Phrase.Of("project.output.remove.forbidden"));
        if (CheckVersion(project, expectedVersion, fromIfMatch: true) is { } stale) return stale;
        project.Outputs.Remove(output);
        Touch(project);
        return await SaveAsync(project, ct);
    }

    /// <summary>The project's reports, for staff and the partners' members only (spend is confidential).</summary>
    public async Task<Outcome<ProgressReportsResponse>> ReadReportsAsync(int id, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await db.LoadAsync(id, ct);
        if (project is null) return Failure.NotFound(Phrase.Of("project.not-found", id));
        if (!user.CanReadReports(project)) return Failure.Forbidden(Phrase.Of("project.reports.read.forbidden"));
        return await db.ReportsAsync(project, ct);
    }

    public async Task<Outcome<(Project Project, ProgressReport Report)>> AddReportAsync(int id, ProgressReportInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await FindAsync(id, ct);
        if (project is null) return Failure.NotFound(Phrase.Of("project.not-found", id));
        if (!user.CanReport(project)) return Failure.Forbidden(Phrase.Of("project.report.submit.forbidden"));
        var others = await db.ProgressReports.AsNoTracking().Where(r => r.ProjectId == id).ToListAsync(ct);
        var errors = input.Validate(project, others);
        if (errors.Count > 0) return Failure.Invalid(errors);
        var report = new ProgressReport
        {
            ProjectId = id,
            PeriodStart = input.PeriodStart!.Value,
            PeriodEnd = input.PeriodEnd!.Value,
            Narrative = input.Narrative!.Trim(),
            Spend = [.. input.Spend.Select(s => new PartnerSpend { OrganizationId = s.OrganizationId, Amount = s.Amount })],
            SubmittedAt = clock.GetUtcNow(),
            SubmittedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier),
        };
        db.ProgressReports.Add(report);
        // The project's version check makes the no-overlap rule hold when two reports are sent at once.
        Touch(project);
        return await SaveAsync((project, report), ct);
    }

    private async Task<Failure?> ApplyAsync(Project project, ProjectInput input, CancellationToken ct)
    {
        var errors = input.Validate();
        if (input.ParentProjectId is { } parent)
        {
            if (parent == project.Id) errors.TryAdd("parentProjectId", [Phrase.Of("project.parent.self")]);
            else if (!await db.Projects.AnyAsync(p => p.Id == parent, ct)) errors.TryAdd("parentProjectId", [Phrase.Of("project.parent.unknown", parent)]);
            else if (project.Id != 0 && await IsDescendantAsync(parent, project.Id, ct)) errors.TryAdd("parentProjectId", [Phrase.Of("project.parent.cycle")]);
        }
        var named = input.Strands.SelectMany(s => s.SubProjectIds).Distinct().ToList();
        var known = await db.Projects.Where(p => named.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        for (var i = 0; i < input.Strands.Count; i++)
        {
            var unknown = input.Strands[i].SubProjectIds.Where(sub => !known.Contains(sub) || sub == project.Id).ToList();
            if (unknown.Count > 0) errors.TryAdd($"strands[{i}].subProjectIds", [Phrase.Of("project.strand.sub-projects.unknown", new PhraseList([.. unknown.Cast<object?>()]))]);
        }
        if (errors.Count > 0) return Failure.Invalid(errors);
        input.ApplyTo(project);
        return null;
    }

    // Walks up from the candidate parent: meeting the project means the new parent sits below it.
    private async Task<bool> IsDescendantAsync(int candidate, int ancestor, CancellationToken ct)
    {
        var seen = new HashSet<int>();
        for (int? current = candidate; current is { } id && seen.Add(id);)
        {
            if (id == ancestor) return true;
            current = await db.Projects.Where(p => p.Id == id).Select(p => p.ParentProjectId).FirstOrDefaultAsync(ct);
        }
        return false;
    }

    private Task<bool> OrganizationExistsAsync(int id, CancellationToken ct) => db.Organizations.AnyAsync(o => o.Id == id && o.DeletedAt == null, ct);

    // Parts of the project are part of its representation: changing one is a new version (and a concurrency check).
    private void Touch(Project project)
    {
        if (db.Entry(project).State == EntityState.Unchanged) db.Entry(project).State = EntityState.Modified;
    }

    /// <summary>Every change of a project or of one of its parts names the version it read: none is a 428, a stale one a 412 (If-Match) or 409 (a form's field).</summary>
    private static Failure? CheckVersion(Project project, int? expected, bool fromIfMatch)
    {
        if (expected is not { } version)
            return new Failure(FailureKind.PreconditionRequired, Phrase.Of("project.version-required.title"), Phrase.Of("project.version-required"));
        return version != project.Version
            ? new Failure(fromIfMatch ? FailureKind.PreconditionFailed : FailureKind.Conflict, Phrase.Of("project.changed.title"), Phrase.Of("project.changed.version", version, project.Version))
            : null;
    }

    private async Task<Outcome<T>> SaveAsync<T>(T result, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return result;
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Failure(FailureKind.Conflict, Phrase.Of("project.changed.title"), Phrase.Of("project.changed.meanwhile"));
        }
    }
}
