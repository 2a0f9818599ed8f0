using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Biotope.Features.Accounts.SignUp;

/// <summary>
/// The link of the confirmation e-mail. Opening it shows a button; the POST confirms, so that a mail scanner that opens
/// links does not confirm on the person's behalf.
/// </summary>
[EnableRateLimiting(Infrastructure.RateLimits.SignUp)]
public class ConfirmEmailModel(AccountEmails emails) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public bool Confirmed { get; private set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var failure = await emails.ConfirmEmailAsync(new ConfirmEmailInput(UserId, Token), ct);
        if (failure is null)
        {
            Confirmed = true;
            return Page();
        }
        Error = Infrastructure.Texts.Current.Say(failure.Errors!.Values.First()[0]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
