using Microsoft.AspNetCore.Diagnostics;

namespace Biotope.Infrastructure;

/// <summary>Malformed requests (unreadable JSON, a number that is not one) get a problem that says what was wrong.</summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // Pages get the site's error page instead (WebSetup); the API gets problem details.
        if (exception is not BadHttpRequestException bad || !WebSetup.IsApi(context.Request)) return false;
        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = Texts.Current["problem.unreadable"],
                // The parser's own words say exactly what was wrong; they exist only in English.
                Detail = bad.InnerException is { } inner ? $"{bad.Message} {inner.Message}" : bad.Message,
                Extensions = { ["code"] = "problem.unreadable" },
            },
        });
    }
}
