using System.Diagnostics;
using Biotope.Data;
using Microsoft.EntityFrameworkCore;

namespace Biotope.Features.Organizations.Search;

/// <summary>
/// In-memory facets, sort keys, names and vocabulary of every organization (ADR 003). The database's
/// full-text index finds the matching ids; this index filters, counts facets, ranks and pages them.
/// It follows the database by reading rows changed since its last look (updated_at, id), so changes
/// from other processes (CLI imports, other app instances) arrive within a second.
/// </summary>
public sealed class DirectoryIndex
{
    private static readonly TimeSpan ExternalChangeCheckInterval = TimeSpan.FromSeconds(1);

    private readonly ReaderWriterLockSlim gate = new();
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private readonly List<Doc> docs = [];
    private readonly Dictionary<int, int> positionById = [];
    private readonly List<string> sortedTerms = [];
    private readonly HashSet<string> terms = new(StringComparer.Ordinal);
    private readonly TypoIndex typos = new();
    private long seenUpdatedTicks = long.MinValue;
    private int seenMaxId;
    private bool loaded;
    private volatile bool localChanges = true;
    private long lastCheck;
    private bool nameOrderDirty = true;

    public sealed class Doc
    {
        public int Id;
        public byte Type;
        public byte Sectors;
        public uint Areas;
        public byte Stages;
        public sbyte Province;
        public bool Member;
        public bool Deleted;
        public string SortKey = "";
        public string[] NameTokens = [];
        public long UpdatedTicks;
        public int NameRank;
    }

    /// <summary>Facet value lists, in the order the bit masks use.</summary>
    public static readonly IReadOnlyList<string> ProvinceCodes = [.. Nuts.Provinces.Select(p => p.Code), "BE10", "BE2"];

    public int Count
    {
        get
        {
            gate.EnterReadLock();
            try { return docs.Count(d => !d.Deleted); }
            finally { gate.ExitReadLock(); }
        }
    }

    /// <summary>Called after this process saved organizations, so the next search looks for changes at once.</summary>
    public void MarkChanged() => localChanges = true;

    public bool IsKnownWord(string word)
    {
        gate.EnterReadLock();
        try { return HasPrefix(word); }
        finally { gate.ExitReadLock(); }
    }

    /// <summary>Brings the index up to date with the database: everything on first use, then changed rows only.</summary>
    public async Task RefreshAsync(BiotopeDb db, CancellationToken ct = default)
    {
        var now = Stopwatch.GetTimestamp();
        if (loaded && !localChanges && Stopwatch.GetElapsedTime(Interlocked.Read(ref lastCheck), now) < ExternalChangeCheckInterval) return;
        await refreshing.WaitAsync(ct);
        try
        {
            localChanges = false;
            Interlocked.Exchange(ref lastCheck, now);
            var query = db.Organizations.AsNoTracking();
            if (loaded)
            {
                var since = new DateTimeOffset(seenUpdatedTicks, TimeSpan.Zero);
                var maxId = seenMaxId;
                query = query.Where(o => o.UpdatedAt > since || o.Id > maxId);
            }
            var rows = await query
                .Select(o => new Row(o.Id, o.Type, o.Sectors, o.Areas, o.Stages, o.NutsCode, o.Membership, o.Name, o.NameFr, o.NameEn, o.NameNl, o.Acronym, o.Aliases, o.SearchText, o.UpdatedAt, o.DeletedAt))
                .ToListAsync(ct);
            if (rows.Count == 0 && loaded) return;
            Apply(rows);
            loaded = true;
        }
        finally
        {
            refreshing.Release();
        }
    }

    private sealed record Row(int Id, OrganizationType Type, List<string> Sectors, List<string> Areas, List<string> Stages, string? NutsCode,
        MembershipStatus Membership, string Name, string? NameFr, string? NameEn, string? NameNl, string? Acronym, List<string> Aliases,
        string SearchText, DateTimeOffset UpdatedAt, DateTimeOffset? DeletedAt);

