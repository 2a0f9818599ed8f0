using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms;

/// <summary>Platforms and their instruments: everyone reads; staff add platforms; staff and a platform's managers run it.</summary>
public static class PlatformsApi
{
    public static RouteGroupBuilder MapPlatformsApi(this RouteGroupBuilder api)
    {
        var platforms = api.MapGroup("/platforms").WithTags("Platforms");
        platforms.MapGet("/", ListPlatforms).WithName(nameof(ListPlatforms))
            .WithSummary("Every platform with its owner, quality standards, services and the number of instruments (not decommissioned) and offered analyses.");
        platforms.MapGet("/{id:int}", GetPlatform).WithName(nameof(GetPlatform))
            .WithSummary("A platform with its instruments. Staff and the platform's managers also see its managers and decommissioned instruments. The ETag is the version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        platforms.MapPost("/", CreatePlatform).WithName(nameof(CreatePlatform)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Add a platform (cluster staff). The slug is made from the English name unless given.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        platforms.MapPut("/{id:int}", UpdatePlatform).WithName(nameof(UpdatePlatform)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace a platform's fields (staff and its managers; only staff change the owner). Send If-Match with the ETag (stale: 412) or a 'version' field (stale: 409).")
            .Writes().ProducesProblem(StatusCodes.Status428PreconditionRequired);
        platforms.MapPut("/{id:int}/managers", SetPlatformManagers).WithName(nameof(SetPlatformManagers)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace the platform's managers (cluster staff): 'managers' lists user ids or e-mails of existing accounts. A new manager without the PlatformManager role gets it; a removed one keeps it but manages nothing it is not bound to. If-Match with the platform's ETag is required (none: 428, stale: 412).")
            .Writes().ProducesProblem(StatusCodes.Status428PreconditionRequired);

        var equipment = api.MapGroup("/equipment").WithTags("Platforms");
        equipment.MapGet("/", ListEquipment).WithName(nameof(ListEquipment))
            .WithSummary("Instruments, filtered by platform id, modality (one of the known modalities) and status. Without a status, decommissioned instruments are left out.")
            .ProducesValidationProblem();
        equipment.MapGet("/{id:int}", GetEquipment).WithName(nameof(GetEquipment))
            .WithSummary("An instrument: booking rules (Brussels time), the rates valid today, the required training, closures. Staff and the platform's managers also get every rate card, past closures, serial and inventory numbers.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        equipment.MapPost("/", CreateEquipment).WithName(nameof(CreateEquipment)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Add an instrument to a platform (staff and the platform's managers). Rules: slot 5–240 minutes dividing a day; durations whole slots, min ≤ max; opening hours on slot boundaries, opens < closes; late-cancellation share 0–100 %.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        equipment.MapPut("/{id:int}", UpdateEquipment).WithName(nameof(UpdateEquipment)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace an instrument's fields, status and rules (staff and the platform's managers). If-Match or 'version' is required. Decommissioning keeps its bookings.")
            .Writes().ProducesProblem(StatusCodes.Status428PreconditionRequired);
        equipment.MapPut("/{id:int}/rates", SetEquipmentRates).WithName(nameof(SetEquipmentRates)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace the rate cards (staff and the platform's managers): per category, validity periods may not overlap; rates in euros per hour, to the cent. Bookings keep the rate they were made at. If-Match with the instrument's ETag is required (none: 428, stale: 412).")
            .Writes().ProducesProblem(StatusCodes.Status428PreconditionRequired);
        equipment.MapPost("/{id:int}/closures", AddEquipmentClosure).WithName(nameof(AddEquipmentClosure)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Close an instrument for a period; times are Brussels local (2026-12-24T08:00) or carry an offset. The answer lists the bookings the closure overlaps: they are not cancelled. If-Match with the instrument's ETag is required (none: 428, stale: 412).")
            .Writes().ProducesProblem(StatusCodes.Status428PreconditionRequired);
        equipment.MapDelete("/{id:int}/closures/{closureId:int}", DeleteEquipmentClosure).WithName(nameof(DeleteEquipmentClosure)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Remove a closure (staff and the platform's managers). If-Match with the instrument's ETag is required (none: 428, stale: 412).")
            .Writes().ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return api;
    }

    private static RouteHandlerBuilder Writes(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

    public static async Task<Ok<List<PlatformSummary>>> ListPlatforms(BiotopeDb db, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await db.ListPlatformsAsync(ct)).Select(p => p.ToSummary(BaseUrl(http))).ToList());

    public static async Task<Results<Ok<PlatformDetails>, ProblemHttpResult>> GetPlatform(int id, BiotopeDb db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var view = await db.PlatformByIdAsync(id, ct);
        if (view is null) return Failure.NotFound(Phrase.Of("platform.not-found", id)).ToProblem();
        http.Response.Headers.ETag = PlatformMapping.ETag(view.Platform.Version);
        return TypedResults.Ok(view.ToDetails(await ManagesAsync(db, user, id, ct), BaseUrl(http)));
    }

    public static async Task<Results<Created<PlatformDetails>, ProblemHttpResult>> CreatePlatform(
        PlatformInput input, PlatformEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await editor.CreatePlatformAsync(input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var details = await PlatformDetailsAsync(db, outcome.Value!.Id, user, http, ct);
        return TypedResults.Created($"/api/v1/platforms/{details.Id}", details);
    }

    public static async Task<Results<Ok<PlatformDetails>, ProblemHttpResult>> UpdatePlatform(
        int id, PlatformInput input, PlatformEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await editor.UpdatePlatformAsync(id, input, ifMatch, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        return TypedResults.Ok(await PlatformDetailsAsync(db, id, user, http, ct));
    }

    public static async Task<Results<Ok<IReadOnlyList<ManagerDto>>, ProblemHttpResult>> SetPlatformManagers(
        int id, ManagersInput input, PlatformEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await editor.SetManagersAsync(id, input, ifMatch, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var details = await PlatformDetailsAsync(db, id, user, http, ct);
        return TypedResults.Ok(details.Managers!);
    }

    public static async Task<Results<Ok<List<EquipmentSummary>>, ProblemHttpResult>> ListEquipment(BiotopeDb db, HttpContext http, CancellationToken ct,
        int? platform = null, string? modality = null, string? status = null)
    {
        var errors = new Dictionary<string, Phrase[]>();
        var canonicalModality = EquipmentInput.ModalityOf(modality);
        if (modality is { Length: > 0 } && canonicalModality is null) errors["modality"] = [Phrase.Of("equipment.filter.modality", modality, new PhraseList([.. Modalities.Known]))];
        EquipmentStatus? wantedStatus = null;
        if (status is { Length: > 0 })
        {
            if (Projects.ProjectParsing.TryEnum<EquipmentStatus>(status, out var parsed)) wantedStatus = parsed;
            else errors["status"] = [Phrase.Of("equipment.status.unknown", status, new PhraseList([.. Enum.GetNames<EquipmentStatus>()]))];
        }
        if (errors.Count > 0) return Failure.Invalid(errors).ToProblem();

        var query = db.Equipment.AsNoTracking();
        if (platform is { } platformId) query = query.Where(e => e.PlatformId == platformId);
        if (canonicalModality is not null) query = query.Where(e => e.Modality == canonicalModality);
        query = wantedStatus is { } s ? query.Where(e => e.Status == s) : query.Where(e => e.Status != EquipmentStatus.Decommissioned);
        var items = await query.OrderBy(e => e.PlatformId).ThenBy(e => e.Name).ToListAsync(ct);
        var moduleIds = items.Select(e => e.RequiredModuleId).OfType<int>().Distinct().ToList();
        var modules = await db.TrainingModules.AsNoTracking().Where(m => moduleIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        return TypedResults.Ok(items.Select(e => e.ToSummary(modules, BaseUrl(http))).ToList());
    }

    public static async Task<Results<Ok<EquipmentDetails>, ProblemHttpResult>> GetEquipment(
        int id, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var view = await db.EquipmentByIdAsync(id, ct);
        if (view is null) return Failure.NotFound(Phrase.Of("equipment.not-found", id)).ToProblem();
        http.Response.Headers.ETag = PlatformMapping.ETag(view.Equipment.Version);
        return TypedResults.Ok(view.ToDetails(await ManagesAsync(db, user, view.Platform.Id, ct), clock.GetUtcNow(), BaseUrl(http)));
    }

    public static async Task<Results<Created<EquipmentDetails>, ProblemHttpResult>> CreateEquipment(
        EquipmentInput input, PlatformEditor editor, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var outcome = await editor.CreateEquipmentAsync(input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var details = await EquipmentDetailsAsync(db, outcome.Value!.Id, clock, http, ct);
        return TypedResults.Created($"/api/v1/equipment/{details.Id}", details);
    }

    public static async Task<Results<Ok<EquipmentDetails>, ProblemHttpResult>> UpdateEquipment(
        int id, EquipmentInput input, PlatformEditor editor, BiotopeDb db, ClaimsPrincipal user, TimeProvider clock, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await editor.UpdateEquipmentAsync(id, input, ifMatch, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        return TypedResults.Ok(await EquipmentDetailsAsync(db, id, clock, http, ct));
    }

    public static async Task<Results<Ok<List<RateDto>>, ProblemHttpResult>> SetEquipmentRates(
        int id, RatesInput input, PlatformEditor editor, ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await editor.SetRatesAsync(id, input, ifMatch, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var equipment = outcome.Value!;
        http.Response.Headers.ETag = PlatformMapping.ETag(equipment.Version);
        return TypedResults.Ok(equipment.Rates.OrderBy(r => r.Category).ThenBy(r => r.ValidFrom).Select(r => r.ToDto()).ToList());
    }

    public static async Task<Results<Created<ClosureCreated>, ProblemHttpResult>> AddEquipmentClosure(
        int id, ClosureInput input, PlatformEditor editor, ClaimsPrincipal user, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await editor.AddClosureAsync(id, input, ifMatch, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        return TypedResults.Created($"/api/v1/equipment/{id}/closures/{outcome.Value!.Closure.Id}", outcome.Value);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteEquipmentClosure(
        int id, int closureId, PlatformEditor editor, ClaimsPrincipal user, HttpContext http, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await editor.DeleteClosureAsync(id, closureId, ifMatch, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = PlatformMapping.ETag(outcome.Value!.Version);
        return TypedResults.NoContent();
    }

    private static async Task<bool> ManagesAsync(BiotopeDb db, ClaimsPrincipal user, int platformId, CancellationToken ct) =>
        user.Identity?.IsAuthenticated == true && await db.ManagesPlatformAsync(user, platformId, ct);

    private static async Task<PlatformDetails> PlatformDetailsAsync(BiotopeDb db, int id, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var view = (await db.PlatformByIdAsync(id, ct))!;
        http.Response.Headers.ETag = PlatformMapping.ETag(view.Platform.Version);
        return view.ToDetails(await ManagesAsync(db, user, id, ct), BaseUrl(http));
    }

    // Writers are staff or managers of the platform: they get the full details back.
    private static async Task<EquipmentDetails> EquipmentDetailsAsync(BiotopeDb db, int id, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var view = (await db.EquipmentByIdAsync(id, ct))!;
        http.Response.Headers.ETag = PlatformMapping.ETag(view.Equipment.Version);
        return view.ToDetails(manages: true, clock.GetUtcNow(), BaseUrl(http));
    }

    private static string BaseUrl(HttpContext http) => PublicBaseUrl.Of(http);
}
