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
