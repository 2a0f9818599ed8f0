using System.Globalization;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Calls.Evaluation;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Biotope.Features.Calls.Proposals;

/// <summary>The proposal's page: content, consortium and budgets, live eligibility, attachments, submission, decision and appeal.</summary>
[Authorize]
public class DetailsModel(ProposalService proposals, Attachments attachments, EvaluationService evaluation, BiotopeDb db, OrganizationSearch search, DirectoryIndex index, Texts texts) : PageModel
{
    public LoadedProposal Loaded { get; private set; } = null!;
    public ProposalDetails View { get; private set; } = null!;
    public EligibilityReport Report { get; private set; } = null!;
    public IReadOnlyList<AttachmentDto> Files { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }
    [TempData] public string? Done { get; set; }

    [BindProperty] public ProposalForm Form { get; set; } = new();
    [BindProperty] public BudgetForm Budget { get; set; } = new();
    [BindProperty] public string? PartnerName { get; set; }
    /// <summary>The organization picked in the list (as typed, or among the matches the page offered).</summary>
    [BindProperty] public int? PartnerId { get; set; }
    public IReadOnlyList<OrganizationSummary> PartnerChoices { get; private set; } = [];
    [BindProperty] public string? AppealReason { get; set; }
    [BindProperty] public string? Document { get; set; }
    /// <summary>The proposal's version the page was read at, sent by every form that changes it: a stale page does not overwrite a newer proposal.</summary>
    [BindProperty] public int? Version { get; set; }

    private ReadVersion Read => ReadVersion.Of(Version);

    public sealed class ProposalForm
    {
        public string Acronym { get; set; } = "";
        public string? TitleFr { get; set; }
        public string? TitleEn { get; set; }
        public string? SummaryFr { get; set; }
        public string? SummaryEn { get; set; }
        public List<string> Areas { get; set; } = [];
        public string? Keywords { get; set; }
        public int DurationMonths { get; set; }
        public string? WorkPlan { get; set; }
        public int Version { get; set; }
    }

    public sealed class BudgetForm
    {
        public int OrganizationId { get; set; }
        public decimal PersonnelCost { get; set; }
        public decimal PersonnelFte { get; set; }
        public int ResearchersToHire { get; set; }
        public decimal EquipmentCost { get; set; }
        public decimal SubcontractingCost { get; set; }
        public decimal OtherCost { get; set; }
        public decimal OverheadRatePercent { get; set; }
    }

    public bool CanEditContent => Loaded.Editable && Loaded.Access.Coordinator;

    public bool CanEditBudget(int organizationId) => Loaded.Editable && (Loaded.Access.Coordinator || (Loaded.Access.InConsortium && Loaded.Access.PartnerOrganizationId == organizationId));

