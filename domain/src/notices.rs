//! Every email the platform sends, rendered: those residents receive about an event
//! (confirmation, waitlist, promotion, reminder, cancellation, message from the organisers)
//! with the event's `.ics` file, and those about accounts (invitation, new référent,
//! password link). Pure rendering: the text, the HTML and the attachment of each message,
//! in French; they all go out through the mail queue.

use super::db::events::Registration;
use super::display::escape;
use super::feeds::NewsEntry;
use crate::model::Rhythm;
use crate::texts::{duration_fr, PLATFORM_NAME};

pub use crate::model::{
    INVITATION_LINK_LIFETIME as INVITATION_LIFETIME, RESET_LINK_LIFETIME as RESET_LIFETIME,
};

pub use super::calendar::EventDetails;

impl From<&Registration> for Recipient {
    fn from(registration: &Registration) -> Self {
        Recipient {
            registration_id: registration.id,
            name: registration.name.clone(),
            email: registration.email.clone(),
            people: registration.people,
        }
    }
}

/// The person a message goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub registration_id: i64,
    pub name: String,
    pub email: String,
    pub people: i64,
}

/// Which message.
#[derive(Debug, Clone)]
pub enum Notice {
    Confirmed,
    Waitlisted,
    /// A place freed up and the waitlisted person is now confirmed.
    Promoted,
    /// 48 hours before.
    Reminder,
    /// The person cancelled through their link.
    CancelledByPerson,
    /// A référent cancelled the registration.
    CancelledByOrganisers,
    /// The whole event is cancelled.
    EventCancelled,
    /// Someone signed up again with an address already registered: its personal link again
    /// (the screen says the same as for a new sign-up).
    AlreadyRegistered {
        confirmed: bool,
    },
    /// Written by the référents to every participant.
    Message {
        subject: String,
        body: String,
    },
}

impl Notice {
    /// A short stable name, stored with the queued message.
    pub fn kind(&self) -> &'static str {
        match self {
            Notice::Confirmed => "confirmed",
            Notice::Waitlisted => "waitlisted",
            Notice::Promoted => "promoted",
            Notice::Reminder => "reminder",
            Notice::CancelledByPerson => "cancelled",
            Notice::CancelledByOrganisers => "cancelled_by_organisers",
            Notice::EventCancelled => "event_cancelled",
            Notice::AlreadyRegistered { .. } => ALREADY_REGISTERED_KIND,
            Notice::Message { .. } => "message",
        }
    }
}

pub use super::db::mail_queue::OutgoingMail;

/// The kind of [`Notice::AlreadyRegistered`] (its quiet period is looked up by it).
pub const ALREADY_REGISTERED_KIND: &str = "already_registered";

fn people_phrase(people: i64) -> String {
    if people == 1 {
        "1 personne".to_owned()
    } else {
        format!("{people} personnes")
    }
}

