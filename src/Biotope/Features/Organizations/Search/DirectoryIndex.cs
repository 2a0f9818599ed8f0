using System.Diagnostics;
using System.Runtime.InteropServices;
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
    private const int FirstLoadBatchSize = 4096;

    private readonly ReaderWriterLockSlim gate = new();
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private readonly List<Doc> docs = [];
    // What filtering, counting and ranking read of docs[i], in contiguous arrays: a search over 100,000
    // documents then reads a few MB in order instead of chasing 100,000 objects across the heap.
    private readonly List<DocFields> fields = [];
    private readonly List<int[]> nameTermsByPosition = [];
    // The distinct name tokens of every document, numbered, and sorted for prefix look-ups.
    private readonly Dictionary<string, int> nameTermIds = new(StringComparer.Ordinal);
    private readonly List<string> sortedNameTerms = [];
    // The name tokens under each bilingual key (ADR 011), so relevance sees "Immunology" in a name answer "immunologie".
    private readonly Dictionary<string, List<int>> nameTermIdsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> positionById = [];
    private readonly List<string> sortedTerms = [];
    private readonly HashSet<string> terms = new(StringComparer.Ordinal);
    // Every key in some search text, without its prefix: a query word's other keys match nothing, so they are not asked.
    private readonly HashSet<string> keys = new(StringComparer.Ordinal);
    // Cities, NUTS codes and code lists repeat across organizations: one shared instance each (written by one refresh at a time).
    private readonly Dictionary<string, string> sharedStrings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> sharedLists = new(StringComparer.Ordinal);
    private readonly TypoIndex typos = new();
    // The earliest instant, not long.MinValue: an empty directory's next refresh builds a DateTimeOffset from it.
    private long seenUpdatedTicks = DateTimeOffset.MinValue.UtcTicks;
    private int seenMaxId;
    private bool loaded;
    private volatile bool localChanges = true;
    private long lastCheck;

    /// <summary>Database answers for word queries, valid while this index has applied no change.</summary>
    public MatchCache Matches { get; } = new();
    // Null after a change; rebuilt by the next search that needs them. Replaced whole, so readers never
    // see a half-built one.
    // One slot per interface language (0 French, 1 English): names sort as they are shown.
    private readonly Ordering?[] nameOrders = new Ordering?[2];
    private readonly Ordering?[] updatedOrders = new Ordering?[2];

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
        /// <summary>The normalized name as shown in French and in English.</summary>
        public string[] SortKeys = [];
        public long UpdatedTicks;
        /// <summary>What a result list shows, so the API's pages need no database read.</summary>
        public ListEntry Entry = null!;
    }

    /// <summary>The fields of a search result; area and sector codes are the taxonomy's own strings, shared.</summary>
    public sealed record ListEntry(int Id, string Slug, string Name, string? NameFr, string? NameEn, string? NameNl, string? Acronym,
        OrganizationType Type, string? City, string? NutsCode, string[] Sectors, string[] Areas, bool Member)
    {
        public OrganizationSummary ToSummary(string language) => new(Id, Slug,
            Organization.NameIn(language, Name, NameFr, NameEn, NameNl),
            Acronym, Type.ToString(), City, NutsCode, Sectors, Areas, Member, $"/organizations/{Id}");
    }

    /// <summary>The fields the facet filters and the "updated" sort read, 24 bytes per document.</summary>
    private readonly struct DocFields(Doc doc)
    {
        public readonly long UpdatedTicks = doc.UpdatedTicks;
        public readonly uint Areas = doc.Areas;
        public readonly byte Type = doc.Type;
        public readonly byte Sectors = doc.Sectors;
        public readonly byte Stages = doc.Stages;
        public readonly sbyte Province = doc.Province;
        public readonly bool Member = doc.Member;
        public readonly bool Deleted = doc.Deleted;
    }

    /// <summary>Every position in one sort order, and each position's rank in that order.</summary>
    private sealed class Ordering(int[] positions, int[] rank)
    {
        public readonly int[] Positions = positions;
        public readonly int[] Rank = rank;
    }

    /// <summary>Facet value lists, in the order the bit masks use.</summary>
    public static readonly IReadOnlyList<string> ProvinceCodes = [.. Nuts.Provinces.Select(p => p.Code), "BE10", "BE2"];

    /// <summary>Called after this process saved organizations, so the next search looks for changes at once.</summary>
    public void MarkChanged() => localChanges = true;

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
            // The first load is applied in batches as the rows stream in, so 100,000 rows' texts and word lists
            // are never all held at once (that took the process's peak memory far past its steady state).
            // Searches wait for the first load; later changes are applied at once, so no search sees half of them.
            var batchSize = loaded ? int.MaxValue : FirstLoadBatchSize;
            var rows = query
                .Select(o => new Row(o.Id, o.Slug, o.Type, o.Sectors, o.Areas, o.Stages, o.City, o.NutsCode, o.Membership, o.Name, o.NameFr, o.NameEn, o.NameNl, o.Acronym, o.Aliases, o.SearchText, o.UpdatedAt, o.DeletedAt))
                .AsAsyncEnumerable();
            var batch = new List<Row>();
            await foreach (var row in rows.WithCancellation(ct))
            {
                batch.Add(row);
                if (batch.Count < batchSize) continue;
                Apply(batch);
                batch.Clear();
            }
            if (batch.Count > 0) Apply(batch);
            loaded = true;
        }
        finally
        {
            refreshing.Release();
        }
    }

    private sealed record Row(int Id, string Slug, OrganizationType Type, List<string> Sectors, List<string> Areas, List<string> Stages, string? City, string? NutsCode,
        MembershipStatus Membership, string Name, string? NameFr, string? NameEn, string? NameNl, string? Acronym, List<string> Aliases,
        string SearchText, DateTimeOffset UpdatedAt, DateTimeOffset? DeletedAt);

    private void Apply(List<Row> rows)
    {
        var built = rows.Select(r => (Doc: ToDoc(r), NameTokens: NameTokens(r))).ToList();
        var newTerms = new List<string>();
        // Read through spans: a search text's words are mostly known, and its keys are skipped, so few strings are made.
        var known = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var row in rows)
        {
            var text = row.SearchText.AsSpan();
            foreach (var range in text.Split(' '))
            {
                var word = text[range];
                if (word.IsEmpty || word.StartsWith(TextNormalizer.KeyPrefix, StringComparison.Ordinal) || known.Contains(word)) continue;
                var term = word.ToString();
                terms.Add(term);
                newTerms.Add(term);
            }
        }
        typos.AddRange(newTerms);

        gate.EnterWriteLock();
        try
        {
            // The keys a search text holds are its words' keys (TextNormalizer.IndexText), so the vocabulary's keys are the index's.
            foreach (var term in newTerms) keys.UnionWith(TextNormalizer.Keys(term));
            var newNameTerms = new List<string>();
            foreach (var (doc, nameTokens) in built)
            {
                var nameTerms = NameTermIds(nameTokens, newNameTerms);
                if (positionById.TryGetValue(doc.Id, out var position))
                {
                    docs[position] = doc;
                    fields[position] = new DocFields(doc);
                    nameTermsByPosition[position] = nameTerms;
                }
                else
                {
                    positionById[doc.Id] = docs.Count;
                    docs.Add(doc);
                    fields.Add(new DocFields(doc));
                    nameTermsByPosition.Add(nameTerms);
                }
                seenUpdatedTicks = Math.Max(seenUpdatedTicks, doc.UpdatedTicks);
                seenMaxId = Math.Max(seenMaxId, doc.Id);
            }
            AddSorted(sortedTerms, newTerms);
            AddSorted(sortedNameTerms, newNameTerms);
            Array.Clear(nameOrders);
            Matches.Invalidate();
            Array.Clear(updatedOrders);
        }
        finally
        {
            gate.ExitWriteLock();
        }
    }

    private static void AddSorted(List<string> sorted, List<string> added)
    {
        if (added.Count > sorted.Count / 4)
        {
            sorted.AddRange(added);
            sorted.Sort(StringComparer.Ordinal);
            return;
        }
        foreach (var term in added)
        {
            var at = sorted.BinarySearch(term, StringComparer.Ordinal);
            if (at < 0) sorted.Insert(~at, term);
        }
    }

    /// <summary>The numbers of a document's name tokens, numbering new ones (collected in <paramref name="added"/>).</summary>
    private int[] NameTermIds(string[] tokens, List<string> added)
    {
        var ids = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!nameTermIds.TryGetValue(tokens[i], out ids[i]))
            {
                ids[i] = nameTermIds.Count;
                nameTermIds.Add(tokens[i], ids[i]);
                added.Add(tokens[i]);
                foreach (var key in TextNormalizer.Keys(tokens[i]))
                {
                    if (!nameTermIdsByKey.TryGetValue(key, out var withKey)) nameTermIdsByKey[key] = withKey = [];
                    withKey.Add(ids[i]);
                }
            }
        }
        return ids;
    }

    // The words of every name and alias: what relevance weighs above the rest of the text. Kept as term ids only.
    private static string[] NameTokens(Row r) =>
        [.. new[] { r.Name, r.NameFr, r.NameEn, r.NameNl, r.Acronym }.Concat(r.Aliases).SelectMany(TextNormalizer.Tokens).Distinct()];

    private Doc ToDoc(Row r)
    {
        var doc = new Doc
        {
            Id = r.Id,
            Type = (byte)r.Type,
            Member = r.Membership == MembershipStatus.Active,
            Deleted = r.DeletedAt is not null,
            SortKeys = [.. new[] { "fr", "en" }.Select(language => TextNormalizer.Normalize(Organization.NameIn(language, r.Name, r.NameFr, r.NameEn, r.NameNl)))],
            UpdatedTicks = r.UpdatedAt.UtcTicks,
            Province = (sbyte)IndexOf(ProvinceCodes, ProvinceFacetValue(r.NutsCode)),
            Entry = new ListEntry(r.Id, r.Slug, r.Name, SameOr(r.Name, r.NameFr), SameOr(r.Name, r.NameEn), SameOr(r.Name, r.NameNl), r.Acronym, r.Type,
                Shared(r.City), Shared(r.NutsCode), SharedList(r.Sectors), SharedList(r.Areas), r.Membership == MembershipStatus.Active),
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

    private static string? SameOr(string name, string? other) => other == name ? name : other;

    private string? Shared(string? value)
    {
        if (value is null) return null;
        if (sharedStrings.TryGetValue(value, out var shared)) return shared;
        sharedStrings[value] = value;
        return value;
    }

    private string[] SharedList(List<string> codes)
    {
        var key = string.Join('|', codes);
        if (sharedLists.TryGetValue(key, out var shared)) return shared;
        string[] list = [.. codes.Select(c => Shared(c)!)];
        sharedLists[key] = list;
        return list;
    }

    /// <summary>The list entries of <paramref name="ids"/>, in that order (ids not in the index are left out).</summary>
    public IReadOnlyList<ListEntry> Entries(IReadOnlyList<int> ids)
    {
        gate.EnterReadLock();
        try
        {
            var entries = new List<ListEntry>(ids.Count);
            foreach (var id in ids)
                if (positionById.TryGetValue(id, out var position)) entries.Add(docs[position].Entry);
            return entries;
        }
        finally
        {
            gate.ExitReadLock();
        }
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

    /// <summary>Turns user text into words with their typo alternatives and the bilingual keys that the index holds.</summary>
    public MatchQuery Parse(string? text)
    {
        var words = TextNormalizer.Tokens(text).Distinct().Take(8).ToList();
        gate.EnterReadLock();
        try
        {
            return new MatchQuery([.. words.Select(ParseWord)]);
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    // A word found in another form is no typo: corrections only for words that neither begin nor share a key with an indexed word.
    private MatchQuery.Word ParseWord(string word)
    {
        var known = TextNormalizer.Keys(word).Where(keys.Contains).ToList();
        return new MatchQuery.Word(word, HasPrefix(word) || known.Count > 0 ? [] : typos.Corrections(word), known);
    }

    /// <summary>
    /// The index positions of <paramref name="ids"/> in relevance order for <paramref name="match"/> (best first,
    /// then by name as shown in <paramref name="language"/>); ids not loaded yet are left out. Ranked once per
    /// cached answer: facets, sorting and paging over the same words then only filter and slice. A position never
    /// changes for an id (changed rows are replaced in place, deleted ones flagged), so positions stay valid across refreshes.
    /// </summary>
    public int[] RankedPositionsOf(IReadOnlyList<int> ids, MatchQuery match, string language)
    {
        gate.EnterReadLock();
        try
        {
            var slot = language == "en" ? 1 : 0;
            var rank = (nameOrders[slot] ??= RankNames(slot)).Rank;
            var positions = new int[ids.Count];
            var count = 0;
            foreach (var id in ids)
                if (positionById.TryGetValue(id, out var position)) positions[count++] = position;
            Array.Resize(ref positions, count);
            // One sortable key per hit: the score (higher first) above the name rank (lower first).
            var order = new long[count];
            using var relevance = new RelevanceScorer(this, match);
            for (var i = 0; i < count; i++)
                order[i] = ((long)-relevance.Score(nameTermsByPosition[positions[i]]) << 32) | (uint)rank[positions[i]];
            Array.Sort(order, positions);
            return positions;
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    /// <summary>
    /// Filters, counts facets, ranks and pages. <paramref name="rankedPositions"/> (from <see cref="RankedPositionsOf"/>)
    /// is null when there is no text.
    /// </summary>
    public SearchResult Evaluate(SearchQuery query, MatchQuery match, int[]? rankedPositions, string language)
    {
        gate.EnterReadLock();
        try
        {
            var slot = language == "en" ? 1 : 0;
            var order = nameOrders[slot] ??= RankNames(slot);
            var filters = Filters.From(query);
            var counts = new FacetCounts();
            var bits = CollectionsMarshal.AsSpan(fields);
            // In relevance order when there is text: the relevance page is then a slice of the hits.
            var hits = new List<int>(rankedPositions?.Length ?? bits.Length);
            if (rankedPositions is null)
            {
                for (var position = 0; position < bits.Length; position++) Consider(position, bits);
            }
            else
            {
                foreach (var position in rankedPositions) Consider(position, bits);
            }
            var sort = query.Sort == SearchSort.Default ? (query.HasText ? SearchSort.Relevance : SearchSort.Name) : query.Sort;
            var skip = (long)(query.Page - 1) * query.PageSize;
            var page = skip >= hits.Count ? [] : Page(hits, sort, match, order, slot, (int)skip, query.PageSize);
            var corrections = match.Words.SelectMany(w => w.Corrections).ToList();
            return new SearchResult(page, hits.Count, counts.ToFacets(query, language), corrections);

            void Consider(int position, ReadOnlySpan<DocFields> bits)
            {
                ref readonly var doc = ref bits[position];
                if (doc.Deleted) return;
                var failed = filters.Failed(in doc);
                if (failed == 0) hits.Add(position);
                counts.Add(in doc, failed);
            }
        }
        finally
        {
            gate.ExitReadLock();
        }
    }

    // Readers may race to build an order under the read lock; the result is identical, so the race is harmless.
    private Ordering RankNames(int slot) => Rank((a, b) =>
    {
        var byName = string.CompareOrdinal(docs[a].SortKeys[slot], docs[b].SortKeys[slot]);
        return byName != 0 ? byName : docs[a].Id.CompareTo(docs[b].Id);
    });

    /// <summary>Most recently updated first, then by name.</summary>
    private Ordering RankUpdated(Ordering byName) => Rank((a, b) =>
    {
        var byTime = fields[b].UpdatedTicks.CompareTo(fields[a].UpdatedTicks);
        return byTime != 0 ? byTime : byName.Rank[a].CompareTo(byName.Rank[b]);
    });

    private Ordering Rank(Comparison<int> compare)
    {
        var positions = new int[docs.Count];
        for (var i = 0; i < positions.Length; i++) positions[i] = i;
        Array.Sort(positions, compare);
        var rank = new int[positions.Length];
        for (var i = 0; i < positions.Length; i++) rank[positions[i]] = i;
        return new Ordering(positions, rank);
    }

    /// <summary>The ids of hits [skip, skip + take) in the requested order; skip is below hits.Count.</summary>
    private List<int> Page(List<int> hits, SearchSort sort, MatchQuery match, Ordering order, int slot, int skip, int take)
    {
        switch (sort)
        {
            case SearchSort.Relevance when !match.IsEmpty:
                var page = new List<int>(Math.Min(take, hits.Count - skip));
                for (var i = skip; i < hits.Count && page.Count < take; i++) page.Add(docs[hits[i]].Id);
                return page;
            case SearchSort.Updated:
                return InOrder(hits, updatedOrders[slot] ??= RankUpdated(order), descending: false, skip, take);
            default:
                return InOrder(hits, order, sort == SearchSort.NameDescending, skip, take);
        }
    }

    /// <summary>A page in a precomputed order: many hits walk the order, few are sorted by their rank in it.</summary>
    private List<int> InOrder(List<int> hits, Ordering order, bool descending, int skip, int take)
    {
        var page = new List<int>(Math.Min(take, hits.Count - skip));
        if (hits.Count < order.Positions.Length / 16)
        {
            var ranks = new int[hits.Count];
            for (var i = 0; i < ranks.Length; i++) ranks[i] = order.Rank[hits[i]];
            Array.Sort(ranks);
            for (var i = skip; i < ranks.Length && page.Count < take; i++)
                page.Add(docs[order.Positions[descending ? ranks[ranks.Length - 1 - i] : ranks[i]]].Id);
            return page;
        }
        var isHit = new ulong[(docs.Count + 63) / 64];
        foreach (var position in hits) isHit[position >> 6] |= 1UL << position;
        var seen = 0;
        for (var i = 0; i < order.Positions.Length && page.Count < take; i++)
        {
            var position = order.Positions[descending ? order.Positions.Length - 1 - i : i];
            if ((isHit[position >> 6] & (1UL << position)) == 0) continue;
            if (seen++ >= skip) page.Add(docs[position].Id);
        }
        return page;
    }

    /// <summary>
    /// Relevance: words found in the name weigh more than words found elsewhere (city, description...);
    /// whole words more than prefixes, and exact spellings more than typo corrections. Each query word scores
    /// its best match among the name's tokens: 4 for the same word, 3.5 for another form of it (a shared key,
    /// ADR 011), 3 for a token it begins, 2.5 for one of its corrections, otherwise 1 (it matched outside the name). Shorter names matching the same words are the
    /// more specific answer: 0.01 less per name token.
    /// </summary>
    /// <remarks>
    /// The best match is looked up by name-token number in a table per query word (built from the sorted name
    /// tokens), not by comparing strings: ranking 100,000 hits reads one small array per hit.
    /// </remarks>
    private sealed class RelevanceScorer : IDisposable
    {
        // In hundredths, so a score is a whole number that sorts exactly.
        private static readonly int[] Points = [100, 250, 300, 350, 400];
        private const byte Correction = 1, Prefix = 2, OtherForm = 3, Same = 4;
        private readonly byte[][] levels;
        private readonly int length;

        public RelevanceScorer(DirectoryIndex index, MatchQuery match)
        {
            length = index.nameTermIds.Count;
            levels = new byte[match.Words.Count][];
            for (var w = 0; w < levels.Length; w++)
            {
                var word = match.Words[w];
                var table = levels[w] = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                Array.Clear(table, 0, length);
                var terms = index.sortedNameTerms;
                var at = terms.BinarySearch(word.Text, StringComparer.Ordinal);
                for (at = at < 0 ? ~at : at; at < terms.Count && terms[at].StartsWith(word.Text, StringComparison.Ordinal); at++)
                    table[index.nameTermIds[terms[at]]] = terms[at].Length == word.Text.Length ? Same : Prefix;
                foreach (var key in word.Keys)
                    if (index.nameTermIdsByKey.TryGetValue(key, out var ids))
                        foreach (var id in ids)
                            if (table[id] < OtherForm) table[id] = OtherForm;
                foreach (var correction in word.Corrections)
                    if (index.nameTermIds.TryGetValue(correction, out var id) && table[id] < Correction) table[id] = Correction;
            }
        }

        public int Score(int[] nameTerms)
        {
            var score = 0;
            foreach (var table in levels)
            {
                byte best = 0;
                foreach (var id in nameTerms)
                {
                    if (table[id] > best) best = table[id];
                    if (best == Same) break;
                }
                score += Points[best];
            }
            return score - nameTerms.Length;
        }

        public void Dispose()
        {
            foreach (var table in levels) System.Buffers.ArrayPool<byte>.Shared.Return(table);
        }
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
        public int Failed(in DocFields doc)
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

        public void Add(in DocFields doc, int failed)
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
                new("true", Infrastructure.Texts.For(language)["facet.member.true"], member[1], q.Member == true),
                new("false", Infrastructure.Texts.For(language)["facet.member.false"], member[0], q.Member == false),
            ],
        };

        private static List<FacetValue> Values(IReadOnlyList<Term> terms, int[] counts, IReadOnlyList<string> selected, string language) =>
            [.. terms.Select((t, i) => new FacetValue(t.Code, t.Label(language), counts[i], selected.Contains(t.Code, StringComparer.OrdinalIgnoreCase)))
                .Where(v => v.Count > 0 || v.Selected)];
    }

    /// <summary>The province's name in a language, from the resources ("province.BE10"); an unknown code as it is.</summary>
    public static string ProvinceLabel(string code, string language) =>
        Infrastructure.Texts.For(language).Lookup("province." + code) ?? code;
}
