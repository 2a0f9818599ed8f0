using System.Net;
using Biotope.Features.Accounts;
using Biotope.Tests.Features.Calls.Staff;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Biotope.Tests.Features.Platforms.Training.TrainingKit;

namespace Biotope.Tests.Features.Platforms.Training;

/// <summary>The attendance sheet carries the session's version (ADR 024): a sheet read before someone else's save is refused on the page, never a 500.</summary>
public sealed class AttendancePageTests(TrainingSqliteFixture fixture) : IClassFixture<TrainingSqliteFixture>
{
    private TestApp App => fixture.App;

    [Fact]
    public async Task A_stale_sheet_is_refused_with_the_reason_and_the_current_one_is_saved()
    {
        fixture.Clock.Set(Utc("2026-11-01T08:00:00Z"));
        var staff = await App.PersonAsync(Roles.ClusterStaff);
        var moduleId = (await staff.Client.AddModuleAsync("Sheet safety")).GetProperty("id").GetInt32();
        var trainer = await App.PersonAsync(Roles.Trainer);
        var sessionId = await staff.Client.AddSessionAsync(moduleId, "2026-11-20T09:00", "2026-11-20T12:00", trainerUserId: trainer.UserId);
        var member = await App.PersonAsync(Roles.Member);
        await member.EnrolAsync(sessionId);
        fixture.Clock.Set(Utc("2026-11-20T10:00:00Z"));
        var pages = await App.SignedInAsAsync(trainer.Email, trainer.Password);
        var page = $"/training/sessions/{sessionId}/attendance";

        var (status, html) = await pages.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, status);
        var version = await App.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == sessionId).Select(s => s.Version).SingleAsync());
        Assert.Contains($"name=\"Version\" value=\"{version}\"", html);
        // Someone else records the sheet first (through the API): the page's sheet is one version behind.
        await trainer.AttendanceAsync(sessionId, new object[] { new { userId = member.UserId, attended = false } });

        var stale = await pages.PostFormAsync(page, html, [("Listed", member.UserId), ("Present", member.UserId), ("Version", $"{version}")]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed since you read it", await StaffPagesKit.ReadAsync(stale));
        Assert.False(await App.WithDbAsync(db => db.Certificates.AnyAsync(c => c.UserId == member.UserId && c.RevokedAt == null)));

        var current = await App.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == sessionId).Select(s => s.Version).SingleAsync());
        Assert.True(current > version);
        var (saved, _, _) = await pages.SubmitAsync(page, page, [("Listed", member.UserId), ("Present", member.UserId), ("Version", $"{current}")]);
        Assert.Equal(HttpStatusCode.Redirect, saved);
        Assert.True(await App.WithDbAsync(db => db.Certificates.AnyAsync(c => c.UserId == member.UserId && c.RevokedAt == null)));
    }
}
