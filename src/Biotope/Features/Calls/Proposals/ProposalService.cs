using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Notifications;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Calls.Proposals;

/// <summary>A proposal loaded with what the rules need, and what the current user may do with it.</summary>
public sealed record LoadedProposal(Proposal Proposal, Call Call, ProposalAccess Access, IReadOnlyList<string> AttachedDocuments)
{
    public IReadOnlyList<ConsortiumMember> Members =>
        [.. Proposal.Partners.Select(p => new ConsortiumMember(p.OrganizationId, p.Organization!.BilingualName(), p.Organization!.Type, p.Organization!.NutsCode, p.IsCoordinator, p.Status, p))];

    public EligibilityReport Eligibility() => Calls.Proposals.Eligibility.Check(Proposal, Call, Members, AttachedDocuments);

    public bool Editable => Proposal.Status is ProposalStatus.Draft or ProposalStatus.Invited;
}

/// <summary>The proposal life-cycle: draft, consortium, budget, submission by the deadline, withdrawal, reopening.</summary>
public sealed class ProposalService(BiotopeDb db, TimeProvider clock, Notifier notifier)
{
    public async Task<Outcome<LoadedProposal>> LoadAsync(int id, ClaimsPrincipal user, CancellationToken ct, bool tracked = false)
    {
        var query = db.Proposals.Include(p => p.Partners).ThenInclude(p => p.Organization).Include(p => p.Call).ThenInclude(c => c!.Criteria).Where(p => p.Id == id);
        var proposal = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(ct);
        if (proposal is null) return NotFound(id);
        var access = await ProposalAccess.ForAsync(db, user, proposal, ct);
        if (!access.CanRead) return NotFound(id);
        var documents = await db.ProposalAttachments.Where(a => a.ProposalId == id && a.Document != null).Select(a => a.Document!).Distinct().ToListAsync(ct);
        return new LoadedProposal(proposal, proposal.Call!, access, documents);
    }

