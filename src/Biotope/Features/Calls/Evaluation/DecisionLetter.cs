using Biotope.Features.Organizations;
using Biotope.Infrastructure;

namespace Biotope.Features.Calls.Evaluation;

public sealed record LetterScore(string Criterion, decimal Score, int ScaleMax, string? Comment);

/// <summary>
/// The decision letter to the coordinator. Built only from the consensus and the decision: it names no
/// reviewer and quotes no individual review.
/// </summary>
public sealed record DecisionLetter(string Language, string Subject, string Recipient, string Date, string Salutation, IReadOnlyList<string> Paragraphs,
    IReadOnlyList<LetterScore> Scores, decimal? WeightedTotal, string Closing, string Signature)
{
    public static DecisionLetter Compose(Proposal proposal, Call call, Organization coordinator, Consensus? consensus, RankingRow ranking, string language)
    {
        var en = language == "en";
        var labelled = proposal.Decision == DecisionOutcome.Labelled;
        var date = Texts.Format(proposal.DecidedAt ?? DateTimeOffset.UtcNow, language);
        date = date[..date.LastIndexOf(en ? ',' : 'à')].Trim();
        var title = proposal.Title(language);
        var callTitle = call.Title(language);
        var paragraphs = new List<string>
        {
            en
                ? $"Your consortium submitted the proposal {proposal.Acronym} — {title} — to the call \"{callTitle}\" ({call.Funder}{(call.Programme is null ? "" : ", " + call.Programme)})."
                : $"Votre consortium a soumis la proposition {proposal.Acronym} — {title} — à l'appel « {callTitle} » ({call.Funder}{(call.Programme is null ? "" : ", " + call.Programme)}).",
            labelled
                ? (en ? $"After its evaluation by independent experts and the consensus meeting, we are pleased to inform you that {proposal.Acronym} is labelled."
                      : $"À l'issue de son évaluation par des experts indépendants et de la réunion de consensus, nous avons le plaisir de vous informer que {proposal.Acronym} est labellisé.")
                : (en ? $"After its evaluation by independent experts and the consensus meeting, we regret to inform you that {proposal.Acronym} is not labelled."
                      : $"À l'issue de son évaluation par des experts indépendants et de la réunion de consensus, nous avons le regret de vous informer que {proposal.Acronym} n'est pas labellisé."),
        };
        if (!ranking.Passed && ranking.FailedCriteria.Count > 0)
            paragraphs.Add(en ? $"The proposal did not reach the pass threshold on: {string.Join(", ", ranking.FailedCriteria)}."
                              : $"La proposition n'a pas atteint le seuil requis pour : {string.Join(", ", ranking.FailedCriteria)}.");
        if (consensus?.Comment is { Length: > 0 } comment) paragraphs.Add((en ? "The evaluators' consensus: " : "Avis consensuel des évaluateurs : ") + comment);
        if (proposal.DecisionNote is { Length: > 0 } note) paragraphs.Add(note);
        paragraphs.Add(en
            ? "The consortium may appeal this decision once, stating its reasons, from the proposal's page in Biotope."
            : "Le consortium peut introduire un recours contre cette décision une seule fois, en exposant ses motifs, depuis la page de la proposition dans Biotope.");
        var scores = consensus is null ? [] : call.Criteria.OrderBy(c => c.Position)
            .Select(c => (Criterion: c, Score: consensus.Scores.FirstOrDefault(s => s.CriterionId == c.Id)))
            .Where(x => x.Score is not null)
            .Select(x => new LetterScore(x.Criterion.Name(language), x.Score!.Score, x.Criterion.ScaleMax, x.Score.Comment is { Length: > 0 } c ? c : null)).ToList();
        return new DecisionLetter(language,
            en ? $"Decision on your proposal {proposal.Acronym}" : $"Décision concernant votre proposition {proposal.Acronym}",
            coordinator.DisplayName(language), date,
            en ? "Dear coordinator," : "Madame, Monsieur le coordinateur,",
            paragraphs, scores, ranking.Scored ? ranking.WeightedTotal : null,
            en ? "Yours sincerely," : "Veuillez agréer nos salutations distinguées.",
            en ? $"The cluster's evaluation committee, for {call.Funder}" : $"Le comité d'évaluation du pôle, pour {call.Funder}");
    }
}
