namespace Biotope.Features.Platforms.Calendars;

/// <summary>Texts of the calendar feed pages: English for coded keys, French for everything.</summary>
/// <remarks>The "ics." keys are the texts inside the feeds, read in the feed's language by <see cref="FeedContent.Say"/>.</remarks>
public static class CalendarTexts
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>
    {
        ["ics.booked"] = "Booked",
        ["ics.closed"] = "Closed",
        ["ics.booking"] = "Booking: {0}",
        ["ics.training"] = "Training: {0}",
        ["ics.teaching"] = "Training you give: {0}",
        ["ics.enrolled"] = "You are enrolled.",
        ["ics.waitlisted"] = "You are on the waiting list.",
        ["ics.places"] = "Enrolled: {0} of {1} places",
        ["ics.sessionCancelled"] = "This session is cancelled.",
        ["ics.Pending"] = "awaiting approval",
        ["ics.Confirmed"] = "confirmed",
        ["ics.Cancelled"] = "cancelled",
        ["ics.status"] = "Status: {0}",
        ["ics.platform"] = "Platform: {0}",
        ["ics.instrument"] = "Instrument: {0}",
        ["ics.purpose"] = "Purpose: {0}",
        ["ics.bookedBy"] = "Booked by: {0}",
        ["ics.organization"] = "Organization: {0}",
        ["ics.bookingNumber"] = "Booking no. {0}",
        ["ics.trainer"] = "Trainer: {0}",
        ["ics.language"] = "Language: {0}",
        ["ics.lang.fr"] = "French",
        ["ics.lang.en"] = "English",
        ["ics.name.busy"] = "{0} — busy times",
        ["ics.name.personal"] = "My Biotope bookings and training",
        ["ics.name.instrument"] = "{0} — bookings",
        ["ics.name.platform"] = "{0} — bookings and training",
    };

    public static readonly IReadOnlyDictionary<string, string> French = new Dictionary<string, string>
    {
        ["ics.booked"] = "Réservé",
        ["ics.closed"] = "Fermé",
        ["ics.booking"] = "Réservation : {0}",
        ["ics.training"] = "Formation : {0}",
        ["ics.teaching"] = "Formation que vous donnez : {0}",
        ["ics.enrolled"] = "Vous êtes inscrit·e.",
        ["ics.waitlisted"] = "Vous êtes sur la liste d'attente.",
        ["ics.places"] = "Inscrits : {0} sur {1} places",
        ["ics.sessionCancelled"] = "Cette session est annulée.",
        ["ics.Pending"] = "en attente d'approbation",
        ["ics.Confirmed"] = "confirmée",
        ["ics.Cancelled"] = "annulée",
        ["ics.status"] = "Statut : {0}",
        ["ics.platform"] = "Plateforme : {0}",
        ["ics.instrument"] = "Instrument : {0}",
        ["ics.purpose"] = "Objet : {0}",
        ["ics.bookedBy"] = "Réservé par : {0}",
        ["ics.organization"] = "Organisation : {0}",
        ["ics.bookingNumber"] = "Réservation n° {0}",
        ["ics.trainer"] = "Formateur ou formatrice : {0}",
        ["ics.language"] = "Langue : {0}",
        ["ics.lang.fr"] = "français",
        ["ics.lang.en"] = "anglais",
        ["ics.name.busy"] = "{0} — créneaux occupés",
        ["ics.name.personal"] = "Mes réservations et formations Biotope",
        ["ics.name.instrument"] = "{0} — réservations",
        ["ics.name.platform"] = "{0} — réservations et formations",

        ["Calendars"] = "Agendas",
        ["Calendar feeds"] = "Flux d'agenda",
        ["Follow your bookings and training sessions in Outlook, Google Calendar or Apple Calendar. Each feed has its own private address, to which your calendar app subscribes."] =
            "Suivez vos réservations et vos formations dans Outlook, Google Agenda ou Calendrier d'Apple. Chaque flux a sa propre adresse privée, à laquelle votre application d'agenda s'abonne.",
        ["Your new feed's address"] = "L'adresse de votre nouveau flux",
        ["Subscription address"] = "Adresse d'abonnement",
        ["Copy it now: it is shown only this once. Biotope keeps only a fingerprint of it and cannot show it again."] =
            "Copiez-la maintenant : elle n'est affichée que cette fois. Biotope n'en garde qu'une empreinte et ne peut plus l'afficher.",
        ["Add it to your calendar"] = "L'ajouter à votre agenda",
        ["In Calendar, choose Add calendar, then Subscribe from web; paste the address, name the calendar and import it."] =
            "Dans Calendrier, choisissez Ajouter un calendrier, puis S'abonner à partir du web ; collez l'adresse, nommez le calendrier et importez-le.",
        ["On a computer, next to Other calendars, choose +, then From URL; paste the address and choose Add calendar."] =
            "Sur un ordinateur, à côté d'Autres agendas, choisissez +, puis À partir de l'URL ; collez l'adresse et choisissez Ajouter un agenda.",
        ["Choose File, then New Calendar Subscription; paste the address and choose Subscribe."] =
            "Choisissez Fichier, puis Nouvel abonnement à un calendrier ; collez l'adresse et choisissez S'abonner.",
        ["Calendar apps fetch the feed again on their own schedule, from every few minutes to once a day: a change may take that long to show."] =
            "Les applications d'agenda relisent le flux à leur propre rythme, de quelques minutes à une fois par jour : une modification peut mettre ce temps à apparaître.",
        ["Anyone who has the address can read the feed: keep it to yourself. If it leaks, revoke the feed below and create a new one."] =
            "Toute personne qui a l'adresse peut lire le flux : gardez-la pour vous. Si elle a circulé, révoquez le flux ci-dessous et créez-en un nouveau.",
        ["The feed is revoked: its address no longer works."] = "Le flux est révoqué : son adresse ne fonctionne plus.",
        ["My feeds"] = "Mes flux",
        ["You have no calendar feed yet."] = "Vous n'avez encore aucun flux d'agenda.",
        ["Feed"] = "Flux",
        ["Revoke the feed"] = "Révoquer le flux",
        ["Instrument: {0}"] = "Instrument : {0}",
        ["Platform: {0}"] = "Plateforme : {0}",
        ["Personal: my bookings and training sessions"] = "Personnel : mes réservations et formations",
        ["Addresses are not shown again. To move a feed to another app, create a new one and revoke the old one."] =
            "Les adresses ne sont plus affichées. Pour suivre un flux dans une autre application, créez-en un nouveau et révoquez l'ancien.",
        ["New feed"] = "Nouveau flux",
        ["My bookings and training sessions"] = "Mes réservations et formations",
        ["Your bookings (cancelled ones stay, marked as cancelled; pending ones are tentative) and the training sessions you are enrolled in, waitlisted for (tentative) or give."] =
            "Vos réservations (les annulées restent, marquées comme annulées ; celles en attente sont provisoires) et les formations auxquelles vous êtes inscrit·e, sur liste d'attente (provisoires) ou que vous donnez.",
        ["Language of the events"] = "Langue des événements",
        ["Create my personal feed"] = "Créer mon flux personnel",
        ["All bookings of an instrument"] = "Toutes les réservations d'un instrument",
        ["For platform managers: every pending and confirmed booking of the instrument, with who booked it and for which organization, and its closures."] =
            "Pour les responsables de plateforme : chaque réservation en attente ou confirmée de l'instrument, avec qui l'a réservé et pour quelle organisation, et ses fermetures.",
        ["Instrument to follow"] = "Instrument à suivre",
        ["Create the instrument feed"] = "Créer le flux de l'instrument",
        ["All bookings and sessions of a platform"] = "Toutes les réservations et formations d'une plateforme",
        ["For platform managers: every pending and confirmed booking of the platform's instruments, with names, their closures and the platform's training sessions."] =
            "Pour les responsables de plateforme : chaque réservation en attente ou confirmée des instruments de la plateforme, avec les noms, leurs fermetures et les sessions de formation de la plateforme.",
        ["Platform to follow"] = "Plateforme à suivre",
        ["Create the platform feed"] = "Créer le flux de la plateforme",
        ["Every instrument also has a public feed of its busy times, without names and without an address to keep secret:"] =
            "Chaque instrument a aussi un flux public de ses créneaux occupés, sans noms et sans adresse à garder secrète :",
        ["The language is fr or en."] = "La langue est fr ou en.",
        ["Choose what the feed shows: User, Equipment or Platform."] = "Choisissez ce que montre le flux : User, Equipment ou Platform.",
        ["Choose an instrument."] = "Choisissez un instrument.",
        ["Only an instrument feed names an instrument."] = "Seul un flux d'instrument désigne un instrument.",
        ["Choose a platform."] = "Choisissez une plateforme.",
        ["Only a platform feed names a platform."] = "Seul un flux de plateforme désigne une plateforme.",
        ["No instrument has this id."] = "Aucun instrument n'a cet identifiant.",
        ["No platform has this id."] = "Aucune plateforme n'a cet identifiant.",
    };
}
