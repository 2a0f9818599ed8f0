using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace Biotope.Infrastructure;

/// <summary>
/// Every request's text passes here before any page, endpoint or model binder sees it: query-string values, form fields
/// (url-encoded and multipart text parts) and the strings of a JSON body. A NUL or another C0 control character
/// (tab, CR and LF excepted) answers 400 naming the field: problem details with code "input.control-character" on the
/// API, the site's error page on a page path. PostgreSQL cannot store NUL in text, and no field means one.
/// </summary>
public static class InputGuard
{
    public const string Code = "input.control-character";

    public static bool IsForbidden(char c) => c < ' ' && c is not ('\t' or '\r' or '\n');

    public static bool HasControlCharacter(string? text) => text is not null && text.AsSpan().ContainsAny(Forbidden);

    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 32).Select(i => (char)i).Where(IsForbidden)]);

    public static IApplicationBuilder UseInputGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The error page, re-executed for the same request, must not be refused in its turn.
        var reExecuted = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
            || context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null;
        var field = reExecuted ? null : await OffendingFieldAsync(context.Request, context.RequestAborted);
        if (field is null)
        {
            await next();
            return;
        }
        if (WebSetup.IsApi(context.Request))
            await Refusal(field).ToProblem().ExecuteAsync(context);
        else
        {
            // The status-code pages answer with the site's error page, which must not read the refused form again.
            context.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(FormCollection.Empty));
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    });

    /// <summary>A validation problem whose code is "input.control-character", with the field's message in its errors.</summary>
    public static Failure Refusal(string field) =>
        new(FailureKind.Invalid, Phrase.Of("problem.invalid"), Phrase.Of(Code), new Dictionary<string, Phrase[]> { [field] = [Phrase.Of(Code)] });

    /// <summary>The name of the first field holding a control character, or null.</summary>
    public static async Task<string?> OffendingFieldAsync(HttpRequest request, CancellationToken ct)
    {
        foreach (var (key, values) in request.Query)
            if (Offends(key, values)) return Clean(key);
        if (request.HasFormContentType)
        {
            var urlEncoded = !request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);
            if (urlEncoded) request.EnableBuffering();
            IFormCollection form;
            try { form = await request.ReadFormAsync(ct); }
            catch (InvalidDataException) when (urlEncoded)
            {
                // The form reader refuses a NUL without saying where: find the field in the raw body.
                request.Body.Position = 0;
                using var text = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
                return OffendingUrlEncodedField(await text.ReadToEndAsync(ct));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException) { return null; } // the endpoint reports it
            foreach (var (key, values) in form)
                if (Offends(key, values)) return Clean(key);
            foreach (var file in form.Files)
                if (HasControlCharacter(file.Name) || HasControlCharacter(file.FileName)) return file.Name;
        }
        else if (request.HasJsonContentType() && request.ContentLength is not 0)
        {
            request.EnableBuffering();
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, ct);
            request.Body.Position = 0;
            return OffendingJsonField(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        return null;
    }

    /// <summary>The first field of an application/x-www-form-urlencoded body whose name or value holds a control character.</summary>
    public static string? OffendingUrlEncodedField(string body)
    {
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=');
            var key = Decode(at < 0 ? pair : pair[..at]);
            if (HasControlCharacter(key) || (at >= 0 && HasControlCharacter(Decode(pair[(at + 1)..])))) return Clean(key);
        }
        return null;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static bool Offends(string key, StringValues values) => HasControlCharacter(key) || values.Any(HasControlCharacter);

    /// <summary>The path of the first JSON string (value or property name) with a control character: "name", "people[0].role".</summary>
    public static string? OffendingJsonField(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        // One frame per open object or array: its path, and for arrays the index of the last item read.
        var frames = new Stack<(string Path, bool Array, int Index)>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                    if (HasControlCharacter(property)) return Join(frames.Count > 0 ? frames.Peek().Path : "", Clean(property!));
                    continue;
                }
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.Pop();
                    continue;
                }
                var here = "";
                if (frames.Count > 0)
                {
                    var parent = frames.Pop();
                    if (parent.Array) parent.Index++;
                    frames.Push(parent);
                    here = parent.Array ? $"{parent.Path}[{parent.Index}]" : Join(parent.Path, property ?? "");
                }
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    frames.Push((here, reader.TokenType == JsonTokenType.StartArray, -1));
                else if (reader.TokenType == JsonTokenType.String && HasControlCharacter(reader.GetString()))
                    return here.Length > 0 ? here : "body";
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed JSON, or a string that is not valid UTF-16 (a lone surrogate): the endpoint's parser says what is wrong with it.
        }
        return null;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Clean(string name) => string.Concat(name.Where(c => !char.IsControl(c)));
}
