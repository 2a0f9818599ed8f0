using Biotope.Features.Accounts.Tokens;
using Biotope.Features.Platforms;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Accounts;

/// <summary>The signed-in person's personal API tokens: make one (its value shown once), see them with their last use, revoke.</summary>
[Authorize]
public class ApiTokensModel(PersonalTokens tokens) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public TokenScope? Scope { get; set; }
    [BindProperty] public int? ExpiresInDays { get; set; } = PersonalTokens.DefaultDays;
    [BindProperty(SupportsGet = true)] public bool Revoked { get; set; }

    public List<PersonalTokenDto> Tokens { get; private set; } = [];
    /// <summary>The token just made: the only time its value is shown.</summary>
    public CreatedPersonalToken? Created { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken ct) => Tokens = await tokens.MineAsync(User.UserId()!, withRevoked: false, ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var outcome = await tokens.CreateAsync(User.UserId()!, new PersonalTokenInput { Name = Name, Scope = Scope, ExpiresInDays = ExpiresInDays }, ct);
        if (outcome.Succeeded)
        {
            // Shown in this answer only: the value is never put in a redirect, a cookie or a cache.
            Created = outcome.Value;
            Response.Headers.CacheControl = "no-store";
            Name = null;
        }
        else
        {
            Errors = Texts.Current.Say(outcome.Failure!.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Tokens = await tokens.MineAsync(User.UserId()!, withRevoked: false, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        var outcome = await tokens.RevokeAsync(User.UserId()!, id, ct);
        return outcome.Succeeded ? LocalRedirect("/account/tokens?revoked=true") : NotFound();
    }
}
