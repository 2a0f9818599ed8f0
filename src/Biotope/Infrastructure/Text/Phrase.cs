namespace Biotope.Infrastructure;

/// <summary>
/// What rules and validation return instead of a sentence: a resource key and its arguments. Text is produced once,
/// at the edge, by <see cref="Texts.Say(Phrase)"/> in the reader's language. The key of a rule's message is its stable code.
/// </summary>
public sealed record Phrase(string Key, IReadOnlyList<object?> Args, long? Count = null)
{
    public static Phrase Of(string key, params object?[] args) => new(key, args);

    /// <summary>A count-dependent phrase: the resource holds "key|one" and "key|other"; the count is argument {0}.</summary>
    public static Phrase Plural(string key, long count, params object?[] args) => new(key, [count, .. args], count);

    public override string ToString() => Key;
}

/// <summary>An amount in euros, written in the reader's money format ("1 250,00 €", "€1,250.00").</summary>
public readonly record struct Money(decimal Amount);

/// <summary>A value stored in two languages; the reader's is chosen, the other when only that one is known.</summary>
public readonly record struct Bilingual(string? French, string? English)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(French) && string.IsNullOrWhiteSpace(English);

    /// <summary>The text in <paramref name="language"/> or its fallback, and the language it is actually in.</summary>
    public (string Text, string Language) In(string language)
    {
        var preferFrench = language == "fr";
        var first = preferFrench ? French : English;
        if (!string.IsNullOrWhiteSpace(first)) return (first, preferFrench ? "fr" : "en");
        var other = preferFrench ? English : French;
        return string.IsNullOrWhiteSpace(other) ? ("", language) : (other, preferFrench ? "en" : "fr");
    }
}

/// <summary>Items joined as the reader's language joins them: "a, b and c" / "a, b et c".</summary>
public sealed record PhraseList(IReadOnlyList<object?> Items, bool Or = false);