/// Renders `notice` for `to`; `link` is the person's own page (see and cancel).
pub fn render(
    public_url: &str,
    event: &EventDetails,
    to: &Recipient,
    link: &str,
    notice: &Notice,
) -> OutgoingMail {
    let title = &event.title;
    let people = people_phrase(to.people);
    let (subject, lead, with_ics, offer_cancel) = match notice {
        Notice::Confirmed => (
            format!("Inscription confirmée : {title}"),
            format!("Votre inscription est confirmée ({people}). Nous avons hâte de vous voir !"),
            true,
            true,
        ),
        Notice::Waitlisted => (
            format!("Liste d'attente : {title}"),
            format!("L'événement est complet : vous êtes sur la liste d'attente ({people}). Si une place se libère, vous serez inscrit(e) automatiquement et prévenu(e) par e-mail."),
            false,
            true,
        ),
        Notice::Promoted => (
            format!("Une place s'est libérée : {title}"),
            format!("Bonne nouvelle : des places se sont libérées et votre inscription est maintenant confirmée ({people})."),
            true,
            true,
        ),
        Notice::Reminder => (
            format!("Rappel : {title}"),
            format!("Petit rappel : vous êtes inscrit(e) ({people}) à cet événement, qui a lieu bientôt."),
            true,
            true,
        ),
        Notice::CancelledByPerson => (
            format!("Inscription annulée : {title}"),
            "Votre inscription est annulée. Merci d'avoir prévenu : votre place peut profiter à quelqu'un d'autre.".to_owned(),
            false,
            false,
        ),
        Notice::CancelledByOrganisers => (
            format!("Inscription annulée : {title}"),
            "Les organisateurs ont annulé votre inscription. Pour toute question, répondez-leur par l'intermédiaire de la fiche action.".to_owned(),
            false,
            false,
        ),
        Notice::EventCancelled => (
            format!("Événement annulé : {title}"),
            "Nous sommes désolés : cet événement est annulé. Votre inscription est donc annulée elle aussi.".to_owned(),
            false,
            false,
        ),
        Notice::AlreadyRegistered { confirmed } => (
            format!("Votre inscription : {title}"),
            if *confirmed {
                format!("Vous êtes déjà inscrit(e) à cet événement ({people}) : rien à faire. Voici de nouveau votre lien personnel.")
            } else {
                format!("Vous êtes déjà sur la liste d'attente de cet événement ({people}) : rien à faire. Voici de nouveau votre lien personnel.")
            },
            *confirmed,
            true,
        ),
        Notice::Message { subject, body } => (
            format!("{subject} — {title}"),
            format!("Message des organisateurs :\n\n{body}"),
            false,
            true,
        ),
    };
    let sheet_url = format!("{public_url}/actions/{}", event.action_slug);
    let mut text = format!(
        "Bonjour {},\n\n{lead}\n\n{title}\nQuand : {}\nOù : {}\nAction : {} — {sheet_url}\n",
        to.name,
        event.when(),
        event.place,
        event.action_title,
    );
    if offer_cancel {
        text.push_str(&format!(
            "\nVotre inscription, et pour l'annuler si vous ne pouvez plus venir :\n{link}\n"
        ));
    }
    text.push_str(&format!("\nL'équipe {PLATFORM_NAME}\n"));
    let lead_html = escape(&lead).replace('\n', "<br>");
    let mut html = format!(
        "<p>Bonjour {},</p><p>{lead_html}</p><p><strong>{}</strong><br>Quand : {}<br>Où : {}<br>Action : <a href=\"{}\">{}</a></p>",
        escape(&to.name),
        escape(title),
        escape(&event.when()),
        escape(&event.place),
        escape(&sheet_url),
        escape(&event.action_title),
    );
    if offer_cancel {
        html.push_str(&format!(
            "<p><a href=\"{}\">Voir mon inscription</a> (et l'annuler si je ne peux plus venir).</p>",
            escape(link)
        ));
    }
    html.push_str(&format!("<p>L'équipe {PLATFORM_NAME}</p>"));
    OutgoingMail {
        registration_id: Some(to.registration_id),
        kind: notice.kind(),
        recipient: to.email.clone(),
        subject,
        text,
        html,
        ics: with_ics.then(|| {
            super::calendar::document(public_url, PLATFORM_NAME, std::slice::from_ref(event))
        }),
        list_unsubscribe: None,
    }
}

/// The invitation to become référent of a sheet, with the link to choose a password.
pub fn invitation(to: &str, name: &str, title: &str, link: &str, sheet_url: &str) -> OutgoingMail {
    let valid = duration_fr(INVITATION_LIFETIME);
    let text = format!(
        "Bonjour {name},\n\nVous êtes invité(e) à devenir référent(e) de la fiche action « {title} » sur {PLATFORM_NAME}.\n\nPour choisir votre mot de passe, ouvrez ce lien (valable {valid}, une seule fois) :\n{link}\n\nVous pourrez ensuite modifier la fiche directement sur sa page :\n{sheet_url}\n\nSi vous n'attendiez pas ce message, ignorez-le.\n\nL'équipe {PLATFORM_NAME}"
    );
    let html = format!(
        "<p>Bonjour {},</p><p>Vous êtes invité(e) à devenir référent(e) de la fiche action « {} » sur {PLATFORM_NAME}.</p><p><a href=\"{}\">Choisir mon mot de passe</a> (lien valable {valid}, une seule fois).</p><p>Vous pourrez ensuite modifier la fiche directement sur <a href=\"{}\">sa page</a>.</p><p>Si vous n'attendiez pas ce message, ignorez-le.</p><p>L'équipe {PLATFORM_NAME}</p>",
        escape(name),
        escape(title),
        escape(link),
        escape(sheet_url)
    );
    account_mail(
        "invitation",
        to,
        format!("Invitation : devenez référent(e) de « {title} »"),
        text,
        html,
    )
}

