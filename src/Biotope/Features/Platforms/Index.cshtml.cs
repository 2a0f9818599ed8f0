using Biotope.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Platforms;

public class PlatformListModel(BiotopeDb db) : PageModel
{
    public List<PlatformListItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var language = Infrastructure.Language.Current;
        Items = [.. (await db.ListPlatformsAsync(ct)).OrderBy(i => i.Platform.Name(language), StringComparer.CurrentCultureIgnoreCase)];
    }
}
