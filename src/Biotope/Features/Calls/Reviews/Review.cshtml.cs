using Biotope.Features.Calls.Evaluation;
using Biotope.Features.Calls.Proposals;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Calls.Reviews;

/// <summary>
/// An assigned expert scores each criterion with a comment, the proposal beside the form; scores start empty and a draft
/// keeps them so; the other reviews show once theirs is submitted.
/// </summary>
[Authorize]
public class ReviewModel(ProposalService proposals, EvaluationService evaluation, Attachments attachments, Texts texts) : PageModel
{
    public LoadedProposal Loaded { get; private set; } = null!;
    public ProposalDetails View { get; private set; } = null!;
    public IReadOnlyList<AttachmentDto> Files { get; private set; } = [];
    public ReviewDto Review { get; private set; } = null!;
    public IReadOnlyList<ReviewDto> Others { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }
    [TempData] public string? Done { get; set; }
    [BindProperty] public List<ScoreInput> Scores { get; set; } = [];
    [BindProperty] public string? OverallComment { get; set; }
    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct) => SaveAsync(id, submit: false, ct);

    public Task<IActionResult> OnPostSubmitAsync(int id, CancellationToken ct) => SaveAsync(id, submit: true, ct);

    private async Task<IActionResult> SaveAsync(int id, bool submit, CancellationToken ct)
    {
        var input = new ReviewInput(Scores, OverallComment, Version == 0 ? null : Version);
        var outcome = await evaluation.SaveReviewAsync(id, input, submit, User, null, ct);
        if (outcome.Succeeded)
        {
            Done = submit ? "Your review is submitted. The other reviews are shown below." : "Draft saved.";
            return Redirect($"/proposals/{id}/review");
        }
        if (outcome.Failure!.Kind == FailureKind.NotFound) return NotFound();
        if (outcome.Failure.Kind == FailureKind.Forbidden) return Forbid();
        if (await LoadAsync(id, ct) is { } missing) return missing;
        // Keep what the expert typed.
        Review = Review with { Scores = [.. Review.Scores.Select(s => Scores.FirstOrDefault(x => x.CriterionId == s.CriterionId) is { } typed ? s with { Score = typed.Score, Comment = typed.Comment ?? "" } : s)], OverallComment = OverallComment };
        Errors = texts.Say(outcome.Failure.Errors);
        Problem = outcome.Failure.Errors is null ? texts.Say(outcome.Failure.Detail ?? outcome.Failure.Title) : texts["Please correct the fields marked below."];
        Response.StatusCode = Problems.StatusCode(outcome.Failure.Kind);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var loaded = await proposals.LoadAsync(id, User, ct);
        if (!loaded.Succeeded) return NotFound();
        Loaded = loaded.Value!;
        if (!Loaded.Access.AssignedExpert) return Forbid();
        View = Loaded.ToDetails(texts.Language);
        var files = await attachments.ListAsync(id, User, ct);
        Files = files.Succeeded ? files.Value! : [];
        var review = await evaluation.GetOwnReviewAsync(id, User, ct);
        Review = review.Value!;
        Version = Review.Version;
        var others = await evaluation.ListReviewsAsync(id, User, ct);
        Others = others.Succeeded ? others.Value! : [];
        return null;
    }
}
