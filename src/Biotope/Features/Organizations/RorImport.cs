using Biotope.Data;
using Biotope.Features.Organizations.Search;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Organizations;

/// <summary>What an import did (or, in a dry run, would do).</summary>
public sealed record RorImportReport(int Created, int Updated, int Unchanged, int RelationsAdded, IReadOnlyList<RorImportFailure> Failures);

/// <summary>A record that was not imported: <see cref="File"/> is the file name, without its folder.</summary>
public sealed record RorImportFailure(string File, string Reason);

/// <summary>
/// Imports Research Organization Registry (ROR) schema v2 records into the directory, the engine of
/// <c>biotope import ror PATH [--dry-run]</c>. Each record is matched by ROR id, then by exact normalized
/// name against organizations without a ROR id, so hand-made entries are enriched rather than duplicated.
/// Only the fields ROR owns are written; re-running the same files changes nothing.
/// </summary>
/// <remarks>Clears <paramref name="db"/>'s change tracker after each record: give it a context of its own.</remarks>
public sealed class RorImporter(BiotopeDb db, TextWriter log)
{
    // First ROR type found in this order decides the directory type. Funder comes last: most ROR funders
    // are agencies or foundations and carry a government or nonprofit type as well; funder alone means Investor.
    private static readonly (string RorType, OrganizationType Type)[] TypesByPriority =
    [
        ("education", OrganizationType.University),
        ("healthcare", OrganizationType.Hospital),
        ("company", OrganizationType.Sme), // ROR does not tell a company's size.
        ("facility", OrganizationType.ResearchInstitute),
        ("government", OrganizationType.PublicAgency),
        ("nonprofit", OrganizationType.Other),
        ("archive", OrganizationType.Other),
        ("other", OrganizationType.Other),
        ("funder", OrganizationType.Investor),
    ];

    // GeoNames first-level subdivisions of Belgium (ISO 3166-2:BE) to region-level NUTS codes.
    private static readonly Dictionary<string, string> NutsCodeByBelgianRegion = new(StringComparer.Ordinal)
    {
        ["BRU"] = "BE1",
        ["VLG"] = "BE2",
        ["WAL"] = "BE3",
    };

    // External id schemes that ROR provides; entries of other schemes (added by hand) are kept.
    private static readonly HashSet<string> RorExternalIdSchemes = new(["fundref", "grid", "isni", "wikidata"], StringComparer.OrdinalIgnoreCase);

    // Relations that are more specific than PartOf: when one is already recorded, ROR's parent link adds nothing.
    private static readonly RelationKind[] KindsImplyingPartOf = [RelationKind.SubsidiaryOf, RelationKind.SpinOffOf];

    /// <param name="path">A folder of <c>*.json</c> record files (not recursive, read in ordinal order) or one record file.</param>
    /// <param name="dryRun">Compute and log the changes without writing anything.</param>
    public async Task<RorImportReport> ImportAsync(string path, bool dryRun, CancellationToken ct = default)
    {
        var run = new ImportRun(dryRun);
        var records = await ReadRecordsAsync(ListRecordFiles(path), run, ct);
        await LoadDirectoryAsync(run, ct);
        foreach (var (file, record) in records)
            await ImportRecordAsync(file, record, run, ct);
        await AddRelationsAsync(records, run, ct);

        log.WriteLine($"ROR import: {run.Created} created, {run.Updated} updated, {run.Unchanged} unchanged, "
            + $"{run.RelationsAdded} relations added, {run.Failures.Count} failed{(dryRun ? " (dry run: nothing written)" : "")}");
        return new RorImportReport(run.Created, run.Updated, run.Unchanged, run.RelationsAdded, run.Failures);
    }

