using System.Net;
using System.Text;

namespace Biotope.Tests.Infrastructure;

public sealed class BrowserFixtureTests(BrowserFixture browser)
{
    private const string CleanPage = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Clean page</title></head>
        <body>
          <main>
            <h1>Biotope</h1>
            <p>Organisations working on biodiversity.</p>
            <img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="A tiny placeholder">
            <a href="/about">About the project</a>
          </main>
        </body>
        </html>
        """;

    private const string ImageWithoutAlt = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Broken page</title></head>
        <body>
          <main>
            <h1>Biotope</h1>
            <img id="logo" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">
          </main>
        </body>
        </html>
        """;

    [Fact]
    public async Task Axe_reports_an_image_without_alt_text_as_critical()
    {
        browser.RequireOrSkip();
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(ImageWithoutAlt);

        var violations = await browser.RunAxeAsync(page);

        var imageAlt = Assert.Single(violations, v => v.Id == "image-alt");
        Assert.Equal("critical", imageAlt.Impact);
        Assert.Contains("#logo", imageAlt.Targets);
        var failure = Assert.ThrowsAny<Exception>(() => BrowserFixture.AssertNoSeriousViolations(violations));
        Assert.Contains("image-alt", failure.Message);
    }

    [Fact]
    public async Task Clean_page_served_over_http_has_no_serious_violations()
    {
        browser.RequireOrSkip();
        using var server = new StaticPageServer(CleanPage);
        await using var context = await browser.NewContextAsync(locale: "fr-BE");
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(server.Url);

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("fr-BE", await page.EvaluateAsync<string>("() => navigator.language"));
        var violations = await browser.RunAxeAsync(page);
        BrowserFixture.AssertNoSeriousViolations(violations);

        var screenshot = await browser.ScreenshotAsync(page, "infrastructure/clean page");
        Assert.True(File.Exists(screenshot));
        Assert.Equal(".png", Path.GetExtension(screenshot));
        Assert.StartsWith(BrowserFixture.ScreenshotDir, screenshot);
    }

    /// <summary>Serves one HTML page on a free loopback port.</summary>
    private sealed class StaticPageServer : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly byte[] _body;
        private readonly Task _loop;

        public StaticPageServer(string html)
        {
            _body = Encoding.UTF8.GetBytes(html);
            (_listener, Url) = Listen();
            _loop = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public void Dispose()
        {
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The loop ends with the listener.
            }
        }

        private static (HttpListener, string) Listen()
        {
            for (var attempt = 0; ; attempt++)
            {
                var port = Random.Shared.Next(20000, 60000);
                var url = $"http://127.0.0.1:{port}/";
                var listener = new HttpListener();
                listener.Prefixes.Add(url);
                try
                {
                    listener.Start();
                    return (listener, url);
                }
                catch (HttpListenerException) when (attempt < 20)
                {
                    listener.Close();
                }
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var isPage = context.Request.Url?.AbsolutePath == "/";
                context.Response.StatusCode = isPage ? 200 : 404;
                context.Response.ContentType = "text/html; charset=utf-8";
                var body = isPage ? _body : [];
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }
    }
}
