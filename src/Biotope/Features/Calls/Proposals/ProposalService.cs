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
        [.. Proposal.Partners.Select(p => new ConsortiumMember(p.OrganizationId, p.Organization!.DisplayName("en"), p.Organization.Type, p.Organization.NutsCode, p.IsCoordinator, p.Status, p))];

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
        if (proposal is null) return Failure.NotFound($"Proposal {id}");
        var access = await ProposalAccess.ForAsync(db, user, proposal, ct);
        if (!access.CanRead) return Failure.NotFound($"Proposal {id}");
        var documents = await db.ProposalAttachments.Where(a => a.ProposalId == id && a.Document != null).Select(a => a.Document!).Distinct().ToListAsync(ct);
        return new LoadedProposal(proposal, proposal.Call!, access, documents);
    }

    public async Task<Outcome<LoadedProposal>> CreateAsync(int callId, ProposalInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == callId, ct);
        if (call is null || (!call.Published && !user.IsStaff())) return Failure.NotFound($"Call {callId}");
        if (user.OrganizationId() is not { } organizationId || !(user.IsInRole(Roles.Member) || user.IsInRole(Roles.MemberAdmin)))
            return Failure.Forbidden("Proposals are started by a member of an organization of the directory, which becomes the coordinator.");
        var now = clock.GetUtcNow();
        var phase = call.Phase(now);
        if (phase is not ("open" or "intent") || (call.Stage == CallStage.TwoStage && phase != "intent"))
            return new Failure(FailureKind.Conflict, "The call is not accepting new proposals",
                phase == "upcoming" ? $"The call opens on {Texts.Format(call.OpensAt)} (Brussels time)." : $"New proposals closed on {Texts.Format(call.DeadlineFor(ProposalStatus.Draft))} (Brussels time).");
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
        if (!access.Coordinator && !access.Staff) return Failure.Forbidden("Only the coordinator's organization edits the proposal.");
        if (Locked(loaded.Value!) is { } locked) return locked;
        if (Concurrency.Check(proposal.Version, ifMatch, input.Version) is { } stale) return stale;
        if (input.Validate() is { } invalid) return invalid;
        input.ApplyTo(proposal);
        Touch(proposal);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    public async Task<Outcome<LoadedProposal>> InvitePartnerAsync(int id, int organizationId, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        if (!loaded.Value.Access.Coordinator) return Failure.Forbidden("Only the coordinator's organization invites partners.");
        if (Locked(loaded.Value) is { } locked) return locked;
        var organization = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == organizationId && o.DeletedAt == null, ct);
        if (organization is null) return Failure.Invalid(new Dictionary<string, string[]> { ["organizationId"] = [$"Organization {organizationId} is not in the directory."] });
        var existing = proposal.Partners.FirstOrDefault(p => p.OrganizationId == organizationId);
        if (existing is { Status: not PartnerStatus.Declined }) return new Failure(FailureKind.Conflict, "Already invited", $"{organization.Name} is already in the consortium or invited.");
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
        await notifier.ToOrganizationAdminsAsync([organizationId], new Message("invitation",
            $"Invitation to join the consortium of {proposal.Acronym}", $"Invitation au consortium de {proposal.Acronym}",
            $"{coordinator.DisplayName("en")} invites {organization.DisplayName("en")} to join the proposal {proposal.Acronym} in the call \"{loaded.Value.Call.TitleEn}\". Accept or decline it in Biotope.",
            $"{coordinator.DisplayName("fr")} invite {organization.DisplayName("fr")} à rejoindre la proposition {proposal.Acronym} dans l'appel « {loaded.Value.Call.TitleFr} ». Acceptez ou déclinez dans Biotope.",
            $"/proposals/{proposal.Id}"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    public async Task<Outcome<LoadedProposal>> RemovePartnerAsync(int id, int organizationId, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        if (!loaded.Value.Access.Coordinator) return Failure.Forbidden("Only the coordinator's organization changes the consortium.");
        if (Locked(loaded.Value) is { } locked) return locked;
        var partner = proposal.Partners.FirstOrDefault(p => p.OrganizationId == organizationId);
        if (partner is null) return Failure.NotFound($"Partner {organizationId} of this proposal");
        if (partner.IsCoordinator) return new Failure(FailureKind.Conflict, "The coordinator stays", "The coordinator cannot be removed from its own proposal.");
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
        if (partner is null) return Failure.NotFound($"Invitation of organization {organizationId}");
        if (!(user.IsInRole(Roles.MemberAdmin) && user.OrganizationId() == organizationId))
            return Failure.Forbidden("Only a member admin of the invited organization answers its invitation.");
        if (Locked(loaded.Value) is { } locked) return locked;
        if (partner.Status != PartnerStatus.Invited) return new Failure(FailureKind.Conflict, "Already answered", $"This invitation was already {partner.Status.ToString().ToLowerInvariant()}.");
        partner.Status = accept ? PartnerStatus.Accepted : PartnerStatus.Declined;
        partner.RespondedAt = clock.GetUtcNow();
        partner.RespondedByUserId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        Touch(proposal);
        var name = partner.Organization!;
        await notifier.ToOrganizationsAsync([proposal.CoordinatorOrganizationId], new Message("invitation-answer",
            $"{name.DisplayName("en")} {(accept ? "accepted" : "declined")} to join {proposal.Acronym}", $"{name.DisplayName("fr")} a {(accept ? "accepté" : "décliné")} de rejoindre {proposal.Acronym}",
            $"{name.DisplayName("en")} {(accept ? "accepted" : "declined")} your invitation.", $"{name.DisplayName("fr")} a {(accept ? "accepté" : "décliné")} votre invitation.", $"/proposals/{proposal.Id}"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    /// <summary>A partner's budget: written by the coordinator or by the partner itself.</summary>
    public async Task<Outcome<LoadedProposal>> UpdateBudgetAsync(int id, int organizationId, BudgetInput input, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        var partner = proposal.Partners.FirstOrDefault(p => p.OrganizationId == organizationId && p.Status != PartnerStatus.Declined);
        if (partner is null) return Failure.NotFound($"Partner {organizationId} of this proposal");
        var ownBudget = loaded.Value.Access.PartnerOrganizationId == organizationId && loaded.Value.Access.InConsortium;
        if (!loaded.Value.Access.Coordinator && !ownBudget) return Failure.Forbidden("A budget is written by the coordinator or by the partner itself.");
        if (Locked(loaded.Value) is { } locked) return locked;
        if (input.Validate() is { } invalid) return invalid;
        input.ApplyTo(partner);
        Touch(proposal);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    /// <summary>Submits the letter of intent or the full proposal: only when eligible and before the deadline by the server's clock.</summary>
    public async Task<Outcome<LoadedProposal>> SubmitAsync(int id, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (proposal, call, access, _) = loaded.Value!;
        if (!access.Coordinator) return Failure.Forbidden("The coordinator's organization submits the proposal.");
        if (!loaded.Value.Editable) return new Failure(FailureKind.Conflict, "Not a draft", $"The proposal is {proposal.Status}; only a draft can be submitted.");
        var now = clock.GetUtcNow();
        var deadline = call.DeadlineFor(proposal.Status);
        if (now >= deadline)
            return new Failure(FailureKind.Conflict, "Deadline passed", $"The deadline was {Texts.Format(deadline)} (Brussels time); submissions are closed.")
            { Extensions = new Dictionary<string, object?> { ["deadline"] = deadline } };
        var intentStage = call.Stage == CallStage.TwoStage && proposal.Status == ProposalStatus.Draft;
        var report = loaded.Value.Eligibility();
        // A letter of intent is short: attached documents are asked for with the full proposal.
        var failed = report.Rules.Where(r => !r.Passed && !(intentStage && r.Rule == "documents")).ToList();
        if (failed.Count > 0)
            return new Failure(FailureKind.Conflict, "Not eligible", "The proposal does not meet the call's rules: " + string.Join(" ", failed.Select(r => r.ReasonEn)))
            { Extensions = new Dictionary<string, object?> { ["failedRules"] = failed.Select(r => r.Rule).ToList() } };
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
        var what = intentStage ? ("letter of intent", "lettre d'intention") : ("proposal", "proposition");
        var consortium = proposal.Partners.Where(p => p.CountsInConsortium).Select(p => p.OrganizationId);
        await notifier.ToOrganizationsAsync(consortium, new Message("submission-receipt",
            $"Receipt: {proposal.Acronym} submitted", $"Accusé de réception : {proposal.Acronym} soumise",
            $"The {what.Item1} {proposal.Acronym} was received on {Texts.Format(now, "en")} (Brussels time) for the call \"{call.TitleEn}\".",
            $"La {what.Item2} {proposal.Acronym} a été reçue le {Texts.Format(now, "fr")} (heure de Bruxelles) pour l'appel « {call.TitleFr} ».",
            $"/proposals/{proposal.Id}"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    public async Task<Outcome<LoadedProposal>> WithdrawAsync(int id, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        if (!loaded.Value.Access.Coordinator) return Failure.Forbidden("The coordinator's organization withdraws the proposal.");
        if (proposal.Status is ProposalStatus.Decided or ProposalStatus.Withdrawn or ProposalStatus.NotInvited)
            return new Failure(FailureKind.Conflict, "Cannot withdraw", $"The proposal is {proposal.Status}.");
        proposal.Status = ProposalStatus.Withdrawn;
        Touch(proposal);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    /// <summary>Staff reopen a submitted proposal for editing (the consortium resubmits it).</summary>
    public async Task<Outcome<LoadedProposal>> ReopenAsync(int id, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var (proposal, call, access, _) = loaded.Value!;
        if (!access.Staff) return Failure.Forbidden("Only cluster staff reopen a proposal.");
        proposal.Status = proposal.Status switch
        {
            ProposalStatus.IntentSubmitted or ProposalStatus.Withdrawn when proposal.IntentSubmittedAt is null || proposal.Status == ProposalStatus.IntentSubmitted => ProposalStatus.Draft,
            ProposalStatus.Submitted or ProposalStatus.Withdrawn => call.Stage == CallStage.TwoStage ? ProposalStatus.Invited : ProposalStatus.Draft,
            _ => proposal.Status,
        };
        if (!loaded.Value.Editable) return new Failure(FailureKind.Conflict, "Cannot reopen", $"A {proposal.Status} proposal cannot be reopened.");
        proposal.SubmittedAt = null;
        Touch(proposal);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    /// <summary>Two-stage calls: staff invite a letter of intent's consortium to write the full proposal, or not.</summary>
    public async Task<Outcome<LoadedProposal>> DecideIntentAsync(int id, bool invite, ClaimsPrincipal user, CancellationToken ct)
    {
        var loaded = await LoadAsync(id, user, ct, tracked: true);
        if (!loaded.Succeeded) return loaded.Failure!;
        var proposal = loaded.Value!.Proposal;
        if (!loaded.Value.Access.Staff) return Failure.Forbidden("Only cluster staff invite full proposals.");
        if (proposal.Status != ProposalStatus.IntentSubmitted) return new Failure(FailureKind.Conflict, "No letter of intent to decide", $"The proposal is {proposal.Status}.");
        proposal.Status = invite ? ProposalStatus.Invited : ProposalStatus.NotInvited;
        Touch(proposal);
        await notifier.ToOrganizationsAsync([proposal.CoordinatorOrganizationId], new Message("intent-decision",
            invite ? $"{proposal.Acronym}: invited to submit a full proposal" : $"{proposal.Acronym}: not invited to the second stage",
            invite ? $"{proposal.Acronym} : invitée à déposer une proposition complète" : $"{proposal.Acronym} : non retenue pour la seconde étape",
            invite ? $"Your letter of intent was selected. The full proposal is due by {Texts.Format(loaded.Value.Call.ClosesAt, "en")} (Brussels time)." : "Your letter of intent was not selected for the second stage.",
            invite ? $"Votre lettre d'intention a été retenue. La proposition complète est attendue pour le {Texts.Format(loaded.Value.Call.ClosesAt, "fr")} (heure de Bruxelles)." : "Votre lettre d'intention n'a pas été retenue pour la seconde étape.",
            $"/proposals/{proposal.Id}"), ct);
        if (await Concurrency.SaveAsync(db, ct) is { } conflict) return conflict;
        return await LoadAsync(id, user, ct);
    }

    private Failure? Locked(LoadedProposal loaded) =>
        loaded.Editable ? null : new Failure(FailureKind.Conflict, "Read-only", $"The proposal is {loaded.Proposal.Status} and can no longer be changed.");

    /// <summary>Changes to partners alone still make a new version of the proposal.</summary>
    private void Touch(Proposal proposal) => db.Entry(proposal).Property(p => p.UpdatedAt).IsModified = true;
}
