namespace Biotope.Features.Organizations.Search;

/// <summary>
/// Finds the indexed terms one typo away from a query term (symmetric delete, as in SymSpell):
/// every term is filed under itself and each of its single-character deletions, and a query
/// looks up itself and its own deletions. Two words one insertion, deletion, substitution or
/// adjacent transposition apart always share such a key; candidates are then verified exactly.
/// Safe for many concurrent readers alongside an occasional writer.
/// </summary>
public sealed class TypoIndex
{
    /// <summary>Typos are only tolerated in words of this many letters or more.</summary>
    public const int MinLength = 5;

    private readonly List<string> _terms = [];
    private readonly Dictionary<string, int> _idByTerm = new(StringComparer.Ordinal);

    // Keyed by a 64-bit hash instead of the deleted string to save memory; a collision only adds
    // a candidate that the exact distance check then rejects.
    // A value >= 0 is the single term id filed under the key (the common case, no allocation);
    // a negative value v points at _sharedBuckets[~v] once two or more terms share the key.
    private readonly Dictionary<ulong, int> _bucketByKey = [];
    private readonly List<List<int>> _sharedBuckets = [];

    // Not disposed: the index lives as long as the application, so there is nothing to release early.
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _terms.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Indexes an already normalized term; terms shorter than <see cref="MinLength"/> are ignored.</summary>
    public void Add(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.Length < MinLength) return;
        _lock.EnterWriteLock();
        try { AddLocked(term); }
        finally { _lock.ExitWriteLock(); }
    }

    public void AddRange(IEnumerable<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _lock.EnterWriteLock();
        try
        {
            foreach (var term in terms)
                if (term is { Length: >= MinLength }) AddLocked(term);
        }
        finally { _lock.ExitWriteLock(); }
    }

    public bool Contains(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        _lock.EnterReadLock();
        try { return _idByTerm.ContainsKey(term); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>
    /// Every indexed term at optimal-string-alignment distance exactly 1 from <paramref name="term"/>,
    /// sorted ordinally; empty when the term is shorter than <see cref="MinLength"/>.
    /// </summary>
    public IReadOnlyList<string> Corrections(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        if (term.Length < MinLength) return [];

        var candidates = new HashSet<string>(StringComparer.Ordinal);
        _lock.EnterReadLock();
        try
        {
            for (var skip = -1; skip < term.Length; skip++)
                CollectBucket(KeyOf(term, skip), candidates);
        }
        finally { _lock.ExitReadLock(); }

        var corrections = new List<string>();
        foreach (var candidate in candidates)
            if (Math.Abs(candidate.Length - term.Length) <= 1 && OsaDistance(term, candidate) == 1)
                corrections.Add(candidate);
        corrections.Sort(StringComparer.Ordinal);
        return corrections;
    }

    /// <summary>
    /// Optimal string alignment distance: the fewest insertions, deletions, substitutions and
    /// adjacent transpositions turning one string into the other, no substring edited twice.
    /// </summary>
    public static int OsaDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);

        // Three rolling rows of the classic matrix: the transposition step looks two rows back.
        var twoBack = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitutionCost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + substitutionCost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    best = Math.Min(best, twoBack[j - 2] + 1);
                current[j] = best;
            }
            (twoBack, previous, current) = (previous, current, twoBack);
        }
        return previous[b.Length];
    }

    private void AddLocked(string term)
    {
        if (_idByTerm.ContainsKey(term)) return;
        var id = _terms.Count;
        _terms.Add(term);
        _idByTerm.Add(term, id);
        for (var skip = -1; skip < term.Length; skip++)
            File(KeyOf(term, skip), id);
    }

    private void File(ulong key, int id)
    {
        if (!_bucketByKey.TryGetValue(key, out var bucket))
        {
            _bucketByKey.Add(key, id);
            return;
        }
        // Ids arrive in increasing order, so a key repeated within one term (as "ll" in "cellule"
        // yields twice) is always the bucket's last entry.
        if (bucket >= 0)
        {
            if (bucket == id) return;
            _sharedBuckets.Add([bucket, id]);
            _bucketByKey[key] = ~(_sharedBuckets.Count - 1);
            return;
        }
        var ids = _sharedBuckets[~bucket];
        if (ids[^1] != id) ids.Add(id);
    }

    private void CollectBucket(ulong key, HashSet<string> candidates)
    {
        if (!_bucketByKey.TryGetValue(key, out var bucket)) return;
        if (bucket >= 0)
        {
            candidates.Add(_terms[bucket]);
            return;
        }
        foreach (var id in _sharedBuckets[~bucket]) candidates.Add(_terms[id]);
    }

    // FNV-1a over the term with the character at skipIndex left out (-1 keeps them all), so
    // deletions are hashed without allocating a string for each.
    private static ulong KeyOf(string term, int skipIndex)
    {
        var hash = 14695981039346656037UL;
        for (var i = 0; i < term.Length; i++)
        {
            if (i == skipIndex) continue;
            hash = (hash ^ term[i]) * 1099511628211UL;
        }
        return hash;
    }
}
