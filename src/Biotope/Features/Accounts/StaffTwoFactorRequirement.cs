using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Biotope.Features.Accounts;

/// <summary>
/// ADR 021: a signed-in administrator or cluster staff member without two-factor sign-in reaches only its enrolment, the
/// sign-in and sign-out pages and the language switch; every other page sends them to /account/two-factor and the API
/// answers 403 (code auth.two-factor-enrolment-required). Bearer tokens are never issued to them (<see cref="PasswordSignIn"/>).
/// </summary>
public static class StaffTwoFactorRequirement
{
    public const string EnrolmentPath = "/account/two-factor";

    private static readonly string[] Open = [EnrolmentPath, "/account/login", "/account/logout", "/culture", "/error", "/healthz", "/favicon"];

    public static IApplicationBuilder UseStaffTwoFactor(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var settings = context.RequestServices.GetRequiredService<BiotopeSettings>();
        if (context.User.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme && TwoFactor.MustEnrol(context.User, settings)
            && !Open.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
        {
            if (WebSetup.IsApi(context.Request))
            {
                await SignInAnswer.EnrolmentRequired.ToProblem().ExecuteAsync(context);
                return;
            }
            context.Response.Redirect(EnrolmentPath + "?required=true");
            return;
        }
        await next();
    });
}
