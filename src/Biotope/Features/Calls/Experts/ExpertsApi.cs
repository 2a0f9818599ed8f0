using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Calls.Assignment;
using Biotope.Features.Notifications;
using Biotope.Features.Organizations;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Experts;

public sealed record ExpertInput(string Name, string? Email, string? Orcid, int? OrganizationId, List<string>? Areas, List<string>? Keywords, List<string>? Languages, int MaxLoad = 6, bool Active = true, int? Version = null);

public sealed record ExpertDto(int Id, string Name, string? Email, string? Orcid, int? OrganizationId, string? Organization, IReadOnlyList<string> Areas, IReadOnlyList<string> Keywords, IReadOnlyList<string> Languages, int MaxLoad, bool Active, bool HasAccount, int Version);

public sealed record DeclarationInput(int? ProposalId, int? OrganizationId, string Reason);

public sealed record DeclarationDto(int Id, int? ProposalId, int? OrganizationId, string Reason, DateTimeOffset DeclaredAt);

/// <summary>A conflict of interest: the reason in the request's language and its stable code.</summary>
public sealed record ConflictDto(int ExpertId, string Expert, int ProposalId, string Proposal, ConflictType Type, string Reason, string ReasonCode);

public sealed record OverrideInput(int ProposalId, int ExpertId, AssignmentOverrideKind Kind);

public sealed record AssignedProposal(int ProposalId, int CallId, string Acronym, string Title, ReviewStatus? Review, DateTimeOffset ClosesAt);

