namespace Biotope.Features.Organizations.Search;

/// <summary>
/// What the database matched for a word query, as directory-index positions, kept until the directory changes (ADR 006).
/// Searches repeat their words far more than they change them: ticking a facet, sorting, paging and
/// popular searches ask the full-text index the same question again. Any change the index applies
/// starts a new generation, so no answer outlives the data it was read from. Bounded by the number
/// of ids held, not of entries, because one broad word can match the whole directory.
/// </summary>
public sealed class MatchCache
{
    public const long MaxIds = 2_000_000;

    private readonly Lock gate = new();
    private readonly Dictionary<string, int[]> entries = new(StringComparer.Ordinal);
    private long heldIds;
    private long generation;

    /// <summary>The generation to pass back to <see cref="Remember"/> for an answer read now.</summary>
    public long Generation
    {
        get
        {
            lock (gate) return generation;
        }
    }

    public int Count
    {
        get
        {
            lock (gate) return entries.Count;
        }
    }

    public bool TryGet(string key, out int[] ids)
    {
        lock (gate) return entries.TryGetValue(key, out ids!);
    }

    /// <summary>Keeps an answer, unless the data changed since <paramref name="readInGeneration"/>.</summary>
    public void Remember(string key, int[] ids, long readInGeneration)
    {
        if (ids.Length > MaxIds) return;
        lock (gate)
        {
            if (readInGeneration != generation || entries.ContainsKey(key)) return;
            if (heldIds + ids.Length > MaxIds)
            {
                entries.Clear();
                heldIds = 0;
            }
            entries[key] = ids;
            heldIds += ids.Length;
        }
    }

    /// <summary>Forgets every answer: the directory changed.</summary>
    public void Invalidate()
    {
        lock (gate)
        {
            generation++;
            entries.Clear();
            heldIds = 0;
        }
    }
}
