using System.Globalization;

namespace Biotope.Features.Platforms.Bookings;

/// <summary>Texts of the availability and booking pages: English for coded keys, French for everything.</summary>
public static class BookingTexts
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>
    {
        ["booking.Pending"] = "Awaiting approval",
        ["booking.Confirmed"] = "Confirmed",
        ["booking.Rejected"] = "Rejected",
        ["booking.Cancelled"] = "Cancelled",
        ["booking.category.Academic"] = "Academic",
        ["booking.category.MemberCompany"] = "Member company",
        ["booking.category.NonMemberCompany"] = "Non-member company",
        ["booking.category.Internal"] = "Internal",
    };

    public static readonly IReadOnlyDictionary<string, string> French = new Dictionary<string, string>
    {
        ["booking.Pending"] = "En attente d'approbation",
        ["booking.Confirmed"] = "Confirmée",
        ["booking.Rejected"] = "Refusée",
        ["booking.Cancelled"] = "Annulée",
        ["booking.category.Academic"] = "Académique",
        ["booking.category.MemberCompany"] = "Entreprise membre",
        ["booking.category.NonMemberCompany"] = "Entreprise non membre",
        ["booking.category.Internal"] = "Interne",

        // Messages of BookingService ({0}, {1}... are filled in by BookingTexts.Say).
        ["There is no equipment {0}."] = "L'équipement {0} n'existe pas.",
        ["{0} is in maintenance and cannot be booked."] = "{0} est en maintenance et ne peut pas être réservé.",
        ["{0} is decommissioned and cannot be booked."] = "{0} est hors service et ne peut pas être réservé.",
        ["Bookings are billed to an organization, and your account belongs to none. Ask cluster staff to link it to yours."] =
            "Les réservations sont facturées à une organisation, et votre compte n'en a aucune. Demandez à l'équipe du pôle de le lier à la vôtre.",
        ["The end must be after the start."] = "La fin doit suivre le début.",
        ["A booking of this instrument lasts at least {0}; this one lasts {1}."] = "Une réservation de cet instrument dure au moins {0} ; celle-ci dure {1}.",
        ["A booking of this instrument lasts at most {0}; this one lasts {1}."] = "Une réservation de cet instrument dure au plus {0} ; celle-ci dure {1}.",
        ["Bookings start and end on a {0}-minute grid from midnight, Brussels time: {1} is not on it."] =
            "Les réservations commencent et finissent sur une grille de {0} minutes depuis minuit, heure de Bruxelles : {1} n'y est pas.",
        ["The start is in the past."] = "Le début est dans le passé.",
        ["Book at least {0} hours ahead: the earliest start is now {1}."] = "Réservez au moins {0} heures à l'avance : le début le plus proche est maintenant le {1}.",
        ["Bookings open {0} days ahead: the latest start is now {1}."] = "Les réservations ouvrent {0} jours à l'avance : le début le plus lointain est maintenant le {1}.",
        ["The instrument is closed on {0}."] = "L'instrument est fermé le {0}.",
        ["{0} is outside the opening hours of {1}: {2}."] = "{0} est en dehors des heures d'ouverture du {1} : {2}.",
        ["A booking starts and ends on the same opening day: on {0} the instrument closes at {1}."] =
            "Une réservation commence et finit le même jour d'ouverture : le {0}, l'instrument ferme à {1}.",
        ["The booking runs past closing time: on {0} the instrument closes at {1}."] = "La réservation dépasse l'heure de fermeture : le {0}, l'instrument ferme à {1}.",
        ["The instrument is closed {0}."] = "L'instrument est fermé : {0}.",
        ["The instrument is closed {0}: {1}."] = "L'instrument est fermé : {0} ({1}).",
        ["You need a valid certificate of '{0}' to book this instrument."] = "Il vous faut un certificat valide de la formation « {0} » pour réserver cet instrument.",
        ["You already have {0} booking(s) of this instrument in the week of {1}: the limit is {2} a week."] =
            "Vous avez déjà {0} réservation(s) de cet instrument la semaine du {1} : la limite est de {2} par semaine.",
        ["{0} has no rate for {1} users on {2}: ask the platform."] = "{0} n'a pas de tarif pour la catégorie « {1} » le {2} : contactez la plateforme.",
        ["The purpose is at most {0} characters long."] = "L'objet compte au plus {0} caractères.",
        ["This time is taken: the instrument is booked {0}, and kept free until {1} after it."] =
            "Ce créneau est pris : l'instrument est réservé le {0}, puis gardé libre jusqu'à {1}.",
        ["This time is taken: the instrument is booked {0}."] = "Ce créneau est pris : l'instrument est réservé le {0}.",
        ["Another booking has just taken this time."] = "Une autre réservation vient de prendre ce créneau.",
        ["Free cancellation until {0}; after that, {1}% of the price ({2})."] = "Annulation gratuite jusqu'au {0} ; ensuite, {1} % du prix ({2}).",
        ["A booking that has started or ended cannot be cancelled."] = "Une réservation commencée ou terminée ne peut plus être annulée.",
        ["Booking {0} is already {1}."] = "La réservation {0} est déjà : {1}.",
        ["Booking {0} is {1}: only a confirmed booking is checked in."] = "La réservation {0} est : {1}. Seule une réservation confirmée s'enregistre à l'arrivée.",
        ["This booking was checked in at {0}."] = "L'arrivée a été enregistrée le {0}.",
        ["Check-in opens 15 minutes before the start, at {0}."] = "L'enregistrement de l'arrivée ouvre 15 minutes avant le début, le {0}.",
        ["The booking has ended: check-in is closed."] = "La réservation est terminée : l'enregistrement de l'arrivée est fermé.",
        ["Check in before checking out."] = "Enregistrez l'arrivée avant le départ.",
        ["This booking was checked out at {0}."] = "Le départ a été enregistré le {0}.",
        ["Only the platform's managers and cluster staff approve or reject bookings."] = "Seuls les gestionnaires de la plateforme et l'équipe du pôle approuvent ou refusent les réservations.",
        ["Booking {0} is {1}: only a booking awaiting approval is approved or rejected."] = "La réservation {0} est : {1}. Seule une réservation en attente s'approuve ou se refuse.",
        ["The booking ended before it was approved: reject it instead."] = "La réservation s'est terminée avant d'être approuvée : refusez-la plutôt.",
        ["The platform cancelled your booking of {0}"] = "La plateforme a annulé votre réservation de {0}",
        ["{0}, {1}: cancelled by the platform, at no charge."] = "{0}, {1} : annulée par la plateforme, sans frais.",

        // Pages.
        ["Approval"] = "Approbation",
        ["Approve"] = "Approuver",
        ["Arrived"] = "Arrivée à",
        ["Availability of {0}, week {1}"] = "Disponibilités de {0}, semaine {1}",
        ["Awaiting approval"] = "En attente d'approbation",
        ["Back to the availability"] = "Retour aux disponibilités",
        ["book"] = "réserver le",
        ["Book another time"] = "Réserver un autre créneau",
        ["Book {0}"] = "Réserver : {0}",
        ["Booked"] = "Réservé",
        ["Booked (including the time kept free after a booking)"] = "Réservé (y compris le temps gardé libre après une réservation)",
        ["Booked and confirmed."] = "Réservation confirmée.",
        ["Booked: the platform will approve or reject it, and you will be told."] = "Réservation enregistrée : la plateforme l'approuvera ou la refusera, et vous serez prévenu.",
        ["Booking needs a valid certificate of the training"] = "Pour réserver, il faut un certificat valide de la formation",
        ["Bookings of the platforms you run: approve or reject the ones waiting, record who came today."] =
            "Les réservations des plateformes que vous gérez : approuvez ou refusez celles en attente, enregistrez qui est venu aujourd'hui.",
        ["Bookings of {0} to {1}, on a {2}-minute grid."] = "Réservations de {0} à {1}, sur une grille de {2} minutes.",
        ["Cancel (costs {0})"] = "Annuler (coûte {0})",
        ["Cancel (free)"] = "Annuler (gratuit)",
        ["Cancellation charge"] = "Frais d'annulation",
        ["Check in"] = "Enregistrer l'arrivée",
        ["Check out"] = "Enregistrer le départ",
        ["Confirm the booking"] = "Confirmer la réservation",
        ["Done."] = "C'est fait.",
        ["Duration"] = "Durée",
        ["Each booking is approved by the platform before it is confirmed."] = "Chaque réservation est approuvée par la plateforme avant d'être confirmée.",
        ["Find an instrument"] = "Trouver un instrument",
        ["Free"] = "Libre",
        ["Free: choose a time to book it"] = "Libre : choisissez un créneau pour le réserver",
        ["From {0} to {1}, starting and ending on a {2}-minute grid."] = "De {0} à {1}, avec un début et une fin sur une grille de {2} minutes.",
        ["Held, awaiting approval"] = "Retenu, en attente d'approbation",
        ["Kept free after it"] = "Gardé libre après",
        ["Legend"] = "Légende",
        ["Manage the platform's bookings"] = "Gérer les réservations de la plateforme",
        ["Needed: the booking holds the time and is confirmed when the platform approves it."] =
            "Nécessaire : la réservation retient le créneau et est confirmée quand la plateforme l'approuve.",
        ["Next week"] = "Semaine suivante",
        ["No booking is waiting for approval."] = "Aucune réservation n'attend d'approbation.",
        ["No booking today."] = "Aucune réservation aujourd'hui.",
        ["No upcoming booking."] = "Aucune réservation à venir.",
        ["No-show"] = "Absence",
        ["Not bookable: past, too soon, too far ahead, or too close to the next booking"] =
            "Non réservable : passé, trop proche, trop lointain, ou trop près de la réservation suivante",
        ["Not needed: the booking is confirmed at once."] = "Pas nécessaire : la réservation est confirmée tout de suite.",
        ["Not open"] = "Fermé",
        ["Note to the booker (optional)"] = "Note pour la personne qui réserve (facultative)",
        ["Nothing yet."] = "Rien pour l'instant.",
        ["Past and cancelled"] = "Passées et annulées",
        ["Previous week"] = "Semaine précédente",
        ["Purpose"] = "Objet",
        ["Rate category"] = "Catégorie tarifaire",
        ["Reject"] = "Refuser",
        ["See the price"] = "Voir le prix",
        ["See the trainings"] = "Voir les formations",
        ["Skipped by the change to summer time"] = "Sautée au passage à l'heure d'été",
        ["That week could not be read; here is the current week. Weeks are written like 2026-W44."] =
            "Cette semaine n'a pas pu être lue ; voici la semaine en cours. Les semaines s'écrivent comme 2026-W44.",
        ["The arrival is recorded."] = "L'arrivée est enregistrée.",
        ["The booking is approved; the booker is told."] = "La réservation est approuvée ; la personne qui a réservé est prévenue.",
        ["The booking is cancelled."] = "La réservation est annulée.",
        ["The booking is rejected and its time is free again; the booker is told."] = "La réservation est refusée et son créneau est à nouveau libre ; la personne qui a réservé est prévenue.",
        ["The departure is recorded."] = "Le départ est enregistré.",
        ["The instrument is closed all week."] = "L'instrument est fermé toute la semaine.",
        ["This booking cannot be made."] = "Cette réservation est impossible.",
        ["This instrument is decommissioned: it cannot be booked."] = "Cet instrument est hors service : il ne peut pas être réservé.",
        ["This instrument is in maintenance: it cannot be booked for now."] = "Cet instrument est en maintenance : il ne peut pas être réservé pour l'instant.",
        ["This week"] = "Cette semaine",
        ["Time"] = "Heure",
        ["Times are in Brussels time. You see the price before you confirm."] = "Les heures sont à l'heure de Bruxelles. Vous voyez le prix avant de confirmer.",
        ["Today, {0}"] = "Aujourd'hui, {0}",
        ["Use"] = "Utilisation",
        ["Weeks"] = "Semaines",
        ["What the instrument is for (optional, seen by the platform)"] = "À quoi servira l'instrument (facultatif, visible par la plateforme)",
        ["When (Brussels time)"] = "Quand (heure de Bruxelles)",
        ["Your arrival is recorded."] = "Votre arrivée est enregistrée.",
        ["Your booking"] = "Votre réservation",
        ["Your departure is recorded."] = "Votre départ est enregistré.",
        ["Your instrument bookings, in Brussels time, with what they cost."] = "Vos réservations d'instruments, à l'heure de Bruxelles, avec leur coût.",
        ["Your quote"] = "Votre devis",
        ["free until {0}"] = "gratuit jusqu'au {0}",
        ["week {0}, {1} to {2}"] = "semaine {0}, du {1} au {2}",
        ["{0} minutes are kept free after each booking (not charged)."] = "{0} minutes sont gardées libres après chaque réservation (non facturées).",
        ["{0} minutes, not charged"] = "{0} minutes, non facturées",
        ["{0}-hour day"] = "journée de {0} heures",
    };

    /// <summary>A message in "en" or "fr": the English template is the key of its French translation.</summary>
    public static string Say(string language, string template, params object?[] args)
    {
        var text = language == "fr" && French.TryGetValue(template, out var french) ? french : template;
        return args.Length == 0 ? text : string.Format(Culture(language), text, args);
    }

    public static string Status(BookingStatus status, string language) => Label($"booking.{status}", language);

    public static string Category(UserCategory category, string language) => Label($"booking.category.{category}", language);

    /// <summary>Prices are to the cent: always two decimals.</summary>
    public static string Euros(decimal amount, string language) => Calls.Proposals.Eligibility.Euros(amount, language);

    private static string Label(string key, string language) => language == "fr" && French.TryGetValue(key, out var french) ? french : English[key];

    private static CultureInfo Culture(string language) => BookingCalendar.Culture(language);
}