    public bool CanAnswer(int organizationId) => User.IsInRole(Roles.MemberAdmin) && User.OrganizationId() == organizationId;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        Form = new ProposalForm
        {
            Acronym = Loaded.Proposal.Acronym,
            TitleFr = Loaded.Proposal.TitleFr,
            TitleEn = Loaded.Proposal.TitleEn,
            SummaryFr = Loaded.Proposal.SummaryFr,
            SummaryEn = Loaded.Proposal.SummaryEn,
            Areas = Loaded.Proposal.Areas,
            Keywords = string.Join(", ", Loaded.Proposal.Keywords),
            DurationMonths = Loaded.Proposal.DurationMonths,
            WorkPlan = WorkPlanText.Format(Loaded.Proposal.WorkPackages),
            Version = Loaded.Proposal.Version,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostContentAsync(int id, CancellationToken ct)
    {
        var (workPackages, planError) = WorkPlanText.Parse(Form.WorkPlan);
        if (planError is not null) return await FailAsync(id, Failure.Invalid("workPackages", planError), ct);
        var input = new ProposalInput
        {
            Acronym = Form.Acronym,
            TitleFr = Form.TitleFr,
            TitleEn = Form.TitleEn,
            SummaryFr = Form.SummaryFr,
            SummaryEn = Form.SummaryEn,
            Areas = Form.Areas,
            Keywords = [.. (Form.Keywords ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            DurationMonths = Form.DurationMonths,
            WorkPackages = workPackages,
            Version = Form.Version,
        };
        return await AfterAsync(id, await proposals.UpdateAsync(id, input, null, User, ct), "Saved.", ct);
    }

    public async Task<IActionResult> OnPostInviteAsync(int id, CancellationToken ct)
    {
        if (PartnerId is { } picked) return await AfterAsync(id, await proposals.InvitePartnerAsync(id, picked, Read, User, ct), "Invitation sent.", ct);
        // Nothing picked (no script, or Enter before choosing): the directory search finds the matches, and the person picks one.
        var name = (PartnerName ?? "").Trim();
        if (name.Length == 0) return await FailAsync(id, Failure.Invalid("organizationId", Phrase.Of("proposal.partner.name-required")), ct);
        var choices = await OrganizationChoices.FindAsync(search, index, name, texts.Language, ct);
        if (choices.Count == 0) return await FailAsync(id, Failure.Invalid("organizationId", Phrase.Of("proposal.partner.no-match", name)), ct);
        if (await OnGetAsync(id, ct) is not PageResult page) return NotFound();
        PartnerChoices = choices;
        return page;
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, int organizationId, CancellationToken ct) =>
        await AfterAsync(id, await proposals.RemovePartnerAsync(id, organizationId, Read, User, ct), "Partner removed.", ct);

    public async Task<IActionResult> OnPostAcceptAsync(int id, int organizationId, CancellationToken ct) =>
        await AfterAsync(id, await proposals.RespondAsync(id, organizationId, accept: true, User, ct), "Invitation accepted.", ct);

    public async Task<IActionResult> OnPostDeclineAsync(int id, int organizationId, CancellationToken ct) =>
        await AfterAsync(id, await proposals.RespondAsync(id, organizationId, accept: false, User, ct), "Invitation declined.", ct);

    public async Task<IActionResult> OnPostBudgetAsync(int id, CancellationToken ct)
    {
        var b = Budget;
        var input = new BudgetInput(b.PersonnelCost, b.PersonnelFte, b.ResearchersToHire, b.EquipmentCost, b.SubcontractingCost, b.OtherCost, b.OverheadRatePercent);
        return await AfterAsync(id, await proposals.UpdateBudgetAsync(id, b.OrganizationId, input, Read, User, ct), "Budget saved.", ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(int id, IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return await FailAsync(id, Failure.Invalid("file", Phrase.Of("attachment.file.choose")), ct);
        if (file.Length > Attachments.MaxBytes) return await FailAsync(id, Failure.Invalid("file", Attachments.TooLarge()), ct);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var outcome = await attachments.UploadAsync(id, file.FileName, Document, buffer.ToArray(), User, ct);
        if (!outcome.Succeeded) return await FailAsync(id, outcome.Failure!, ct);
        Done = "Document attached.";
        return Redirect($"/proposals/{id}#documents");
    }

    public async Task<IActionResult> OnGetFileAsync(int id, int attachmentId, CancellationToken ct)
    {
        var outcome = await attachments.GetAsync(id, attachmentId, User, ct);
        return outcome.Succeeded ? File(outcome.Value!.Content, "application/pdf", outcome.Value.FileName) : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteFileAsync(int id, int attachmentId, CancellationToken ct)
    {
        if (await attachments.DeleteAsync(id, attachmentId, Read, User, ct) is { } failure) return await FailAsync(id, failure, ct);
        Done = "Document removed.";
        return Redirect($"/proposals/{id}#documents");
    }

    public async Task<IActionResult> OnPostSubmitAsync(int id, CancellationToken ct) =>
        await AfterAsync(id, await proposals.SubmitAsync(id, Read, User, ct), "Submitted. A receipt was sent to the consortium.", ct);

    public async Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken ct) =>
        await AfterAsync(id, await proposals.WithdrawAsync(id, Read, User, ct), "Withdrawn.", ct);

    public async Task<IActionResult> OnPostAppealAsync(int id, CancellationToken ct) =>
        await AfterAsync(id, await evaluation.AppealAsync(id, new AppealInput(AppealReason ?? ""), Read, User, ct), "Appeal sent.", ct);

    private async Task<IActionResult> AfterAsync(int id, Outcome<LoadedProposal> outcome, string done, CancellationToken ct)
    {
        if (!outcome.Succeeded) return await FailAsync(id, outcome.Failure!, ct);
        Done = done;
        return Redirect($"/proposals/{id}");
    }

    private async Task<IActionResult> FailAsync(int id, Failure failure, CancellationToken ct)
    {
        if (failure.Kind == FailureKind.NotFound && failure.Code == "proposal.not-found") return NotFound();
        if (failure.Kind == FailureKind.Forbidden) return Forbid();
        db.ChangeTracker.Clear();
        var keepForm = Form;
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (!string.IsNullOrEmpty(keepForm.Acronym))
        {
            Form = keepForm;
            // Keep what was typed; a stale form gets the new version so saving again is a deliberate choice.
            Form.Version = Loaded.Proposal.Version;
        }
        else await OnGetAsync(id, ct);
        Errors = texts.Say(failure.Errors);
        Problem = failure.Errors is null ? texts.Say(failure.Detail ?? failure.Title) : texts["Please correct the fields marked below."];
        Response.StatusCode = Problems.StatusCode(failure.Kind);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var outcome = await proposals.LoadAsync(id, User, ct);
        if (!outcome.Succeeded) return NotFound();
        Loaded = outcome.Value!;
        View = Loaded.ToDetails(texts.Language);
        Report = Loaded.Eligibility();
        var files = await attachments.ListAsync(id, User, ct);
        Files = files.Succeeded ? files.Value! : [];
        return null;
    }

    public string Money(decimal? amount) => amount is { } value ? texts.Money(value) : "";

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