/// Tells an account that already has a password that it is now référent of a sheet.
pub fn new_referent(to: &str, name: &str, title: &str, sheet_url: &str) -> OutgoingMail {
    let text = format!(
        "Bonjour {name},\n\nVous êtes maintenant référent(e) de la fiche « {title} ». Connectez-vous avec votre compte habituel pour la tenir à jour :\n{sheet_url}\n\nL'équipe {PLATFORM_NAME}"
    );
    let html = format!(
        "<p>Bonjour {},</p><p>Vous êtes maintenant référent(e) de la fiche « {} ». Connectez-vous avec votre compte habituel pour <a href=\"{}\">la tenir à jour</a>.</p><p>L'équipe {PLATFORM_NAME}</p>",
        escape(name),
        escape(title),
        escape(sheet_url)
    );
    account_mail(
        "referent",
        to,
        format!("Vous êtes référent(e) de « {title} » sur {PLATFORM_NAME}"),
        text,
        html,
    )
}

/// The "mot de passe oublié" link.
pub fn password_link(to: &str, name: &str, link: &str) -> OutgoingMail {
    let valid = duration_fr(RESET_LIFETIME);
    let text = format!(
        "Bonjour {name},\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable {valid}, une seule fois) :\n{link}\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe actuel reste valable.\n\nL'équipe {PLATFORM_NAME}"
    );
    let html = format!(
        "<p>Bonjour {},</p><p><a href=\"{}\">Choisir un nouveau mot de passe</a> (lien valable {valid}, une seule fois).</p><p>Si vous n'avez rien demandé, ignorez ce message : votre mot de passe actuel reste valable.</p><p>L'équipe {PLATFORM_NAME}</p>",
        escape(name),
        escape(link)
    );
    account_mail(
        "reset",
        to,
        format!("Choisir un nouveau mot de passe sur {PLATFORM_NAME}"),
        text,
        html,
    )
}

fn account_mail(
    kind: &'static str,
    to: &str,
    subject: String,
    text: String,
    html: String,
) -> OutgoingMail {
    OutgoingMail {
        registration_id: None,
        kind,
        recipient: to.to_owned(),
        subject,
        text,
        html,
        ics: None,
        list_unsubscribe: None,
    }
}

/// The footer of every message to a follower: why they get it, their page, and the
/// one-click stop.
fn follower_footer(because: &str, manage: &str, stop: &str) -> (String, String) {
    let text = format!(
        "\n—\nVous recevez ce message parce que vous suivez {because} sur {PLATFORM_NAME}.\nGérer mes abonnements : {manage}\nNe plus recevoir ces messages : {stop}\n"
    );
    let html = format!(
        "<hr><p>Vous recevez ce message parce que vous suivez {} sur {PLATFORM_NAME}.<br><a href=\"{}\">Gérer mes abonnements</a> · <a href=\"{}\">Ne plus recevoir ces messages</a></p>",
        escape(because),
        escape(manage),
        escape(stop)
    );
    (text, html)
}

/// The kind of the message that asks to confirm follows (one a day per address lists every
/// follow waiting, see `services::follows::request`).
pub const FOLLOW_CONFIRM_KIND: &str = "follow_confirm";
/// The kind of the message to someone who asks for what they already follow.
pub const FOLLOW_ALREADY_KIND: &str = "follow_already";

/// One follow waiting for its confirmation, as the message lists it.
#[derive(Debug, Clone)]
pub struct FollowToConfirm {
    /// "l'action « Jardin partagé »"…
    pub what: String,
    pub rhythm: Rhythm,
    /// Its own confirmation link.
    pub link: String,
}

