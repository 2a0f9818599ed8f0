using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Audit;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Privacy;

public static class PrivacySetup
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services) =>
        services.AddScoped<PersonalDataExport>().AddScoped<AccountErasure>().AddScoped<PeopleConsent>().AddScoped<InactiveAccounts>();
}

/// <summary>Personal data (ADR 022): export, erasure by the person or by staff, consent of people on profiles, unused accounts.</summary>
public static class PrivacyApi
{
    public static RouteGroupBuilder MapPrivacyApi(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Privacy");
        me.MapGet("/data", ExportMyData).WithName(nameof(ExportMyData)).RequireAuthorization()
            .WithSummary("Everything Biotope holds about you, as one JSON document: account, roles, people entries, expert profile, proposals written, reviews, bookings, service requests, enrolments, certificates, calendar feeds and tokens (never their secrets), notifications, consents and the audit entries about you. The export is audited.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/me", EraseMyAccount).WithTags("Privacy").WithName(nameof(EraseMyAccount)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Erase your account, confirmed with your current password (or, with two-factor sign-in, a current code): sign-in and every token stop, your name and e-mail are replaced by a pseudonym wherever they appear; bookings, statements and reviews keep their organization, times, amounts and scores.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var accounts = api.MapGroup("/accounts").WithTags("Privacy");
        accounts.MapGet("/inactive", ListInactiveAccounts).WithName(nameof(ListInactiveAccounts)).RequireAuthorization(Roles.Staff)
            .WithSummary("Staff: accounts nobody signed in to for 24 months (last sign-in from the account audit), oldest first.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        accounts.MapPost("/{userId}/erasure", EraseAccount).WithName(nameof(EraseAccount)).RequireAuthorization(AccountsSetup.ApiWriter).RequireAuthorization(Roles.Staff)
            .WithSummary("Staff: erase an account at the person's request, with the reason (e.g. the reference of the written request), as DELETE /me does. Not your own account; only an administrator erases an administrator.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var people = api.MapGroup("/people").WithTags("Privacy");
        people.MapPut("/{personId:int}/consent", SetPersonConsent).WithName(nameof(SetPersonConsent)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Give or withdraw the consent of a person on an organization profile to be shown publicly: the person themselves (their account is linked to the entry), or staff recording a written consent. Without consent only staff and the organization's member admins see the person.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapPut("/{personId:int}/account", LinkPersonAccount).WithName(nameof(LinkPersonAccount)).RequireAuthorization(AccountsSetup.ApiWriter).RequireAuthorization(Roles.Staff)
            .WithSummary("Staff: link a person on an organization profile to their Biotope account (by e-mail; empty unlinks), so that they see, export and consent to the entry themselves and their erasure removes it. If-Match with the organization's ETag is required (none: 428, stale: 412); the answer's ETag is its new version.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return me;
    }

    public static async Task<Results<Ok<PersonalData>, ProblemHttpResult>> ExportMyData(PersonalDataExport export, AuditActor actor, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var data = await export.ExportAndAuditAsync(user.UserId()!, actor, ct);
        if (data is null) return Failure.NotFound(Phrase.Of("account.not-found")).ToProblem();
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(data);
    }

    public static async Task<Results<Ok<ErasedAccount>, ProblemHttpResult>> EraseMyAccount([Microsoft.AspNetCore.Mvc.FromBody] EraseMyAccountInput input, AccountErasure erasure, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await erasure.EraseMineAsync(user.UserId()!, input, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.Failure!.ToProblem();
    }

    public static async Task<Ok<List<InactiveAccountDto>>> ListInactiveAccounts(InactiveAccounts inactive, CancellationToken ct) =>
        TypedResults.Ok(await inactive.ListAsync(ct));

    public static async Task<Results<Ok<ErasedAccount>, ProblemHttpResult>> EraseAccount(string userId, EraseAccountInput input, AccountErasure erasure, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await erasure.EraseOnRequestAsync(user, userId, input, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Ok<PersonPrivacyDto>, ProblemHttpResult>> SetPersonConsent(int personId, PersonConsentInput input, PeopleConsent consent, ClaimsPrincipal user, CancellationToken ct)
    {
        var outcome = await consent.SetConsentAsync(user, personId, input.Given, ct);
        return outcome.Succeeded ? TypedResults.Ok(outcome.Value) : outcome.Failure!.ToProblem();
    }

    public static async Task<Results<Ok<PersonPrivacyDto>, ProblemHttpResult>> LinkPersonAccount(int personId, PersonAccountInput input, PeopleConsent consent, BiotopeDb db, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var outcome = await consent.LinkAccountAsync(personId, input.Email, ReadVersion.Header(ifMatch), ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = $"\"{await db.Organizations.Where(o => o.Id == outcome.Value!.OrganizationId).Select(o => o.Version).SingleAsync(ct)}\"";
        return TypedResults.Ok(outcome.Value);
    }
}
