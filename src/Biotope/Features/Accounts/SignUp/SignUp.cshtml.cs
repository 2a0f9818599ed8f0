using Biotope.Features.Calls;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Biotope.Features.Accounts.SignUp;

/// <summary>Create an account and ask to join an organization (ADR 020); the same rules as POST /api/v1/auth/sign-up.</summary>
[EnableRateLimiting(RateLimits.SignUp)]
public class SignUpModel(AccountEmails emails, OrganizationSearch search, DirectoryIndex index) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? OrganizationName { get; set; }
    [BindProperty] public int? OrganizationId { get; set; }
    [BindProperty] public string? Message { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public IReadOnlyList<OrganizationSummary> Choices { get; private set; } = [];
    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var texts = Texts.Current;
        if (OrganizationId is null && !string.IsNullOrWhiteSpace(OrganizationName))
        {
            // Nothing picked in the list (no script): the directory's matches are offered, the rest of the form kept.
            Choices = await OrganizationChoices.FindAsync(search, index, OrganizationName, texts.Language, ct);
            if (Choices.Count > 0) return Page();
        }
        var failure = await emails.SignUpAsync(new SignUpInput(Name, Email, Password, OrganizationId, Message), ct);
        if (failure is not null)
        {
            Errors = texts.Say(failure.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Sent = true;
        return Page();
    }
}