/// Asks to confirm the follows waiting (double opt-in): one link each, so the person
/// confirms only what they recognise.
pub fn follow_confirmation(to: &str, follows: &[FollowToConfirm]) -> OutgoingMail {
    let valid = duration_fr(chrono::Duration::days(crate::model::CONFIRM_WITHIN_DAYS));
    let how = |rhythm: Rhythm| match rhythm {
        Rhythm::Weekly => "un résumé chaque lundi matin",
        Rhythm::Immediate => "un e-mail à chaque nouveauté",
    };
    let ignore = "Si vous n'avez rien demandé, ignorez ce message : vous ne recevrez rien d'autre et votre adresse sera oubliée.";
    let (subject, text, html) = match follows {
        [one] => (
            format!("Confirmez : suivre {}", one.what),
            format!(
                "Bonjour,\n\nVous avez demandé à suivre {} sur {PLATFORM_NAME} ({}).\n\nPour confirmer, ouvrez ce lien puis appuyez sur « Confirmer » (lien valable {valid}) :\n{}\n\n{ignore}\n\nL'équipe {PLATFORM_NAME}\n",
                one.what,
                how(one.rhythm),
                one.link
            ),
            format!(
                "<p>Bonjour,</p><p>Vous avez demandé à suivre {} sur {PLATFORM_NAME} ({}).</p><p><a href=\"{}\">Confirmer mon abonnement</a> (lien valable {valid}).</p><p>{ignore}</p><p>L'équipe {PLATFORM_NAME}</p>",
                escape(&one.what),
                how(one.rhythm),
                escape(&one.link)
            ),
        ),
        several => {
            let list_text: String = several
                .iter()
                .map(|f| format!("- {} ({}) :\n  {}\n", f.what, how(f.rhythm), f.link))
                .collect();
            let list_html: String = several
                .iter()
                .map(|f| {
                    format!(
                        "<li>{} ({}) : <a href=\"{}\">confirmer</a></li>",
                        escape(&f.what),
                        how(f.rhythm),
                        escape(&f.link)
                    )
                })
                .collect();
            (
                format!("Confirmez vos {} abonnements", several.len()),
                format!(
                    "Bonjour,\n\nVous avez demandé à suivre sur {PLATFORM_NAME} :\n\n{list_text}\nPour confirmer, ouvrez le lien de chacun de ceux que vous voulez recevoir puis appuyez sur « Confirmer » (liens valables {valid}).\n\n{ignore}\n\nL'équipe {PLATFORM_NAME}\n"
                ),
                format!(
                    "<p>Bonjour,</p><p>Vous avez demandé à suivre sur {PLATFORM_NAME} :</p><ul>{list_html}</ul><p>Confirmez chacun de ceux que vous voulez recevoir (liens valables {valid}).</p><p>{ignore}</p><p>L'équipe {PLATFORM_NAME}</p>"
                ),
            )
        }
    };
    account_mail(FOLLOW_CONFIRM_KIND, to, subject, text, html)
}

/// Asked again by someone who already follows: where to manage it (the page says the same
/// thing in both cases, so it never reveals who follows what).
pub fn already_following(to: &str, what: &str, manage: &str) -> OutgoingMail {
    let text = format!(
        "Bonjour,\n\nVous suivez déjà {what} sur {PLATFORM_NAME} : rien à faire.\n\nPour changer le rythme des e-mails ou arrêter :\n{manage}\n\nL'équipe {PLATFORM_NAME}\n"
    );
    let html = format!(
        "<p>Bonjour,</p><p>Vous suivez déjà {} sur {PLATFORM_NAME} : rien à faire.</p><p><a href=\"{}\">Gérer mes abonnements</a> (changer le rythme des e-mails ou arrêter).</p><p>L'équipe {PLATFORM_NAME}</p>",
        escape(what),
        escape(manage)
    );
    account_mail(
        FOLLOW_ALREADY_KIND,
        to,
        format!("Vous suivez déjà {what}"),
        text,
        html,
    )
}

/// One piece of news, sent as it happens.
pub fn news_now(
    to: &str,
    news: &NewsEntry,
    because: &str,
    manage: &str,
    stop: &str,
) -> OutgoingMail {
    let (footer_text, footer_html) = follower_footer(because, manage, stop);
    let text = format!(
        "{} — {}\n\n{}\n\nLire sur la fiche : {}\n{footer_text}",
        news.action_title, news.headline, news.text, news.url
    );
    let html = format!(
        "<h1 style=\"font-size:1.2em\">{}</h1><p><strong>{}</strong></p>{}<p><a href=\"{}\">Lire sur la fiche</a></p>{footer_html}",
        escape(&news.action_title),
        escape(&news.headline),
        news.html,
        escape(&news.url)
    );
    OutgoingMail {
        list_unsubscribe: Some(stop.to_owned()),
        ..account_mail(
            "follow_news",
            to,
            format!("{} : {}", news.action_title, news.headline),
            text,
            html,
        )
    }
}

