using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Biotope.Data;
using Biotope.Features.Organizations;
using Biotope.Features.Projects;
using Biotope.Features.Regions;
using Biotope.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Demo;

/// <summary>What exists in the database, after seeding, of what the demo file describes.</summary>
public sealed record DemoSeedResult(int Organizations, int Projects, int Relations, bool RegionSaved);

/// <summary>
/// Fills the database with the Wallonia demo ecosystem (Features/Demo/wallonia.json).
/// Idempotent: organizations and projects are matched by slug (an organization also by its ROR id,
/// so a row a ROR import created first is enriched rather than duplicated), relations and project
/// partners are added when absent, and the region is upserted by code. On an existing row the file
/// wins for every value it states; a value the file leaves out (null or an empty list) means
/// "unknown" and leaves the row's value alone. A second run changes nothing, so it writes no audit
/// entries and bumps no versions.
/// </summary>
public static partial class DemoSeeder
{
    private const string ResourceSuffix = "Features.Demo.wallonia.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly JsonSerializerOptions CompareJson = new() { WriteIndented = false };

    public static Task<DemoSeedResult> SeedAsync(BiotopeDb db, CancellationToken ct = default) =>
        SeedAsync(db, Load(), ct);

    /// <summary>Seeds from an already loaded and validated file (see <see cref="Parse"/>).</summary>
    public static async Task<DemoSeedResult> SeedAsync(BiotopeDb db, DemoFile file, CancellationToken ct = default)
    {
        // One transaction for everything; join the caller's if there is one.
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var organizations = await UpsertOrganizationsAsync(db, file, ct);
            var relations = await AddRelationsAsync(db, file, organizations, ct);
            var projects = await UpsertProjectsAsync(db, file, organizations, ct);
            await UpsertRegionAsync(db, file.Region, ct);

            var organizationIds = organizations.Values.Select(o => o.Id).ToList();
            var projectIds = projects.Values.Select(p => p.Id).ToList();
            var existingRelations = await RelationTuplesAsync(db, organizationIds, ct);
            var result = new DemoSeedResult(
                await db.Organizations.CountAsync(o => organizationIds.Contains(o.Id), ct),
                await db.Projects.CountAsync(p => projectIds.Contains(p.Id), ct),
                relations.Count(existingRelations.Contains),
                await db.Regions.AnyAsync(r => r.Code == file.Region.Code, ct));

            if (transaction is not null) await transaction.CommitAsync(ct);
            return result;
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync();
        }
    }

    /// <summary>Reads and validates the embedded demo file.</summary>
    public static DemoFile Load()
    {
        var assembly = typeof(DemoSeeder).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"The demo data file ({ResourceSuffix}) is not embedded in {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Deserializes and validates a demo file; throws <see cref="InvalidDataException"/> listing every problem.</summary>
    public static DemoFile Parse(string json)
    {
        DemoFile? file;
        try
        {
            file = JsonSerializer.Deserialize<DemoFile>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Demo data file is malformed: {e.Message}", e);
        }
        if (file is null) throw new InvalidDataException("Demo data file is empty (null).");
        var errors = Validate(file);
        if (errors.Count > 0)
            throw new InvalidDataException($"Demo data file is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):\n- " + string.Join("\n- ", errors));
        return file;
    }

    private static List<string> Validate(DemoFile file)
    {
        var errors = new List<string>();
        var declaredSources = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in file.Sources)
        {
            if (string.IsNullOrWhiteSpace(s.File) || string.IsNullOrWhiteSpace(s.Title)) errors.Add("a source has an empty file or title");
            else if (!declaredSources.Add(s.File)) errors.Add($"source '{s.File}' is declared twice");
        }
        void CheckSources(string owner, IReadOnlyList<string> sources)
        {
            if (sources.Count == 0) errors.Add($"{owner}: has no source");
            foreach (var s in sources.Where(s => !declaredSources.Contains(s)))
                errors.Add($"{owner}: source '{s}' is not declared in the file's 'sources'");
        }

        var organizationKeys = new HashSet<string>(StringComparer.Ordinal);
        var rorIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in file.Organizations)
        {
            var at = $"organization '{o.Key}'";
            if (!SlugPattern().IsMatch(o.Key)) errors.Add($"{at}: key is not a slug (lower-case letters, digits and single hyphens, at most 120 characters)");
            if (!organizationKeys.Add(o.Key)) errors.Add($"{at}: key is used twice");
            if (string.IsNullOrWhiteSpace(o.Name)) errors.Add($"{at}: name is empty");
            if (!Enum.IsDefined(o.Type)) errors.Add($"{at}: unknown type '{o.Type}'");
            errors.AddRange(o.Sectors.Where(c => !Taxonomy.IsSector(c)).Select(c => $"{at}: unknown sector '{c}'"));
            errors.AddRange(o.Areas.Where(c => !Taxonomy.IsArea(c)).Select(c => $"{at}: unknown area '{c}'"));
            errors.AddRange(o.Stages.Where(c => !Taxonomy.IsStage(c)).Select(c => $"{at}: unknown stage '{c}'"));
            errors.AddRange(o.Capabilities.Where(c => !Taxonomy.IsCapability(c)).Select(c => $"{at}: unknown capability '{c}'"));
            errors.AddRange(o.NaceCodes.Where(c => !NacePattern().IsMatch(c)).Select(c => $"{at}: '{c}' is not a NACE Rev. 2 code"));
            foreach (var (list, name) in new[] { (o.Aliases, "aliases"), (o.Sectors, "sectors"), (o.Areas, "areas"), (o.Stages, "stages"), (o.Capabilities, "capabilities"), (o.NaceCodes, "naceCodes") })
                if (list.Distinct(StringComparer.Ordinal).Count() != list.Count) errors.Add($"{at}: {name} has duplicates");
            if (o.NutsCode is not null && !Nuts.IsKnown(o.NutsCode)) errors.Add($"{at}: unknown NUTS code '{o.NutsCode}'");
            if (o.RorId is not null)
            {
                if (!RorPattern().IsMatch(o.RorId)) errors.Add($"{at}: rorId '{o.RorId}' is not a canonical ROR id (https://ror.org/0xxxxxxdd)");
                else if (!rorIds.Add(o.RorId)) errors.Add($"{at}: rorId '{o.RorId}' is used twice");
            }
            if (o.Website is not null && !WebAddress.IsHttp(o.Website))
                errors.Add($"{at}: website '{o.Website}' is not an absolute http(s) address");
            if (o.ExternalIds.Any(e => string.IsNullOrWhiteSpace(e.Scheme) || string.IsNullOrWhiteSpace(e.Value))) errors.Add($"{at}: an external id has an empty scheme or value");
            CheckSources(at, o.Sources);
        }
        foreach (var o in file.Organizations)
        {
            var at = $"organization '{o.Key}'";
            foreach (var r in o.Relations)
            {
                if (!Enum.IsDefined(r.Kind)) errors.Add($"{at}: unknown relation kind '{r.Kind}'");
                if (!organizationKeys.Contains(r.To)) errors.Add($"{at}: relation {r.Kind} to unknown organization '{r.To}'");
                if (r.To == o.Key) errors.Add($"{at}: relation {r.Kind} to itself");
            }
            if (o.Relations.DistinctBy(r => (r.Kind, r.To)).Count() != o.Relations.Count) errors.Add($"{at}: a relation is listed twice");
        }

        var projectKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in file.Projects)
        {
            var at = $"project '{p.Key}'";
            if (!SlugPattern().IsMatch(p.Key)) errors.Add($"{at}: key is not a slug");
            if (!projectKeys.Add(p.Key)) errors.Add($"{at}: key is used twice");
            if (string.IsNullOrWhiteSpace(p.Acronym) || string.IsNullOrWhiteSpace(p.TitleEn)) errors.Add($"{at}: acronym or titleEn is empty");
            if (p.ResearchersToHire is < 0) errors.Add($"{at}: researchersToHire is negative");
            errors.AddRange(p.Partners.Where(x => !organizationKeys.Contains(x.Org)).Select(x => $"{at}: partner '{x.Org}' is not an organization of the file"));
            if (p.Partners.DistinctBy(x => x.Org).Count() != p.Partners.Count) errors.Add($"{at}: a partner is listed twice");
            CheckSources(at, p.Sources);
        }
        var parents = file.Projects.Where(p => p.Parent is not null).ToDictionary(p => p.Key, p => p.Parent!);
        foreach (var p in file.Projects)
        {
            var at = $"project '{p.Key}'";
            if (p.Strands.DistinctBy(s => s.Number).Count() != p.Strands.Count) errors.Add($"{at}: a strand number is used twice");
            foreach (var strand in p.Strands)
            {
                if (strand.Number < 1) errors.Add($"{at}: strand {strand.Number} is not numbered from 1");
                if (string.IsNullOrWhiteSpace(strand.TitleEn)) errors.Add($"{at}: strand {strand.Number} has no titleEn");
                foreach (var sub in strand.SubProjects.Where(sub => parents.GetValueOrDefault(sub) != p.Key))
                    errors.Add($"{at}: strand {strand.Number} names '{sub}', which is not a sub-project of '{p.Key}'");
            }
        }
        foreach (var (key, parent) in parents)
        {
            if (!projectKeys.Contains(parent)) errors.Add($"project '{key}': parent '{parent}' is not a project of the file");
            // Walk up: a chain that comes back to the start is a cycle.
            var seen = new HashSet<string> { key };
            for (var p = parent; p is not null; p = parents.GetValueOrDefault(p))
            {
                if (!seen.Add(p))
                {
                    errors.Add($"project '{key}': its parent chain is a cycle");
                    break;
                }
            }
        }

        var region = file.Region;
        var regionAt = $"region '{region.Code}'";
        if (!Nuts.IsKnown(region.Code)) errors.Add($"{regionAt}: unknown NUTS code");
        if (string.IsNullOrWhiteSpace(region.NameFr) || string.IsNullOrWhiteSpace(region.NameEn)) errors.Add($"{regionAt}: nameFr or nameEn is empty");
        if (region.Indicators.DistinctBy(i => i.Key).Count() != region.Indicators.Count) errors.Add($"{regionAt}: an indicator key is used twice");
        foreach (var p in region.Priorities)
        {
            errors.AddRange(p.Nace.Where(c => !NacePattern().IsMatch(c.Code)).Select(c => $"{regionAt}: '{c.Code}' is not a NACE Rev. 2 code"));
            errors.AddRange(p.Nabs.Where(c => !NabsPattern().IsMatch(c.Code)).Select(c => $"{regionAt}: '{c.Code}' is not a NABS 2007 chapter (NABS01..NABS14)"));
            errors.AddRange(p.PolicyObjectives.Where(c => !PolicyObjectivePattern().IsMatch(c.Code)).Select(c => $"{regionAt}: '{c.Code}' is not a policy objective letter"));
        }
        if (region.Networks.Any(n => string.IsNullOrWhiteSpace(n.Network) || string.IsNullOrWhiteSpace(n.Status))) errors.Add($"{regionAt}: a network has an empty name or status");
        CheckSources(regionAt, region.Sources);
        return errors;
    }

    private static async Task<Dictionary<string, Organization>> UpsertOrganizationsAsync(BiotopeDb db, DemoFile file, CancellationToken ct)
    {
        var keys = file.Organizations.Select(o => o.Key).ToList();
        var rorIds = file.Organizations.Where(o => o.RorId is not null).Select(o => BareRor(o.RorId)!).ToList();
        var existing = await db.Organizations
            .Where(o => keys.Contains(o.Slug) || (o.RorId != null && rorIds.Contains(o.RorId)))
            .ToListAsync(ct);

        var byKey = new Dictionary<string, Organization>(StringComparer.Ordinal);
        foreach (var d in file.Organizations)
        {
            var o = existing.FirstOrDefault(x => x.Slug == d.Key)
                ?? (d.RorId is null ? null : existing.FirstOrDefault(x => x.RorId == BareRor(d.RorId)));
            if (o is null)
            {
                o = new Organization { Slug = d.Key, Name = d.Name };
                db.Organizations.Add(o);
            }
            Apply(d, o);
            byKey[d.Key] = o;
        }
        await db.SaveChangesAsync(ct);
        return byKey;
    }

    // The file keeps ROR's canonical URL for readers; the directory stores the bare id, like the ROR importer.
    private static string? BareRor(string? url) => url?.Replace("https://ror.org/", "", StringComparison.Ordinal);

    private static void Apply(DemoOrganization d, Organization o)
    {
        o.Name = d.Name;
        o.NameFr = d.NameFr ?? o.NameFr;
        o.NameEn = d.NameEn ?? o.NameEn;
        o.NameNl = d.NameNl ?? o.NameNl;
        o.Acronym = d.Acronym ?? o.Acronym;
        o.Type = d.Type;
        o.StreetAddress = d.StreetAddress ?? o.StreetAddress;
        o.PostalCode = d.PostalCode ?? o.PostalCode;
        o.City = d.City ?? o.City;
        o.CityFr = d.CityFr ?? o.CityFr;
        o.CityEn = d.CityEn ?? o.CityEn;
        o.NutsCode = d.NutsCode ?? o.NutsCode;
        o.Website = d.Website ?? o.Website;
        o.RorId = BareRor(d.RorId) ?? o.RorId;
        o.DescriptionEn = d.DescriptionEn ?? o.DescriptionEn;
        o.DescriptionFr = d.DescriptionFr ?? o.DescriptionFr;
        // Lists are replaced only when they differ, so an unchanged row stays unchanged.
        if (Differs(o.Aliases, d.Aliases)) o.Aliases = [.. d.Aliases];
        if (Differs(o.Sectors, d.Sectors)) o.Sectors = [.. d.Sectors];
        if (Differs(o.Areas, d.Areas)) o.Areas = [.. d.Areas];
        if (Differs(o.Stages, d.Stages)) o.Stages = [.. d.Stages];
        if (Differs(o.Capabilities, d.Capabilities)) o.Capabilities = [.. d.Capabilities];
        if (Differs(o.NaceCodes, d.NaceCodes)) o.NaceCodes = [.. d.NaceCodes];
        var ids = d.ExternalIds.Select(e => (e.Scheme, e.Value)).ToList();
        if (ids.Count > 0 && !o.ExternalIds.Select(e => (e.Scheme, e.Value)).SequenceEqual(ids))
            o.ExternalIds = [.. ids.Select(e => new ExternalId { Scheme = e.Scheme, Value = e.Value })];
    }

    private static bool Differs(List<string> current, IReadOnlyList<string> fromFile) =>
        fromFile.Count > 0 && !current.SequenceEqual(fromFile, StringComparer.Ordinal);

    /// <summary>Adds the file's relations that are missing; returns every relation the file describes.</summary>
    private static async Task<HashSet<(int From, int To, RelationKind Kind)>> AddRelationsAsync(
        BiotopeDb db, DemoFile file, Dictionary<string, Organization> organizations, CancellationToken ct)
    {
        var wanted = file.Organizations
            .SelectMany(o => o.Relations.Select(r => (From: organizations[o.Key].Id, To: organizations[r.To].Id, r.Kind)))
            .ToHashSet();
        var existing = await RelationTuplesAsync(db, [.. organizations.Values.Select(o => o.Id)], ct);
        foreach (var (from, to, kind) in wanted.Where(r => !existing.Contains(r)))
            db.OrganizationRelations.Add(new OrganizationRelation { FromOrganizationId = from, ToOrganizationId = to, Kind = kind });
        await db.SaveChangesAsync(ct);
        return wanted;
    }

    private static async Task<HashSet<(int From, int To, RelationKind Kind)>> RelationTuplesAsync(BiotopeDb db, List<int> fromIds, CancellationToken ct)
    {
        var rows = await db.OrganizationRelations
            .Where(r => fromIds.Contains(r.FromOrganizationId))
            .Select(r => new { r.FromOrganizationId, r.ToOrganizationId, r.Kind })
            .ToListAsync(ct);
        return rows.Select(r => (r.FromOrganizationId, r.ToOrganizationId, r.Kind)).ToHashSet();
    }

    private static async Task<Dictionary<string, Project>> UpsertProjectsAsync(
        BiotopeDb db, DemoFile file, Dictionary<string, Organization> organizations, CancellationToken ct)
    {
        var keys = file.Projects.Select(p => p.Key).ToList();
        var existing = await db.Projects.Include(p => p.Partners).Where(p => keys.Contains(p.Slug)).ToListAsync(ct);

        var byKey = new Dictionary<string, Project>(StringComparer.Ordinal);
        foreach (var d in file.Projects)
        {
            var p = existing.FirstOrDefault(x => x.Slug == d.Key);
            if (p is null)
            {
                p = new Project { Slug = d.Key, Acronym = d.Acronym, TitleEn = d.TitleEn };
                db.Projects.Add(p);
            }
            p.Acronym = d.Acronym;
            p.TitleEn = d.TitleEn;
            p.TitleFr = d.TitleFr ?? p.TitleFr;
            p.SummaryEn = d.SummaryEn ?? p.SummaryEn;
            p.SummaryFr = d.SummaryFr ?? p.SummaryFr;
            p.ResearchersToHire = d.ResearchersToHire ?? p.ResearchersToHire;
            p.Funding = d.Funding ?? p.Funding;
            // Every project of the file is demo data: its status is not a fact unless dates say so (ADR 008).
            p.Source = ProjectSource.Demo;
            byKey[d.Key] = p;
        }
        await db.SaveChangesAsync(ct); // parents and partners need the ids

        foreach (var d in file.Projects)
        {
            var p = byKey[d.Key];
            if (d.Parent is not null) p.ParentProjectId = byKey[d.Parent].Id;
            var strands = d.Strands.Select(s => new ProjectStrand
            {
                Number = s.Number,
                TitleEn = s.TitleEn,
                TitleFr = s.TitleFr,
                DescriptionEn = s.DescriptionEn,
                DescriptionFr = s.DescriptionFr,
                SubProjectIds = [.. s.SubProjects.Select(sub => byKey[sub].Id)],
            }).ToList();
            if (strands.Count > 0 && !SameJson(p.Strands, strands)) p.Strands = strands;
            foreach (var partner in d.Partners)
            {
                var organizationId = organizations[partner.Org].Id;
                var current = p.Partners.FirstOrDefault(x => x.OrganizationId == organizationId);
                if (current is null) p.Partners.Add(new ProjectPartner { OrganizationId = organizationId, Role = partner.Role });
                else current.Role = partner.Role ?? current.Role;
            }
        }
        await db.SaveChangesAsync(ct);
        return byKey;
    }

    private static async Task UpsertRegionAsync(BiotopeDb db, DemoRegion d, CancellationToken ct)
    {
        var fresh = new Region
        {
            Code = d.Code,
            NameFr = d.NameFr,
            NameEn = d.NameEn,
            SummaryEn = d.SummaryEn,
            SummaryFr = d.SummaryFr,
            Indicators = [.. d.Indicators.Select(i => new RegionIndicator { Key = i.Key, LabelEn = i.LabelEn, LabelFr = i.LabelFr, Value = i.Value, Unit = i.Unit, Year = i.Year, Source = i.Source })],
            Priorities = [.. d.Priorities.Select(p => new S3Priority
            {
                Domain = p.Domain,
                Text = p.Text,
                Nace = [.. p.Nace.Select(c => c.Code)],
                Nabs = [.. p.Nabs.Select(c => c.Code)],
                PolicyObjectives = [.. p.PolicyObjectives.Select(c => c.Code)],
            })],
            Networks = [.. d.Networks.Select(n => new NetworkMembership { Network = n.Network, Status = n.Status })],
            PolicyDocuments = [.. d.PolicyDocuments],
            PolicyTopics = [.. d.PolicyTopics],
        };

        var region = await db.Regions.FirstOrDefaultAsync(r => r.Code == d.Code, ct);
        if (region is null)
        {
            db.Regions.Add(fresh);
        }
        else
        {
            region.NameFr = fresh.NameFr;
            region.NameEn = fresh.NameEn;
            region.SummaryEn = fresh.SummaryEn ?? region.SummaryEn;
            region.SummaryFr = fresh.SummaryFr ?? region.SummaryFr;
            if (fresh.Indicators.Count > 0 && !SameJson(region.Indicators, fresh.Indicators)) region.Indicators = fresh.Indicators;
            if (fresh.Priorities.Count > 0 && !SameJson(region.Priorities, fresh.Priorities)) region.Priorities = fresh.Priorities;
            if (fresh.Networks.Count > 0 && !SameJson(region.Networks, fresh.Networks)) region.Networks = fresh.Networks;
            if (Differs(region.PolicyDocuments, fresh.PolicyDocuments)) region.PolicyDocuments = fresh.PolicyDocuments;
            if (Differs(region.PolicyTopics, fresh.PolicyTopics)) region.PolicyTopics = fresh.PolicyTopics;
        }
        await db.SaveChangesAsync(ct);
    }

    private static bool SameJson<T>(T a, T b) =>
        JsonSerializer.Serialize(a, CompareJson) == JsonSerializer.Serialize(b, CompareJson);

    [GeneratedRegex("^(?=.{1,120}$)[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    // ROR ids: "0", six characters of Crockford base32 (no i, l, o, u), two check digits.
    [GeneratedRegex("^https://ror\\.org/0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$")]
    private static partial Regex RorPattern();

    // NACE Rev. 2: a section letter, optionally a division, group and class (C, C21, C21.1, C21.10).
    [GeneratedRegex("^[A-U](?:[0-9]{2}(?:\\.[0-9]{1,2})?)?$")]
    private static partial Regex NacePattern();

    [GeneratedRegex("^NABS(?:0[1-9]|1[0-4])$")]
    private static partial Regex NabsPattern();

    [GeneratedRegex("^[A-Z]$")]
    private static partial Regex PolicyObjectivePattern();
}
