using Biotope.Data;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>The booking form: times in Brussels, "See the price" shows the quote, "Confirm the booking" makes it.</summary>
[Authorize]
public class BookModel(BookingService bookings, BiotopeDb db) : PageModel
{
    /// <summary>Brussels wall-clock, as a datetime-local input gives it ("2026-11-30T09:00").</summary>
    [BindProperty(SupportsGet = true)] public string? Start { get; set; }
    [BindProperty(SupportsGet = true)] public string? End { get; set; }
    [BindProperty] public string? Purpose { get; set; }

    public Equipment Equipment { get; private set; } = null!;
    public string? PlatformName { get; private set; }
    public Quote? Quote { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    /// <summary>A refusal that is not about one field: the time is taken, or the account cannot book.</summary>
    public string? Refusal { get; private set; }
    /// <summary>A certificate refused for the chosen day (it expires before, or starts after).</summary>
    public RequiredModule? RefusedCertificate { get; private set; }
    /// <summary>No certificate for any day one could book: said before the form, which is not shown.</summary>
    public MissingCertificate? MissingCertificate { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostQuoteAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await bookings.QuoteAsync(User, new BookingInput(id, Start, End, Purpose), ct: ct);
        if (outcome.Succeeded) Quote = outcome.Value;
        else Refuse(outcome.Failure!);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await bookings.CreateAsync(User, new BookingInput(id, Start, End, Purpose), ct: ct);
        if (outcome.Succeeded) return Redirect($"/bookings?booked={outcome.Value!.Id}");
        Refuse(outcome.Failure!);
        return Page();
    }

    private void Refuse(Failure failure)
    {
        Response.StatusCode = Problems.StatusCode(failure.Kind);
        Errors = Texts.Current.Say(failure.Errors);
        if (failure.Errors is null) Refusal = Texts.Current.Say(failure.Detail ?? failure.Title);
        RefusedCertificate = failure.Extensions?.GetValueOrDefault("requiredModule") as RequiredModule;
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var equipment = await db.Equipment.AsNoTracking().Include(e => e.Platform).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (equipment is null) return false;
        Equipment = equipment;
        PlatformName = equipment.Platform?.Name(Language.Current);
        MissingCertificate = await bookings.MissingCertificateAsync(User, id, ct);
        return true;
    }
}
