using Biotope.Data;
using Biotope.Features.Organizations;
using Biotope.Features.Organizations.Search;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Projects.Cordis;

/// <summary>The rule that linked a CORDIS organization to an organization of the directory, in the order they are tried.</summary>
public enum OrganizationMatch
{
    /// <summary>The organization carries the CORDIS PIC (external id scheme "cordis-pic").</summary>
    Pic,
    /// <summary>A Belgian VAT number gave the organization's enterprise number.</summary>
    Vat,
    /// <summary>An organization imported from ROR bears the CORDIS name or short name.</summary>
    Ror,
    /// <summary>An organization bears the CORDIS name, possibly without a legal form such as SA or VZW.</summary>
    Name,
}

/// <summary>What an import did (or, in a dry run, would do). Organizations are counted once each, by the rule that first found them.</summary>
public sealed record CordisImportReport(
    int ProjectsCreated,
    int ProjectsUpdated,
    int ProjectsUnchanged,
    int ProjectsFailed,
    IReadOnlyDictionary<OrganizationMatch, int> OrganizationsMatched,
    int OrganizationsCreated,
    IReadOnlyList<CordisImportProblem> Problems);

/// <summary>
/// Imports the CORDIS open-data exports (project.csv and organization.csv of Horizon Europe or H2020), the engine of
/// <c>biotope import cordis PROJECTS.csv ORGANIZATIONS.csv [--dry-run]</c>. Each project becomes a portfolio project
/// (source Cordis, slug cordis-{id}) with one partner per participation. Organizations are matched by PIC, Belgian VAT,
/// ROR names, then names, and created otherwise; the PIC is recorded on them so re-runs match it first. A project
/// and its participations (and the organizations they create) are saved in one transaction. Values are assigned
/// only when they differ, so re-running the same files changes nothing. Partners are added and updated, never removed.
/// </summary>
/// <remarks>Clears <paramref name="db"/>'s change tracker after each project: give it a context of its own.</remarks>
public sealed class CordisImporter(BiotopeDb db, TextWriter log)
{
    public const string PicScheme = "cordis-pic";
    public const string Funder = "European Commission";

    /// <param name="projectsPath">CORDIS's project.csv.</param>
    /// <param name="organizationsPath">CORDIS's organization.csv: the participations.</param>
    /// <param name="dryRun">Compute and log the changes without writing anything.</param>
    /// <exception cref="CordisFileException">A file cannot be read at all; nothing was written.</exception>
    public async Task<CordisImportReport> ImportAsync(string projectsPath, string organizationsPath, bool dryRun, CancellationToken ct = default)
    {
        var run = new ImportRun(dryRun, Path.GetFileName(projectsPath), Path.GetFileName(organizationsPath));
        // Both files are read before the database is touched, so an unreadable one leaves it as it was.
        var readProblems = new List<CordisImportProblem>();
        var (projects, rejectedProjectLines) = CordisFiles.ReadProjects(projectsPath, readProblems);
        var (participations, rejectedParticipationLines) = CordisFiles.ReadParticipations(organizationsPath, readProblems);
        foreach (var problem in readProblems) Reject(run, problem);

        await LoadDirectoryAsync(run, ct);
        var storedProjectIds = (await db.Projects.AsNoTracking().Where(p => p.CordisId != null).Select(p => p.CordisId!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);

        var participationsByProject = participations.GroupBy(p => p.ProjectId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var project in projects)
            await ImportProjectAsync(project.Id, project, participationsByProject.GetValueOrDefault(project.Id) ?? [], rejectedParticipationLines.GetValueOrDefault(project.Id) ?? [], run, ct);

        var projectIdsInFile = projects.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (projectId, rows) in participationsByProject.Where(g => !projectIdsInFile.Contains(g.Key)))
        {
            if (rejectedProjectLines.TryGetValue(projectId, out var projectLine))
                RejectAll(run, rows, $"its project {projectId} was rejected ({run.ProjectsFile} line {projectLine})");
            else if (!storedProjectIds.Contains(projectId))
                RejectAll(run, rows, $"project {projectId} is neither in {run.ProjectsFile} nor in the database");
            else
                await ImportProjectAsync(projectId, null, rows, rejectedParticipationLines.GetValueOrDefault(projectId) ?? [], run, ct);
        }

        var matched = Enum.GetValues<OrganizationMatch>().ToDictionary(rule => rule, rule => run.Matched.GetValueOrDefault(rule));
        log.WriteLine($"CORDIS import: projects {run.ProjectsCreated} created, {run.ProjectsUpdated} updated, {run.ProjectsUnchanged} unchanged, {run.ProjectsFailed} failed; "
            + $"organizations matched {matched[OrganizationMatch.Pic]} by PIC, {matched[OrganizationMatch.Vat]} by VAT, {matched[OrganizationMatch.Ror]} by ROR, "
            + $"{matched[OrganizationMatch.Name]} by name, {run.OrganizationsCreated} created; {run.Problems.Count} rows rejected"
            + (dryRun ? " (dry run: nothing written)" : ""));
        var problems = run.Problems.OrderBy(p => p.File == run.ProjectsFile ? 0 : 1).ThenBy(p => p.Line).ToList();
        return new CordisImportReport(run.ProjectsCreated, run.ProjectsUpdated, run.ProjectsUnchanged, run.ProjectsFailed, matched, run.OrganizationsCreated, problems);
    }

