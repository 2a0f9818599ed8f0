using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts.Tokens;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Biotope.Features.Accounts;

public static class AccountsSetup
{
    /// <summary>Picks the bearer handler for "Authorization: Bearer" requests and the cookie otherwise.</summary>
    public const string CookieOrBearer = "CookieOrBearer";
    public const string OrganizationClaim = "biotope:organization";
    public const string ApiWriter = "ApiWriter";

    public static IServiceCollection AddBiotopeAccounts(this IServiceCollection services, BiotopeSettings settings)
    {
        services.AddAuthentication(CookieOrBearer)
            .AddPolicyScheme(CookieOrBearer, "Cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                PersonalTokenHandler.IsPersonal(context.Request) ? PersonalTokenHandler.SchemeName
                : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            // Sign-in tokens: Identity's handler reads them, the stamped one checks the security stamp (ADR 018).
            .AddScheme<AuthenticationSchemeOptions, StampedBearerHandler>(IdentityConstants.BearerScheme, null)
            .AddScheme<AuthenticationSchemeOptions, PersonalTokenHandler>(PersonalTokenHandler.SchemeName, null)
            .AddBearerToken(StampedBearerHandler.Ticket, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromHours(8);
                // Sessions expire by the machine's clock, whatever clock the business rules are given (tests move theirs).
                o.TimeProvider = TimeProvider.System;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "biotope.auth";
            o.TimeProvider = TimeProvider.System;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // The API answers with status codes, never with a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = context => ApiOr(context.HttpContext, StatusCodes.Status401Unauthorized, () => context.Response.Redirect(context.RedirectUri));
            o.Events.OnRedirectToAccessDenied = context => ApiOr(context.HttpContext, StatusCodes.Status403Forbidden, () => context.Response.Redirect(context.RedirectUri));
        });
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                // A short lock for guesses spread over many clients; one client is stopped sooner by SignInThrottle (ADR 019).
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Lockout.AllowedForNewUsers = true;
                // Version 3 adds the passkeys table (ADR 021, migration 0014).
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                // Sign-ups confirm their e-mail before signing in; demo and command-line accounts are created confirmed (ADR 020).
                o.SignIn.RequireConfirmedEmail = true;
                o.Tokens.EmailConfirmationTokenProvider = SignUp.EmailConfirmationTokens.ProviderName;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<BiotopeDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<SignUp.EmailConfirmationTokens>(SignUp.EmailConfirmationTokens.ProviderName)
            .AddUserManager<BiotopeUserManager>()
            .AddClaimsPrincipalFactory<OrganizationClaimsFactory>();
        // Passkeys are discoverable (sign-in without an e-mail) and verify the person (PIN, fingerprint): a sign-in of their own (ADR 021).
        services.Configure<IdentityPasskeyOptions>(o =>
        {
            o.ResidentKeyRequirement = "required";
            o.UserVerificationRequirement = "required";
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<AccountAudit>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<TwoFactor>();
        services.AddScoped<SignUp.AccountEmails>();
        services.AddScoped<SignUp.JoinRequests>();
        services.AddScoped<SignUp.UnconfirmedAccounts>();
        services.AddHostedService<SignUp.UnconfirmedAccountsService>();
        // Password-reset links: 2 hours, said in the e-mail; single use because a reset changes the security stamp.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = SignUp.AccountEmails.ResetLifespan);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiWriter, p => p.RequireWritingToken())
            .AddPolicy(Roles.Staff, p => p.RequireRole(Roles.Administrator, Roles.ClusterStaff));
        services.AddBiotopeTokens();
        return services;
    }

    private static Task ApiOr(HttpContext context, int status, Action redirect)
    {
        if (WebSetup.IsApi(context.Request)) context.Response.StatusCode = status;
        else redirect();
        return Task.CompletedTask;
    }

    public static int? OrganizationId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(OrganizationClaim), out var id) ? id : null;

    public static bool IsStaff(this ClaimsPrincipal user) => user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.ClusterStaff);

    /// <summary>Staff edit any organization; a member admin edits only their own.</summary>
    public static bool CanEditOrganization(this ClaimsPrincipal user, int organizationId) =>
        user.IsStaff() || (user.IsInRole(Roles.MemberAdmin) && user.OrganizationId() == organizationId);
}

/// <summary>Adds the user's organization to their identity, so rights checks need no database look-up.</summary>
public sealed class OrganizationClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.OrganizationId is { } id) identity.AddClaim(new Claim(AccountsSetup.OrganizationClaim, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.DisplayName is { } name) identity.AddClaim(new Claim("name", name));
        // Read by the staff two-factor requirement without a database look-up; a change of it renews the stamp (ADR 021).
        if (user.TwoFactorEnabled) identity.AddClaim(new Claim(TwoFactor.EnabledClaim, "true"));
        return identity;
    }
}
