using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Biotope.Features.Accounts.SignUp;

/// <summary>The link of the reset e-mail: a new password, once per link.</summary>
[EnableRateLimiting(Infrastructure.RateLimits.PasswordReset)]
public class ResetPasswordModel(AccountEmails emails) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")] public string? UserId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }

    public bool Done { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var failure = await emails.ResetPasswordAsync(new ResetPasswordInput(UserId, Token, Password), ct);
        if (failure is null)
        {
            Done = true;
            return Page();
        }
        Errors = Texts.Current.Say(failure.Errors);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
