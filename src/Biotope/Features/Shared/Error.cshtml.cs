using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Shared;

/// <summary>
/// The site's page for a failed page request (404, 500, …), re-executed by the status-code and exception middleware
/// with the original method, so it answers every method and skips the antiforgery check.
/// </summary>
[IgnoreAntiforgeryToken]
public class ErrorPageModel : PageModel
{
    public int Status { get; private set; }

    public string? TraceId { get; private set; }

    public string TitleKey => Status switch
    {
        StatusCodes.Status404NotFound or StatusCodes.Status410Gone => "Page not found",
        StatusCodes.Status400BadRequest => "The request could not be read",
        StatusCodes.Status405MethodNotAllowed => "This page cannot do that",
        StatusCodes.Status429TooManyRequests => "Too many requests",
        >= 500 => "Something went wrong on our side",
        _ => "This page cannot be shown",
    };

    public string ExplanationKey => Status switch
    {
        StatusCodes.Status404NotFound or StatusCodes.Status410Gone => "The address may be mistyped, or the page was moved or removed.",
        StatusCodes.Status400BadRequest => "Something in the address or the form could not be read. Go back and try again.",
        StatusCodes.Status405MethodNotAllowed => "Go back to the page and use its buttons and links.",
        StatusCodes.Status429TooManyRequests => "Wait a minute, then try again.",
        >= 500 => "Nothing you did caused it, and what you saved before is kept. Try again in a moment.",
        _ => "Go back, or start again from one of the pages below.",
    };

    public IActionResult OnGet(int status) => Render(status);

    public IActionResult OnPost(int status) => Render(status);

    private PageResult Render(int status)
    {
        // Reached directly (/error/404) it reports that status; re-executed, the original one.
        Status = status is >= 400 and < 600 ? status : StatusCodes.Status404NotFound;
        if (Status >= 500) TraceId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        Response.StatusCode = Status;
        return Page();
    }
}
