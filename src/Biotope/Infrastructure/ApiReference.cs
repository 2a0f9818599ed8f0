using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Scalar.AspNetCore;

namespace Biotope.Infrastructure;

/// <summary>The browsable API reference at /api/docs (Scalar), in the interface language, under the site's own header.</summary>
public static class ApiReference
{
    public static void MapApiReference(this WebApplication app) =>
        app.MapScalarApiReference("/api/docs", (options, context) =>
        {
            var texts = Texts.Current;
            options.WithTitle(texts["Biotope API reference"]);
            options.WithFavicon("/favicon.svg");
            // Nothing leaves the server: no CDN fonts, no telemetry, no AI chat, no vendor toolbar.
            options.HideDeveloperTools().DisableAgent().DisableMcp();
            options.Telemetry = false;
            options.DefaultFonts = false;
            options.HideDarkModeToggle = true;
            options.WithLocalization(new ScalarLocalizationOptions { Locale = texts.Language == PseudoLocale.Code ? "en" : texts.Language });
            // Scalar's page template has no lang attribute: say the interface language before anything is read.
            options.AddHeadContent($"""<script src="/js/api-docs.js" data-lang="{texts.Language}"></script><link rel="stylesheet" href="/css/site.css"><link rel="stylesheet" href="/css/api-docs.css"><meta name="description" content="{Encode(texts["The Biotope JSON API: every operation, its parameters, answers and problems."])}">""");
            options.AddHeaderContent(Header(context, texts));
        }).ExcludeFromDescription();

    /// <summary>The site's header in short: the brand, a way back, the API's own links and the language switch.</summary>
    private static string Header(HttpContext context, Texts texts)
    {
        var token = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var buttons = string.Concat(context.RequestServices.GetRequiredService<LanguageOffer>().Languages.Select(l =>
            $"""<button type="submit" name="culture" value="{l.Code}" lang="{l.Code}" aria-pressed="{(l.Code == texts.Language ? "true" : "false")}">{(l.Code == PseudoLocale.Code ? "QPS" : l.Code.ToUpperInvariant())}<span class="visually-hidden"> — {Encode(l.NativeName)}</span></button>"""));
        return $"""
            <header class="site-header api-docs-header">
              <div class="container header-row">
                <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Biotope</a>
                <nav class="site-nav" aria-label="{Encode(texts["Main navigation"])}">
                  <ul class="nav">
                    <li><a href="/">{Encode(texts["Back to the site"])}</a></li>
                    <li><a href="/openapi/v1.json">{Encode(texts["OpenAPI document"])}</a></li>
                  </ul>
                </nav>
                <form method="post" action="/culture" class="language-switch" aria-label="{Encode(texts["Language"])}">
                  <input type="hidden" name="{token.FormFieldName}" value="{Encode(token.RequestToken ?? "")}">
                  <input type="hidden" name="returnUrl" value="/api/docs">
                  {buttons}
                </form>
              </div>
            </header>
            """;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
