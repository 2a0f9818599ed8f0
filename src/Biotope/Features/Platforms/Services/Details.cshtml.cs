using Biotope.Features.Projects;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Platforms.Services;

/// <summary>One service request: its facts, timeline, and the moves the current user may make in its status.</summary>
[Authorize]
public class RequestDetailsModel(ServiceRequestWorkflow workflow, Texts texts) : PageModel
{
    public LoadedRequest Loaded { get; private set; } = null!;
    public ServiceRequestDto View { get; private set; } = null!;
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }
    /// <summary>The form that was sent and refused: it shows what was typed, the others start empty.</summary>
    public string? FailedForm { get; private set; }
    [TempData] public string? Done { get; set; }

    [BindProperty] public string? Price { get; set; }
    [BindProperty] public int? TurnaroundDays { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public int? Version { get; set; }

    public bool Can(ServiceAction action) => Loaded.Available.Contains(action);

    /// <summary>The moves made with one button (quoting and delivering results have forms of their own).</summary>
    public IReadOnlyList<ServiceAction> Buttons => [.. Loaded.Available.Where(a => a is not (ServiceAction.Quote or ServiceAction.DeliverResults))];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        var r = Loaded.Request;
        Price = (r.QuotedPrice ?? View.ListPrice).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        TurnaroundDays = r.QuotedTurnaroundDays;
        return Page();
    }

    public async Task<IActionResult> OnPostQuoteAsync(long id, CancellationToken ct)
    {
        FailedForm = "quote";
        var price = ProjectFormat.ParseEuros(Price);
        if (!string.IsNullOrWhiteSpace(Price) && price is null)
            return await FailAsync(id, Failure.Invalid("price", Phrase.Of("money.unreadable")), ct);
        var input = new QuoteInput { Price = price, TurnaroundDays = TurnaroundDays, Note = Note, Version = Version };
        return await AfterAsync(id, await workflow.QuoteAsync(id, input, null, User, ct), "The quote is sent to the requester.", ct);
    }

    public async Task<IActionResult> OnPostMoveAsync(long id, string? move, CancellationToken ct)
    {
        var known = Enum.GetValues<ServiceAction>().Where(a => a is not (ServiceAction.Quote or ServiceAction.DeliverResults)).Select(a => (ServiceAction?)a)
            .FirstOrDefault(a => string.Equals(a.ToString(), move, StringComparison.Ordinal));
        if (known is not { } chosen) return BadRequest();
        FailedForm = "move";
        return await AfterAsync(id, await workflow.MoveAsync(id, chosen, new TransitionInput { Note = Note, Version = Version }, null, User, ct), "Done: the request is updated.", ct);
    }

    public async Task<IActionResult> OnPostResultsAsync(long id, IFormFile? file, CancellationToken ct)
    {
        FailedForm = "results";
        if (file is null) return await FailAsync(id, Failure.Invalid("file", Phrase.Of("service-request.file.required")), ct);
        if (ServiceRequestWorkflow.CheckFile(file.Length) is { } invalid) return await FailAsync(id, invalid, ct);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var outcome = await workflow.DeliverResultsAsync(id, new ResultFile(file.FileName, file.ContentType, buffer.ToArray()), new TransitionInput { Note = Note, Version = Version }, null, User, ct);
        return await AfterAsync(id, outcome, "The results are delivered to the requester.", ct);
    }

    public async Task<IActionResult> OnGetResultAsync(long id, CancellationToken ct)
    {
        var outcome = await workflow.ResultAsync(id, User, ct);
        if (!outcome.Succeeded) return NotFound();
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(outcome.Value!.Content, outcome.Value.ContentType, outcome.Value.FileName);
    }

    private async Task<IActionResult> AfterAsync(long id, Outcome<LoadedRequest> outcome, string done, CancellationToken ct)
    {
        if (!outcome.Succeeded) return await FailAsync(id, outcome.Failure!, ct);
        Done = done;
        return Redirect($"/service-requests/{id}");
    }

    private async Task<IActionResult> FailAsync(long id, Failure failure, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        Errors = Texts.Current.Say(failure.Errors);
        Problem = failure switch
        {
            { Errors: not null } => texts["Please correct the fields marked below."],
            { Kind: FailureKind.Conflict, Extensions: { } extensions } when extensions.ContainsKey("status") =>
                string.Format(texts.Culture, texts["This is not possible while the request is {0}."], ServiceFormat.Status(Loaded.Request.Status, texts)),
            { Kind: FailureKind.Conflict or FailureKind.PreconditionFailed } => texts["Someone changed this request meanwhile: here it is as it is now."],
            _ => texts.Say(failure.Detail ?? failure.Title),
        };
        // What was typed stays; a stale version gets the new one, so sending again is a deliberate choice.
        Version = Loaded.Request.Version;
        if (FailedForm != "quote")
        {
            Price = (Loaded.Request.QuotedPrice ?? View.ListPrice).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            TurnaroundDays = Loaded.Request.QuotedTurnaroundDays;
        }
        Response.StatusCode = Problems.StatusCode(failure.Kind);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long id, CancellationToken ct)
    {
        var outcome = await workflow.LoadAsync(id, User, ct);
        if (!outcome.Succeeded) return NotFound();
        Loaded = outcome.Value!;
        View = await workflow.DetailsAsync(Loaded, ct);
        Version ??= Loaded.Request.Version;
        return null;
    }
}
