using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Biotope.Infrastructure;

/// <summary>
/// Requests allowed per window (ADR 019); 0 turns a limit off. Counted per server instance, in memory.
/// <see cref="ApiPerMinute"/> is per caller on the whole API (signed in: the user; anonymous: the client address);
/// the others per client address on their forms and endpoints.
/// </summary>
public sealed record RateLimitSettings(int ApiPerMinute = 300, int SignInPerMinute = 20, int PasswordResetPerHour = 5, int SignUpPerHour = 10)
{
    public static readonly RateLimitSettings Default = new();
}

public static class RateLimits
{
    /// <summary>Policy names: the sign-in page's POST and /api/v1/auth/token; password reset and sign-up (ADR 020).</summary>
    public const string SignIn = "sign-in", PasswordReset = "password-reset", SignUp = "sign-up";

    public static IServiceCollection AddBiotopeRateLimits(this IServiceCollection services, RateLimitSettings limits)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                limits.ApiPerMinute > 0 && WebSetup.IsApi(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(Caller(context), _ => Window(limits.ApiPerMinute, TimeSpan.FromMinutes(1)))
                    : RateLimitPartition.GetNoLimiter(""));
            o.AddPolicy(SignIn, context => PostsFromClient(context, limits.SignInPerMinute, TimeSpan.FromMinutes(1)));
            o.AddPolicy(PasswordReset, context => PostsFromClient(context, limits.PasswordResetPerHour, TimeSpan.FromHours(1)));
            o.AddPolicy(SignUp, context => PostsFromClient(context, limits.SignUpPerHour, TimeSpan.FromHours(1)));
        });
        return services;
    }

    /// <summary>The address the request comes from (the connection's: forwarded headers count only where the host trusts them).</summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string Caller(HttpContext context) =>
        context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } user ? $"user:{user}" : $"ip:{ClientAddress(context)}";

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    // Showing the form is free; sending it counts.
    private static RateLimitPartition<string> PostsFromClient(HttpContext context, int permits, TimeSpan window) =>
        permits > 0 && HttpMethods.IsPost(context.Request.Method)
            ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => Window(permits, window))
            : RateLimitPartition.GetNoLimiter("");

    /// <summary>429 with Retry-After: problem details (code "rate-limit.exceeded") on the API, the site's error page elsewhere.</summary>
    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 60;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (WebSetup.IsApi(context.Request))
            await TooManyRequests(Phrase.Of("rate-limit.exceeded", seconds)).ToProblem().ExecuteAsync(context);
        // A page gets no body here: the status-code pages re-execute /error/429.
    }

    public static Failure TooManyRequests(Phrase detail) => new(FailureKind.TooManyRequests, Phrase.Of($"{detail.Key}.title"), detail);
}
