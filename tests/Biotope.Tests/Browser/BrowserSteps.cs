using Biotope.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Biotope.Tests.Browser;

/// <summary>Steps shared by the browser tests: what a person does with the pages, in a few words.</summary>
internal static class BrowserSteps
{
    /// <summary>The id of a demo organization, by slug ("uliege", "uclouvain"...).</summary>
    public static Task<int> IdOfAsync(this TestApp app, string slug) =>
        app.WithDbAsync(db => db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync());

    /// <summary>Opens a page of the app and returns the final response (after redirects).</summary>
    public static async Task<IResponse> OpenAsync(this IPage page, TestApp app, string path)
    {
        var response = await page.GotoAsync(app.BaseUrl + path);
        Assert.NotNull(response);
        return response;
    }

    /// <summary>The language the page declares on its html element.</summary>
    public static Task<string?> LanguageAsync(this IPage page) => page.Locator("html").GetAttributeAsync("lang");

    /// <summary>Fills in and submits the sign-in form of the page currently open (/account/login).</summary>
    public static async Task<IResponse> SubmitSignInAsync(this IPage page, string email, string password)
    {
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        return await page.SubmitWithAsync(page.Locator("#main form button[type=submit]"));
    }

    /// <summary>Signs in through /account/login and comes back to <paramref name="returnUrl"/>.</summary>
    public static async Task SignInAsync(this IPage page, TestApp app, (string Email, string Password) account, string returnUrl = "/")
    {
        await page.OpenAsync(app, "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.SubmitSignInAsync(account.Email, account.Password);
        // Signed in: the header's "My space" names the account.
        await Assertions.Expect(page.Locator(".site-header a[href='/account']")).ToHaveAttributeAsync("title", account.Email);
    }

    /// <summary>
    /// Clicks a button or link that leads to another page (a form submission, a link), waits until that
    /// page is loaded and returns its response (after redirects). The old page is marked first, so a
    /// page that comes back to the same URL is not mistaken for the one before it.
    /// </summary>
    public static async Task<IResponse> SubmitWithAsync(this IPage page, ILocator target)
    {
        await page.EvaluateAsync("() => { window.biotopeOldPage = true; }");
        var response = await page.RunAndWaitForResponseAsync(() => target.ClickAsync(),
            r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && r.Status is < 300 or >= 400);
        await page.WaitForFunctionAsync("() => window.biotopeOldPage !== true && document.readyState === 'complete'");
        return response;
    }

    /// <summary>Whether the page is wider than the viewport (content that scrolls sideways).</summary>
    public static async Task<(int ScrollWidth, int ClientWidth)> WidthsAsync(this IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return (widths[0], widths[1]);
    }
}
