using Biotope.Infrastructure;

namespace Biotope.Features.Platforms;

/// <summary>Collects coded validation messages keyed by the field's JSON name; the edge writes them in the reader's language.</summary>
internal sealed class FieldPhrases
{
    private readonly Dictionary<string, List<Phrase>> errors = [];

    public int Count => errors.Count;

    public bool Has(string field) => errors.ContainsKey(field);

    public void Add(string field, string key, params object?[] args) => Add(field, Phrase.Of(key, args));

    public void Add(string field, Phrase phrase) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(phrase);

    /// <summary>The first message of a field only (a later check does not pile up on an earlier one).</summary>
    public void TryAdd(string field, string key, params object?[] args)
    {
        if (!Has(field)) Add(field, key, args);
    }

    /// <summary>Euros to the cent, not negative, within the columns' precision.</summary>
    public void Money(string field, decimal? amount, decimal max = 999_999_999_999.99m)
    {
        if (amount is not { } value) return;
        if (value < 0) Add(field, "money.negative");
        else if (value > max) Add(field, "money.too-large");
        else if (decimal.Round(value, 2) != value) Add(field, "money.cents");
    }

    public Dictionary<string, Phrase[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public Failure? ToFailure() => Count == 0 ? null : Failure.Invalid(ToDictionary());
}
