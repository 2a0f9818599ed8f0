using Biotope.Features.Accounts;
using Biotope.Tests.Browser;
using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Biotope.Tests.Features.Accounts.SignUp;

/// <summary>
/// ADR 020 in a real browser, wide and narrow, in both languages, checked with axe-core: a person signs up choosing their
/// organization with the picker, confirms from the e-mail's link, the member admin approves, the person sees their
/// organization; then forgot password → e-mail → new password, the old one refused, the link refused a second time.
/// </summary>
public sealed class SignUpJourneyTests(SqliteAppFixture fixture, BrowserFixture browser) : IClassFixture<SqliteAppFixture>
{
    private readonly TestApp app = fixture.App;

    private static async Task<IPage> PageAsync(IBrowserContext context) => await context.NewPageAsync();

    private static async Task NarrowEnoughAsync(IPage page, int width)
    {
        var (scrollWidth, clientWidth) = await page.WidthsAsync();
        Assert.True(scrollWidth <= clientWidth, $"the page scrolls sideways at {width} px ({scrollWidth} > {clientWidth})");
    }

    [Theory]
    [InlineData("fr-BE", 1280, "fr", "Biotope\u00a0: confirmez votre adresse e-mail")]
    [InlineData("en-GB", 390, "en", "Biotope: confirm your e-mail address")]
    public async Task A_person_signs_up_is_approved_sees_their_organization_and_resets_the_password_once(string locale, int width, string language, string confirmSubject)
    {
        browser.RequireOrSkip();
        var organization = await app.WithDbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Slug == DemoAccounts.ResearcherOrganizationSlug));
        var name = organization.DisplayName(language);
        var admin = await app.CreateUserAsync(Roles.MemberAdmin, organization.Id);
        var email = SignUpContract.NewEmail();
        var person = $"Grace Hopper {width}";
        void Viewport(BrowserNewContextOptions o) => o.ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 800 : 900 };
        var axe = browser.NewAxeLog($"signup-{language}-{width}");

        // Sign up from the sign-in page's link, picking the organization as one types.
        await using (var context = await browser.NewContextAsync(locale, Viewport))
        {
            var page = await PageAsync(context);
            await page.OpenAsync(app, "/account/login");
            await page.SubmitWithAsync(page.Locator("a[href='/account/sign-up']"));
            await page.Locator("#signup-name").FillAsync(person);
            await page.Locator("#signup-email").FillAsync(email);
            await page.Locator("#signup-password").FillAsync(SignUpContract.Password);
            var input = page.Locator("#pick-organizationname");
            await input.PressSequentiallyAsync("Mons", new() { Delay = 20 });
            var option = page.GetByRole(AriaRole.Option, new() { Name = name });
            await Expect(option).ToBeVisibleAsync();
            await option.ClickAsync();
            await Expect(input).ToHaveValueAsync(name);
            await page.Locator("#signup-message").FillAsync("Imaging lab");
            await NarrowEnoughAsync(page, width);
            await axe.CheckAsync(page, "form");
            await page.SubmitWithAsync(page.Locator("#main form button[type=submit]"));
            await Expect(page.Locator("#sign-up-sent")).ToBeVisibleAsync();
            await axe.CheckAsync(page, "sent");

            // The e-mail, in the page's language, links to the configured address; the link confirms.
            var (subject, _, link, _, _) = await SignUpContract.MailAsync(app, email, "/account/confirm-email");
            Assert.Equal(confirmSubject, subject);
            await page.GotoAsync(link);
            await page.SubmitWithAsync(page.Locator("#main form button[type=submit]"));
            await Expect(page.Locator("#email-confirmed")).ToBeVisibleAsync();

            // Signed in, the request waits: no organization yet.
            await page.SignInAsync(app, (email, SignUpContract.Password), "/account");
            await Expect(page.Locator("#join-request-waiting")).ToContainTextAsync(name);
            await Expect(page.Locator("#my-organization")).ToHaveCountAsync(0);
        }

        // The member admin approves from My space.
        await using (var context = await browser.NewContextAsync(locale, Viewport))
        {
            var page = await PageAsync(context);
            await page.SignInAsync(app, admin, "/account");
            await page.SubmitWithAsync(page.Locator("#join-requests-to-decide a"));
            var request = page.Locator(".join-requests li", new() { HasText = email });
            await Expect(request).ToContainTextAsync("Imaging lab");
            await NarrowEnoughAsync(page, width);
            await axe.CheckAsync(page, "join-requests");
            await page.SubmitWithAsync(request.Locator("button[value=true]"));
            await Expect(page.Locator("#join-done")).ToContainTextAsync(person);
            await Expect(page.Locator(".join-requests li", new() { HasText = email })).ToHaveCountAsync(0);
        }

        // The person signs in again and sees their organization; then forgets the password.
        await using (var context = await browser.NewContextAsync(locale, Viewport))
        {
            var page = await PageAsync(context);
            await page.SignInAsync(app, (email, SignUpContract.Password), "/account");
            await Expect(page.Locator($"a[href='/organizations/{organization.Id}']").First).ToBeVisibleAsync();
            await Expect(page.Locator("#my-organization")).ToBeVisibleAsync();
        }

        await using (var context = await browser.NewContextAsync(locale, Viewport))
        {
            var page = await PageAsync(context);
            await page.OpenAsync(app, "/account/login");
            await page.SubmitWithAsync(page.Locator("a[href='/account/forgot-password']"));
            await page.Locator("#email").FillAsync(email);
            await page.SubmitWithAsync(page.Locator("#main form button[type=submit]"));
            await Expect(page.Locator("#reset-sent")).ToBeVisibleAsync();
            await axe.CheckAsync(page, "reset-sent");

            var (_, body, link, _, _) = await SignUpContract.MailAsync(app, email, "/account/reset-password");
            Assert.Contains(language == "fr" ? "2 heures" : "2 hours", body);
            const string newPassword = "Renewed-pass-4242";
            await page.GotoAsync(link);
            await page.Locator("#password").FillAsync(newPassword);
            await page.SubmitWithAsync(page.Locator("#main form button[type=submit]"));
            await Expect(page.Locator("#password-reset")).ToBeVisibleAsync();

            await page.OpenAsync(app, "/account/login");
            await page.SubmitSignInAsync(email, SignUpContract.Password);
            await Expect(page.Locator("#main .alert")).ToBeVisibleAsync();

            await page.GotoAsync(link);
            await page.Locator("#password").FillAsync("Third-password-4242");
            await page.SubmitWithAsync(page.Locator("#main form button[type=submit]"));
            await Expect(page.Locator("#reset-link-error")).ToBeVisibleAsync();
            await NarrowEnoughAsync(page, width);
            await axe.CheckAsync(page, "link-used");

            await page.SignInAsync(app, (email, newPassword), "/account");
        }
        axe.AssertClean();
    }
}
