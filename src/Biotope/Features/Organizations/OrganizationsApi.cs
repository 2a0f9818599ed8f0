using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Biotope.Features.Organizations;

public static class OrganizationsApi
{
    public static RouteGroupBuilder MapOrganizationsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/organizations").WithTags("Organizations");
        group.MapGet("/", SearchOrganizations).WithName(nameof(SearchOrganizations))
            .WithSummary("Search the directory: text (accent-insensitive, prefixes, one typo), facet filters, facet counts.")
            .ProducesValidationProblem();
        group.MapGet("/{id:int}", GetOrganization).WithName(nameof(GetOrganization)).WithSummary("An organization of the directory.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateOrganization).WithName(nameof(CreateOrganization)).WithSummary("Add an organization to the directory.").RequireAuthorization(AccountsSetup.ApiWriter)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:int}", UpdateOrganization).WithName(nameof(UpdateOrganization)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Replace an organization's data. Send If-Match with the ETag you read (or a 'version' field): a stale write gets 412 (or 409).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id:int}", DeleteOrganization).WithName(nameof(DeleteOrganization)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Soft-delete an organization (cluster staff only). If-Match with the organization's ETag is required (none: 428, stale: 412).")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapGet("/{id:int}/relations/pending", PendingRelations).WithName(nameof(PendingRelations)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("Relations proposed by or about this organization and not yet confirmed (its member admin, or staff).")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/relations/{relationId:int}/confirm", ConfirmRelation).WithName(nameof(ConfirmRelation)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("The other organization's member admin (or staff) confirms a proposed relation: it then shows and counts for conflicts.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/relations/{relationId:int}/decline", DeclineRelation).WithName(nameof(DeclineRelation)).RequireAuthorization(AccountsSetup.ApiWriter)
            .WithSummary("The other organization's member admin (or staff) declines a proposed relation: it is deleted.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    public static async Task<Results<Ok<List<PendingRelationDto>>, ProblemHttpResult>> PendingRelations(int id, BiotopeDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.CanEditOrganization(id)) return Failure.Forbidden(Phrase.Of("organization.edit.forbidden")).ToProblem();
        var pending = await Relations.PendingAsync(db, id, Language.Current, ct);
        return TypedResults.Ok(pending.Select(p => new PendingRelationDto(p.Id, p.Kind, p.FromOrganizationId, p.From, p.ToOrganizationId, p.To, p.Incoming)).ToList());
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ConfirmRelation(int relationId, BiotopeDb db, ClaimsPrincipal user, CancellationToken ct) =>
        await Relations.AnswerAsync(db, relationId, confirm: true, user, ct) is { Failure: { } failure } ? failure.ToProblem() : TypedResults.NoContent();

    public static async Task<Results<NoContent, ProblemHttpResult>> DeclineRelation(int relationId, BiotopeDb db, ClaimsPrincipal user, CancellationToken ct) =>
        await Relations.AnswerAsync(db, relationId, confirm: false, user, ct) is { Failure: { } failure } ? failure.ToProblem() : TypedResults.NoContent();

    public static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchOrganizations(
        OrganizationSearch search, DirectoryIndex index, CancellationToken ct,
        string? q = null, string[]? type = null, string[]? sector = null, string[]? area = null, string[]? stage = null,
        string[]? province = null, string? member = null, string? sort = null, int? page = null, int? pageSize = null)
    {
        var parsed = SearchParameters.Parse(q, type, sector, area, stage, province, member, sort, page, pageSize);
        if (!parsed.Succeeded) return parsed.Failure!.ToProblem();
        var language = Language.Current;
        var result = await search.SearchAsync(parsed.Value!, language, ct);
        // The index that ranked the page also holds what the list shows: no database read for the page.
        var items = index.Entries(result.Ids).Select(e => e.ToSummary(language)).ToList();
        return TypedResults.Ok(new SearchResponse(items, result.Total, parsed.Value!.Page,
            parsed.Value.PageSize, result.Facets, result.Corrections));
    }

    public static async Task<Results<Ok<OrganizationDetails>, ProblemHttpResult>> GetOrganization(int id, BiotopeDb db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var organization = await db.LoadAsync(id, ct);
        if (organization is null) return Failure.NotFound(Phrase.Of("organization.not-found", id)).ToProblem();
        http.Response.Headers.ETag = organization.ETag();
        return TypedResults.Ok(organization.ToDetails(await db.RelationsAsync(id, Language.Current, ct, ownProposals: user.CanEditOrganization(id)), allPeople: user.CanEditOrganization(id)));
    }

    public static async Task<Results<Created<OrganizationDetails>, ProblemHttpResult>> CreateOrganization(
        OrganizationInput input, OrganizationEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var outcome = await editor.CreateAsync(input, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        var organization = outcome.Value!;
        http.Response.Headers.ETag = organization.ETag();
        return TypedResults.Created($"/api/v1/organizations/{organization.Id}", organization.ToDetails(await db.RelationsAsync(organization.Id, Language.Current, ct), allPeople: true));
    }

    public static async Task<Results<Ok<OrganizationDetails>, ProblemHttpResult>> UpdateOrganization(
        int id, OrganizationInput input, OrganizationEditor editor, BiotopeDb db, ClaimsPrincipal user, HttpContext http,
        [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        var outcome = await editor.UpdateAsync(id, input, expected, fromIfMatch: ifMatch is not null, user, ct);
        if (!outcome.Succeeded) return outcome.Failure!.ToProblem();
        http.Response.Headers.ETag = outcome.Value!.ETag();
        return TypedResults.Ok(outcome.Value!.ToDetails(await db.RelationsAsync(id, Language.Current, ct, ownProposals: true), allPeople: true));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteOrganization(
        int id, OrganizationEditor editor, ClaimsPrincipal user, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (!Concurrency.TryParseIfMatch(ifMatch, out var expected)) return Concurrency.BadIfMatch.ToProblem();
        var outcome = await editor.DeleteAsync(id, expected, user, ct);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Failure!.ToProblem();
    }


}

/// <summary>Validates the search query string into a <see cref="SearchQuery"/>; shared by the API and the search page.</summary>
public static class SearchParameters
{
    public static Outcome<SearchQuery> Parse(string? q, string[]? type, string[]? sector, string[]? area, string[]? stage,
        string[]? province, string? member, string? sort, int? page, int? pageSize)
    {
        var errors = new Dictionary<string, Phrase[]>();
        List<string> Values(string name, string[]? raw, Func<string, string?> canonical)
        {
            var values = (raw ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var unknown = values.Where(v => canonical(v) is null).ToList();
            if (unknown.Count > 0) errors[name] = [Phrase.Plural("search.parameter.unknown-values", unknown.Count, name, string.Join(", ", unknown))];
            return [.. values.Select(canonical).OfType<string>().Distinct()];
        }
        static Func<string, string?> In(IEnumerable<string> codes) => v => codes.FirstOrDefault(c => string.Equals(c, v, StringComparison.OrdinalIgnoreCase));

        var query = new SearchQuery
        {
            Q = q?.Length > 200 ? q[..200] : q,
            Types = Values("type", type, In(Taxonomy.Types.Select(t => t.Code))),
            Sectors = Values("sector", sector, In(Taxonomy.Sectors.Select(t => t.Code))),
            Areas = Values("area", area, In(Taxonomy.Areas.Select(t => t.Code))),
            Stages = Values("stage", stage, In(Taxonomy.Stages.Select(t => t.Code))),
            Provinces = Values("province", province, In(DirectoryIndex.ProvinceCodes)),
            Member = member switch
            {
                null or "" => null,
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => Invalid<bool?>(errors, "member", Phrase.Of("search.parameter.member"), null),
            },
            Sort = sort switch
            {
                null or "" => SearchSort.Default,
                "relevance" => SearchSort.Relevance,
                "name" => SearchSort.Name,
                "-name" => SearchSort.NameDescending,
                "updated" => SearchSort.Updated,
                _ => Invalid(errors, "sort", Phrase.Of("search.parameter.sort"), SearchSort.Default),
            },
            Page = page ?? 1,
            PageSize = pageSize ?? 20,
        };
        if (query.Page is < 1 or > 10_000) errors["page"] = [Phrase.Of("search.parameter.page", 10_000)];
        if (query.PageSize is < 1 or > SearchQuery.MaxPageSize) errors["pageSize"] = [Phrase.Of("search.parameter.page-size", SearchQuery.MaxPageSize)];
        return errors.Count > 0 ? Failure.Invalid(errors) : query;
    }

    private static T? Invalid<T>(Dictionary<string, Phrase[]> errors, string field, Phrase message, T? fallback = default)
    {
        errors[field] = [message];
        return fallback;
    }
}
