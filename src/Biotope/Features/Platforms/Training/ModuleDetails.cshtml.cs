using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Training;

/// <summary>A module's page: what it certifies for, its sessions, and for signed-in people their place with Enrol / Join the waitlist / Cancel my place.</summary>
public class TrainingModuleModel(BiotopeDb db, TrainingEnrolments enrolments, Texts texts, TimeProvider clock) : PageModel
{
    public TrainingModuleDto Module { get; private set; } = null!;
    /// <summary>The signed-in user's place per session (not cancelled).</summary>
    public IReadOnlyDictionary<int, EnrolmentDto> Mine { get; private set; } = new Dictionary<int, EnrolmentDto>();
    /// <summary>The signed-in user's best certificate of this module, if any.</summary>
    public CertificateDto? Certificate { get; private set; }
    /// <summary>Sessions whose enrolments and attendance the user sees (trainer of it, the module's managers, staff).</summary>
    public IReadOnlySet<int> Runs { get; private set; } = new HashSet<int>();
    /// <summary>Sessions that have started, for the people who record attendance.</summary>
    public IReadOnlyList<TrainingSession> Recent { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public string? Problem { get; private set; }
    [TempData] public string? Done { get; set; }

    public const int RecentCount = 10;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct) => await LoadAsync(slug, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEnrolAsync(string slug, int sessionId, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        var outcome = await enrolments.EnrolAsync(sessionId, User, ct);
        if (!outcome.Succeeded) return await FailAsync(slug, outcome.Failure!, ct);
        Done = outcome.Value!.Status == EnrolmentStatus.Enrolled ? "You are enrolled." : "The session is full: you are on the waitlist. You will be told if a place frees up.";
        return Redirect($"/training/{slug}#session-{sessionId}");
    }

    public async Task<IActionResult> OnPostCancelAsync(string slug, int sessionId, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true) return Challenge();
        var outcome = await enrolments.CancelAsync(sessionId, User, ct);
        if (!outcome.Succeeded) return await FailAsync(slug, outcome.Failure!, ct);
        Done = "Your place is cancelled.";
        return Redirect($"/training/{slug}#session-{sessionId}");
    }

    private async Task<IActionResult> FailAsync(string slug, Failure failure, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (!await LoadAsync(slug, ct)) return NotFound();
        Problem = texts.Say(failure.Detail ?? failure.Title);
        Response.StatusCode = Problems.StatusCode(failure.Kind);
        return Page();
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        var found = await db.TrainingModules.AsNoTracking().Where(m => m.Slug == slug).Select(m => new { m.Id, m.PlatformId }).FirstOrDefaultAsync(ct);
        if (found is null) return false;
        var now = clock.GetUtcNow();
        Today = BrusselsTime.Date(now);
        Module = (await db.ModulesAsync(now, [found.Id], ct: ct)).Single();
        if (User.UserId() is not { } userId) return true;

        var sessionIds = Module.Sessions.Select(s => s.Id).ToList();
        var mine = new Dictionary<int, EnrolmentDto>();
        foreach (var sessionId in await db.Enrolments.AsNoTracking().Where(e => e.UserId == userId && sessionIds.Contains(e.SessionId) && e.Status != EnrolmentStatus.Cancelled).Select(e => e.SessionId).ToListAsync(ct))
            mine[sessionId] = (await db.MyEnrolmentAsync(sessionId, userId, ct))!;
        Mine = mine;
        Certificate = (await db.CertificateDtosAsync(db.Certificates.Where(c => c.UserId == userId && c.ModuleId == found.Id && c.RevokedAt == null), Today, ct))
            .OrderByDescending(c => c.ExpiresOn ?? DateOnly.MaxValue).FirstOrDefault();

        var manages = await db.ManagesModuleAsync(User, found.PlatformId, ct);
        var runs = Module.Sessions.Where(s => manages || s.TrainerUserId == userId).Select(s => s.Id).ToHashSet();
        Recent = await db.TrainingSessions.AsNoTracking().Where(s => s.ModuleId == found.Id && s.StartsAt <= now && (manages || s.TrainerUserId == userId))
            .OrderByDescending(s => s.StartsAt).Take(RecentCount).ToListAsync(ct);
        runs.UnionWith(Recent.Select(s => s.Id));
        Runs = runs;
        return true;
    }
}
