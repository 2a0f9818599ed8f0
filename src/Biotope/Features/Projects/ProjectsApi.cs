using System.Security.Claims;
using System.Text;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Projects;

public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects").WithTags("Projects");
        group.MapGet("/", ListProjects).WithName(nameof(ListProjects))
            .WithSummary("The portfolio: filter by status, area, year (active that year), words of the acronym or title, partner organization; paged, with budget and funding totals.")
            .ProducesValidationProblem();
        group.MapGet("/dashboard", GetProjectDashboard).WithName(nameof(GetProjectDashboard))
            .WithSummary("Funding and budget by area of excellence, start year and partner kind; projects by status; outputs by kind. Takes the list's filters.")
            .ProducesValidationProblem();
        group.MapGet("/export.csv", ExportProjectsCsv).WithName(nameof(ExportProjectsCsv))
            .WithSummary("The portfolio as CSV (RFC 4180, UTF-8), one row per project. Takes the list's filters.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesValidationProblem();
        group.MapGet("/{id:int}", GetProject).WithName(nameof(GetProject)).WithSummary("A project with its partners, milestones, researchers and outputs.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateProject).WithName(nameof(CreateProject)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Add a project (cluster staff).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPut("/{id:int}", UpdateProject).WithName(nameof(UpdateProject)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace a project's core fields (cluster staff). Send If-Match with the ETag you read (or a 'version' field): a stale write gets 412 (or 409).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id:int}", DeleteProject).WithName(nameof(DeleteProject)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Delete a project (cluster staff); refused while a proposal links to it or it has sub-projects. If-Match with the project's ETag is required (none: 428, stale: 412).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        group.MapPut("/{id:int}/partners", SetProjectPartners).WithName(nameof(SetProjectPartners)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace the partner list: roles, budgets, funding and researchers to hire (cluster staff). If-Match with the project's ETag is required (none: 428, stale: 412).")
            .WritesPart();
        group.MapPost("/{id:int}/milestones", AddProjectMilestone).WithName(nameof(AddProjectMilestone)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Add a milestone or deliverable (cluster staff). If-Match with the project's ETag is required (none: 428, stale: 412).").WritesPart();
        group.MapPut("/{id:int}/milestones/{milestoneId:int}", UpdateProjectMilestone).WithName(nameof(UpdateProjectMilestone)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace a milestone or deliverable (cluster staff); the coordinator's members may record its actual date only. If-Match with the project's ETag is required (none: 428, stale: 412).").WritesPart();
        group.MapDelete("/{id:int}/milestones/{milestoneId:int}", DeleteProjectMilestone).WithName(nameof(DeleteProjectMilestone)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Remove a milestone or deliverable (cluster staff). If-Match with the project's ETag is required (none: 428, stale: 412).").WritesPart();
        group.MapPost("/{id:int}/researchers", AddProjectResearcher).WithName(nameof(AddProjectResearcher)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Add a researcher hired by the project (cluster staff). If-Match with the project's ETag is required (none: 428, stale: 412).").WritesPart();
        group.MapDelete("/{id:int}/researchers/{researcherId:int}", DeleteProjectResearcher).WithName(nameof(DeleteProjectResearcher)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Remove a researcher (cluster staff). If-Match with the project's ETag is required (none: 428, stale: 412).").WritesPart();
        group.MapPost("/{id:int}/outputs", AddProjectOutput).WithName(nameof(AddProjectOutput)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Add an output: publication (DOI), patent, product, service, jobs, spin-off (cluster staff and the coordinator's members). If-Match with the project's ETag is required (none: 428, stale: 412).").WritesPart();
        group.MapDelete("/{id:int}/outputs/{outputId:int}", DeleteProjectOutput).WithName(nameof(DeleteProjectOutput)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Remove an output (cluster staff). If-Match with the project's ETag is required (none: 428, stale: 412).").WritesPart();
        group.MapGet("/{id:int}/reports", ListProgressReports).WithName(nameof(ListProgressReports)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Progress reports with spend per partner and the remaining budget (cluster staff and the project's partners).")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:int}/reports", AddProgressReport).WithName(nameof(AddProgressReport)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Submit a progress report: a period not overlapping the others, spend per partner, a narrative (cluster staff and the coordinator's members).")
            .WritesPart(versioned: false);
        return group;
    }

    private static RouteHandlerBuilder WritesPart(this RouteHandlerBuilder endpoint, bool versioned = true)
    {
        endpoint.ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        return versioned ? endpoint.ProducesProblem(StatusCodes.Status428PreconditionRequired) : endpoint;
    }

    public static async Task<Results<Ok<ProjectListResponse>, ProblemHttpResult>> ListProjects(BiotopeDb db, HttpContext http, CancellationToken ct,
        string? status = null, string? area = null, int? year = null, string? q = null, int? partner = null, int? page = null, int? pageSize = null)
    {
        var filter = ProjectFilter.Parse(status, area, year, q, partner, page, pageSize);
        if (!filter.Succeeded) return filter.Failure!.ToProblem();
        return TypedResults.Ok(await db.ListAsync(filter.Value!, BaseUrl(http), ct));
    }

    public static async Task<Results<Ok<ProjectDashboard>, ProblemHttpResult>> GetProjectDashboard(BiotopeDb db, CancellationToken ct,
        string? status = null, string? area = null, int? year = null, string? q = null, int? partner = null)
    {
        var filter = ProjectFilter.Parse(status, area, year, q, partner, null, null);
        if (!filter.Succeeded) return filter.Failure!.ToProblem();
        return TypedResults.Ok(await db.DashboardAsync(await db.MatchingIdsAsync(filter.Value!, ct), ct));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportProjectsCsv(BiotopeDb db, HttpContext http, CancellationToken ct,
        string? status = null, string? area = null, int? year = null, string? q = null, int? partner = null)
    {
        var filter = ProjectFilter.Parse(status, area, year, q, partner, null, null);
        if (!filter.Succeeded) return filter.Failure!.ToProblem();
        var ids = await db.MatchingIdsAsync(filter.Value!, ct);
        var projects = await db.PageAsync(ids, ct);
        var outputs = await db.ProjectOutputs.AsNoTracking().Where(o => EF.Parameter(ids).Contains(o.ProjectId))
            .GroupBy(o => o.ProjectId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        // The byte-order mark lets spreadsheet programs read the accents as UTF-8.
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ProjectCsv.Write(projects, outputs, BaseUrl(http), Texts.Current))).ToArray();
        return TypedResults.File(bytes, ProjectCsv.ContentType, "projects.csv");
    }

    public static async Task<Results<Ok<ProjectDetails>, ProblemHttpResult>> GetProject(int id, BiotopeDb db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var project = await db.LoadAsync(id, ct);
        if (project is null) return Failure.NotFound(Phrase.Of("project.not-found", id)).ToProblem();
        http.Response.Headers.ETag = project.ETag();
        return TypedResults.Ok(project.ToDetails(await db.LinksAsync(project, ct), ProjectQueries.Today(clock), BaseUrl(http)));
    }

    public static async Task<Results<Created<ProjectDetails>, ProblemHttpResult>> CreateProject(
        ProjectInput input, ProjectEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await editor.CreateAsync(input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var details = await DetailsAsync(db, editor, outcome.Value!, http, ct);
        return TypedResults.Created($"/api/v1/projects/{details.Id}", details);
    }

    public static async Task<Results<Ok<ProjectDetails>, ProblemHttpResult>> UpdateProject(
        int id, ProjectInput input, ProjectEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        var outcome = await editor.UpdateAsync(id, input, expected, fromIfMatch: ifMatch is not null, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        return TypedResults.Ok(await DetailsAsync(db, editor, outcome.Value!, http, ct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProject(
        int id, ProjectEditor editor, ClaimsPrincipal user, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        var outcome = await editor.DeleteAsync(id, expected, user, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Ok<IReadOnlyList<PartnerDto>>, ProblemHttpResult>> SetProjectPartners(
        int id, PartnersInput input, ProjectEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        var outcome = await editor.SetPartnersAsync(id, input, expected, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        // New partners were added by id: the stored project names their organizations.
        var details = await DetailsAsync(db, editor, outcome.Value!, http, ct);
        return TypedResults.Ok(details.Partners);
    }

    public static async Task<Results<Created<MilestoneDto>, ProblemHttpResult>> AddProjectMilestone(
        int id, MilestoneInput input, ProjectEditor editor, ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        var outcome = await editor.AddMilestoneAsync(id, input, expected, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var (project, milestone) = outcome.Value!;
        http.Response.Headers.ETag = project.ETag();
        return TypedResults.Created($"/api/v1/projects/{id}/milestones/{milestone.Id}", milestone.ToDto(editor.Today));
    }

    public static async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> UpdateProjectMilestone(
        int id, int milestoneId, MilestoneInput input, ProjectEditor editor, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        var outcome = await editor.UpdateMilestoneAsync(id, milestoneId, input, expected, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var (project, milestone) = outcome.Value!;
        http.Response.Headers.ETag = project.ETag();
        return TypedResults.Ok(milestone.ToDto(editor.Today));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProjectMilestone(
        int id, int milestoneId, ProjectEditor editor, ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        return Done(await editor.DeleteMilestoneAsync(id, milestoneId, expected, user, ct), http);
    }

    public static async Task<Results<Created<ResearcherDto>, ProblemHttpResult>> AddProjectResearcher(
        int id, ResearcherInput input, ProjectEditor editor, ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        var outcome = await editor.AddResearcherAsync(id, input, expected, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var (project, researcher) = outcome.Value!;
        http.Response.Headers.ETag = project.ETag();
        return TypedResults.Created($"/api/v1/projects/{id}/researchers/{researcher.Id}", researcher.ToDto());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProjectResearcher(
        int id, int researcherId, ProjectEditor editor, ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        return Done(await editor.DeleteResearcherAsync(id, researcherId, expected, user, ct), http);
    }

    public static async Task<Results<Created<OutputDto>, ProblemHttpResult>> AddProjectOutput(
        int id, OutputInput input, ProjectEditor editor, ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        var outcome = await editor.AddOutputAsync(id, input, expected, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var (project, output) = outcome.Value!;
        http.Response.Headers.ETag = project.ETag();
        return TypedResults.Created($"/api/v1/projects/{id}/outputs/{output.Id}", output.ToDto());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProjectOutput(
        int id, int outputId, ProjectEditor editor, ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        return Done(await editor.DeleteOutputAsync(id, outputId, expected, user, ct), http);
    }

    public static async Task<Results<Ok<ProgressReportsResponse>, ProblemHttpResult>> ListProgressReports(int id, ProjectEditor editor, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await editor.ReadReportsAsync(id, user, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Created<ProgressReportDto>, ProblemHttpResult>> AddProgressReport(
        int id, ProgressReportInput input, ProjectEditor editor, BiotopeDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await editor.AddReportAsync(id, input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var (project, report) = outcome.Value!;
        var reports = await db.ReportsAsync(project, ct);
        return TypedResults.Created($"/api/v1/projects/{id}/reports", reports.Items.Single(r => r.Id == report.Id));
    }

    private static async Task<ProjectDetails> DetailsAsync(BiotopeDb db, ProjectEditor editor, Project project, HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.ETag = project.ETag();
        var stored = await db.LoadAsync(project.Id, ct) ?? project;
        return stored.ToDetails(await db.LinksAsync(stored, ct), editor.Today, BaseUrl(http));
    }

    private static Results<NoContent, ProblemHttpResult> Done(Outcome<Project> outcome, HttpContext http)
    {
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = outcome.Value!.ETag();
        return TypedResults.NoContent();
    }


    private static string BaseUrl(HttpContext http) => PublicBaseUrl.Of(http);
}
