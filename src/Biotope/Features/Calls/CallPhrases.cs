using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Calls;

/// <summary>Arguments the calls' phrases share: names in both languages, sentences one after the other.</summary>
public static class CallPhrases
{
    /// <summary>An organization's name as each language shows it (the reader's is chosen when the phrase is written).</summary>
    public static Bilingual BilingualName(this Organization organization) => new(organization.DisplayName("fr"), organization.DisplayName("en"));

    /// <summary>Sentences written one after the other ("call.sentences" is "{0} {1}" in every language).</summary>
    public static Phrase Sentences(IReadOnlyList<Phrase> sentences) =>
        sentences.Count == 1 ? sentences[0] : Phrase.Of("call.sentences", sentences[0], Sentences([.. sentences.Skip(1)]));
}