    private async Task LoadDirectoryAsync(ImportRun run, CancellationToken ct)
    {
        var organizations = await db.Organizations.AsNoTracking()
            .Select(o => new
            {
                o.Id,
                o.Slug,
                o.Name,
                o.NameFr,
                o.NameEn,
                o.NameNl,
                o.Acronym,
                o.Aliases,
                o.Country,
                o.RorId,
                o.EnterpriseNumber,
                o.ExternalIds,
                o.DeletedAt,
            })
            .ToListAsync(ct);
        foreach (var o in organizations)
        {
            run.Directory.ReserveSlug(o.Slug);
            // A deleted organization is not matched, but its unique enterprise number cannot be given to another.
            if (o.DeletedAt is not null)
            {
                if (o.EnterpriseNumber is not null) run.Directory.ReserveEnterpriseNumber(o.EnterpriseNumber);
                continue;
            }
            var known = new KnownOrganization(o.Id, o.Slug);
            string?[] names = [o.Name, o.NameFr, o.NameEn, o.NameNl, .. o.Aliases];
            run.Directory.AddNames(known, o.Country, names);
            if (o.RorId is not null) run.Directory.AddRorNames(known, o.Country, [.. names, o.Acronym]);
            if (o.EnterpriseNumber is not null) run.Directory.AddEnterpriseNumber(known, o.EnterpriseNumber);
            foreach (var pic in o.ExternalIds.Where(e => e.Scheme == PicScheme)) run.Directory.AddPic(known, pic.Value);
        }
        run.Directory.Commit();
    }