    public async Task<Outcome<LoadedProposal>> CreateAsync(int callId, ProposalInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null || (!call.Published && !user.IsStaff())) return Failure.NotFound(Phrase.Of("call.not-found", callId));
        if (user.OrganizationId() is not { } organizationId || !(user.IsInRole(Roles.Member) || user.IsInRole(Roles.MemberAdmin)))
            return Failure.Forbidden(Phrase.Of("proposal.create.forbidden"));
        var now = clock.GetUtcNow();
        var phase = call.Phase(now);
        if (phase is not ("open" or "intent") || (call.Stage == CallStage.TwoStage && phase != "intent"))
            return Failure.Conflict(Phrase.Of("proposal.create.closed.title"),
                phase == "upcoming" ? Phrase.Of("proposal.create.not-yet-open", call.OpensAt) : Phrase.Of("proposal.create.closed", call.DeadlineFor(ProposalStatus.Draft)));
        if (input.Validate() is { } invalid) return invalid;
        var proposal = new Proposal { CallId = callId, Acronym = input.Acronym, CoordinatorOrganizationId = organizationId, CreatedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier) };
        input.ApplyTo(proposal);
        proposal.Partners.Add(new ProposalPartner { OrganizationId = organizationId, IsCoordinator = true, Status = PartnerStatus.Accepted, InvitedAt = now, RespondedAt = now });
        db.Proposals.Add(proposal);
        await db.SaveChangesAsync(ct);
        return await LoadAsync(proposal.Id, user, ct);
    }

    public async Task<Outcome<LoadedProposal>> UpdateAsync(int id, ProposalInput input, string? ifMatch, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (proposal, _, access, _) = loaded.Value!;
        if (!access.Coordinator && !access.Staff) return Failure.Forbidden(Phrase.Of("proposal.edit.forbidden"));
        if (Locked(loaded.Value!) is { } locked) return locked;
        if (Concurrency.Check(proposal.Version, ifMatch, input.Version) is { } stale) return stale;
        if (input.Validate() is { } invalid) return invalid;
        input.ApplyTo(proposal);
        Touch(proposal);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    public async Task<Outcome<LoadedProposal>> InvitePartnerAsync(int id, int organizationId, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        if (!loaded.Value.Access.Coordinator) return Failure.Forbidden(Phrase.Of("proposal.invite.forbidden"));
        if (Locked(loaded.Value) is { } locked) return locked;
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId && o.DeletedAt == null, ct);
        if (organization is null) return Failure.Invalid("organizationId", Phrase.Of("proposal.partner.not-in-directory", organizationId));
        var existing = proposal.Partners.FirstOrDefault(p => p.OrganizationId == organizationId);
        if (existing is { Status: not PartnerStatus.Declined }) return Failure.Conflict(Phrase.Of("proposal.partner.already-invited.title"), Phrase.Of("proposal.partner.already-invited", organization.BilingualName()));
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        var now = clock.GetUtcNow();
        if (existing is not null)
        {
            existing.Status = PartnerStatus.Invited;
            existing.InvitedAt = now;
            existing.RespondedAt = null;
        }
        else proposal.Partners.Add(new ProposalPartner { OrganizationId = organizationId, Status = PartnerStatus.Invited, InvitedAt = now });
        Touch(proposal);
        var coordinator = proposal.Partners.First(p => p.IsCoordinator).Organization!;
        await notifier.ToOrganizationAdminsAsync([organizationId], Message.From("invitation",
            Phrase.Of("notification.invitation.subject", proposal.Acronym),
            Phrase.Of("notification.invitation.body", coordinator.BilingualName(), organization.BilingualName(), proposal.Acronym, new Bilingual(loaded.Value.Call.TitleFr, loaded.Value.Call.TitleEn)),
            $"/proposals/{proposal.Id}"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    public async Task<Outcome<LoadedProposal>> RemovePartnerAsync(int id, int organizationId, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        if (!loaded.Value.Access.Coordinator) return Failure.Forbidden(Phrase.Of("proposal.consortium.forbidden"));
        if (Locked(loaded.Value) is { } locked) return locked;
        var partner = proposal.Partners.FirstOrDefault(p => p.OrganizationId == organizationId);
        if (partner is null) return Failure.NotFound(Phrase.Of("proposal.partner.not-found", organizationId));
        if (partner.IsCoordinator) return Failure.Conflict(Phrase.Of("proposal.coordinator-stays.title"), Phrase.Of("proposal.coordinator-stays"));
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        proposal.Partners.Remove(partner);
        Touch(proposal);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    /// <summary>The invited organization's member admin accepts or declines.</summary>
    public async Task<Outcome<LoadedProposal>> RespondAsync(int id, int organizationId, bool accept, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        var partner = proposal.Partners.FirstOrDefault(p => p.OrganizationId == organizationId && !p.IsCoordinator);
        if (partner is null) return Failure.NotFound(Phrase.Of("proposal.invitation.not-found", organizationId));
        if (!(user.IsInRole(Roles.MemberAdmin) && user.OrganizationId() == organizationId))
            return Failure.Forbidden(Phrase.Of("proposal.invitation.forbidden"));
        if (Locked(loaded.Value) is { } locked) return locked;
        if (partner.Status != PartnerStatus.Invited) return Failure.Conflict(Phrase.Of("proposal.invitation.answered.title"), Phrase.Of(partner.Status == PartnerStatus.Accepted ? "proposal.invitation.already-accepted" : "proposal.invitation.already-declined"));
        partner.Status = accept ? PartnerStatus.Accepted : PartnerStatus.Declined;
        partner.RespondedAt = clock.GetUtcNow();
        partner.RespondedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        Touch(proposal);
        var name = partner.Organization!;
        var answer = accept ? "accepted" : "declined";
        await notifier.ToOrganizationsAsync([proposal.CoordinatorOrganizationId], Message.From("invitation-answer",
            Phrase.Of($"notification.invitation-{answer}.subject", name.BilingualName(), proposal.Acronym),
            Phrase.Of($"notification.invitation-{answer}.body", name.BilingualName()), $"/proposals/{proposal.Id}"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        // A partner that declined reads the proposal no more: it gets the proposal as it answered it, not a 404 (found by the access matrix).
        if (!accept) return loaded.Value with { Access = loaded.Value.Access with { PartnerStatus = PartnerStatus.Declined } };
        return await LoadAsync(id, user, ct);
    }

    /// <summary>A partner's budget: written by the coordinator or by the partner itself.</summary>
    public async Task<Outcome<LoadedProposal>> UpdateBudgetAsync(int id, int organizationId, BudgetInput input, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        var partner = proposal.Partners.FirstOrDefault(p => p.OrganizationId == organizationId && p.Status != PartnerStatus.Declined);
        if (partner is null) return Failure.NotFound(Phrase.Of("proposal.partner.not-found", organizationId));
        var ownBudget = loaded.Value.Access.PartnerOrganizationId == organizationId && loaded.Value.Access.InConsortium;
        if (!loaded.Value.Access.Coordinator && !ownBudget) return Failure.Forbidden(Phrase.Of("proposal.budget.forbidden"));
        if (Locked(loaded.Value) is { } locked) return locked;
        if (input.Validate() is { } invalid) return invalid;
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        input.ApplyTo(partner);
        Touch(proposal);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    /// <summary>Submits the letter of intent or the full proposal: only when eligible and before the deadline by the server's clock.</summary>
    public async Task<Outcome<LoadedProposal>> SubmitAsync(int id, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (proposal, call, access, _) = loaded.Value!;
        if (!access.Coordinator) return Failure.Forbidden(Phrase.Of("proposal.submit.forbidden"));
        if (!loaded.Value.Editable) return Failure.Conflict(Phrase.Of("proposal.submit.not-draft.title"), Phrase.Of("proposal.submit.not-draft", Status(proposal.Status)));
        var now = clock.GetUtcNow();
        var deadline = call.DeadlineFor(proposal.Status);
        if (now >= deadline)
            return Failure.Conflict(Phrase.Of("proposal.submit.deadline-passed.title"), Phrase.Of("proposal.submit.deadline-passed", deadline))
            with
            { Extensions = new Dictionary<string, object?> { ["deadline"] = deadline } };
        var intentStage = call.Stage == CallStage.TwoStage && proposal.Status == ProposalStatus.Draft;
        var report = loaded.Value.Eligibility();
        // A letter of intent is short: attached documents are asked for with the full proposal.
        var failed = report.Rules.Where(r => !r.Passed && !(intentStage && r.Rule == "documents")).ToList();
        if (failed.Count > 0)
            return Failure.Conflict(Phrase.Of("proposal.submit.not-eligible.title"), Phrase.Of("proposal.submit.not-eligible", CallPhrases.Sentences([.. failed.Select(r => r.Reason)])))
            with
            { Extensions = new Dictionary<string, object?> { ["failedRules"] = failed.Select(r => r.Rule).ToList() } };
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        if (intentStage)
        {
            proposal.Status = ProposalStatus.IntentSubmitted;
            proposal.IntentSubmittedAt = now;
        }
        else
        {
            proposal.Status = ProposalStatus.Submitted;
            proposal.SubmittedAt = now;
        }
        Touch(proposal);
        var consortium = proposal.Partners.Where(p => p.CountsInConsortium).Select(p => p.OrganizationId);
        await notifier.ToOrganizationsAsync(consortium, Message.From("submission-receipt",
            Phrase.Of("notification.receipt.subject", proposal.Acronym),
            Phrase.Of(intentStage ? "notification.receipt.intent" : "notification.receipt.proposal", proposal.Acronym, now, new Bilingual(call.TitleFr, call.TitleEn)),
            $"/proposals/{proposal.Id}"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    public async Task<Outcome<LoadedProposal>> WithdrawAsync(int id, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        if (!loaded.Value.Access.Coordinator) return Failure.Forbidden(Phrase.Of("proposal.withdraw.forbidden"));
        if (proposal.Status is ProposalStatus.Decided or ProposalStatus.Withdrawn or ProposalStatus.NotInvited)
            return Failure.Conflict(Phrase.Of("proposal.withdraw.refused.title"), Phrase.Of("proposal.status-is", Status(proposal.Status)));
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        proposal.Status = ProposalStatus.Withdrawn;
        Touch(proposal);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    /// <summary>Staff reopen a submitted proposal for editing (the consortium resubmits it).</summary>
    public async Task<Outcome<LoadedProposal>> ReopenAsync(int id, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (proposal, call, access, _) = loaded.Value!;
        if (!access.Staff) return Failure.Forbidden(Phrase.Of("proposal.reopen.forbidden"));
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        proposal.Status = proposal.Status switch
        {
            ProposalStatus.IntentSubmitted or ProposalStatus.Withdrawn when proposal.IntentSubmittedAt is null || proposal.Status == ProposalStatus.IntentSubmitted => ProposalStatus.Draft,
            ProposalStatus.Submitted or ProposalStatus.Withdrawn => call.Stage == CallStage.TwoStage ? ProposalStatus.Invited : ProposalStatus.Draft,
            _ => proposal.Status,
        };
        if (!loaded.Value.Editable) return Failure.Conflict(Phrase.Of("proposal.reopen.refused.title"), Phrase.Of("proposal.reopen.refused", Status(proposal.Status)));
        proposal.SubmittedAt = null;
        Touch(proposal);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    /// <summary>Two-stage calls: staff invite a letter of intent's consortium to write the full proposal, or not.</summary>
    public async Task<Outcome<LoadedProposal>> DecideIntentAsync(int id, bool invite, ReadVersion read, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        if (!loaded.Value.Access.Staff) return Failure.Forbidden(Phrase.Of("proposal.intent.forbidden"));
        if (proposal.Status != ProposalStatus.IntentSubmitted) return Failure.Conflict(Phrase.Of("proposal.intent.none.title"), Phrase.Of("proposal.status-is", Status(proposal.Status)));
        if (Concurrency.Check(proposal.Version, read) is { } stale) return stale;
        proposal.Status = invite ? ProposalStatus.Invited : ProposalStatus.NotInvited;
        Touch(proposal);
        await notifier.ToOrganizationsAsync([proposal.CoordinatorOrganizationId], Message.From("intent-decision",
            Phrase.Of(invite ? "notification.intent-invited.subject" : "notification.intent-not-invited.subject", proposal.Acronym),
            invite ? Phrase.Of("notification.intent-invited.body", loaded.Value.Call.ClosesAt) : Phrase.Of("notification.intent-not-invited.body"),
            $"/proposals/{proposal.Id}"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    private Failure? Locked(LoadedProposal loaded) =>
        loaded.Editable ? null : ReadOnly(loaded.Proposal);

    public static Failure ReadOnly(Proposal proposal) => Failure.Conflict(Phrase.Of("proposal.read-only.title"), Phrase.Of("proposal.read-only", Status(proposal.Status)));

    /// <summary>Unknown and unreadable proposals look the same: the code lets pages answer 404.</summary>
    public static Failure NotFound(int id) => Failure.NotFound(Phrase.Of("proposal.not-found", id));

    /// <summary>A proposal's status as people read it ("Soumise", "Submitted").</summary>
    public static Phrase Status(ProposalStatus status) => Phrase.Of("status." + status);

    /// <summary>Changes to partners alone still make a new version of the proposal.</summary>
    private void Touch(Proposal proposal) => db.Entry(proposal).Property(p => p.UpdatedAt).IsModified = true;
}
