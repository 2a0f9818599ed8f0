using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Training;

/// <summary>A session's enrolments and its attendance sheet (the session's trainer, the module's managers, staff): one checkbox per enrolled person.</summary>
[Authorize]
public class TrainingAttendanceModel(BiotopeDb db, TrainingEnrolments enrolments, Texts texts, TimeProvider clock) : PageModel
{
    public TrainingSession Session { get; private set; } = null!;
    public IReadOnlyList<EnrolmentDto> People { get; private set; } = [];
    public bool Started { get; private set; }
    public string? Problem { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    [TempData] public string? Done { get; set; }

    /// <summary>The user ids of everyone on the sheet, and of those ticked as present.</summary>
    [BindProperty] public List<string> Listed { get; set; } = [];
    [BindProperty] public List<string> Present { get; set; } = [];

    /// <summary>The session's version the sheet was read at: a stale sheet does not overwrite a newer one.</summary>
    [BindProperty] public int? Version { get; set; }

    public bool CanRecord => Started && Session.CancelledAt is null;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var marks = Listed.Distinct().Select(userId => new AttendanceMark(userId, Present.Contains(userId))).ToList();
        var outcome = await enrolments.RecordAttendanceAsync(id, marks, ReadVersion.Of(Version), User, ct);
        if (outcome.Succeeded)
        {
            Done = "Attendance saved. Certificates were issued to the people present.";
            return Redirect($"/training/sessions/{id}/attendance");
        }
        var failure = outcome.Failure!;
        if (failure.Kind == FailureKind.Forbidden) return Forbid();
        db.ChangeTracker.Clear();
        if (await LoadAsync(id, ct) is { } missing) return missing;
        Errors = Texts.Current.Say(failure.Errors);
        Problem = failure.Errors is null ? texts.Say(failure.Detail ?? failure.Title) : texts["Some people on the sheet have no place in the session any more: the sheet was reloaded."];
        Response.StatusCode = Problems.StatusCode(failure.Kind);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var session = await db.TrainingSessions.AsNoTracking().Include(s => s.Module).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null) return NotFound();
        if (!await db.RunsSessionAsync(User, session, session.Module!.PlatformId, ct)) return Forbid();
        Session = session;
        Started = session.StartsAt <= clock.GetUtcNow();
        People = await db.EnrolmentsAsync(id, ct);
        return null;
    }
}
