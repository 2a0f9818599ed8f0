using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Calls.Evaluation;

public sealed record LetterScore(string Criterion, decimal Score, int ScaleMax, string? Comment);

/// <summary>
/// The decision letter to the coordinator. Built only from the consensus and the decision: it names no
/// reviewer and quotes no individual review.
/// </summary>
public sealed record DecisionLetter(string Language, string Subject, string Recipient, string Date, string Salutation, IReadOnlyList<string> Paragraphs,
    IReadOnlyList<LetterScore> Scores, decimal? WeightedTotal, string Closing, string Signature, bool Illustrative = false)
{
    /// <summary>The letter in <paramref name="language"/> (a fixed language: the consortium may ask for either).</summary>
    public static DecisionLetter Compose(Proposal proposal, Call call, Organization coordinator, Consensus? consensus, RankingRow ranking, string language)
    {
        var texts = Texts.For(language);
        var labelled = proposal.Decision == DecisionOutcome.Labelled;
        var funder = call.Funder();
        var programme = call.Programme();
        var title = proposal.Title(texts.Language);
        var callTitle = texts.Pick(call.TitleFr, call.TitleEn);
        var paragraphs = new List<string>
        {
            programme.IsEmpty
                ? texts["letter.submitted", proposal.Acronym, title, callTitle, funder]
                : texts["letter.submitted.programme", proposal.Acronym, title, callTitle, funder, programme],
            texts[labelled ? "letter.labelled" : "letter.not-labelled", proposal.Acronym],
        };
        var failed = call.Criteria.Where(c => ranking.FailedCriteriaIds.Contains(c.Id)).OrderBy(c => c.Position).Select(c => (object?)new Bilingual(c.NameFr, c.NameEn)).ToList();
        // The letter says what happened: thresholds missed are named, whichever the decision; a proposal that passed them all is told so.
        if (ranking.Scored)
            paragraphs.Add(failed.Count > 0
                ? texts[labelled ? "letter.labelled.below-threshold" : "letter.below-threshold", new PhraseList(failed)]
                : texts[labelled ? "letter.labelled.passed" : "letter.not-labelled.passed", ranking.WeightedTotal.ToString("0.00", texts.Culture)]);
        if (consensus?.Comment is { Length: > 0 } comment) paragraphs.Add(texts["letter.consensus", comment]);
        if (proposal.DecisionNote is { Length: > 0 } note) paragraphs.Add(note);
        paragraphs.Add(texts["letter.appeal"]);
        var scores = consensus is null ? [] : call.Criteria.OrderBy(c => c.Position)
            .Select(c => (Criterion: c, Score: consensus.Scores.FirstOrDefault(s => s.CriterionId == c.Id)))
            .Where(x => x.Score?.Score is not null)
            .Select(x => new LetterScore(texts.Pick(x.Criterion.NameFr, x.Criterion.NameEn), x.Score!.Score!.Value, x.Criterion.ScaleMax, x.Score.Comment is { Length: > 0 } c ? c : null)).ToList();
        return new DecisionLetter(texts.Language,
            texts["letter.subject", proposal.Acronym],
            coordinator.DisplayName(texts.Language), texts.Date(proposal.DecidedAt ?? DateTimeOffset.UtcNow),
            texts["letter.salutation"],
            paragraphs, scores, ranking.Scored ? ranking.WeightedTotal : null,
            texts["letter.closing"],
            texts["letter.signature", funder], proposal.Illustrative);
    }
}
