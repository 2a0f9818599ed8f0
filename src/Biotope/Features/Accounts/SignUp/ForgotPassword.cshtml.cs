using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Biotope.Features.Accounts.SignUp;

/// <summary>Asks for a reset link; the page says the same whether or not the address has an account.</summary>
[EnableRateLimiting(Infrastructure.RateLimits.PasswordReset)]
public class ForgotPasswordModel(AccountEmails emails) : PageModel
{
    [BindProperty] public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await emails.ForgotPasswordAsync(new ForgotPasswordInput(Email), ct);
        Sent = true;
        return Page();
    }
}
