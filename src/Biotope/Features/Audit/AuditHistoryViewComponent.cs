using System.Globalization;
using Biotope.Data;
using Biotope.Features.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace Biotope.Features.Audit;

/// <summary>
/// The "History" section at the end of a record's page: its latest changes and a link to its whole history in the
/// audit log. Shown only to those who may read the audit log (staff); one line on each page: &lt;vc:audit-history entity="Call" id="@call.Id" /&gt;.
/// </summary>
public sealed class AuditHistoryViewComponent(BiotopeDb db) : ViewComponent
{
    public const int Latest = 10;

    public async Task<IViewComponentResult> InvokeAsync(string entity, long id)
    {
        if (!CanReadAuditLog(UserClaimsPrincipal)) return Content("");
        var filter = AuditFilter.None with { Entity = entity, Id = id.ToString(CultureInfo.InvariantCulture) };
        var history = await AuditHistory.LoadAsync(db, filter, Latest, HttpContext.RequestAborted);
        return View("/Features/Audit/_History.cshtml", (filter, history));
    }

    /// <summary>The audit log's own rule (the /Audit folder's convention in WebSetup): staff and administrators.</summary>
    public static bool CanReadAuditLog(System.Security.Claims.ClaimsPrincipal user) => Roles.Staff.Split(',').Any(user.IsInRole);
}