    /// <param name="linesRejectedOnRead">Lines of the project's participations that were rejected when the file was read.</param>
    private async Task ImportProjectAsync(
        string cordisId, CordisProjectRow? row, List<CordisParticipationRow> participations, List<int> linesRejectedOnRead, ImportRun run, CancellationToken ct)
    {
        var resolved = new List<(KnownOrganization Organization, OrganizationMatch? Rule)>();
        var skippedLines = new List<int>(linesRejectedOnRead);
        var transaction = run.DryRun ? null : await db.Database.BeginTransactionAsync(ct);
        try
        {
            var project = await db.Projects.Include(p => p.Partners).FirstOrDefaultAsync(p => p.CordisId == cordisId, ct);
            var isNew = project is null;
            if (project is null)
            {
                if (row is null) throw new InvalidOperationException($"project {cordisId} is no longer in the database");
                project = new Project { Slug = $"cordis-{cordisId}", CordisId = cordisId, Source = ProjectSource.Cordis, Acronym = row.Acronym, TitleEn = row.Title };
                db.Projects.Add(project);
            }
            var changes = row is null ? [] : ApplyProjectFields(project, row);

            var lineByPartner = new Dictionary<KnownOrganization, int>();
            foreach (var participation in participations)
            {
                var (organization, rule, problem) = await ResolveAsync(participation, run, ct);
                if (organization is null)
                {
                    Reject(run, new CordisImportProblem(run.OrganizationsFile, participation.Line, problem!));
                    skippedLines.Add(participation.Line);
                    continue;
                }
                if (lineByPartner.TryGetValue(organization, out var firstLine))
                {
                    Reject(run, new CordisImportProblem(run.OrganizationsFile, participation.Line,
                        $"{participation.Name} is the same organization ({organization.Slug}) as line {firstLine} in project {cordisId}"));
                    skippedLines.Add(participation.Line);
                    continue;
                }
                lineByPartner[organization] = participation.Line;
                resolved.Add((organization, rule));
                changes.AddRange(ApplyPartner(project, organization, participation));
            }

            if (transaction is not null)
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            run.Directory.Commit();
            foreach (var (organization, rule) in resolved)
            {
                if (!run.DryRun && organization.Unsaved is { } created)
                {
                    organization.Id = created.Id;
                    organization.Unsaved = null;
                }
                if (!run.Counted.Add(organization)) continue;
                if (rule is { } matchedBy) run.Matched[matchedBy] = run.Matched.GetValueOrDefault(matchedBy) + 1;
                else run.OrganizationsCreated++;
            }

            // The rows left out are named with the project, so a partial project is not mistaken for a complete one.
            var skipped = skippedLines.Count == 0 ? "" : $"; skipped {run.OrganizationsFile} line{(skippedLines.Count == 1 ? "" : "s")} {string.Join(", ", skippedLines.Order())}";
            if (isNew)
            {
                run.ProjectsCreated++;
                log.WriteLine($"create project {cordisId} {project.Acronym}: {project.Partners.Count} partners{skipped}");
            }
            else if (changes.Count > 0)
            {
                run.ProjectsUpdated++;
                log.WriteLine($"update project {cordisId} {project.Acronym}: {string.Join(", ", changes)}{skipped}");
            }
            else
            {
                run.ProjectsUnchanged++;
                if (skipped.Length > 0) log.WriteLine($"unchanged project {cordisId} {project.Acronym}{skipped}");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Directory.Rollback();
            run.ProjectsFailed++;
            var (file, line) = row is not null ? (run.ProjectsFile, row.Line) : (run.OrganizationsFile, participations[0].Line);
            Reject(run, new CordisImportProblem(file, line, $"project {cordisId} not saved, nothing of it was written: {ex.GetBaseException().Message}"));
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync();
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Writes the fields CORDIS owns, only where they differ; returns the changed fields.</summary>
    private static List<string> ApplyProjectFields(Project project, CordisProjectRow row)
    {
        var changedFields = new List<string>();
        void Assign<T>(string field, T current, T desired, Action<T> assign)
        {
            if (EqualityComparer<T>.Default.Equals(current, desired)) return;
            assign(desired);
            changedFields.Add(field);
        }

        Assign(nameof(Project.Acronym), project.Acronym, row.Acronym, v => project.Acronym = v);
        Assign(nameof(Project.TitleEn), project.TitleEn, row.Title, v => project.TitleEn = v);
        Assign(nameof(Project.SummaryEn), project.SummaryEn, row.Objective, v => project.SummaryEn = v);
        Assign(nameof(Project.StartDate), project.StartDate, row.StartDate, v => project.StartDate = v);
        Assign(nameof(Project.EndDate), project.EndDate, row.EndDate, v => project.EndDate = v);
        Assign(nameof(Project.Funder), project.Funder, Funder, v => project.Funder = v);
        Assign(nameof(Project.Programme), project.Programme, row.Programme, v => project.Programme = v);
        // CORDIS's word: a SIGNED project whose end date has passed stays Active until CORDIS closes it.
        Assign(nameof(Project.Status), project.Status, row.Status, v => project.Status = v);
        return changedFields;
    }

    /// <summary>Adds the organization as a partner or updates its role and amounts; returns what changed.</summary>
    private static List<string> ApplyPartner(Project project, KnownOrganization organization, CordisParticipationRow row)
    {
        var partner = organization.Id is { } id ? project.Partners.FirstOrDefault(p => p.OrganizationId == id) : null;
        if (partner is null)
        {
            project.Partners.Add(new ProjectPartner
            {
                OrganizationId = organization.Id ?? 0,
                Organization = organization.Unsaved,
                Role = row.Role,
                Budget = row.TotalCost,
                Funding = row.EcContribution,
            });
            return [$"partner {organization.Slug} added"];
        }

        var changedFields = new List<string>();
        if (partner.Role != row.Role)
        {
            partner.Role = row.Role;
            changedFields.Add(nameof(ProjectPartner.Role));
        }
        if (partner.Budget != row.TotalCost)
        {
            partner.Budget = row.TotalCost;
            changedFields.Add(nameof(ProjectPartner.Budget));
        }
        if (partner.Funding != row.EcContribution)
        {
            partner.Funding = row.EcContribution;
            changedFields.Add(nameof(ProjectPartner.Funding));
        }
        return changedFields.Count == 0 ? [] : [$"partner {organization.Slug} {string.Join(", ", changedFields)}"];
    }

    /// <summary>The directory organization of a participation: matched by PIC, VAT, ROR names or names, else created.</summary>
    private async Task<(KnownOrganization? Organization, OrganizationMatch? Rule, string? Problem)> ResolveAsync(CordisParticipationRow row, ImportRun run, CancellationToken ct)
    {
        var directory = run.Directory;
        if (row.Pic is { } pic)
        {
            var withPic = directory.WithPic(pic);
            if (withPic.Count > 1) return (null, null, Ambiguous(row, "PIC", withPic));
            if (withPic.Count == 1) return (withPic[0], OrganizationMatch.Pic, null);
        }

        var enterpriseNumber = BelgianEnterpriseNumber(row);
        (KnownOrganization Organization, OrganizationMatch Rule)? match = null;
        if (enterpriseNumber is not null && directory.WithEnterpriseNumber(enterpriseNumber) is { } byNumber)
            match = (byNumber, OrganizationMatch.Vat);
        else
        {
            var byRor = directory.WithRorName(row.Country, row.Name, row.ShortName);
            if (byRor.Count > 1) return (null, null, Ambiguous(row, "ROR name", byRor));
            if (byRor.Count == 1) match = (byRor[0], OrganizationMatch.Ror);
            else
            {
                var byName = directory.WithName(row.Country, row.Name);
                if (byName.Count > 1) return (null, null, Ambiguous(row, "name", byName));
                if (byName.Count == 1) match = (byName[0], OrganizationMatch.Name);
            }
        }

        if (match is { } found)
        {
            log.WriteLine($"match {Describe(row)} to {found.Organization.Slug} by {found.Rule}");
            if (row.Pic is not null) await RecordPicAsync(found.Organization, row.Pic, run, ct);
            return (found.Organization, found.Rule, null);
        }
        return (Create(row, enterpriseNumber, run), null, null);
    }

    /// <summary>Records the PIC on a matched organization that lacks it, so the next run matches it first.</summary>
    private async Task RecordPicAsync(KnownOrganization organization, string pic, ImportRun run, CancellationToken ct)
    {
        run.Directory.AddPic(organization, pic);
        var entity = organization.Unsaved ?? await db.Organizations.FirstAsync(o => o.Id == organization.Id, ct);
        if (entity.ExternalIds.Any(e => e.Scheme == PicScheme && e.Value == pic)) return;
        entity.ExternalIds.Add(new ExternalId { Scheme = PicScheme, Value = pic });
        log.WriteLine($"record PIC {pic} on {organization.Slug}");
    }

    private KnownOrganization Create(CordisParticipationRow row, string? enterpriseNumber, ImportRun run)
    {
        var directory = run.Directory;
        var organization = new Organization
        {
            Slug = directory.UniqueSlug(row.Name),
            Name = row.Name,
            Acronym = row.ShortName is { } shortName && TextNormalizer.Normalize(shortName) != TextNormalizer.Normalize(row.Name) ? shortName : null,
            Type = CordisFiles.DirectoryType(row),
            StreetAddress = row.Street,
            PostalCode = row.PostCode,
            City = row.City,
            Country = row.Country,
            NutsCode = row.NutsCode is { } nutsCode && Nuts.IsKnown(nutsCode) ? nutsCode : null,
            Website = row.Website,
            EnterpriseNumber = enterpriseNumber is not null && !directory.IsEnterpriseNumberTaken(enterpriseNumber) ? enterpriseNumber : null,
            ExternalIds = row.Pic is null ? [] : [new ExternalId { Scheme = PicScheme, Value = row.Pic }],
        };
        var known = new KnownOrganization(null, organization.Slug) { Unsaved = organization };
        directory.ReserveSlug(organization.Slug);
        directory.AddNames(known, organization.Country, [organization.Name]);
        if (organization.EnterpriseNumber is not null) directory.AddEnterpriseNumber(known, organization.EnterpriseNumber);
        if (row.Pic is not null) directory.AddPic(known, row.Pic);
        log.WriteLine($"create organization {Describe(row)} as {organization.Slug} ({organization.Type})");
        if (row.DroppedWebsite is { } dropped) log.WriteLine($"drop website \"{dropped}\" of {organization.Slug}: not an absolute http(s) address");
        return known;
    }

    /// <summary>The enterprise number a Belgian VAT number ("BE0123456789", "BE 0123.456.789") gives, if it is valid.</summary>
    private static string? BelgianEnterpriseNumber(CordisParticipationRow row)
    {
        if (row.VatNumber is not { } vat) return null;
        var isBelgian = vat.StartsWith("BE", StringComparison.OrdinalIgnoreCase) || (row.Country == "BE" && char.IsAsciiDigit(vat[0]));
        return isBelgian && Identifiers.TryNormalizeEnterpriseNumber(vat, out var number, out _) ? number : null;
    }

    private static string Ambiguous(CordisParticipationRow row, string rule, List<KnownOrganization> candidates) =>
        $"{Describe(row)} matches {candidates.Count} organizations by {rule} ({string.Join(", ", candidates.Select(c => c.Slug))}): "
        + (row.Pic is null ? "link it by hand" : $"add the external id {PicScheme} {row.Pic} to the right one");

    private static string Describe(CordisParticipationRow row) => row.Pic is null ? $"\"{row.Name}\"" : $"\"{row.Name}\" (PIC {row.Pic})";

    private void RejectAll(ImportRun run, List<CordisParticipationRow> rows, string reason)
    {
        foreach (var row in rows) Reject(run, new CordisImportProblem(run.OrganizationsFile, row.Line, reason));
    }

    private void Reject(ImportRun run, CordisImportProblem problem)
    {
        run.Problems.Add(problem);
        log.WriteLine($"reject {problem.File} line {problem.Line}: {problem.Reason}");
    }

    /// <summary>An organization of the directory, or one this run creates (then without an id until its project is saved).</summary>
    private sealed class KnownOrganization(int? id, string slug)
    {
        public int? Id { get; set; } = id;
        public string Slug { get; } = slug;
        /// <summary>The new organization, until its project is saved (in a dry run, for ever).</summary>
        public Organization? Unsaved { get; set; }
    }

    /// <summary>
    /// The directory as the matching rules see it, by PIC, enterprise number and normalized names per country. Changes
    /// made while a project is imported are undone if its transaction fails, so nothing refers to rows that were not written.
    /// </summary>
    private sealed class KnownDirectory
    {
        // Trailing legal forms dropped from names before the second comparison; "S.A." normalizes to "s a".
        private static readonly string[] LegalForms =
        [
            .. new[] { "sa", "sprl", "srl", "nv", "asbl", "vzw", "bv", "bvba", "cv", "cvba", "scrl", "sc", "aisbl", "ivzw", "gmbh", "ag", "sas", "sarl", "spa", "ltd", "limited", "plc", "ab", "oy", "as" }
                .SelectMany(form => form.Length <= 5 ? new[] { form, string.Join(' ', form.ToCharArray()) } : [form])
                .Distinct()
                .OrderByDescending(form => form.Length),
        ];

        private readonly Dictionary<string, List<KnownOrganization>> byPic = new(StringComparer.Ordinal);
        private readonly Dictionary<string, KnownOrganization> byEnterpriseNumber = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Country, string Name), List<KnownOrganization>> byRorName = [];
        private readonly Dictionary<(string Country, string Name), List<KnownOrganization>> byName = [];
        private readonly HashSet<string> reservedEnterpriseNumbers = new(StringComparer.Ordinal);
        private readonly HashSet<string> slugs = new(StringComparer.Ordinal);
        private readonly List<Action> undo = [];

        public void Commit() => undo.Clear();

        public void Rollback()
        {
            for (var i = undo.Count - 1; i >= 0; i--) undo[i]();
            undo.Clear();
        }

        public List<KnownOrganization> WithPic(string pic) => byPic.TryGetValue(pic, out var found) ? found : [];

        public KnownOrganization? WithEnterpriseNumber(string number) => byEnterpriseNumber.GetValueOrDefault(number);

        public bool IsEnterpriseNumberTaken(string number) => byEnterpriseNumber.ContainsKey(number) || reservedEnterpriseNumbers.Contains(number);

        public List<KnownOrganization> WithRorName(string country, params string?[] names) =>
            [.. names.Select(TextNormalizer.Normalize).Where(k => k.Length > 0)
                .SelectMany(key => byRorName.TryGetValue((country, key), out var found) ? found : [])
                .Distinct()];

        /// <summary>Organizations with this name in this country; failing that, with this name without its legal form.</summary>
        public List<KnownOrganization> WithName(string country, string name)
        {
            var key = TextNormalizer.Normalize(name);
            if (byName.TryGetValue((country, key), out var found) && found.Count > 0) return [.. found.Distinct()];
            var withoutLegalForm = WithoutLegalForm(key);
            return withoutLegalForm != key && byName.TryGetValue((country, withoutLegalForm), out found) ? [.. found.Distinct()] : [];
        }

        public void AddPic(KnownOrganization organization, string pic) => AddTo(byPic, pic, organization);

        public void AddEnterpriseNumber(KnownOrganization organization, string number)
        {
            if (!byEnterpriseNumber.TryAdd(number, organization)) return;
            undo.Add(() => byEnterpriseNumber.Remove(number));
        }

        public void ReserveEnterpriseNumber(string number) => reservedEnterpriseNumbers.Add(number);

        /// <summary>Indexes each name as it is and without its legal form, so "Baxter" and "BAXTER S.A." meet.</summary>
        public void AddNames(KnownOrganization organization, string country, IEnumerable<string?> names)
        {
            foreach (var key in names.Select(TextNormalizer.Normalize).Where(k => k.Length > 0))
            {
                AddTo(byName, (country, key), organization);
                if (WithoutLegalForm(key) is { Length: > 0 } shorter && shorter != key) AddTo(byName, (country, shorter), organization);
            }
        }

        public void AddRorNames(KnownOrganization organization, string country, IEnumerable<string?> names)
        {
            foreach (var key in names.Select(TextNormalizer.Normalize).Where(k => k.Length > 0))
                AddTo(byRorName, (country, key), organization);
        }

        public void ReserveSlug(string slug)
        {
            if (slugs.Add(slug)) undo.Add(() => slugs.Remove(slug));
        }

        public string UniqueSlug(string name)
        {
            var baseSlug = TextNormalizer.Slug(name);
            var slug = baseSlug;
            for (var suffix = 2; slugs.Contains(slug); suffix++) slug = $"{baseSlug}-{suffix}";
            return slug;
        }

        private void AddTo<TKey>(Dictionary<TKey, List<KnownOrganization>> index, TKey key, KnownOrganization organization) where TKey : notnull
        {
            if (!index.TryGetValue(key, out var list)) index[key] = list = [];
            if (list.Contains(organization)) return;
            list.Add(organization);
            undo.Add(() => list.Remove(organization));
        }

        private static string WithoutLegalForm(string key)
        {
            foreach (var form in LegalForms)
            {
                if (key.Length > form.Length + 1 && key.EndsWith(" " + form, StringComparison.Ordinal))
                    return key[..^(form.Length + 1)];
            }
            return key;
        }
    }

    private sealed class ImportRun(bool dryRun, string projectsFile, string organizationsFile)
    {
        public bool DryRun { get; } = dryRun;
        public string ProjectsFile { get; } = projectsFile;
        public string OrganizationsFile { get; } = organizationsFile;
        public int ProjectsCreated { get; set; }
        public int ProjectsUpdated { get; set; }
        public int ProjectsUnchanged { get; set; }
        public int ProjectsFailed { get; set; }
        public int OrganizationsCreated { get; set; }
        public Dictionary<OrganizationMatch, int> Matched { get; } = [];
        public List<CordisImportProblem> Problems { get; } = [];
        public KnownDirectory Directory { get; } = new();

        /// <summary>Organizations already counted in the summary, each by the rule that first found it.</summary>
        public HashSet<KnownOrganization> Counted { get; } = [];
    }
}
