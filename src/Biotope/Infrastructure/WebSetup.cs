using System.Globalization;
using Biotope.Features.Accounts;
using Biotope.Features.Audit;
using Biotope.Features.Calls;
using Biotope.Features.Calls.Proposals;
using Biotope.Features.Notifications;
using Biotope.Features.Organizations;
using Biotope.Features.Platforms.Calendars;
using Biotope.Features.Projects;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Biotope.Infrastructure;

public static class WebSetup
{
    /// <summary>The data-protection application name every instance shares; changing it invalidates every session and token.</summary>
    public const string DataProtectionName = "biotope";

    public static IServiceCollection AddBiotopeWeb(this IServiceCollection services)
    {
        services.AddSingleton(Texts.Current);
        services.AddSingleton<Microsoft.Extensions.Localization.IStringLocalizer>(Texts.Current);
        // French names stay readable in the HTML instead of becoming character references.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();
        // Enums travel as their names ("Submitted", "Labelled"): readable, and stable if members are reordered.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddExceptionHandler<UniqueViolationHandler>();
        // Let malformed requests reach BadRequestHandler instead of ending as an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddBiotopeOpenApi();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features";
            o.Conventions.AuthorizeFolder("/Audit", Roles.Staff);
            o.Conventions.AuthorizePage("/Notifications/Index");
            o.Conventions.AuthorizePage("/Notifications/Outbox", Roles.Staff);
            o.Conventions.AuthorizePage("/Notifications/OutboxMessage", Roles.Staff);
            o.Conventions.AuthorizeFolder("/Calls/Staff", Roles.Staff);
            o.Conventions.AuthorizeFolder("/Platforms/Statements");
            // One form creates and edits a call: /calls/new is the edit page without an id.
            o.Conventions.AddPageRoute("/Calls/Staff/Edit", "calls/new");
        }).AddMvcOptions(o => InvariantFormValueProviderFactory.Replace(o.ValueProviderFactories));
        services.AddAntiforgery(o => o.Cookie.Name = "biotope.csrf");
        // Keys in the database under one fixed name: a restart, a second instance or another machine reads the
        // cookies, forms and bearer tokens the first one issued (ADR 024).
        services.AddDataProtection().SetApplicationName(DataProtectionName).PersistKeysToDbContext<Data.BiotopeDb>();
        services.TryAddSingleton<PublicBaseUrl>();
        // Every cookie the site sets is Secure when the request came over HTTPS (directly or through a known proxy).
        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        services.TryAddSingleton(new LanguageOffer(pseudoLocale: false));
        services.AddOptions<RequestLocalizationOptions>().Configure<LanguageOffer>((o, offer) =>
        {
            CultureInfo[] cultures = [.. offer.Languages.Select(l => l.Culture)];
            o.DefaultRequestCulture = new RequestCulture(SiteLanguages.Default.Code);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // Cookie first (the switcher), then the browser's Accept-Language; no query-string override.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    public static WebApplication UseBiotopeWeb(this WebApplication app)
    {
        app.UseConfiguredForwardedHeaders(app.Services.GetRequiredService<BiotopeSettings>());
        app.UseSecurityHeaders();
        // The API answers problem details; a page path answers the site's own HTML page, with its header and a way on.
        app.UseWhen(context => IsApi(context.Request), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsApi(context.Request), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error/500",
                StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            });
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        app.UseRequestLocalization();
        app.UseCookiePolicy();
        app.UseInputGuard();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            // The audit log records who made each change.
            var actor = context.RequestServices.GetRequiredService<AuditActor>();
            actor.UserId = context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
            actor.Email = context.User.Identity?.Name;
            await next();
        });
        // Staff without two-factor sign-in enrol before anything else (ADR 021).
        app.UseStaffTwoFactor();
        // After authentication: the API's limit is per signed-in user (ADR 019).
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapApiReference();
        // Browsers ask for /favicon.ico on their own; the icon is an SVG.
        app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).ExcludeFromDescription();
        app.MapHealthChecks();
        app.MapCultureSwitch();
        // Null collections and objects in a body are field errors before any handler sees them.
        var api = app.MapGroup("/api/v1").AddEndpointFilterFactory(RequiredMembers.Filter);
        api.MapAuthApi();
        Features.Accounts.Tokens.TokensApi.MapTokensApi(api);
        Features.Privacy.PrivacyApi.MapPrivacyApi(api);
        api.MapOrganizationsApi();
        api.MapTaxonomyApi();
        api.MapCallsApi();
        api.MapProposalsApi();
        Features.Calls.Experts.ExpertsApi.MapExpertsApi(api);
        Features.Calls.Evaluation.EvaluationApi.MapEvaluationApi(api);
        api.MapProjectsApi();
        api.MapNotificationsApi();
        Features.Platforms.Services.ServicesApi.MapServicesApi(api);
        Features.Platforms.Services.ServiceRequestsApi.MapServiceRequestsApi(api);
        api.MapCalendarsApi();
        app.MapCalendarFeeds();
        Features.Platforms.Bookings.BookingsApi.MapBookingsApi(api);
        Features.Platforms.Training.TrainingApi.MapTrainingApi(api);
        Features.Platforms.PlatformsApi.MapPlatformsApi(api);
        Features.Platforms.Statements.StatementsApi.MapStatementsApi(api);
        app.MapRazorPages();
        return app;
    }

    /// <summary>Requests that want data, not a page: the API, the OpenAPI document, health checks and calendar feeds.</summary>
    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/v1") || request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/healthz")
        || request.Path.Value?.EndsWith(".ics", StringComparison.OrdinalIgnoreCase) == true;

    private static void MapHealthChecks(this WebApplication app) =>
        app.MapGet("/healthz", async (Data.BiotopeDb db, CancellationToken ct) =>
        {
            var ok = await db.Database.CanConnectAsync(ct);
            return ok
                ? Results.Ok(new { status = "healthy", database = db.IsPostgres ? "postgresql" : "sqlite" })
                : Results.Problem(title: "Database unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();

    /// <summary>The language switcher: a plain form POST that sets the culture cookie and returns to the page.</summary>
    private static void MapCultureSwitch(this WebApplication app) =>
        app.MapPost("/culture", (HttpContext context, LanguageOffer offer, [Microsoft.AspNetCore.Mvc.FromForm] string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            if (!offer.Offers(culture)) return Results.BadRequest();
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(ReturnAddress.LocalOrHome(returnUrl));
        }).ExcludeFromDescription();
}
