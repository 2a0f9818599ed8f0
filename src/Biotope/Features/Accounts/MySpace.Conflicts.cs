using Biotope.Features.Calls;
using Biotope.Features.Calls.Experts;
using Biotope.Features.Notifications;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Accounts;

/// <summary>My space, for an expert: the conflicts of interest declared, and the form that declares one (as the API does).</summary>
public partial class MySpaceModel
{
    public sealed record ConflictLine(string What, string Reason, DateTimeOffset DeclaredAt);

    /// <summary>The declaration form: about a proposal assigned to me ("p{id}") or an organization ("organization"), and why.</summary>
    public sealed class ConflictForm
    {
        public string? About { get; set; }
        public string? OrganizationName { get; set; }
        public int? OrganizationId { get; set; }
        public string? Reason { get; set; }
    }

    public const string AboutOrganization = "organization";

    public IReadOnlyList<ConflictLine> Conflicts { get; private set; } = [];
    [BindProperty] public ConflictForm Conflict { get; set; } = new();
    public IReadOnlyList<OrganizationSummary> ConflictChoices { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> ConflictErrors { get; private set; } = new Dictionary<string, string[]>();
    [TempData] public string? ConflictDone { get; set; }

    public async Task<IActionResult> OnPostConflictAsync([FromServices] Notifier notifier, [FromServices] OrganizationSearch search, [FromServices] DirectoryIndex index, CancellationToken ct)
    {
        var expert = await ExpertsApi.MeAsync(db, User, ct);
        if (expert is null) return NotFound();
        var texts = Texts.Current;
        int? proposalId = Conflict.About is { Length: > 1 } about && about[0] == 'p' && int.TryParse(about[1..], out var id) ? id : null;
        var organizationId = Conflict.About == AboutOrganization ? Conflict.OrganizationId : null;
        if (Conflict.About == AboutOrganization && organizationId is null)
        {
            // Nothing picked in the list (no script): the directory's matches are offered to pick from, the reason kept.
            var name = Conflict.OrganizationName?.Trim() ?? "";
            var choices = await OrganizationChoices.FindAsync(search, index, name, texts.Language, ct);
            var error = name.Length == 0 ? Phrase.Of("proposal.partner.name-required") : choices.Count == 0 ? Phrase.Of("proposal.partner.no-match", name) : null;
            await OnGetAsync(ct);
            ConflictChoices = choices;
            if (error is not null)
            {
                ConflictErrors = new Dictionary<string, string[]> { ["organizationId"] = [texts.Say(error)] };
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
            return Page();
        }
        var declared = await ConflictDeclarations.DeclareAsync(db, notifier, clock.GetUtcNow(), expert, new DeclarationInput(proposalId, organizationId, Conflict.Reason ?? ""), ct);
        if (declared.Failure is { } failure)
        {
            db.ChangeTracker.Clear();
            await OnGetAsync(ct);
            // A proposal no longer assigned reads as the choice being wrong, not as a missing page.
            // A refusal without field errors (a decided proposal) is said on the choice too: never a silent no.
            ConflictErrors = failure.Kind == FailureKind.NotFound
                ? new Dictionary<string, string[]> { ["proposalId"] = [texts.Say(Phrase.Of("conflict.target.one"))] }
                : failure.Errors is { Count: > 0 } ? texts.Say(failure.Errors)
                : new Dictionary<string, string[]> { ["proposalId"] = [texts.Say(failure.Detail ?? failure.Title)] };
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        ConflictDone = "conflict-declared";
        return Redirect("/account#my-conflicts");
    }

    private async Task LoadConflictsAsync(Expert expert, CancellationToken ct)
    {
        var language = Texts.Current.Language;
        var declarations = await db.ConflictDeclarations.AsNoTracking().Where(d => d.ExpertId == expert.Id).OrderByDescending(d => d.Id).Take(20).ToListAsync(ct);
        var proposalIds = declarations.Where(d => d.ProposalId != null).Select(d => d.ProposalId!.Value).ToList();
        var organizationIds = declarations.Where(d => d.OrganizationId != null).Select(d => d.OrganizationId!.Value).ToList();
        var acronyms = await db.Proposals.AsNoTracking().Where(p => proposalIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Acronym, ct);
        var organizations = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        Conflicts = [.. declarations.Select(d => new ConflictLine(
            d.ProposalId is { } p ? acronyms.GetValueOrDefault(p, "") : d.OrganizationId is { } o && organizations.TryGetValue(o, out var organization) ? organization.DisplayName(language) : "",
            d.Reason, d.DeclaredAt))];
    }
}