public static class ExpertsApi
{
    public static RouteGroupBuilder MapExpertsApi(this RouteGroupBuilder api)
    {
        var experts = api.MapGroup("/experts").WithTags("Experts").RequireAuthorization(AccountsSetup.ApiWriter);
        experts.MapGet("/", ListExperts).WithName(nameof(ListExperts)).WithSummary("Every expert profile (staff).").StaffOnly();
        experts.MapPost("/", CreateExpert).WithName(nameof(CreateExpert))
            .WithSummary("Create an expert profile (staff). An account with the same e-mail gets the Expert role and signs in as this expert.")
            .ProducesValidationProblem().StaffOnly().ProducesProblem(StatusCodes.Status409Conflict);
        experts.MapGet("/me", GetMyProfile).WithName(nameof(GetMyProfile)).WithSummary("The signed-in expert's own profile.").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        experts.MapGet("/me/assignments", MyAssignments).WithName(nameof(MyAssignments)).WithSummary("The proposals assigned to the signed-in expert.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        experts.MapGet("/me/conflicts", MyDeclarations).WithName(nameof(MyDeclarations)).WithSummary("The signed-in expert's declared conflicts of interest.").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        experts.MapPost("/me/conflicts", DeclareConflict).WithName(nameof(DeclareConflict))
            .WithSummary("Declare a conflict of interest on an assigned proposal (the assignment is withdrawn) or on an organization.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        experts.MapGet("/{id:int}", GetExpert).WithName(nameof(GetExpert)).WithSummary("An expert profile (staff, or the expert).").StaffOnly();
        experts.MapPut("/{id:int}", UpdateExpert).WithName(nameof(UpdateExpert)).WithSummary("Replace an expert profile (staff, or the expert). If-Match or 'version'.")
            .ProducesValidationProblem().StaffOnly().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        var calls = api.MapGroup("/calls/{callId:int}").WithTags("Assignment").RequireAuthorization(AccountsSetup.ApiWriter);
        calls.MapGet("/conflicts", CallConflicts).WithName(nameof(CallConflicts)).WithSummary("Every conflict of interest, declared or detected, with its type and reason (staff).").StaffOnly();
        calls.MapGet("/assignment", CurrentAssignment).WithName(nameof(CurrentAssignment)).WithSummary("The call's current assignment of experts to proposals (staff).").StaffOnly();
        calls.MapPost("/assignment", RunAssignment).WithName(nameof(RunAssignment))
            .WithSummary("Run the optimal assignment (staff): the call's number of experts per proposal, loads respected, no conflict, maximal expertise match.").StaffOnly();
        calls.MapPut("/assignment/overrides", SetOverride).WithName(nameof(SetOverride)).WithSummary("Pin or exclude an expert on a proposal (staff); run the assignment again to apply. If-Match with the call's ETag is required (none: 428, stale: 412).")
            .ProducesValidationProblem().StaffOnly().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        calls.MapDelete("/assignment/overrides/{proposalId:int}/{expertId:int}", RemoveOverride).WithName(nameof(RemoveOverride)).WithSummary("Remove a pin or exclusion of an expert on a proposal (staff). If-Match with the call's ETag is required (none: 428, stale: 412).").StaffOnly()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return experts;
    }

    /// <summary>An expert as stored, and whether they have assignments on proposals still under evaluation.</summary>
    public sealed record ExpertProfile(Expert Expert, bool Assigned);

    /// <summary>Who may change which field of an expert profile: the writer is staff (true) or the expert (false).</summary>
    public static readonly FieldPolicy<ExpertInput, ExpertProfile, bool> Rights = new FieldPolicy<ExpertInput, ExpertProfile, bool>()
        .Field("maxLoad", i => i.MaxLoad, p => p.Expert.MaxLoad, (staff, _) => staff ? null : FieldRights.StaffOnly)
        .Field("active", i => i.Active, p => p.Expert.Active, (staff, _) => staff ? null : FieldRights.StaffOnly)
        .Field("organizationId", i => i.OrganizationId, p => p.Expert.OrganizationId, WhileAssigned)
        .Field("areas", i => i.Areas, p => p.Expert.Areas, WhileAssigned)
        .Field("keywords", i => (i.Keywords ?? []).Select(k => k.Trim()), p => p.Expert.Keywords, WhileAssigned);

    private static Phrase? WhileAssigned(bool staff, ExpertProfile profile) => staff || !profile.Assigned ? null : Phrase.Of("expert.field.locked-while-assigned");

    /// <summary>Assignments on proposals whose evaluation is not over (not decided, withdrawn or left out of the second stage).</summary>
    public static Task<bool> HasOpenAssignmentsAsync(BiotopeDb db, int expertId, CancellationToken ct) =>
        db.ReviewAssignments.AnyAsync(a => a.ExpertId == expertId && db.Proposals.Any(p => p.Id == a.ProposalId
            && p.Status != ProposalStatus.Decided && p.Status != ProposalStatus.Withdrawn && p.Status != ProposalStatus.NotInvited), ct);

    private static RouteHandlerBuilder StaffOnly(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

    private static ProblemHttpResult NotStaff() => Failure.Forbidden(Phrase.Of("expert.staff-only")).ToProblem();

    public static async Task<Results<Ok<List<ExpertDto>>, ProblemHttpResult>> ListExperts(BiotopeDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsStaff()) return NotStaff();
        var experts = await db.Experts.AsNoTracking().Include(e => e.Organization).OrderBy(e => e.Name).ToListAsync(ct);
        return TypedResults.Ok(experts.Select(ToDto).ToList());
    }

    public static async Task<Results<Created<ExpertDto>, ProblemHttpResult>> CreateExpert(ExpertInput input, BiotopeDb db, UserManager<AppUser> users, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsStaff()) return NotStaff();
        if (await ValidateAsync(db, input, ct) is { } invalid) return invalid.ToProblem();
        var expert = new Expert { Name = input.Name };
        Apply(input, expert);
        // The Expert role and the expert record are one write: a failed insert must not leave the role behind.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (input.Email is { Length: > 0 } email && await users.FindByEmailAsync(email) is { } account)
        {
            if (await db.Experts.AnyAsync(e => e.UserId == account.Id, ct)) return Failure.Conflict(Phrase.Of("expert.exists.title"), Phrase.Of("expert.exists", email)).ToProblem();
            expert.UserId = account.Id;
            if (!await users.IsInRoleAsync(account, Roles.Expert)) await users.AddToRoleAsync(account, Roles.Expert);
        }
        db.Experts.Add(expert);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await db.Entry(expert).Reference(e => e.Organization).LoadAsync(ct);
        return TypedResults.Created($"/api/v1/experts/{expert.Id}", ToDto(expert));
    }

    public static async Task<Results<Ok<ExpertDto>, ProblemHttpResult>> GetExpert(int id, BiotopeDb db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var expert = await db.Experts.AsNoTracking().Include(e => e.Organization).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (expert is null || !(user.IsStaff() || IsSelf(user, expert))) return Failure.NotFound(Phrase.Of("expert.not-found", id)).ToProblem();
        http.Response.Headers.ETag = $"\"{expert.Version}\"";
        return TypedResults.Ok(ToDto(expert));
    }

    public static async Task<Results<Ok<ExpertDto>, ProblemHttpResult>> GetMyProfile(BiotopeDb db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var expert = await MeAsync(db, user, ct);
        if (expert is null) return Failure.NotFound(Phrase.Of("expert.me.not-found")).ToProblem();
        http.Response.Headers.ETag = $"\"{expert.Version}\"";
        return TypedResults.Ok(ToDto(expert));
    }

    public static async Task<Results<Ok<ExpertDto>, ProblemHttpResult>> UpdateExpert(int id, ExpertInput input, BiotopeDb db, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var expert = await db.Experts.Include(e => e.Organization).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (expert is null || !(user.IsStaff() || IsSelf(user, expert))) return Failure.NotFound(Phrase.Of("expert.not-found", id)).ToProblem();
        if (Concurrency.Check(expert.Version, ifMatch, input.Version) is { } stale) return stale.ToProblem();
        if (await ValidateAsync(db, input, ct) is { } invalid) return invalid.ToProblem();
        // Experts keep their profile current; only staff change the load or deactivate, and, while the expert has assignments
        // under evaluation, what conflict detection and the matching read (ADR 017).
        var profile = new ExpertProfile(expert, await HasOpenAssignmentsAsync(db, expert.Id, ct));
        if (Rights.Check(input, profile, user.IsStaff()) is { } forbidden) return forbidden.ToProblem();
        Apply(input, expert);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict.ToProblem();
        await db.Entry(expert).Reference(e => e.Organization).LoadAsync(ct);
        http.Response.Headers.ETag = $"\"{expert.Version}\"";
        return TypedResults.Ok(ToDto(expert));
    }

    public static async Task<Results<Ok<List<AssignedProposal>>, ProblemHttpResult>> MyAssignments(BiotopeDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var expert = await MeAsync(db, user, ct);
        if (expert is null) return Failure.NotFound(Phrase.Of("expert.me.not-found")).ToProblem();
        return TypedResults.Ok(await AssignedToAsync(db, expert.Id, Language.Current, ct));
    }

    public static async Task<List<AssignedProposal>> AssignedToAsync(BiotopeDb db, int expertId, string language, CancellationToken ct)
    {
        var rows = await db.ReviewAssignments.AsNoTracking().Where(a => a.ExpertId == expertId)
            .Join(db.Proposals, a => a.ProposalId, p => p.Id, (a, p) => new { a.Id, p.CallId, ProposalId = p.Id, p.Acronym, p.TitleEn, p.TitleFr, p.Call!.ClosesAt })
            .OrderBy(x => x.Acronym).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var reviews = await db.Reviews.AsNoTracking().Where(r => ids.Contains(r.AssignmentId)).ToDictionaryAsync(r => r.AssignmentId, r => r.Status, ct);
        return [.. rows.Select(r => new AssignedProposal(r.ProposalId, r.CallId, r.Acronym, new Bilingual(r.TitleFr, r.TitleEn).In(language).Text is { Length: > 0 } title ? title : r.Acronym,
            reviews.TryGetValue(r.Id, out var s) ? s : null, r.ClosesAt))];
    }

    public static async Task<Results<Ok<List<DeclarationDto>>, ProblemHttpResult>> MyDeclarations(BiotopeDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var expert = await MeAsync(db, user, ct);
        if (expert is null) return Failure.NotFound(Phrase.Of("expert.me.not-found")).ToProblem();
        return TypedResults.Ok(await db.ConflictDeclarations.AsNoTracking().Where(d => d.ExpertId == expert.Id).OrderBy(d => d.Id)
            .Select(d => new DeclarationDto(d.Id, d.ProposalId, d.OrganizationId, d.Reason, d.DeclaredAt)).ToListAsync(ct));
    }

    public static async Task<Results<Created<DeclarationDto>, ProblemHttpResult>> DeclareConflict(DeclarationInput input, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, Notifier notifier, CancellationToken ct)
    {
        var expert = await MeAsync(db, user, ct);
        if (expert is null) return Failure.NotFound(Phrase.Of("expert.me.not-found")).ToProblem();
        var declared = await ConflictDeclarations.DeclareAsync(db, notifier, clock.GetUtcNow(), expert, input, ct);
        if (declared.Failure is { } failure) return failure.ToProblem();
        var d = declared.Value!;
        return TypedResults.Created($"/api/v1/experts/me/conflicts", new DeclarationDto(d.Id, d.ProposalId, d.OrganizationId, d.Reason, d.DeclaredAt));
    }

    public static async Task<Results<Ok<List<ConflictDto>>, ProblemHttpResult>> CallConflicts(int callId, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        if (!user.IsStaff()) return NotStaff();
        var outcome = await AssignmentOverrides.ConflictsAsync(db, callId, clock.GetUtcNow(), ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Ok<AssignmentReport>, ProblemHttpResult>> CurrentAssignment(int callId, AssignmentRunner runner, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsStaff()) return NotStaff();
        var outcome = await runner.CurrentAsync(callId, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Ok<AssignmentReport>, ProblemHttpResult>> RunAssignment(int callId, AssignmentRunner runner, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.IsStaff()) return NotStaff();
        var outcome = await runner.RunAsync(callId, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value!) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetOverride(int callId, OverrideInput input, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!user.IsStaff()) return NotStaff();
        return await AssignmentOverrides.SetAsync(db, callId, input, ReadVersion.Header(ifMatch), clock.GetUtcNow(), ct) is { } failure ? failure.ToProblem() : TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveOverride(int callId, int proposalId, int expertId, BiotopeDb db, ClaimsPrincipal user,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!user.IsStaff()) return NotStaff();
        return await AssignmentOverrides.RemoveAsync(db, callId, proposalId, expertId, ReadVersion.Header(ifMatch), ct) is { } failure ? failure.ToProblem() : TypedResults.NoContent();
    }

    public static async Task<Expert?> MeAsync(BiotopeDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is null ? null : await db.Experts.AsNoTracking().Include(e => e.Organization).SingleOrDefaultAsync(e => e.UserId == userId, ct);
    }

    private static bool IsSelf(ClaimsPrincipal user, Expert expert) => expert.UserId is not null && expert.UserId == user.FindFirstValue(ClaimTypes.NameIdentifier);

    private static async Task<Failure?> ValidateAsync(BiotopeDb db, ExpertInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, Phrase[]>();
        if (string.IsNullOrWhiteSpace(input.Name)) errors["name"] = [Phrase.Of("expert.name.required")];
        if (input.Orcid is { Length: > 0 } orcid && !Identifiers.TryNormalizeOrcid(orcid, out _, out _)) errors["orcid"] = [Phrase.Of("expert.orcid.invalid")];
        if (input.MaxLoad is < 0 or > 100) errors["maxLoad"] = [Phrase.Of("expert.max-load.range")];
        var unknown = (input.Areas ?? []).Where(a => !Taxonomy.IsArea(a)).ToList();
        if (unknown.Count > 0) errors["areas"] = [Phrase.Plural("proposal.areas.unknown", unknown.Count, new PhraseList([.. unknown]))];
        if ((input.Languages ?? []).Any(l => l is not ("fr" or "en" or "nl" or "de"))) errors["languages"] = [Phrase.Of("expert.languages.codes")];
        if (input.OrganizationId is { } id && !await db.Organizations.AnyAsync(o => o.Id == id, ct)) errors["organizationId"] = [Phrase.Of("proposal.partner.not-in-directory", id)];
        return errors.Count > 0 ? Failure.Invalid(errors) : null;
    }

    private static void Apply(ExpertInput input, Expert expert)
    {
        expert.Name = input.Name.Trim();
        expert.Email = input.Email?.Trim();
        expert.Orcid = input.Orcid is { Length: > 0 } o && Identifiers.TryNormalizeOrcid(o, out var orcid, out _) ? orcid : null;
        expert.OrganizationId = input.OrganizationId;
        expert.Areas = [.. (input.Areas ?? []).Distinct()];
        expert.Keywords = [.. (input.Keywords ?? []).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        expert.Languages = [.. (input.Languages ?? []).Distinct()];
        expert.MaxLoad = input.MaxLoad;
        expert.Active = input.Active;
    }

    private static ExpertDto ToDto(Expert e) =>
        new(e.Id, e.Name, e.Email, e.Orcid, e.OrganizationId, e.Organization?.DisplayName(Language.Current), e.Areas, e.Keywords, e.Languages, e.MaxLoad, e.Active, e.UserId is not null, e.Version);
}
