using System.Security.Claims;
using Biotope.Data;
using Biotope.Features.Accounts;
using Biotope.Features.Calls;
using Biotope.Features.Calls.Assignment;
using Biotope.Features.Calls.Evaluation;
using Biotope.Features.Calls.Experts;
using Biotope.Features.Calls.Proposals;
using Biotope.Features.Notifications;
using Biotope.Features.Projects;
using Biotope.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Demo;

/// <summary>
/// Illustrative records that let every journey be walked on a fresh demo database (ADR 013): a decided call (a labelled
/// and a rejected proposal with their letters, the labelled one now a portfolio project with dates, milestones and
/// outputs), a closed call in evaluation (submitted proposals with reviewers assigned, a declared and a detected conflict,
/// a draft the deadline caught because it is not eligible), illustrative experts, and a draft in the open demo call with
/// an invitation to accept. Everything goes through the services staff, members and experts use, each step on a clock
/// set to when it would have happened (relative to seeding), and all of it in one transaction. It runs once: a database
/// that has the evaluation call is left alone.
/// </summary>
public static class DemoJourneys
{
    public const string DecidedCallSlug = "demo-decided-call";
    public const string EvaluationCallSlug = "demo-evaluation-call";
    public const string LabelledAcronym = "PROTONEXT";
    public const string RejectedAcronym = "ORTHOGEL";
    public const string EligibleAcronym = "RADIOTRACE";
    public const string DeclaredConflictAcronym = "IMMUNOMAP";
    public const string IneligibleAcronym = "CELLSCALE";
    public const string DraftAcronym = "NEUROPET";
    /// <summary>The illustrative expert whose organization (UMons) is a partner of RADIOTRACE: a detected conflict.</summary>
    public const string ConflictedExpertName = "Luc Martin, illustrative expert";