    private void Apply(List<Row> rows)
    {
        var built = rows.Select(r => (Doc: ToDoc(r), Words: r.SearchText.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
        var newTerms = new List<string>();
        foreach (var (_, words) in built)
            foreach (var word in words)
                if (terms.Add(word)) newTerms.Add(word);
        typos.AddRange(newTerms);

        gate.EnterWriteLock();
        try
        {
            foreach (var (doc, _) in built)
            {
                if (positionById.TryGetValue(doc.Id, out var position)) docs[position] = doc;
                else
                {
                    positionById[doc.Id] = docs.Count;
                    docs.Add(doc);
                }
                seenUpdatedTicks = Math.Max(seenUpdatedTicks, doc.UpdatedTicks);
                seenMaxId = Math.Max(seenMaxId, doc.Id);
            }
            if (newTerms.Count > sortedTerms.Count / 4)
            {
                sortedTerms.AddRange(newTerms);
                sortedTerms.Sort(StringComparer.Ordinal);
            }
            else
            {
                foreach (var term in newTerms)
                {
                    var at = sortedTerms.BinarySearch(term, StringComparer.Ordinal);
                    if (at < 0) sortedTerms.Insert(~at, term);
                }
            }
            nameOrderDirty = true;
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    private static Doc ToDoc(Row r)
    {
        var doc = new Doc
        {
            Id = r.Id,
            Type = (byte)r.Type,
            Member = r.Membership == MembershipStatus.Active,
            Deleted = r.DeletedAt is not null,
            SortKey = TextNormalizer.Normalize(r.Name),
            NameTokens = [.. new[] { r.Name, r.NameFr, r.NameEn, r.NameNl, r.Acronym }.Concat(r.Aliases).SelectMany(TextNormalizer.Tokens).Distinct()],
            UpdatedTicks = r.UpdatedAt.UtcTicks,
            Province = (sbyte)IndexOf(ProvinceCodes, ProvinceFacetValue(r.NutsCode)),
        };
        foreach (var s in r.Sectors) doc.Sectors |= (byte)Bit(Taxonomy.Sectors, s);
        foreach (var s in r.Stages) doc.Stages |= (byte)Bit(Taxonomy.Stages, s);
        foreach (var a in r.Areas)
        {
            doc.Areas |= Bit(Taxonomy.Areas, a);
            var group = Taxonomy.AreaGroups.FirstOrDefault(g => g.Children!.Any(c => c.Code == a));
            if (group is not null) doc.Areas |= Bit(Taxonomy.Areas, group.Code);
        }
        return doc;
    }

    /// <summary>The province facet value for a NUTS code: a Walloon province, Brussels (BE10) or Flanders (BE2).</summary>
    public static string? ProvinceFacetValue(string? nuts) => nuts switch
    {
        null => null,
        _ when nuts.StartsWith("BE3", StringComparison.Ordinal) && nuts.Length >= 4 => nuts[..4],
        _ when nuts.StartsWith("BE1", StringComparison.Ordinal) => "BE10",
        _ when nuts.StartsWith("BE2", StringComparison.Ordinal) => "BE2",
        _ => null,
    };

    private static int IndexOf(IReadOnlyList<string> list, string? value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }

    private static uint Bit(IReadOnlyList<Term> terms, string code)
    {
        for (var i = 0; i < terms.Count; i++) if (terms[i].Code == code) return 1u << i;
        return 0;
    }

    private bool HasPrefix(string word)
    {
        var at = sortedTerms.BinarySearch(word, StringComparer.Ordinal);
        if (at >= 0) return true;
        at = ~at;
        return at < sortedTerms.Count && sortedTerms[at].StartsWith(word, StringComparison.Ordinal);
    }

    /// <summary>Turns user text into words with their typo alternatives.</summary>
    public MatchQuery Parse(string? text)
    {
        var words = TextNormalizer.Tokens(text).Distinct().Take(8).ToList();
        gate.EnterReadLock();
        try
        {
            return new MatchQuery([.. words.Select(w => new MatchQuery.Word(w, HasPrefix(w) ? [] : typos.Corrections(w)))]);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>Filters, counts facets, ranks and pages. <paramref name="matchedIds"/> is null when there is no text.</summary>
    public SearchResult Evaluate(SearchQuery query, MatchQuery match, IReadOnlyCollection<int>? matchedIds, string language)
    {
        gate.EnterReadLock();
        try
        {
            if (nameOrderDirty) RankNames();
            var filters = Filters.From(query);
            var counts = new FacetCounts();
            var hits = new List<Doc>();
            IEnumerable<Doc> candidates = matchedIds is null
                ? docs
                : matchedIds.Select(id => positionById.TryGetValue(id, out var p) ? docs[p] : null).OfType<Doc>();
            foreach (var doc in candidates)
            {
                if (doc.Deleted) continue;
                var failed = filters.Failed(doc);
                if (failed == 0) hits.Add(doc);
                counts.Add(doc, failed);
            }
            var sort = query.Sort == SearchSort.Default ? (query.HasText ? SearchSort.Relevance : SearchSort.Name) : query.Sort;
            var skip = (query.Page - 1) * query.PageSize;
            var page = Order(hits, sort, match).Skip(skip).Take(query.PageSize).Select(d => d.Id).ToList();
            var corrections = match.Words.SelectMany(w => w.Corrections).ToList();
            return new SearchResult(page, hits.Count, counts.ToFacets(query, language), corrections);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    private void RankNames()
    {
        // Readers may race to rank under the read lock; the result is identical, so the race is harmless.
        var ordered = docs.OrderBy(d => d.SortKey, StringComparer.Ordinal).ThenBy(d => d.Id).ToList();
        for (var i = 0; i < ordered.Count; i++) ordered[i].NameRank = i;
        nameOrderDirty = false;
    }

    private static IEnumerable<Doc> Order(List<Doc> hits, SearchSort sort, MatchQuery match) => sort switch
    {
        SearchSort.Relevance when !match.IsEmpty => TopByRelevance(hits, match),
        SearchSort.NameDescending => hits.OrderByDescending(d => d.NameRank),
        SearchSort.Updated => hits.OrderByDescending(d => d.UpdatedTicks).ThenBy(d => d.NameRank),
        _ => hits.OrderBy(d => d.NameRank),
    };

    private static IEnumerable<Doc> TopByRelevance(List<Doc> hits, MatchQuery match) =>
        hits.Select(d => (Doc: d, Score: Relevance(d, match))).OrderByDescending(x => x.Score).ThenBy(x => x.Doc.NameRank).Select(x => x.Doc);

    /// <summary>
    /// Words found in the name weigh more than words found elsewhere (city, description...);
    /// whole words more than prefixes, and exact spellings more than typo corrections.
    /// </summary>
    public static double Relevance(Doc doc, MatchQuery match)
    {
        double score = 0;
        foreach (var word in match.Words)
        {
            double best = 1;
            foreach (var token in doc.NameTokens)
            {
                if (token == word.Text) { best = 4; break; }
                if (best < 3 && token.StartsWith(word.Text, StringComparison.Ordinal)) best = 3;
                else if (best < 2.5 && word.Corrections.Contains(token)) best = 2.5;
            }
            score += best;
        }
        // Shorter names matching the same words are the more specific answer.
        return score - (doc.NameTokens.Length * 0.01);
    }

    private sealed class Filters
    {
        public const int TypeBit = 1, SectorBit = 2, AreaBit = 4, StageBit = 8, ProvinceBit = 16, MemberBit = 32;
        private int types;
        private uint sectors, areas, stages;
        private int provinces;
        private bool? member;

        public static Filters From(SearchQuery q)
        {
            var f = new Filters { member = q.Member };
            foreach (var t in q.Types) if (Enum.TryParse<OrganizationType>(t, true, out var type)) f.types |= 1 << (int)type; else f.types |= 1 << 30;
            foreach (var s in q.Sectors) f.sectors |= Bit(Taxonomy.Sectors, s) is var b && b != 0 ? b : 1u << 31;
            foreach (var a in q.Areas) f.areas |= Bit(Taxonomy.Areas, a) is var b && b != 0 ? b : 1u << 31;
            foreach (var s in q.Stages) f.stages |= Bit(Taxonomy.Stages, s) is var b && b != 0 ? b : 1u << 31;
            foreach (var p in q.Provinces) f.provinces |= IndexOf(ProvinceCodes, p) is var i && i >= 0 ? 1 << i : 1 << 30;
            return f;
        }

        /// <summary>The filters that <paramref name="doc"/> fails, as bits.</summary>
        public int Failed(Doc doc)
        {
            var failed = 0;
            if (types != 0 && (types & (1 << doc.Type)) == 0) failed |= TypeBit;
            if (sectors != 0 && (sectors & doc.Sectors) == 0) failed |= SectorBit;
            if (areas != 0 && (areas & doc.Areas) == 0) failed |= AreaBit;
            if (stages != 0 && (stages & doc.Stages) == 0) failed |= StageBit;
            if (provinces != 0 && (doc.Province < 0 || (provinces & (1 << doc.Province)) == 0)) failed |= ProvinceBit;
            if (member is { } m && doc.Member != m) failed |= MemberBit;
            return failed;
        }
    }

    /// <summary>Disjunctive facet counts: each facet counts the documents that pass every other filter.</summary>
    private sealed class FacetCounts
    {
        private readonly int[] types = new int[Taxonomy.Types.Count];
        private readonly int[] sectors = new int[Taxonomy.Sectors.Count];
        private readonly int[] areas = new int[Taxonomy.Areas.Count];
        private readonly int[] stages = new int[Taxonomy.Stages.Count];
        private readonly int[] provinces = new int[ProvinceCodes.Count];
        private readonly int[] member = new int[2];

        public void Add(Doc doc, int failed)
        {
            if ((failed & ~Filters.TypeBit) == 0 && doc.Type < types.Length) types[doc.Type]++;
            if ((failed & ~Filters.SectorBit) == 0) CountBits(sectors, doc.Sectors);
            if ((failed & ~Filters.AreaBit) == 0) CountBits(areas, doc.Areas);
            if ((failed & ~Filters.StageBit) == 0) CountBits(stages, doc.Stages);
            if ((failed & ~Filters.ProvinceBit) == 0 && doc.Province >= 0) provinces[doc.Province]++;
            if ((failed & ~Filters.MemberBit) == 0) member[doc.Member ? 1 : 0]++;
        }

        private static void CountBits(int[] counts, uint mask)
        {
            while (mask != 0)
            {
                var bit = System.Numerics.BitOperations.TrailingZeroCount(mask);
                if (bit < counts.Length) counts[bit]++;
                mask &= mask - 1;
            }
        }

        public IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> ToFacets(SearchQuery q, string language) => new Dictionary<string, IReadOnlyList<FacetValue>>
        {
            ["type"] = Values(Taxonomy.Types, types, q.Types, language),
            ["sector"] = Values(Taxonomy.Sectors, sectors, q.Sectors, language),
            ["area"] = Values(Taxonomy.Areas, areas, q.Areas, language),
            ["stage"] = Values(Taxonomy.Stages, stages, q.Stages, language),
            ["province"] = [.. ProvinceCodes.Select((code, i) => new FacetValue(code, ProvinceLabel(code, language), provinces[i], q.Provinces.Contains(code)))
                .Where(v => v.Count > 0 || v.Selected)],
            ["member"] =
            [
                new("true", language == "fr" ? "Membres du pôle" : "Cluster members", member[1], q.Member == true),
                new("false", language == "fr" ? "Non membres" : "Not members", member[0], q.Member == false),
            ],
        };

        private static List<FacetValue> Values(IReadOnlyList<Term> terms, int[] counts, IReadOnlyList<string> selected, string language) =>
            [.. terms.Select((t, i) => new FacetValue(t.Code, t.Label(language), counts[i], selected.Contains(t.Code, StringComparer.OrdinalIgnoreCase)))
                .Where(v => v.Count > 0 || v.Selected)];
    }

    public static string ProvinceLabel(string code, string language) => code switch
    {
        "BE10" => language == "fr" ? "Bruxelles-Capitale" : "Brussels-Capital",
        "BE2" => language == "fr" ? "Flandre" : "Flanders",
        "BE31" => language == "fr" ? "Brabant wallon" : "Walloon Brabant",
        "BE32" => "Hainaut",
        "BE33" => "Liège",
        "BE34" => "Luxembourg",
        "BE35" => "Namur",
        _ => code,
    };
}
