using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Projects;

/// <summary>The progress-report form: a period, spend per partner against its remaining budget, a narrative.</summary>
[Authorize]
public class NewProgressReportModel(ProjectEditor editor, BiotopeDb db) : PageModel
{
    [BindProperty] public DateOnly? PeriodStart { get; set; }
    [BindProperty] public DateOnly? PeriodEnd { get; set; }
    [BindProperty] public string? Narrative { get; set; }
    /// <summary>One amount per partner, in the order of <see cref="ProgressReportsResponse.Budget"/>; typed in either language's notation.</summary>
    [BindProperty] public List<SpendLine> Spend { get; set; } = [];

    public sealed class SpendLine
    {
        public int OrganizationId { get; set; }
        public string? Amount { get; set; }
    }

    public Project Project { get; private set; } = null!;
    public ProgressReportsResponse Reports { get; private set; } = null!;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var project = await db.LoadBySlugAsync(slug, ct);
        if (project is null) return NotFound();
        if (!User.CanReport(project)) return Forbid();
        await ShowAsync(project, ct);
        Spend = [.. Reports.Budget.Select(b => new SpendLine { OrganizationId = b.OrganizationId })];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, CancellationToken ct)
    {
        var project = await db.LoadBySlugAsync(slug, ct);
        if (project is null) return NotFound();
        if (!User.CanReport(project)) return Forbid();
        var amounts = Spend.Select(s => (s.OrganizationId, Text: s.Amount, Value: ProjectFormat.ParseEuros(s.Amount))).ToList();
        var unreadable = new Dictionary<string, Phrase[]>();
        for (var i = 0; i < amounts.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(amounts[i].Text) && amounts[i].Value is null)
                unreadable[$"spend[{i}].amount"] = [Phrase.Of("project.report.amount.unreadable", new Money(1250.50m))];
        }
        // An empty amount means nothing was spent in the period.
        var input = new ProgressReportInput
        {
            PeriodStart = PeriodStart,
            PeriodEnd = PeriodEnd,
            Narrative = Narrative,
            Spend = [.. amounts.Select(a => new ProgressReportInput.SpendInput { OrganizationId = a.OrganizationId, Amount = a.Value ?? 0 })],
        };
        Response.StatusCode = StatusCodes.Status400BadRequest;
        if (unreadable.Count == 0)
        {
            var outcome = await editor.AddReportAsync(project.Id, input, User, ct);
            if (outcome.Succeeded) return Redirect($"/projects/{project.Slug}/reports?submitted=true");
            var failure = outcome.Failure!;
            if (failure.Kind == FailureKind.Forbidden) return Forbid();
            // A failure without field messages (someone saved meanwhile) is shown on its own, above the form.
            Errors = failure.Errors is null ? new Dictionary<string, string[]> { [""] = [Texts.Current.Say(failure.Detail ?? failure.Title)] } : Texts.Current.Say(failure.Errors);
            if (failure.Kind != FailureKind.Invalid) Response.StatusCode = Problems.StatusCode(failure.Kind);
        }
        else
        {
            Errors = Texts.Current.Say(unreadable);
        }
        db.ChangeTracker.Clear();
        await ShowAsync((await db.LoadBySlugAsync(slug, ct))!, ct);
        return Page();
    }

    private async Task ShowAsync(Project project, CancellationToken ct)
    {
        Project = project;
        Reports = await db.ReportsAsync(project, ct);
    }
}
