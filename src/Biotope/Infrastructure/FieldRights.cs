using System.Collections;

namespace Biotope.Infrastructure;

/// <summary>
/// Who may change which field of an input (ADR 017). Each rule names a field (its JSON name), reads the incoming and the
/// stored value, and says whether this writer may change it and, if not, why. <see cref="Check"/> compares the values:
/// sending the stored value back is always fine; a forbidden change is a field error, never silently ignored.
/// </summary>
/// <typeparam name="TInput">What the writer sent.</typeparam>
/// <typeparam name="TStored">What is stored (with whatever else the rules need to know).</typeparam>
/// <typeparam name="TWriter">Who writes: a role, an account, a context.</typeparam>
public sealed class FieldPolicy<TInput, TStored, TWriter>
{
    private readonly List<Rule> rules = [];

    private sealed record Rule(string Field, Func<TInput, object?> Incoming, Func<TStored, object?> Stored, Func<TWriter, TStored, Phrase?> Refusal);

    /// <summary>
    /// A field and its right: <paramref name="refusal"/> returns null when the writer may change it, else the reason (a
    /// phrase whose key is the field error's code). Values are compared as strings, case-insensitively; lists as sets.
    /// </summary>
    public FieldPolicy<TInput, TStored, TWriter> Field(string field, Func<TInput, object?> incoming, Func<TStored, object?> stored, Func<TWriter, TStored, Phrase?> refusal)
    {
        rules.Add(new Rule(field, incoming, stored, refusal));
        return this;
    }

    /// <summary>The fields the policy rules on (their JSON names): the tests of each write endpoint are generated from them.</summary>
    public IReadOnlyList<string> Fields => [.. rules.Select(r => r.Field)];

    /// <summary>The fields this writer changed without the right to, each with its reason.</summary>
    public Dictionary<string, Phrase[]> ForbiddenChanges(TInput input, TStored stored, TWriter writer)
    {
        var errors = new Dictionary<string, Phrase[]>();
        foreach (var rule in rules)
        {
            if (Same(rule.Incoming(input), rule.Stored(stored))) continue;
            if (rule.Refusal(writer, stored) is { } refusal) errors[rule.Field] = [refusal];
        }
        return errors;
    }

    /// <summary>A 403 problem naming every forbidden changed field (code <c>field.forbidden</c>), or null when the writer may write it all.</summary>
    public Failure? Check(TInput input, TStored stored, TWriter writer) => FieldRights.Forbidden(ForbiddenChanges(input, stored, writer));

    private static bool Same(object? incoming, object? stored) => Canonical(incoming).SetEquals(Canonical(stored));

    private static HashSet<string> Canonical(object? value) => value switch
    {
        null => [],
        string s => string.IsNullOrWhiteSpace(s) ? [] : [s.Trim().ToUpperInvariant()],
        IEnumerable items => [.. items.Cast<object?>().SelectMany(Canonical)],
        IFormattable f => [f.ToString(null, System.Globalization.CultureInfo.InvariantCulture).ToUpperInvariant()],
        _ => [value.ToString()!.ToUpperInvariant()],
    };
}

public static class FieldRights
{
    /// <summary>The failure for fields written without the right to: 403, code <c>field.forbidden</c>, one error per field.</summary>
    public static Failure? Forbidden(IReadOnlyDictionary<string, Phrase[]> errors) => errors.Count == 0 ? null
        : new Failure(FailureKind.Forbidden, Phrase.Of("problem.forbidden"), Phrase.Of("field.forbidden", new PhraseList([.. errors.Keys])), errors);

    /// <summary>A field only cluster staff change.</summary>
    public static readonly Phrase StaffOnly = Phrase.Of("field.staff-only");
}
