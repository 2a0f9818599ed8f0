using System.Text.RegularExpressions;
using Biotope.Infrastructure;

namespace Biotope.Features.Calls.Staff;

/// <summary>
/// The services answer in English. Fixed messages are translated in the resources; the ones that carry
/// a value (a time, a slug, a criterion) are matched here. Anything else is shown in English, marked as such.
/// </summary>
public static partial class StaffMessages
{
    /// <summary>The message in <paramref name="language"/>, and whether it stayed in English.</summary>
    public static (string Text, bool English) Localize(string message, string language)
    {
        if (language == "en") return (message, false);
        return French(message) is { } french ? (french, false) : (message, true);
    }

    public static string? French(string message)
    {
        if (Texts.Resources.GetString(message, System.Globalization.CultureInfo.GetCultureInfo("fr")) is { } fixedText) return fixedText;
        if (DstGap().Match(message) is { Success: true } gap)
            return $"{gap.Groups[1].Value} n'existe pas à Bruxelles (les horloges avancent d'une heure au passage à l'heure d'été).";
        if (IntentMissing().Match(message) is { Success: true } intent)
            return "Un appel en deux étapes demande la date limite des lettres d'intention. " + (French(intent.Groups[1].Value) ?? intent.Groups[1].Value);
        if (NotATime().Match(message) is { Success: true } time)
            return $"« {time.Groups[1].Value} » n'est pas une date et une heure ; utilisez 2026-12-01T09:00 (heure de Bruxelles).";
        if (SlugTaken().Match(message) is { Success: true } slug)
            return $"Un autre appel utilise déjà l'identifiant « {slug.Groups[1].Value} ».";
        if (ScoreScale().Match(message) is { Success: true } scale)
            return $"{scale.Groups[1].Value} : la note est comprise entre {scale.Groups[2].Value} et {scale.Groups[3].Value}.";
        if (CommentMissing().Match(message) is { Success: true } comment)
            return $"{comment.Groups[1].Value} : un commentaire accompagne la note.";
        if (CriteriaMissing().Match(message) is { Success: true } missing)
            return $"Notez chaque critère ; manquant : {missing.Groups[1].Value}.";
        if (FewExperts().Match(message) is { Success: true } few)
            return $"Seuls {few.Groups[1].Value} expert(s) peuvent l'évaluer : {few.Groups[2].Value} ont un conflit d'intérêts, {few.Groups[3].Value} sont exclus par le personnel, "
                + $"{few.Groups[4].Value} ne lisent pas sa langue (sur {few.Groups[5].Value} experts actifs).";
        if (FullLoad().Match(message) is { Success: true } full)
            return $"Les {full.Groups[1].Value} experts qui peuvent l'évaluer sont à pleine charge avec d'autres propositions ; augmentez une charge ou ajoutez des experts.";
        return null;
    }

    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}) does not exist in Brussels \(the clocks jump forward at the change to summer time\)\.$")]
    private static partial Regex DstGap();

    [GeneratedRegex(@"^A two-stage call needs the deadline of the letters of intent\. (.*)$")]
    private static partial Regex IntentMissing();

    [GeneratedRegex(@"^'(.*)' is not a date and time; use .*$")]
    private static partial Regex NotATime();

    [GeneratedRegex(@"^Another call already uses the slug '(.*)'\.$")]
    private static partial Regex SlugTaken();

    [GeneratedRegex(@"^(.+): the score is on the scale (-?\d+) to (-?\d+)\.$")]
    private static partial Regex ScoreScale();

    [GeneratedRegex(@"^(.+): a comment is required with the score\.$")]
    private static partial Regex CommentMissing();

    [GeneratedRegex(@"^Only (\d+) expert\(s\) can review it: (\d+) have a conflict of interest, (\d+) are excluded by staff, (-?\d+) do not read its language \(of (\d+) active experts\)\.$")]
    private static partial Regex FewExperts();

    [GeneratedRegex(@"^The (\d+) experts who can review it are at full load with other proposals; raise a load or add experts\.$")]
    private static partial Regex FullLoad();

    [GeneratedRegex(@"^Score every criterion: (.+) missing\.$")]
    private static partial Regex CriteriaMissing();
}
