using System.Globalization;

namespace Biotope.Infrastructure;

/// <summary>
/// Interface text in French and English. The English text is the key; French translations live
/// in <see cref="French"/>. A test asserts every key used by the pages has a translation.
/// </summary>
public sealed class Texts
{
    public static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    public string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "fr";

    public CultureInfo Culture => Language == "en" ? CultureInfo.GetCultureInfo("en-GB") : CultureInfo.GetCultureInfo("fr-BE");

    public string this[string key] => Language == "fr" && French.TryGetValue(key, out var fr) ? fr : English.GetValueOrDefault(key, key);

    /// <summary>A UTC instant shown as Brussels wall-clock time (CET/CEST).</summary>
    public string LocalTime(DateTimeOffset utc)
    {
        var local = TimeZoneInfo.ConvertTime(utc, Brussels);
        return local.ToString(Language == "en" ? "d MMMM yyyy, HH:mm" : "d MMMM yyyy à HH:mm", Culture);
    }

    /// <summary>A UTC instant as Brussels wall-clock time in a given language (for messages and letters).</summary>
    public static string Format(DateTimeOffset utc, string language = "en")
    {
        var local = TimeZoneInfo.ConvertTime(utc, Brussels);
        return language == "en"
            ? local.ToString("d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"))
            : local.ToString("d MMMM yyyy à HH:mm", CultureInfo.GetCultureInfo("fr-BE"));
    }

    /// <summary>Keys whose English text differs from the key.</summary>
    public static readonly IReadOnlyDictionary<string, string> English =
        CoreEnglish.Concat(Features.Calls.CallTexts.English).ToDictionary(e => e.Key, e => e.Value);

    private static IReadOnlyDictionary<string, string> CoreEnglish => new Dictionary<string, string>
    {
        ["SpinOffOf.outgoing"] = "Spin-off of",
        ["SpinOffOf.incoming"] = "Has spin-off",
        ["SubsidiaryOf.outgoing"] = "Subsidiary of",
        ["SubsidiaryOf.incoming"] = "Parent company of",
        ["PartOf.outgoing"] = "Part of",
        ["PartOf.incoming"] = "Includes",
        ["RelatedTo.outgoing"] = "Related to",
        ["RelatedTo.incoming"] = "Related to",
    };

    /// <summary>Every French translation: the core table and each feature's own (a key defined twice is an error at start-up).</summary>
    public static readonly IReadOnlyDictionary<string, string> French =
        CoreFrench.Concat(Features.Calls.CallTexts.French).ToDictionary(e => e.Key, e => e.Value);

    private static IReadOnlyDictionary<string, string> CoreFrench => new Dictionary<string, string>
    {
        ["SpinOffOf.outgoing"] = "Spin-off de",
        ["SpinOffOf.incoming"] = "A pour spin-off",
        ["SubsidiaryOf.outgoing"] = "Filiale de",
        ["SubsidiaryOf.incoming"] = "Société mère de",
        ["PartOf.outgoing"] = "Fait partie de",
        ["PartOf.incoming"] = "Comprend",
        ["RelatedTo.outgoing"] = "Lié à",
        ["RelatedTo.incoming"] = "Lié à",
        ["Skip to content"] = "Aller au contenu",
        ["Main navigation"] = "Navigation principale",
        ["Directory"] = "Annuaire",
        ["Audit log"] = "Journal d'audit",
        ["Sign out"] = "Se déconnecter",
        ["Sign in"] = "Se connecter",
        ["Language"] = "Langue",
        ["Biotope — the health-innovation ecosystem of Wallonia."] = "Biotope — l'écosystème de l'innovation en santé en Wallonie.",
        ["The ecosystem at a glance"] = "L'écosystème en un coup d'œil",
        ["Organizations, areas of excellence and figures of the health-innovation ecosystem of Wallonia."] = "Organisations, domaines d'excellence et chiffres de l'écosystème wallon de l'innovation en santé.",
        ["The health-innovation ecosystem of Wallonia"] = "L'écosystème de l'innovation en santé en Wallonie",
        ["Companies, universities, research institutes, hospitals, platforms and agencies: who does what, where."] = "Entreprises, universités, instituts de recherche, hôpitaux, plateformes et agences : qui fait quoi, et où.",
        ["Search the directory"] = "Rechercher dans l'annuaire",
        ["e.g. cell therapy, Liège, imaging"] = "p. ex. thérapie cellulaire, Liège, imagerie",
        ["Search"] = "Rechercher",
        ["Key figures"] = "Chiffres clés",
        ["organizations"] = "organisations",
        ["cluster members"] = "membres du pôle",
        ["By type"] = "Par type",
        ["By area of excellence"] = "Par domaine d'excellence",
        ["Search the organizations of the ecosystem by name, place, area of excellence and more."] = "Recherchez les organisations de l'écosystème par nom, lieu, domaine d'excellence et plus.",
        ["Search organizations"] = "Rechercher des organisations",
        ["Name, place, area, acronym…"] = "Nom, lieu, domaine, acronyme…",
        ["Filters"] = "Filtres",
        ["Type"] = "Type",
        ["Sector"] = "Secteur",
        ["Area of excellence"] = "Domaine d'excellence",
        ["Value-chain stage"] = "Étape de la chaîne de valeur",
        ["Province"] = "Province",
        ["Membership"] = "Affiliation",
        ["Everyone"] = "Tous",
        ["Apply filters"] = "Appliquer les filtres",
        ["Clear all"] = "Tout effacer",
        ["1 organization"] = "1 organisation",
        ["{0} organizations"] = "{0} organisations",
        ["also showing"] = "résultats incluant aussi",
        ["Sort by"] = "Trier par",
        ["Best match"] = "Pertinence",
        ["Name (A–Z)"] = "Nom (A–Z)",
        ["Name (Z–A)"] = "Nom (Z–A)",
        ["Recently updated"] = "Mis à jour récemment",
        ["Some filters were not understood and were ignored:"] = "Certains filtres n'ont pas été compris et ont été ignorés :",
        ["No organization matches. Try fewer words or fewer filters."] = "Aucune organisation ne correspond. Essayez avec moins de mots ou de filtres.",
        ["Cluster member"] = "Membre du pôle",
        ["Pages"] = "Pages",
        ["Previous"] = "Précédente",
        ["Next"] = "Suivante",
        ["Page {0} of {1}"] = "Page {0} sur {1}",
        ["Breadcrumb"] = "Fil d'Ariane",
        ["since"] = "depuis",
        ["Edit"] = "Modifier",
        ["Activity"] = "Activité",
        ["Sectors"] = "Secteurs",
        ["Areas of excellence"] = "Domaines d'excellence",
        ["Value-chain stages"] = "Étapes de la chaîne de valeur",
        ["Capabilities"] = "Compétences",
        ["NACE codes"] = "Codes NACE",
        ["Founded"] = "Fondée en",
        ["Workforce"] = "Effectif",
        ["R&D share"] = "Part de R&D",
        ["Identity"] = "Identité",
        ["Name in French"] = "Nom en français",
        ["Name in English"] = "Nom en anglais",
        ["Name in Dutch"] = "Nom en néerlandais",
        ["Also known as"] = "Autres noms",
        ["Address"] = "Adresse",
        ["Website"] = "Site web",
        ["Enterprise number"] = "Numéro d'entreprise",
        ["Relations"] = "Relations",
        ["Projects"] = "Projets",
        ["People"] = "Personnes",
        ["Last updated"] = "Dernière mise à jour le",
        ["Edit an organization"] = "Modifier une organisation",
        ["Names"] = "Noms",
        ["Name"] = "Nom",
        ["Acronym"] = "Acronyme",
        ["Other names, one per line"] = "Autres noms, un par ligne",
        ["Location"] = "Localisation",
        ["Street and number"] = "Rue et numéro",
        ["Postal code"] = "Code postal",
        ["City"] = "Localité",
        ["Country (ISO code)"] = "Pays (code ISO)",
        ["NUTS 2021 region"] = "Région NUTS 2021",
        ["None"] = "Aucune",
        ["Figures and identifiers"] = "Chiffres et identifiants",
        ["Founding year"] = "Année de fondation",
        ["R&D share (%)"] = "Part de R&D (%)",
        ["NACE codes, comma-separated"] = "Codes NACE, séparés par des virgules",
        ["Belgian enterprise number"] = "Numéro d'entreprise belge",
        ["ROR id"] = "Identifiant ROR",
        ["Description in French"] = "Description en français",
        ["Description in English"] = "Description en anglais",
        ["Descriptions"] = "Descriptions",
        ["Cluster membership"] = "Affiliation au pôle",
        ["Member since"] = "Membre depuis",
        ["Only cluster staff can change the membership."] = "Seul le personnel du pôle peut modifier l'affiliation.",
        ["Role"] = "Fonction",
        ["ORCID iD"] = "ORCID iD",
        ["Save"] = "Enregistrer",
        ["Cancel"] = "Annuler",
        ["Please correct the fields marked below."] = "Veuillez corriger les champs signalés ci-dessous.",
        ["Someone else saved this organization while you were editing it. Your changes are not saved yet: the form still holds them, and the saved values that differ are listed here. Check them, then save again to replace the saved version."] = "Quelqu'un d'autre a enregistré cette organisation pendant que vous la modifiiez. Vos modifications ne sont pas encore enregistrées : le formulaire les contient toujours, et les valeurs enregistrées qui diffèrent sont listées ici. Vérifiez-les, puis enregistrez à nouveau pour remplacer la version enregistrée.",
        ["Saved values that differ from yours"] = "Valeurs enregistrées qui diffèrent des vôtres",
        ["Saved."] = "Enregistré.",
        ["You can edit only your own organization."] = "Vous ne pouvez modifier que votre propre organisation.",
        ["E-mail"] = "Adresse e-mail",
        ["Password"] = "Mot de passe",
        ["Keep me signed in"] = "Rester connecté",
        ["The e-mail or password is wrong."] = "L'adresse e-mail ou le mot de passe est incorrect.",
        ["Too many failed attempts: this account is locked for 15 minutes."] = "Trop de tentatives échouées : ce compte est verrouillé pendant 15 minutes.",
        ["Access denied"] = "Accès refusé",
        ["You are signed in, but your account does not allow this page."] = "Vous êtes connecté, mais votre compte ne donne pas accès à cette page.",
        ["Back to the directory"] = "Retour à l'annuaire",
        ["When"] = "Quand",
        ["Who"] = "Qui",
        ["What"] = "Quoi",
        ["Before"] = "Avant",
        ["After"] = "Après",
        ["Every change to the stored data: who, when, before and after."] = "Chaque modification des données : qui, quand, avant et après.",
        ["Older entries"] = "Entrées plus anciennes",
        ["Newest entries"] = "Entrées les plus récentes",
        ["Not found"] = "Introuvable",
        ["Enter your e-mail address."] = "Indiquez votre adresse e-mail.",
        ["Enter your password."] = "Indiquez votre mot de passe.",
        ["Changed fields"] = "Champs modifiés",
        ["Entity"] = "Élément",
        ["Created"] = "Création",
        ["Modified"] = "Modification",
        ["Deleted"] = "Suppression",
        ["Add a person"] = "Ajouter une personne",
        ["Person {0}"] = "Personne {0}",
        ["Browse all organizations"] = "Parcourir toutes les organisations",
        ["Active filters"] = "Filtres actifs",
        ["Remove filter:"] = "Retirer le filtre :",
        ["Remove all filters"] = "Retirer tous les filtres",
        ["Sectors and areas of excellence"] = "Secteurs et domaines d'excellence",
        ["Example: {0}"] = "Exemple : {0}",
        ["Fields marked * are required."] = "Les champs marqués d'un * sont obligatoires.",
        ["View the profile"] = "Voir la fiche",
        ["For cluster staff and the administrators of member organizations."] = "Pour le personnel du pôle et les administrateurs des organisations membres.",
        ["Member administrators can edit only their own organization; cluster staff can edit every organization."] = "Les administrateurs d'une organisation membre ne peuvent modifier que leur propre organisation ; le personnel du pôle peut modifier toutes les organisations.",
        ["No visible change"] = "Aucun changement visible",
        ["Field"] = "Champ",

        // Validation messages of the edit form, translated whole; the others are shown in English (marked lang="en").
        ["The name is required."] = "Le nom est obligatoire.",
        ["The name is longer than 300 characters."] = "Le nom dépasse 300 caractères.",
        ["The country is a two-letter ISO 3166 code, e.g. BE."] = "Le pays est un code ISO 3166 à deux lettres, p. ex. BE.",
        ["The workforce cannot be negative."] = "L'effectif ne peut pas être négatif.",
        ["The R&D share is a percentage between 0 and 100."] = "La part de R&D est un pourcentage entre 0 et 100.",
        ["The website must be a full http:// or https:// address."] = "Le site web doit être une adresse complète en http:// ou https://.",
        ["A person needs a name."] = "Une personne doit avoir un nom.",
        ["Another organization already has this ROR id."] = "Une autre organisation a déjà cet identifiant ROR.",
        ["Another organization already has this enterprise number."] = "Une autre organisation a déjà ce numéro d'entreprise.",
        ["Only cluster staff can change the cluster membership."] = "Seul le personnel du pôle peut modifier l'affiliation au pôle.",
        ["Invalid ROR id: The check digits of the ROR id do not match the other characters; a character is probably mistyped."] = "Identifiant ROR invalide : les chiffres de contrôle ne correspondent pas aux autres caractères ; un caractère est probablement mal saisi.",
        ["Invalid ROR id: A ROR id must start with the digit 0."] = "Identifiant ROR invalide : un identifiant ROR commence par le chiffre 0.",
        ["Invalid ROR id: A ROR id must end with two check digits."] = "Identifiant ROR invalide : un identifiant ROR se termine par deux chiffres de contrôle.",
        ["Invalid Belgian enterprise number: The check digits of the enterprise number do not match the other digits; a digit is probably mistyped."] = "Numéro d'entreprise belge invalide : les chiffres de contrôle ne correspondent pas aux autres chiffres ; un chiffre est probablement mal saisi.",
        ["Invalid Belgian enterprise number: The enterprise number must start with 0 or 1."] = "Numéro d'entreprise belge invalide : le numéro d'entreprise commence par 0 ou 1.",
        ["Invalid ORCID iD: The check character of the ORCID iD does not match the other digits; a digit is probably mistyped."] = "ORCID iD invalide : le caractère de contrôle ne correspond pas aux autres chiffres ; un chiffre est probablement mal saisi.",
        ["Invalid ORCID iD: Only the last character of an ORCID iD may be X."] = "ORCID iD invalide : seul le dernier caractère d'un ORCID iD peut être X.",
    };
}
