using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace Biotope.Infrastructure;

/// <summary>
/// The OpenAPI document at /openapi/v1.json (ADR 016): the bearer scheme of POST /api/v1/auth/token, and on every
/// operation the security its endpoint metadata asks for, so that generated clients and linters see what the server does.
/// </summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "bearer";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Accounts"] = "Sign in (an e-mail and password for a bearer token), sign up, e-mail confirmation, password reset, join requests, personal tokens.",
        ["Assignment"] = "Assigning experts to a call's proposals, with conflicts of interest.",
        ["Bookings"] = "Booking instruments of the shared platforms, and their availability.",
        ["Calendars"] = "Calendar feeds of bookings and sessions.",
        ["Calls"] = "Calls for proposals: criteria, eligibility rules, deadlines.",
        ["Evaluation"] = "Reviews, consensus, decisions, letters and appeals.",
        ["Experts"] = "Expert profiles and their declarations.",
        ["Notifications"] = "The signed-in person's notifications.",
        ["Organizations"] = "The ecosystem directory: companies, research units, hospitals and others.",
        ["Platforms"] = "Shared technology platforms and their instruments, rates and closures.",
        ["Privacy"] = "Personal data: export, erasure, consent of people on profiles, unused accounts.",
        ["Projects"] = "The portfolio of labelled and funded projects.",
        ["Proposals"] = "Proposals to calls: content, consortium, budget, attachments, submission.",
        ["Service requests"] = "Requests for a platform's services, from quote to delivery.",
        ["Services"] = "The analyses and services the platforms offer.",
        ["Statements"] = "Monthly usage statements of the platforms.",
        ["Taxonomy"] = "The areas, technologies and kinds the directory is classified by.",
        ["Training"] = "Training modules and sessions that qualify people to use instruments.",
    };

    public static IServiceCollection AddBiotopeOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Biotope API";
                document.Info.Version = "v1";
                document.Info.Description = "The ecosystem directory of a health-innovation cluster. Errors are RFC 9457 problem details.";
                // The server is the one that answered, written without the trailing slash paths are appended to.
                foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The accessToken answered by POST /api/v1/auth/token, sent as 'Authorization: Bearer TOKEN'.",
                };
                document.Tags ??= new HashSet<OpenApiTag>();
                foreach (var tag in document.Tags)
                {
                    if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description = description;
                }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] };
                if (RequiresAuthorization(metadata))
                {
                    operation.Security = [bearer];
                    operation.Responses ??= [];
                    operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Unauthorized: no bearer token, or an expired one." });
                }
                else if (metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement()];
                }
                else
                {
                    // Public, but a signed-in caller may see more (staff see unpublished calls): the token is optional.
                    operation.Security = [new OpenApiSecurityRequirement(), bearer];
                }
                return Task.CompletedTask;
            });
        });

    /// <summary>The endpoint asks for an authorization (its own or its group's) and does not allow anonymous callers.</summary>
    public static bool RequiresAuthorization(IEnumerable<object> metadata)
    {
        var items = metadata as IList<object> ?? [.. metadata];
        return items.OfType<IAuthorizeData>().Any() && !items.OfType<IAllowAnonymous>().Any();
    }
}
