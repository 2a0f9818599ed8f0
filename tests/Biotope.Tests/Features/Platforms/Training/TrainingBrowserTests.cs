using Biotope.Features.Accounts;
using Biotope.Tests.Browser;
using Biotope.Tests.Infrastructure;
using static Biotope.Tests.Features.Platforms.Training.TrainingKit;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Features.Platforms.Training;

/// <summary>
/// A member finds a training in the catalogue, enrols and sees "Enrolled"; after the session the trainer ticks them present;
/// the member finds the certificate, with the instrument it unlocks, on /training/certificates. axe on every page, in English and French.
/// </summary>
public sealed class TrainingBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_member_enrols_the_trainer_records_attendance_and_the_member_sees_the_certificate()
    {
        browser.RequireOrSkip();
        var clock = new FakeClock(Utc("2026-10-01T08:00:00Z"));
        await using var app = await TestApp.StartSqliteAsync(seedDemo: true, clock: clock);
        var axe = browser.NewAxeLog("training");

        var staff = await app.PersonAsync(Roles.ClusterStaff);
        var platformId = await app.AddPlatformAsync("Microscopy platform");
        var module = await staff.Client.AddModuleAsync("Confocal microscopy basics", 24, platformId);
        var moduleId = module.GetProperty("id").GetInt32();
        var slug = module.GetProperty("slug").GetString()!;
        var microscope = await app.AddEquipmentAsync(platformId, "Confocal microscope LSM 980", moduleId);
        var trainer = await app.PersonAsync(Roles.Trainer);
        var sessionId = await staff.Client.AddSessionAsync(moduleId, "2026-10-15T09:00", "2026-10-15T12:00", capacity: 6, trainerUserId: trainer.UserId, language: "en");
        var member = await app.PersonAsync(Roles.Member);

        await using var memberContext = await browser.NewContextAsync("en-GB");
        var page = await memberContext.NewPageAsync();

        // The catalogue, public: the demo modules and ours, with what it unlocks and the session's places.
        await page.OpenAsync(app, "/training");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Training");
        await Expect(page.Locator("#module-mri-safety-and-operation")).ToContainTextAsync("MRI safety and operation");
        var card = page.Locator($"#module-{slug}");
        await Expect(card).ToContainTextAsync("Certificate valid for 24 months");
        await Expect(card.Locator($"a[href='/equipment/{microscope}']")).ToHaveTextAsync("Confocal microscope LSM 980");
        await Expect(card.Locator("tbody tr")).ToContainTextAsync("15 October 2026, 09:00–12:00");
        await Expect(card.Locator("tbody tr")).ToContainTextAsync("6 of 6 places left");
        await axe.CheckAsync(page, "en-catalogue-visitor");

        // Signed in, the member opens the module and enrols.
        await page.SignInAsync(app, (member.Email, member.Password), "/training");
        await page.SubmitWithAsync(card.Locator($"h2 a[href='/training/{slug}']"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Confocal microscopy basics");
        var row = page.Locator($"#session-{sessionId}");
        await page.SubmitWithAsync(row.Locator("button[type=submit]"));
        await Expect(page.Locator(".notice.success")).ToHaveTextAsync("You are enrolled.");
        await Expect(row.Locator(".enrolment-status")).ToHaveTextAsync("Enrolled");
        await Expect(row).ToContainTextAsync("5 of 6 places left");
        await Expect(row.Locator("button[type=submit]")).ToContainTextAsync("Cancel my place");
        await axe.CheckAsync(page, "en-module-enrolled");

        // The session is over; the trainer ticks the member present.
        clock.Set(Utc("2026-10-15T10:30:00Z"));
        await using var trainerContext = await browser.NewContextAsync("en-GB");
        var trainerPage = await trainerContext.NewPageAsync();
        await trainerPage.SignInAsync(app, (trainer.Email, trainer.Password), $"/training/sessions/{sessionId}/attendance");
        await Expect(trainerPage.Locator("h1")).ToHaveTextAsync("Enrolments and attendance");
        await axe.CheckAsync(trainerPage, "en-attendance");
        await trainerPage.GetByLabel($"Present — {member.Email}").CheckAsync();
        await trainerPage.SubmitWithAsync(trainerPage.Locator("form.attendance-form button[type=submit]"));
        await Expect(trainerPage.Locator(".notice.success")).ToContainTextAsync("Attendance saved.");
        await Expect(trainerPage.Locator($"input[name=Present][value='{member.UserId}']")).ToBeCheckedAsync();
        await axe.CheckAsync(trainerPage, "en-attendance-saved");

        // The member's certificate: issued on the session's day, valid 24 months, unlocking the microscope.
        await page.OpenAsync(app, "/training/certificates");
        await Expect(page.Locator("h1")).ToHaveTextAsync("My certificates");
        var certificate = page.Locator("table.certificates tbody tr");
        await Expect(certificate).ToHaveCountAsync(1);
        await Expect(certificate.Locator("th")).ToHaveTextAsync("Confocal microscopy basics");
        await Expect(certificate).ToContainTextAsync("15 October 2026");
        await Expect(certificate).ToContainTextAsync("14 October 2028");
        await Expect(certificate.Locator(".badge")).ToHaveTextAsync("Valid");
        await Expect(certificate.Locator($"a[href='/equipment/{microscope}']")).ToHaveTextAsync("Confocal microscope LSM 980");
        await axe.CheckAsync(page, "en-certificates");

        // The same pages in French.
        await page.SubmitWithAsync(page.Locator(".language-switch button[value=fr]"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Mes certificats");
        await Expect(certificate.Locator(".badge")).ToHaveTextAsync("Valide");
        await Expect(certificate).ToContainTextAsync("14 octobre 2028");
        await axe.CheckAsync(page, "fr-certificates");
        await page.OpenAsync(app, "/training");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Formations");
        await axe.CheckAsync(page, "fr-catalogue");
        await page.OpenAsync(app, "/training/mri-safety-and-operation");
        await Expect(page.Locator("table.training-sessions")).ToBeVisibleAsync();
        await Expect(page.Locator("table.training-sessions button[type=submit]").First).ToContainTextAsync("S'inscrire");
        await axe.CheckAsync(page, "fr-module");

        axe.AssertClean();
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_members_cannot_open_an_attendance_sheet()
    {
        browser.RequireOrSkip();
        var clock = new FakeClock(Utc("2026-10-01T08:00:00Z"));
        await using var app = await TestApp.StartSqliteAsync(seedDemo: false, clock: clock);
        var staff = await app.PersonAsync(Roles.ClusterStaff);
        var moduleId = (await staff.Client.AddModuleAsync("Plate reader")).GetProperty("id").GetInt32();
        var sessionId = await staff.Client.AddSessionAsync(moduleId, "2026-10-15T09:00", "2026-10-15T12:00");
        var member = await app.PersonAsync(Roles.Member);

        await using var context = await browser.NewContextAsync("en-GB");
        var page = await context.NewPageAsync();
        await page.OpenAsync(app, "/training/certificates");
        Assert.Contains("/account/login", page.Url);
        await page.SubmitSignInAsync(member.Email, member.Password);
        Assert.EndsWith("/training/certificates", page.Url);
        await Expect(page.Locator(".empty")).ToContainTextAsync("You hold no certificate yet.");
        var denied = await page.OpenAsync(app, $"/training/sessions/{sessionId}/attendance");
        Assert.Contains("/account/denied", page.Url);
        Assert.Equal(403, denied.Status);
        Assert.Equal(404, (await page.OpenAsync(app, "/training/no-such-module")).Status);
    }
}