    private sealed class SeedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }

    private sealed record Step(BiotopeDb Db, DateTimeOffset At)
    {
        private TimeProvider Clock => new SeedClock(At);
        public Notifier Notifier => new(Db, Clock);
        public ProposalService Proposals => new(Db, Clock, Notifier);
        public EvaluationService Evaluation => new(Db, Proposals, Clock, Notifier);
        public AssignmentRunner Assignment => new(Db, Clock, Notifier);
        public ProjectEditor Projects => new(Db, Clock);
        public TimeProvider Time => Clock;
    }

    public static async Task EnsureAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<BiotopeDb>();
        if (await db.Calls.AnyAsync(c => c.Slug == EvaluationCallSlug, ct)) return;
        var principals = services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        async Task<ClaimsPrincipal> As(string email) =>
            await principals.CreateAsync(await db.Users.SingleAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), ct));
        var staff = await As(DemoAccounts.StaffEmail);
        var expert = await As(DemoAccounts.ExpertEmail);
        var companyAdmin = await As(DemoAccounts.CompanyAdminEmail);
        var memberAdmin = await As(DemoAccounts.MemberAdminEmail);
        var orgs = await db.Organizations.AsNoTracking().Where(o => o.DeletedAt == null).ToDictionaryAsync(o => o.Slug, o => o.Id, ct);
        int Org(string slug) => orgs.TryGetValue(slug, out var id) ? id : throw new InvalidOperationException($"Demo journeys: '{slug}' is not in the directory; seed the directory first.");
        // An organization without a demo account acts through a member admin of its own, as its people would.
        ClaimsPrincipal AdminOf(string slug) => slug == DemoAccounts.CompanyAdminOrganizationSlug ? companyAdmin : slug == DemoAccounts.MemberAdminOrganizationSlug ? memberAdmin
            : new(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.MemberAdmin), new Claim(AccountsSetup.OrganizationClaim, Org(slug).ToString(System.Globalization.CultureInfo.InvariantCulture))], "demo-seed"));

        var today = BrusselsTime.Date(now);
        DateTimeOffset Noon(int daysFromToday) => BrusselsTime.FromLocal(today.AddDays(daysFromToday).ToDateTime(new TimeOnly(12, 0)));

        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var experts = await AddExpertsAsync(db, Org("umons"), ct);

            // Last year's round: opened 300 days before seeding, closed 200 days before, decided 150 days before.
            var decided = await AddCallAsync(db, now, DecidedCallSlug,
                "2025 round of the cluster projects call, decided (illustrative)", "Tour 2025 de l'appel à projets du pôle, décidé (illustratif)",
                "Last year's round of the demo call: its proposals are decided and the labelled one is a portfolio project. Illustrative: proposals, scores and decisions are examples.",
                "Le tour de l'an dernier de l'appel de démonstration : ses propositions sont décidées et la proposition labellisée est un projet du portefeuille. Illustratif : propositions, notes et décisions sont des exemples.",
                Noon(-300), Noon(-200), ct);
            var labelled = await ProposeAsync(new Step(db, Noon(-210)), decided, AdminOf, Org, Labelled, submit: true, ct);
            var rejected = await ProposeAsync(new Step(db, Noon(-209)), decided, AdminOf, Org, Rejected, submit: true, ct);
            Check(await new Step(db, Noon(-195)).Assignment.RunAsync(decided.Id, ct));
            var criteria = decided.Criteria.OrderBy(c => c.Position).ToList();
            if (await db.ReviewAssignments.AnyAsync(a => a.ProposalId == labelled && a.ExpertId == experts.Demo, ct))
                Check(await new Step(db, Noon(-180)).Evaluation.SaveReviewAsync(labelled, Scores(criteria, [4, 4, 4, 3, 3], "Illustrative review: solid plan and a credible consortium"), submit: true, expert, null, ct));
            var evaluation = new Step(db, Noon(-160)).Evaluation;
            Check(await evaluation.SaveConsensusAsync(labelled, Scores(criteria, [4, 4, 4, 4, 3], "Illustrative consensus: convincing on every criterion"), staff, null, ct));
            Check(await evaluation.SaveConsensusAsync(rejected, Scores(criteria, [3, 2, 3, 3, 3], "Illustrative consensus: the innovation is incremental"), staff, null, ct));
            Check(await new Step(db, Noon(-150)).Evaluation.DecideAsync(labelled, new DecisionInput(DecisionOutcome.Labelled, null), await VersionOfAsync(db, labelled, ct), staff, ct));
            Check(await new Step(db, Noon(-150)).Evaluation.DecideAsync(rejected, new DecisionInput(DecisionOutcome.NotLabelled, null), await VersionOfAsync(db, rejected, ct), staff, ct));
            await RunProjectAsync(db, labelled, today, staff, ct);

            // This year's first round: closed ten days before seeding, evaluation in progress.
            var inEvaluation = await AddCallAsync(db, now, EvaluationCallSlug,
                "2026 round one of the cluster projects call, in evaluation (illustrative)", "Premier tour 2026 de l'appel à projets du pôle, en évaluation (illustratif)",
                "A closed round of the demo call whose proposals are being evaluated: experts are assigned, conflicts of interest are known, no decision is taken yet. Illustrative: proposals, experts and conflicts are examples.",
                "Un tour clos de l'appel de démonstration dont les propositions sont en évaluation : les experts sont désignés, les conflits d'intérêts sont connus, aucune décision n'est prise. Illustratif : propositions, experts et conflits sont des exemples.",
                Noon(-100), Noon(-10), ct);
            await ProposeAsync(new Step(db, Noon(-14)), inEvaluation, AdminOf, Org, RadioTrace, submit: true, ct);
            await ProposeAsync(new Step(db, Noon(-13)), inEvaluation, AdminOf, Org, ImmunoMap, submit: true, ct);
            // Not eligible (an invitation unanswered, one research institution, no partner in Wallonia): the deadline caught it as a draft.
            await ProposeAsync(new Step(db, Noon(-12)), inEvaluation, AdminOf, Org, CellScale, submit: false, ct);
            // The demo expert declares a conflict with UCB (ImmunoMap's coordinator) before the assignment runs.
            var declared = await ExpertsApi.DeclareConflict(new DeclarationInput(null, Org("ucb"), "Illustrative declaration: I advised UCB on an antibody programme last year"),
                db, expert, new SeedClock(Noon(-9)), new Step(db, Noon(-9)).Notifier, ct);
            if (declared.Result is not Microsoft.AspNetCore.Http.HttpResults.Created<DeclarationDto>) throw new InvalidOperationException("Demo journeys: the demo expert's conflict was refused.");
            Check(await new Step(db, Noon(-8)).Assignment.RunAsync(inEvaluation.Id, ct));

            // The open demo call: a draft coordinated by the company's admin, its invitation to ULiège waiting for ULiège's admin.
            var open = await db.Calls.Include(c => c.Criteria).SingleOrDefaultAsync(c => c.Slug == "demo-cluster-projects-call", ct);
            if (open is not null) await ProposeAsync(new Step(db, Noon(-2)), open, AdminOf, Org, NeuroPet, submit: false, ct);

            var illustrativeCalls = new[] { decided.Id, inEvaluation.Id };
            await db.Proposals.Where(p => illustrativeCalls.Contains(p.CallId) || (open != null && p.CallId == open.Id && p.Acronym == DraftAcronym))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Illustrative, true), ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync();
        }
    }

    private static T Check<T>(Outcome<T> outcome)
    {
        if (outcome.Succeeded) return outcome.Value!;
        var failure = outcome.Failure!;
        var fields = failure.Errors is null ? "" : " " + string.Join("; ", failure.Errors.Select(e => e.Key + ": " + string.Join(" ", e.Value.Select(Texts.For("en").Say))));
        throw new InvalidOperationException($"Demo journeys: a step was refused ({failure.Code}): {Texts.For("en").Say(failure.Detail ?? failure.Title)}{fields}");
    }

    private static ReviewInput Scores(IReadOnlyList<EvaluationCriterion> criteria, int[] scores, string comment) =>
        new([.. criteria.Select((c, i) => new ScoreInput(c.Id, scores[i], comment))], comment);

    private sealed record Experts(int Demo);

    /// <summary>Four illustrative experts (profiles without accounts) besides the demo expert: enough reviewers for every proposal, conflicts aside.</summary>
    private static async Task<Experts> AddExpertsAsync(BiotopeDb db, int umons, CancellationToken ct)
    {
        (string Name, int? Organization, string[] Areas, string[] Keywords, string[] Languages)[] profiles =
        [
            ("Claire Dumont, illustrative expert", null, ["cell-therapy", "gene-therapy"], ["immunology", "cell therapy"], ["fr", "en"]),
            ("Jan Peeters, illustrative expert", null, ["in-vitro-diagnostics", "ophthalmology"], ["diagnostics", "imaging"], ["en", "fr"]),
            ("Sara Rossi, illustrative expert", null, ["monoclonal-antibodies", "adc"], ["antibodies", "bioprocess"], ["en"]),
            (ConflictedExpertName, umons, ["radiopharmaceuticals", "theranostics", "proton-therapy"], ["imaging", "radioisotopes"], ["fr", "en"]),
        ];
        foreach (var p in profiles)
            db.Experts.Add(new Expert { Name = p.Name, OrganizationId = p.Organization, Areas = [.. p.Areas], Keywords = [.. p.Keywords], Languages = [.. p.Languages], MaxLoad = 6, Illustrative = true });
        await db.SaveChangesAsync(ct);
        var demo = await db.Experts.FirstAsync(e => e.Email == DemoAccounts.ExpertEmail, ct);
        return new Experts(demo.Id);
    }

    private static async Task<Call> AddCallAsync(BiotopeDb db, DateTimeOffset now, string slug, string titleEn, string titleFr, string descriptionEn, string descriptionFr,
        DateTimeOffset opens, DateTimeOffset closes, CancellationToken ct)
    {
        // The demo call's criteria and rates; rules the directory's organizations can meet (the seeds name no SME).
        var input = DemoCall.Load(now) with
        {
            Slug = slug,
            TitleEn = titleEn,
            TitleFr = titleFr,
            DescriptionEn = descriptionEn,
            DescriptionFr = descriptionFr,
            OpensAt = BrusselsTime.ToLocalInput(opens),
            ClosesAt = BrusselsTime.ToLocalInput(closes),
            BudgetEnvelope = 6_000_000,
            RequiredDocuments = [],
        };
        var rules = input.Rules;
        input = input with
        {
            Rules = new EligibilityRules
            {
                MinPartners = 3,
                MaxPartners = rules.MaxPartners,
                CoordinatorTypes = rules.CoordinatorTypes,
                RequiredPartners =
                [
                    new PartnerRequirement { Types = rules.RequiredPartners[0].Types, Minimum = 1, LabelEn = "Companies", LabelFr = "Entreprises" },
                    rules.RequiredPartners[2],
                ],
                Regional = rules.Regional,
                MaxDurationMonths = rules.MaxDurationMonths,
                MaxRequestedFunding = 2_500_000,
                FundingRates = rules.FundingRates,
                EligibleCostCategories = rules.EligibleCostCategories,
            },
        };
        var times = input.Validate();
        if (!times.Succeeded) throw new InvalidOperationException("Demo journeys: the call " + slug + " is invalid.");
        var call = new Call { Slug = slug, TitleEn = titleEn, TitleFr = titleFr, Illustrative = true };
        input.ApplyTo(call, times.Value);
        db.Calls.Add(call);
        await db.SaveChangesAsync(ct);
        return call;
    }

    private sealed record Partner(string Slug, bool Accepts, BudgetInput Budget);

    private sealed record DemoProposal(string Coordinator, BudgetInput CoordinatorBudget, ProposalInput Content, IReadOnlyList<Partner> Partners);

    private static BudgetInput CompanyBudget(decimal personnel) => new(personnel, 2, 1, 80_000, 20_000, 15_000, 10);

    private static BudgetInput AcademicBudget(decimal personnel) => new(personnel, 2.5m, 2, 40_000, 0, 10_000, 15);

    private static List<WorkPackage> WorkPlan(string first, string second) =>
    [
        new() { Number = 1, Title = first, StartMonth = 1, EndMonth = 12, Milestones = [new() { Code = "M1", Title = "Protocol agreed by the consortium", Month = 2 }], Deliverables = [new() { Code = "D1.1", Title = "First results report", Month = 3 }] },
        new() { Number = 2, Title = second, StartMonth = 13, EndMonth = 24, Milestones = [new() { Code = "M2", Title = "Prototype validated", Month = 12 }], Deliverables = [new() { Code = "D2.1", Title = "Final report", Month = 24 }] },
    ];

    private static readonly DemoProposal Labelled = new("iba", CompanyBudget(320_000), new ProposalInput
    {
        Acronym = LabelledAcronym,
        TitleEn = "Antibody-guided proton therapy planning (illustrative)",
        TitleFr = "Planification de la protonthérapie guidée par anticorps (illustratif)",
        SummaryEn = "An illustrative demo proposal: imaging agents built on monoclonal antibodies to plan proton therapy, by a company and two universities.",
        SummaryFr = "Une proposition de démonstration illustrative : des agents d'imagerie à base d'anticorps monoclonaux pour planifier la protonthérapie, par une entreprise et deux universités.",
        Areas = ["proton-therapy", "monoclonal-antibodies", "cell-therapy"],
        Keywords = ["immunology", "imaging", "bioprocess"],
        DurationMonths = 24,
        WorkPackages = WorkPlan("Antibody imaging agents", "Treatment planning study"),
    }, [new("uliege", true, AcademicBudget(240_000)), new("uclouvain", true, AcademicBudget(210_000))]);

    private static readonly DemoProposal Rejected = new("iba", CompanyBudget(180_000), new ProposalInput
    {
        Acronym = RejectedAcronym,
        TitleEn = "A gel dosimeter for proton beams (illustrative)",
        TitleFr = "Un dosimètre en gel pour faisceaux de protons (illustratif)",
        SummaryEn = "An illustrative demo proposal: a three-dimensional gel dosimeter to check proton beams, by a company, a university and a research centre.",
        SummaryFr = "Une proposition de démonstration illustrative : un dosimètre en gel tridimensionnel pour contrôler les faisceaux de protons, par une entreprise, une université et un centre de recherche.",
        Areas = ["proton-therapy"],
        Keywords = ["dosimetry"],
        DurationMonths = 24,
        WorkPackages = WorkPlan("Gel formulation", "Beam tests"),
    }, [new("umons", true, AcademicBudget(150_000)), new("cer-marloie", true, AcademicBudget(90_000))]);

    private static readonly DemoProposal RadioTrace = new("iba", CompanyBudget(260_000), new ProposalInput
    {
        Acronym = EligibleAcronym,
        TitleEn = "Radiotracers for early diagnosis (illustrative)",
        TitleFr = "Radiotraceurs pour le diagnostic précoce (illustratif)",
        SummaryEn = "An illustrative demo proposal: radiopharmaceuticals and in-vitro companion tests for early diagnosis, by a company and two universities.",
        SummaryFr = "Une proposition de démonstration illustrative : radiopharmaceutiques et tests compagnons in vitro pour le diagnostic précoce, par une entreprise et deux universités.",
        Areas = ["radiopharmaceuticals", "theranostics", "in-vitro-diagnostics"],
        Keywords = ["imaging", "immunology"],
        DurationMonths = 30,
        WorkPackages = WorkPlan("Tracer synthesis", "Preclinical validation"),
    }, [new("uliege", true, AcademicBudget(230_000)), new("umons", true, AcademicBudget(200_000))]);

    private static readonly DemoProposal ImmunoMap = new("ucb", CompanyBudget(300_000), new ProposalInput
    {
        Acronym = DeclaredConflictAcronym,
        TitleEn = "Mapping the immune response to antibody therapies (illustrative)",
        TitleFr = "Cartographier la réponse immunitaire aux thérapies par anticorps (illustratif)",
        SummaryEn = "An illustrative demo proposal: immunological analyses that follow patients' response to monoclonal antibodies, by a company, a university and a research centre.",
        SummaryFr = "Une proposition de démonstration illustrative : des analyses immunologiques qui suivent la réponse des patients aux anticorps monoclonaux, par une entreprise, une université et un centre de recherche.",
        Areas = ["monoclonal-antibodies", "cell-therapy"],
        Keywords = ["immunology", "antibodies", "bioprocess"],
        DurationMonths = 36,
        WorkPackages = WorkPlan("Assay development", "Cohort study"),
    }, [new("uclouvain", true, AcademicBudget(250_000)), new("cer-marloie", true, AcademicBudget(120_000))]);

    private static readonly DemoProposal CellScale = new("gsk", CompanyBudget(400_000), new ProposalInput
    {
        Acronym = IneligibleAcronym,
        TitleEn = "Scaling up cell therapy production (illustrative)",
        TitleFr = "Monter en échelle la production de thérapies cellulaires (illustratif)",
        SummaryEn = "An illustrative demo proposal that never became eligible: one partner did not answer its invitation before the deadline.",
        SummaryFr = "Une proposition de démonstration illustrative qui n'est jamais devenue éligible : un partenaire n'a pas répondu à son invitation avant l'échéance.",
        Areas = ["cell-therapy"],
        Keywords = ["bioprocess", "scale-up"],
        DurationMonths = 24,
        WorkPackages = WorkPlan("Process development", "Scale-up runs"),
    }, [new("ulb", true, AcademicBudget(220_000)), new("umons", false, AcademicBudget(0))]);

    private static readonly DemoProposal NeuroPet = new("iba", CompanyBudget(210_000), new ProposalInput
    {
        Acronym = DraftAcronym,
        TitleEn = "PET imaging of neuro-inflammation (illustrative)",
        TitleFr = "Imagerie TEP de la neuro-inflammation (illustratif)",
        SummaryEn = "An illustrative demo draft: its coordinator has invited the University of Liège, whose member admin can accept.",
        SummaryFr = "Un brouillon de démonstration illustratif : son coordinateur a invité l'Université de Liège, dont l'administrateur membre peut accepter.",
        Areas = ["radiopharmaceuticals", "theranostics"],
        Keywords = ["imaging", "neurology"],
        DurationMonths = 24,
        WorkPackages = WorkPlan("Tracer selection", "Imaging study"),
    }, [new("uliege", false, AcademicBudget(0)), new("umons", true, AcademicBudget(190_000))]);

    /// <summary>The proposal's version as staff read it before deciding.</summary>
    private static async Task<ReadVersion> VersionOfAsync(BiotopeDb db, int proposalId, CancellationToken ct) =>
        ReadVersion.Of(await db.Proposals.Where(p => p.Id == proposalId).Select(p => p.Version).SingleAsync(ct));

    /// <summary>The coordinator drafts, invites, enters the budgets; partners accept; the coordinator submits (the real eligibility decides).</summary>
    private static async Task<int> ProposeAsync(Step step, Call call, Func<string, ClaimsPrincipal> adminOf, Func<string, int> org, DemoProposal d, bool submit, CancellationToken ct)
    {
        var coordinator = adminOf(d.Coordinator);
        var proposals = step.Proposals;
        var created = Check(await proposals.CreateAsync(call.Id, d.Content, coordinator, ct)).Proposal;
        var id = created.Id;
        // Each step sends the version the one before left, as the pages do.
        var version = Check(await proposals.UpdateBudgetAsync(id, org(d.Coordinator), d.CoordinatorBudget, ReadVersion.Of(created.Version), coordinator, ct)).Proposal.Version;
        foreach (var partner in d.Partners)
        {
            version = Check(await proposals.InvitePartnerAsync(id, org(partner.Slug), ReadVersion.Of(version), coordinator, ct)).Proposal.Version;
            if (!partner.Accepts) continue;
            version = Check(await proposals.RespondAsync(id, org(partner.Slug), accept: true, adminOf(partner.Slug), ct)).Proposal.Version;
            version = Check(await proposals.UpdateBudgetAsync(id, org(partner.Slug), partner.Budget, ReadVersion.Of(version), coordinator, ct)).Proposal.Version;
        }
        if (submit) Check(await proposals.SubmitAsync(id, ReadVersion.Of(version), coordinator, ct));
        return id;
    }

    /// <summary>The labelled proposal's project, as staff run it: started, milestones dated (one reached, one late), a researcher hired, outputs.</summary>
    private static async Task RunProjectAsync(BiotopeDb db, int proposalId, DateOnly today, ClaimsPrincipal staff, CancellationToken ct)
    {
        var projectId = await db.Proposals.Where(p => p.Id == proposalId).Select(p => p.ProjectId).SingleAsync(ct)
            ?? throw new InvalidOperationException("Demo journeys: the labelled proposal has no project.");
        var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-4);
        var editor = new Step(db, BrusselsTime.FromLocal(today.ToDateTime(new TimeOnly(9, 0)))).Projects;
        // Each change names the version it read, as the API and the pages do.
        async Task<int?> VersionAsync() => await db.Projects.Where(p => p.Id == projectId).Select(p => (int?)p.Version).SingleAsync(ct);
        var project = (await editor.FindAsync(projectId, ct))!;
        var input = ProjectInput.From(project);
        input.Status = nameof(ProjectStatus.Active);
        input.StartDate = start;
        input.EndDate = start.AddMonths(24).AddDays(-1);
        Check(await editor.UpdateAsync(projectId, input, null, false, staff, ct));
        var proposal = await db.Proposals.AsNoTracking().SingleAsync(p => p.Id == proposalId, ct);
        var months = proposal.WorkPackages.SelectMany(w => w.Milestones.Concat(w.Deliverables)).ToDictionary(i => i.Code, i => i.Month);
        foreach (var m in (await editor.FindAsync(projectId, ct))!.Milestones.ToList())
        {
            var due = Portfolio.DueDate(start, months.GetValueOrDefault(m.Code));
            // The first milestone was reached on time; the first deliverable is late.
            var reached = m.Code == "M1" ? due : null;
            Check(await editor.UpdateMilestoneAsync(projectId, m.Id, new MilestoneInput { Kind = m.Kind.ToString(), Code = m.Code, Title = m.Title, DueDate = due, ActualDate = reached }, await VersionAsync(), staff, ct));
        }
        Check(await editor.AddResearcherAsync(projectId, new ResearcherInput { Name = "Illustrative researcher", OrganizationId = project.Partners.First(p => !ProjectRoles.IsCoordinator(p.Role)).OrganizationId, Position = "PhD student", HiredOn = start.AddMonths(1) }, await VersionAsync(), staff, ct));
        Check(await editor.AddOutputAsync(projectId, new OutputInput { Kind = nameof(OutputKind.Job), Title = "Illustrative: research jobs created", Count = 3, Year = today.Year }, await VersionAsync(), staff, ct));
        Check(await editor.AddOutputAsync(projectId, new OutputInput { Kind = nameof(OutputKind.Publication), Title = "Illustrative: a first report on antibody imaging agents for proton therapy planning", Year = today.Year }, await VersionAsync(), staff, ct));
        await db.Projects.Where(p => p.Id == projectId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Illustrative, true), ct);
    }
}