    private static List<string> ListRecordFiles(string path)
    {
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*.json", SearchOption.TopDirectoryOnly)
                .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                .ToList();
            files.Sort(StringComparer.Ordinal);
            return files;
        }
        if (File.Exists(path)) return [path];
        throw new FileNotFoundException($"No ROR record file or folder at {path}", path);
    }

    /// <summary>Parses and validates every file before the database is touched.</summary>
    private async Task<List<(string File, RorRecord Record)>> ReadRecordsAsync(List<string> paths, ImportRun run, CancellationToken ct)
    {
        var records = new List<(string File, RorRecord Record)>();
        var fileByRorId = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var file = Path.GetFileName(path);
            string json;
            try
            {
                json = await File.ReadAllTextAsync(path, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Fail(run, file, $"cannot read the file: {ex.Message}");
                continue;
            }
            if (InputGuard.OffendingJsonField(System.Text.Encoding.UTF8.GetBytes(json)) is { } field)
                Fail(run, file, $"{field} holds a control character (as the API refuses it)");
            else if (!RorRecordReader.TryRead(json, out var record, out var error))
                Fail(run, file, error);
            else if (record.Status == "withdrawn")
                Fail(run, file, $"{record.RorId} is withdrawn from ROR (a retired or duplicate record): not imported");
            else if (fileByRorId.TryGetValue(record.RorId, out var firstFile))
                Fail(run, file, $"same ROR id {record.RorId} as {firstFile}");
            else
            {
                fileByRorId[record.RorId] = file;
                records.Add((file, record));
            }
        }
        return records;
    }

    private async Task LoadDirectoryAsync(ImportRun run, CancellationToken ct)
    {
        run.Slugs.UnionWith(await db.Organizations.AsNoTracking().Select(o => o.Slug).ToListAsync(ct));

        var unlinked = await db.Organizations.AsNoTracking()
            .Where(o => o.RorId == null && o.DeletedAt == null)
            .Select(o => new { o.Id, o.Name, o.NameFr, o.NameEn })
            .ToListAsync(ct);
        foreach (var organization in unlinked)
        {
            foreach (var key in new[] { organization.Name, organization.NameFr, organization.NameEn }.Select(TextNormalizer.Normalize).Where(k => k.Length > 0).Distinct())
            {
                if (!run.UnlinkedIdsByName.TryGetValue(key, out var ids)) run.UnlinkedIdsByName[key] = ids = [];
                ids.Add(organization.Id);
            }
        }
    }

    private async Task ImportRecordAsync(string file, RorRecord record, ImportRun run, CancellationToken ct)
    {
        // In a dry run nothing is tracked, so nothing could be saved even by mistake.
        var organizations = run.DryRun ? db.Organizations.AsNoTracking() : db.Organizations;
        try
        {
            if (record.Website is { } website && !WebAddress.IsHttp(website))
            {
                // Only http(s) addresses are stored: a javascript: or ftp: link is left out, and the report says so.
                log.WriteLine($"drop website \"{website}\" of {record.RorId}: not an absolute http(s) address");
                record = record with { Website = null };
            }
            var organization = await organizations.FirstOrDefaultAsync(o => o.RorId == record.RorId, ct);
            if (organization is null)
            {
                var namesakes = UnlinkedNamesakes(record.DisplayName, run);
                if (namesakes.Count > 1)
                {
                    Fail(run, file, $"{record.RorId} \"{record.DisplayName}\" matches several organizations without a ROR id (ids {string.Join(", ", namesakes)}): link one by hand");
                    return;
                }
                if (namesakes.Count == 1)
                    organization = await organizations.FirstAsync(o => o.Id == namesakes[0], ct);
            }

            if (organization is null)
                await CreateAsync(record, run, ct);
            else
                await UpdateAsync(organization, record, run, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(run, file, $"{record.RorId} not saved: {ex.GetBaseException().Message}");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private List<int> UnlinkedNamesakes(string name, ImportRun run) =>
        run.UnlinkedIdsByName.TryGetValue(TextNormalizer.Normalize(name), out var ids)
            ? [.. ids.Where(id => !run.LinkedIds.Contains(id)).Distinct()]
            : [];

    private async Task CreateAsync(RorRecord record, ImportRun run, CancellationToken ct)
    {
        var organization = new Organization
        {
            Slug = UniqueSlug(record.DisplayName, run.Slugs),
            Name = record.DisplayName,
            Type = DirectoryType(record.Types),
            Country = record.CountryCode ?? "BE",
        };
        ApplyRorFields(organization, record);
        if (!run.DryRun)
        {
            db.Organizations.Add(organization);
            await db.SaveChangesAsync(ct);
        }
        run.Slugs.Add(organization.Slug);
        run.Created++;
        run.Imported[record.RorId] = new KnownOrganization(run.DryRun ? null : organization.Id, organization.Name);
        log.WriteLine($"create {record.RorId} {organization.Name}");
    }

    private async Task UpdateAsync(Organization organization, RorRecord record, ImportRun run, CancellationToken ct)
    {
        var changedFields = ApplyRorFields(organization, record);
        if (changedFields.Count == 0)
            run.Unchanged++;
        else
        {
            if (!run.DryRun) await db.SaveChangesAsync(ct);
            run.Updated++;
            log.WriteLine($"update {record.RorId} {organization.Name}: {string.Join(", ", changedFields)}");
        }
        run.LinkedIds.Add(organization.Id);
        run.Imported[record.RorId] = new KnownOrganization(organization.Id, organization.Name);
    }

    private static string UniqueSlug(string name, HashSet<string> takenSlugs)
    {
        var baseSlug = TextNormalizer.Slug(name);
        var slug = baseSlug;
        for (var suffix = 2; takenSlugs.Contains(slug); suffix++) slug = $"{baseSlug}-{suffix}";
        return slug;
    }

    private static OrganizationType DirectoryType(IReadOnlyList<string> rorTypes) =>
        TypesByPriority.Where(p => rorTypes.Contains(p.RorType)).Select(p => p.Type).DefaultIfEmpty(OrganizationType.Other).First();

    /// <summary>
    /// Writes the fields ROR owns, assigning only values that differ so that an unchanged record leaves the
    /// entity unmodified. Never touches type, descriptions, sectors, membership or slug. Returns the changed fields.
    /// </summary>
    private static List<string> ApplyRorFields(Organization organization, RorRecord record)
    {
        var changedFields = new List<string>();
        void Assign<T>(string field, T current, T desired, Action<T> assign)
        {
            if (EqualityComparer<T>.Default.Equals(current, desired)) return;
            assign(desired);
            changedFields.Add(field);
        }

        Assign(nameof(Organization.Name), organization.Name, record.DisplayName, v => organization.Name = v);
        // A language ROR does not name keeps the directory's name.
        Assign(nameof(Organization.NameFr), organization.NameFr, record.NameIn("fr") ?? organization.NameFr, v => organization.NameFr = v);
        Assign(nameof(Organization.NameEn), organization.NameEn, record.NameIn("en") ?? organization.NameEn, v => organization.NameEn = v);
        Assign(nameof(Organization.NameNl), organization.NameNl, record.NameIn("nl") ?? organization.NameNl, v => organization.NameNl = v);
        if (string.IsNullOrWhiteSpace(organization.Acronym) && record.Acronyms.FirstOrDefault() is { } acronym)
            Assign(nameof(Organization.Acronym), organization.Acronym, acronym, v => organization.Acronym = v);

        var aliases = MergedAliases(organization, record);
        if (!organization.Aliases.SequenceEqual(aliases, StringComparer.Ordinal))
        {
            organization.Aliases = aliases;
            changedFields.Add(nameof(Organization.Aliases));
        }

        if (string.IsNullOrWhiteSpace(organization.City) && record.City is not null)
            Assign(nameof(Organization.City), organization.City, record.City, v => organization.City = v);
        if (string.IsNullOrWhiteSpace(organization.Country) && record.CountryCode is not null)
            Assign(nameof(Organization.Country), organization.Country, record.CountryCode, v => organization.Country = v);
        if (RegionNutsCode(record) is { } regionCode && IsEmptyOrLessPrecise(organization.NutsCode, regionCode))
            Assign(nameof(Organization.NutsCode), organization.NutsCode, regionCode, v => organization.NutsCode = v);
        if (string.IsNullOrWhiteSpace(organization.Website) && record.Website is not null)
            Assign(nameof(Organization.Website), organization.Website, record.Website, v => organization.Website = v);
        if (organization.FoundedYear is null && record.Established is not null)
            Assign(nameof(Organization.FoundedYear), organization.FoundedYear, record.Established, v => organization.FoundedYear = v);

        var externalIds = MergedExternalIds(organization, record);
        if (!organization.ExternalIds.Select(e => (e.Scheme, e.Value)).SequenceEqual(externalIds.Select(e => (e.Scheme, e.Value))))
        {
            organization.ExternalIds = externalIds;
            changedFields.Add(nameof(Organization.ExternalIds));
        }

        Assign(nameof(Organization.RorId), organization.RorId, record.RorId, v => organization.RorId = v);
        return changedFields;
    }

    /// <summary>
    /// The directory's aliases followed by ROR's labels and aliases not chosen as a name, and its acronyms other than
    /// <see cref="Organization.Acronym"/>; without duplicates or repeats of a name (compared normalized).
    /// Existing aliases are kept so that hand-typed ones survive an import.
    /// </summary>
    private static List<string> MergedAliases(Organization organization, RorRecord record)
    {
        var seenKeys = new HashSet<string>(
            new[] { organization.Name, organization.NameFr, organization.NameEn, organization.NameNl, organization.Acronym }
                .Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => AliasKey(n!)),
            StringComparer.Ordinal);
        IEnumerable<string> candidates =
        [
            .. organization.Aliases,
            .. record.Names.Where(n => n.IsLabel || n.IsAlias).Select(n => n.Value),
            .. record.Acronyms,
        ];
        return [.. candidates.Where(alias => !string.IsNullOrWhiteSpace(alias) && seenKeys.Add(AliasKey(alias)))];
    }

    private static string AliasKey(string alias) => TextNormalizer.Normalize(alias) is { Length: > 0 } key ? key : alias.Trim();

    /// <summary>Hand-added ids of other schemes first (same instances), then ROR's ids, which replace any of the ROR schemes.</summary>
    private static List<ExternalId> MergedExternalIds(Organization organization, RorRecord record) =>
    [
        .. organization.ExternalIds.Where(e => !RorExternalIdSchemes.Contains(e.Scheme) && !record.ExternalIds.Any(r => string.Equals(r.Scheme, e.Scheme, StringComparison.OrdinalIgnoreCase))),
        .. record.ExternalIds.Select(e => new ExternalId { Scheme = e.Scheme, Value = e.Value }),
    ];

    private static string? RegionNutsCode(RorRecord record) =>
        record.CountryCode == "BE" && record.CountrySubdivisionCode is { } region && NutsCodeByBelgianRegion.TryGetValue(region, out var code) ? code : null;

    /// <summary>True if <paramref name="current"/> is empty or a coarser code containing <paramref name="regionCode"/> (BE → BE3); a finer or different code is kept.</summary>
    private static bool IsEmptyOrLessPrecise(string? current, string regionCode) =>
        string.IsNullOrWhiteSpace(current) || (regionCode.Length > current.Length && regionCode.StartsWith(current, StringComparison.Ordinal));

    /// <summary>
    /// Second pass: links records whose other end (by ROR id) is in the directory or, in a dry run, would be.
    /// parent and child become PartOf; related, successor and predecessor become one RelatedTo per pair.
    /// </summary>
    private async Task AddRelationsAsync(List<(string File, RorRecord Record)> records, ImportRun run, CancellationToken ct)
    {
        var linkedOrganizations = await db.Organizations.AsNoTracking()
            .Where(o => o.RorId != null)
            .Select(o => new { o.Id, o.RorId, o.Name })
            .ToListAsync(ct);
        var organizationsByRorId = linkedOrganizations.ToDictionary(o => o.RorId!, o => new KnownOrganization(o.Id, o.Name), StringComparer.Ordinal);
        foreach (var (rorId, organization) in run.Imported) organizationsByRorId[rorId] = organization;
        var rorIdsByOrganizationId = organizationsByRorId.Where(p => p.Value.Id is not null).ToDictionary(p => p.Value.Id!.Value, p => p.Key);

        var existingRelations = await db.OrganizationRelations.AsNoTracking()
            .Select(r => new { r.FromOrganizationId, r.ToOrganizationId, r.Kind })
            .ToListAsync(ct);
        var knownRelations = new HashSet<PlannedRelation>();
        foreach (var relation in existingRelations)
        {
            if (rorIdsByOrganizationId.TryGetValue(relation.FromOrganizationId, out var from) && rorIdsByOrganizationId.TryGetValue(relation.ToOrganizationId, out var to))
                knownRelations.Add(new PlannedRelation(from, to, relation.Kind));
        }

        foreach (var (file, record) in records)
        {
            if (!organizationsByRorId.ContainsKey(record.RorId)) continue;
            var newRelations = new List<PlannedRelation>();
            foreach (var relationship in record.Relationships)
            {
                if (relationship.RorId == record.RorId || !organizationsByRorId.ContainsKey(relationship.RorId)) continue;
                var relation = relationship.Kind switch
                {
                    "parent" => new PlannedRelation(record.RorId, relationship.RorId, RelationKind.PartOf),
                    "child" => new PlannedRelation(relationship.RorId, record.RorId, RelationKind.PartOf),
                    _ => new PlannedRelation(record.RorId, relationship.RorId, RelationKind.RelatedTo),
                };
                if (IsAlreadyRecorded(relation, knownRelations)) continue;
                knownRelations.Add(relation);
                newRelations.Add(relation);
            }
            if (newRelations.Count == 0) continue;

            if (!run.DryRun && !await SaveRelationsAsync(file, newRelations, organizationsByRorId, run, ct))
            {
                knownRelations.ExceptWith(newRelations);
                continue;
            }
            run.RelationsAdded += newRelations.Count;
            foreach (var relation in newRelations)
            {
                log.WriteLine($"relate {relation.FromRorId} {relation.Kind} {relation.ToRorId} "
                    + $"({organizationsByRorId[relation.FromRorId].Name} -> {organizationsByRorId[relation.ToRorId].Name})");
            }
        }
    }

    private static bool IsAlreadyRecorded(PlannedRelation relation, HashSet<PlannedRelation> knownRelations) =>
        knownRelations.Contains(relation)
        || (relation.Kind == RelationKind.RelatedTo && knownRelations.Contains(relation with { FromRorId = relation.ToRorId, ToRorId = relation.FromRorId }))
        || (relation.Kind == RelationKind.PartOf && KindsImplyingPartOf.Any(kind => knownRelations.Contains(relation with { Kind = kind })));

    private async Task<bool> SaveRelationsAsync(string file, List<PlannedRelation> relations, Dictionary<string, KnownOrganization> organizationsByRorId, ImportRun run, CancellationToken ct)
    {
        try
        {
            db.OrganizationRelations.AddRange(relations.Select(r => new OrganizationRelation
            {
                FromOrganizationId = organizationsByRorId[r.FromRorId].Id!.Value,
                ToOrganizationId = organizationsByRorId[r.ToRorId].Id!.Value,
                Kind = r.Kind,
            }));
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(run, file, $"relations not saved: {ex.GetBaseException().Message}");
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private void Fail(ImportRun run, string file, string reason)
    {
        run.Failures.Add(new RorImportFailure(file, reason));
        log.WriteLine($"fail {file}: {reason}");
    }

    /// <summary>An organization in the directory (or, in a dry run, about to be; then without an id).</summary>
    private sealed record KnownOrganization(int? Id, string Name);

    private readonly record struct PlannedRelation(string FromRorId, string ToRorId, RelationKind Kind);

    private sealed class ImportRun(bool dryRun)
    {
        public bool DryRun { get; } = dryRun;
        public int Created { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public int RelationsAdded { get; set; }
        public List<RorImportFailure> Failures { get; } = [];

        /// <summary>Every slug in use, including those of records created in this run.</summary>
        public HashSet<string> Slugs { get; } = new(StringComparer.Ordinal);

        /// <summary>Organizations without a ROR id, by normalized Name, NameFr and NameEn: candidates for enrichment.</summary>
        public Dictionary<string, List<int>> UnlinkedIdsByName { get; } = new(StringComparer.Ordinal);

        /// <summary>Ids of organizations a record of this run was matched to, so no second record claims them.</summary>
        public HashSet<int> LinkedIds { get; } = [];

        /// <summary>Records created or matched in this run, by ROR id.</summary>
        public Dictionary<string, KnownOrganization> Imported { get; } = new(StringComparer.Ordinal);
    }
}
