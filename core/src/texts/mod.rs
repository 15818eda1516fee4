//! The French texts shared across the code: the platform's name, the reasons a form is
//! refused ([`problems`]) and the sentences that quote the code's own limits. Anyone may use
//! this module; it uses nothing but `model` constants.

pub mod problems;

pub use problems::*;

/// The platform's name and tagline, as the header and the emails show them.
pub const PLATFORM_NAME: &str = "Passeurs";
pub const PLATFORM_TAGLINE: &str = "La plateforme des initiatives qui apportent du changement";

/// The answer to a sign-up, the same for a new address and one already registered (the
/// personal link is only ever mailed: typing an address reveals nothing about it).
pub const SIGNUP_SENT: &str = "C'est noté ! Votre lien personnel est dans votre boîte mail.";
/// What the message holds, under [`SIGNUP_SENT`].
pub const SIGNUP_SENT_MAIL: &str = "Ouvrez-le pour voir si votre place est confirmée ou sur liste d'attente, ajouter l'événement à votre agenda, ou annuler si vous ne pouvez plus venir. Rien reçu d'ici quelques minutes ? Regardez dans les indésirables.";

/// Next to a field whose text was too long to come back whole after a refused form.
pub fn text_cut_note(kept_chars: usize) -> String {
    format!("Ce texte était trop long pour vous être rendu en entier : seuls ses {kept_chars} premiers caractères ont été gardés.")
}

/// The name an anonymised registration keeps (participant lists of past events).
pub const ANONYMISED_PARTICIPANT: &str = "Participant(e) anonymisé(e)";

/// "7 jours", "1 heure": how long something lasts, written the way the emails say it.
pub fn duration_fr(duration: chrono::Duration) -> String {
    let plural = |n: i64, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if duration.num_days() >= 1 && duration.num_hours() % 24 == 0 {
        plural(duration.num_days(), "jour", "jours")
    } else if duration.num_hours() >= 1 && duration.num_minutes() % 60 == 0 {
        plural(duration.num_hours(), "heure", "heures")
    } else {
        plural(duration.num_minutes().max(1), "minute", "minutes")
    }
}

#[cfg(test)]
mod tests {
    use super::duration_fr;
    use chrono::Duration;

    #[test]
    fn durations_are_written_in_french() {
        let cases = [
            (Duration::days(7), "7 jours"),
            (Duration::days(1), "1 jour"),
            (Duration::hours(1), "1 heure"),
            (Duration::hours(36), "36 heures"),
            (Duration::minutes(15), "15 minutes"),
        ];
        for (duration, text) in cases {
            assert_eq!(duration_fr(duration), text);
        }
    }
}