/// The Monday digest: the week's news grouped by sheet (the sheet with the newest news
/// first), newest first within each, each linking to its place on the sheet.
pub fn digest(to: &str, news: &[NewsEntry], manage: &str, stop: &str) -> OutgoingMail {
    let mut groups: Vec<(&str, &str, Vec<&NewsEntry>)> = Vec::new();
    let mut sorted: Vec<&NewsEntry> = news.iter().collect();
    sorted.sort_by(|a, b| b.at.cmp(&a.at).then(b.item_id.cmp(&a.item_id)));
    for entry in sorted {
        match groups
            .iter_mut()
            .find(|(slug, _, _)| *slug == entry.action_slug)
        {
            Some((_, _, list)) => list.push(entry),
            None => groups.push((&entry.action_slug, &entry.action_title, vec![entry])),
        }
    }
    let count = news.len();
    let plural = if count == 1 { "" } else { "s" };
    let mut text = format!(
        "Bonjour,\n\nVoici les nouvelles de la semaine sur {PLATFORM_NAME} ({count} nouveauté{plural}).\n"
    );
    let mut html = format!(
        "<p>Bonjour,</p><p>Voici les nouvelles de la semaine sur {PLATFORM_NAME} ({count} nouveauté{plural}).</p>"
    );
    for (_, title, entries) in &groups {
        text.push_str(&format!("\n== {title} ==\n"));
        html.push_str(&format!(
            "<h2 style=\"font-size:1.1em\">{}</h2><ul>",
            escape(title)
        ));
        for entry in entries {
            text.push_str(&format!(
                "\n* {}\n  {}\n  {}\n",
                entry.headline, entry.text, entry.url
            ));
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a><br>{}</li>",
                escape(&entry.url),
                escape(&entry.headline),
                escape(&entry.text)
            ));
        }
        html.push_str("</ul>");
    }
    let (footer_text, footer_html) = follower_footer("ces pages chaque semaine", manage, stop);
    text.push_str(&format!("\nL'équipe {PLATFORM_NAME}\n{footer_text}"));
    html.push_str(&format!("<p>L'équipe {PLATFORM_NAME}</p>{footer_html}"));
    OutgoingMail {
        list_unsubscribe: Some(stop.to_owned()),
        ..account_mail(
            "follow_digest",
            to,
            format!("Les nouvelles de la semaine sur {PLATFORM_NAME}"),
            text,
            html,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn banquet() -> EventDetails {
        EventDetails {
            id: 7,
            title: "Banquet citoyen du 18 juin".into(),
            description: "Chacun apporte un plat.".into(),
            place: "Place du marché, Saint-Herblain".into(),
            starts_at: Utc.with_ymd_and_hms(2026, 6, 18, 17, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 6, 18, 21, 0, 0).unwrap(),
            cancelled: false,
            action_title: "Ambassadeurs".into(),
            action_slug: "ambassadeurs".into(),
            sequence: 0,
            updated_at: Utc.with_ymd_and_hms(2026, 5, 1, 10, 0, 0).unwrap(),
        }
    }

    fn awa() -> Recipient {
        Recipient {
            registration_id: 3,
            name: "Awa <Diop>".into(),
            email: "awa@exemple.fr".into(),
            people: 2,
        }
    }

    #[test]
    fn a_confirmation_gives_the_paris_time_the_link_and_the_calendar_file() {
        let mail = render(
            "https://passeurs.example",
            &banquet(),
            &awa(),
            "https://passeurs.example/inscription/abc",
            &Notice::Confirmed,
        );
        assert_eq!(
            mail.subject,
            "Inscription confirmée : Banquet citoyen du 18 juin"
        );
        assert!(mail
            .text
            .contains("jeudi 18 juin 2026, de 19 h 00 à 23 h 00"));
        assert!(mail
            .text
            .contains("https://passeurs.example/inscription/abc"));
        assert!(mail.text.contains("2 personnes"));
        assert!(mail.html.contains("Awa &lt;Diop&gt;"), "{}", mail.html);
        let ics = mail.ics.unwrap();
        assert!(ics.contains("BEGIN:VEVENT"));
        assert!(
            ics.contains("DTSTART;TZID=Europe/Paris:20260618T190000"),
            "{ics}"
        );
        assert!(ics.contains("SUMMARY:Banquet citoyen du 18 juin"));
        assert!(ics.contains("UID:evenement-7@passeurs.example"));
    }

    #[test]
    fn a_cancellation_offers_no_cancel_link_and_no_calendar_file() {
        let mail = render(
            "https://passeurs.example",
            &banquet(),
            &awa(),
            "https://passeurs.example/inscription/abc",
            &Notice::CancelledByPerson,
        );
        assert!(!mail.text.contains("/inscription/abc"));
        assert!(mail.ics.is_none());
    }
}
