//! Events of an action and residents' registrations: the public view of an event, what a
//! sign-up form carries, and the pure rules that check both (French messages, no I/O).

use chrono::{Datelike, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::{normalize_email, plausible_email};
use crate::texts::{EventProblem, SignupProblem};

/// Most people one registration may bring, the person included.
pub const MAX_PEOPLE: i64 = 10;
/// Longest name, place, title (characters).
pub const MAX_SHORT_TEXT: usize = 200;
/// Longest message to the organisers.
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// Whether référents let people sign up to an event, as stored (`events.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventStatus {
    /// Sign-ups open until the deadline.
    Open,
    /// Référents stopped sign-ups.
    Closed,
    /// The event will not take place (final).
    Cancelled,
}

/// Where a registration stands, as stored (`registrations.status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

/// A status the database holds but the code does not know (a migration forgot one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status {0:?}")]
pub struct UnknownStatus(pub String);

/// The one conversion of statuses to and from their database text (the values the
/// migrations' `CHECK` constraints allow), and of the event form's "signups" field.
macro_rules! stored_as {
    ($kind:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $kind {
            /// The text stored in the database.
            pub const fn as_db(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }
        impl std::str::FromStr for $kind {
            type Err = UnknownStatus;
            fn from_str(text: &str) -> Result<Self, UnknownStatus> {
                match text {
                    $($text => Ok(Self::$variant),)+
                    other => Err(UnknownStatus(other.to_owned())),
                }
            }
        }
        impl TryFrom<String> for $kind {
            type Error = UnknownStatus;
            fn try_from(text: String) -> Result<Self, UnknownStatus> {
                text.parse()
            }
        }
    };
}
stored_as!(EventStatus { Open => "open", Closed => "closed", Cancelled => "cancelled" });
stored_as!(RegistrationStatus {
    Confirmed => "confirmed",
    Waitlisted => "waitlisted",
    Cancelled => "cancelled",
});

impl RegistrationStatus {
    /// Whether the registration still holds (or waits for) places.
    pub fn is_active(self) -> bool {
        self != RegistrationStatus::Cancelled
    }

    /// How the participant list and its CSV say it.
    pub fn label(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => "Confirmée",
            RegistrationStatus::Waitlisted => "Liste d'attente",
            RegistrationStatus::Cancelled => "Annulée",
        }
    }
}

/// Where an event stands for someone who wants to sign up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventState {
    /// Places left (or no limit): sign-ups are confirmed.
    Open,
    /// No place left: sign-ups join the waitlist.
    Full,
    /// The deadline has passed or the référents stopped sign-ups.
    Closed,
    /// The event will not take place.
    Cancelled,
}

impl EventState {
    /// What is left, as the sheet says it ("Plus que 12 places").
    pub fn availability(self, places_left: Option<i64>) -> String {
        match (self, places_left) {
            (EventState::Cancelled, _) => "Événement annulé".to_owned(),
            (EventState::Closed, _) => "Inscriptions closes".to_owned(),
            (EventState::Full, _) | (EventState::Open, Some(0)) => {
                "Complet — inscription sur liste d'attente".to_owned()
            }
            (EventState::Open, None) => "Places sans limite, inscription conseillée".to_owned(),
            (EventState::Open, Some(1)) => "Plus qu'une place".to_owned(),
            (EventState::Open, Some(n)) => format!("Plus que {n} places"),
        }
    }

    /// Whether the form is offered at all.
    pub fn accepts_signups(self) -> bool {
        matches!(self, EventState::Open | EventState::Full)
    }
}

/// An event to come as the lists show it: the agenda, the home page, the pages of a
/// territory, a theme or an organisation, "Près de chez moi".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaEvent {
    pub id: i64,
    pub title: String,
    /// Already in French: « samedi 14 mars à 19 h ».
    pub when: String,
    /// RFC 3339, for `<time datetime>`.
    pub starts_at: String,
    pub place: String,
    pub sheet_title: String,
    pub sheet_slug: String,
    pub organisation_name: String,
    pub city: String,
    pub departement: String,
    pub state: EventState,
    /// "Plus que 3 places", "Complet — inscription sur liste d'attente", …
    pub availability: String,
}

impl AgendaEvent {
    /// The event on its sheet, where its sign-up form is.
    pub fn href(&self) -> String {
        format!("/actions/{}#evenement-{}", self.sheet_slug, self.id)
    }
}

/// Events per page of the agenda.
pub const AGENDA_PER_PAGE: i64 = 20;

/// A page of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaPage {
    pub events: Vec<AgendaEvent>,
    pub total: i64,
    pub page: i64,
    pub page_count: i64,
    pub filters: crate::model::SearchFilters,
}

/// Works out the state of an event from what is stored.
pub fn event_state(
    status: EventStatus,
    deadline_passed: bool,
    capacity: Option<i64>,
    confirmed_people: i64,
) -> EventState {
    match status {
        EventStatus::Cancelled => EventState::Cancelled,
        EventStatus::Closed => EventState::Closed,
        EventStatus::Open if deadline_passed => EventState::Closed,
        EventStatus::Open if capacity.is_some_and(|c| confirmed_people >= c) => EventState::Full,
        EventStatus::Open => EventState::Open,
    }
}

/// An event as the sheet shows it. Public: counts only, never who signed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub description_html: String,
    /// "jeudi 18 juin 2026, de 19 h 00 à 23 h 00" (Europe/Paris).
    pub when: String,
    /// ISO start for `<time datetime>`.
    pub starts_at: String,
    pub place: String,
    pub capacity: Option<i64>,
    pub places_left: Option<i64>,
    pub state: EventState,
    /// "Plus que 12 places", "Complet — inscription sur liste d'attente", …
    pub availability: String,
    /// "Inscriptions jusqu'au mercredi 17 juin 2026 à 12 h 00".
    pub deadline: String,
    /// The values of the edit form (Paris local time, `YYYY-MM-DDTHH:MM`).
    pub form: EventForm,
    /// For référents: how many people are confirmed and waiting.
    pub confirmed_people: i64,
    pub waitlisted_people: i64,
    pub past: bool,
    /// "Ajouter à mon agenda": Google Agenda's and Outlook's pre-filled links (the `.ics`
    /// is at [`EventView::calendar_file`]).
    pub google_calendar: String,
    pub outlook_calendar: String,
}

impl EventView {
    /// The event's own calendar file.
    pub fn calendar_file(&self) -> String {
        format!("/evenements/{}/agenda.ics", self.id)
    }
}

/// The fields of the event form, as typed (also the current values when editing). The
/// server functions take it whole as their `event` argument: the form's inputs are named
/// `event[title]`, `event[starts_at]`… ([`EventForm::input`]), and a field left out is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub capacity: String,
    pub signup_deadline: String,
}

impl EventForm {
    /// The name of the form input of `field` (`"title"` → `"event[title]"`).
    pub fn input(field: &str) -> String {
        format!("event[{field}]")
    }
}

/// An event form that passed the checks. Times are Europe/Paris wall-clock times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventInput {
    pub title: String,
    pub description: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: String,
    pub capacity: Option<i64>,
    pub signup_deadline: NaiveDateTime,
}

fn parse_local(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim();
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
}

/// Checks an event typed by a référent; the field at fault and the French reason otherwise.
pub fn validate_event(form: &EventForm) -> Result<EventInput, (&'static str, EventProblem)> {
    let title = form.title.trim();
    if title.chars().count() < 3 || title.chars().count() > MAX_SHORT_TEXT {
        return Err((
            "title",
            EventProblem::Title {
                min: 3,
                max: MAX_SHORT_TEXT as u32,
            },
        ));
    }
    let description = form.description.trim().replace("\r\n", "\n");
    if description.chars().count() > super::MAX_TEXT_CHARS {
        return Err((
            "description",
            EventProblem::DescriptionTooLong {
                max: super::MAX_TEXT_CHARS as u32,
            },
        ));
    }
    let when_error = |field| (field, EventProblem::DateTimeFormat);
    let starts_at = parse_local(&form.starts_at).ok_or_else(|| when_error("starts_at"))?;
    let ends_at = if form.ends_at.trim().is_empty() {
        starts_at
    } else {
        parse_local(&form.ends_at).ok_or_else(|| when_error("ends_at"))?
    };
    if ends_at < starts_at {
        return Err(("ends_at", EventProblem::EndBeforeStart));
    }
    let place = form.place.trim();
    if place.is_empty() || place.chars().count() > MAX_SHORT_TEXT {
        return Err((
            "place",
            EventProblem::Place {
                max: MAX_SHORT_TEXT as u32,
            },
        ));
    }
    let capacity = match form.capacity.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => Some(n),
            _ => return Err(("capacity", EventProblem::Capacity)),
        },
    };
    let signup_deadline = if form.signup_deadline.trim().is_empty() {
        starts_at
    } else {
        parse_local(&form.signup_deadline).ok_or_else(|| when_error("signup_deadline"))?
    };
    if signup_deadline > starts_at {
        return Err(("signup_deadline", EventProblem::DeadlineAfterStart));
    }
    Ok(EventInput {
        title: title.to_owned(),
        description,
        starts_at,
        ends_at,
        place: place.to_owned(),
        capacity,
        signup_deadline,
    })
}

/// What a resident typed in the sign-up form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupForm {
    pub name: String,
    pub email: String,
    pub people: String,
    pub message: String,
    pub consent: bool,
}

/// A sign-up that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signup {
    pub name: String,
    /// As typed (trimmed), for the emails.
    pub email: String,
    /// Trimmed and lowercased: what makes two sign-ups "the same person".
    pub email_key: String,
    pub people: i64,
    pub message: String,
}

/// Every problem of a sign-up form, field by field, so that each message can sit next to
/// its field. Empty when the form is fine.
pub fn signup_problems(form: &SignupForm) -> Vec<(&'static str, SignupProblem)> {
    let mut problems = Vec::new();
    let name = form.name.trim();
    if name.is_empty() {
        problems.push(("name", SignupProblem::NameMissing));
    } else if name.chars().count() > MAX_SHORT_TEXT {
        problems.push((
            "name",
            SignupProblem::NameTooLong {
                max: MAX_SHORT_TEXT as u32,
            },
        ));
    } else if holds_an_address(name) {
        problems.push(("name", SignupProblem::NameWithAddress));
    }
    if form.email.trim().is_empty() {
        problems.push(("email", SignupProblem::EmailMissing));
    } else if !plausible_email(&form.email) {
        problems.push(("email", SignupProblem::EmailInvalid));
    }
    match form.people.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_PEOPLE).contains(&n) => {}
        _ => problems.push((
            "people",
            SignupProblem::People {
                max: MAX_PEOPLE as u32,
            },
        )),
    }
    if form.message.trim().chars().count() > MAX_MESSAGE_CHARS {
        problems.push((
            "message",
            SignupProblem::MessageTooLong {
                max: MAX_MESSAGE_CHARS as u32,
            },
        ));
    }
    if !form.consent {
        problems.push(("consent", SignupProblem::Consent));
    }
    problems
}

/// Top-level domains a link in a name would use (the generic ones spam favours, Europe's,
/// the French-speaking world's and the largest others); a word `something.fr` is a web
/// address. A list rather than "any letters after a dot", so that `J.Dupont` stays a name.
const LINK_DOMAINS: &[&str] = &[
    "fr", "com", "net", "org", "info", "io", "ly", "be", "ch", "eu", "co", "me", "xyz", "link",
    "click", "top", "site", "online", "app", "dev", "biz", "ru", "cn", "de", "uk", "tk", "gl",
    "gg", "to", "sh", "cc", "ws", "shop", "store", "live", "pro", "re", "gp", "es", "it", "pt",
    "nl", "lu", "at", "se", "no", "dk", "fi", "pl", "cz", "ro", "hu", "gr", "tr", "ua", "ie", "us",
    "ca", "mx", "br", "ar", "cl", "au", "nz", "jp", "kr", "in", "id", "ph", "vn", "th", "sg", "hk",
    "tw", "za", "ng", "ke", "eg", "ma", "dz", "tn", "sn", "ci", "cm", "ml", "ga", "cf", "gq", "mq",
    "gf", "yt", "nc", "pf", "pm", "wf", "ai", "tv", "fm", "am", "nu", "gd", "pw", "cx", "su",
    "club", "vip", "win", "bid", "work", "space", "fun", "website", "tech", "news", "buzz",
    "cloud", "icu", "cyou", "rest", "lol", "bet", "casino", "money", "cash", "loan", "today",
    "email", "blog", "page", "network", "world", "life", "one", "plus", "mobi", "name", "asia",
    "bzh", "paris", "eus", "corsica", "alsace", "quebec",
];

/// Whether a name carries a web or an e-mail address (`http://…`, `www.…`, `a@b`,
/// `bit.ly/x`, `exemple.fr`): a name is repeated in the mail sent to the address typed,
/// which may be anyone's, so it must not carry a link to a stranger's inbox.
pub fn holds_an_address(text: &str) -> bool {
    // ASCII case only: the browser runs this too, without Unicode case tables.
    let lower = text.to_ascii_lowercase();
    if lower.contains('@') || lower.contains("://") || lower.contains("www.") {
        return true;
    }
    lower.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let host = word.split('/').next().unwrap_or_default();
        match host.rsplit_once('.') {
            Some((label, tld)) => {
                !label.is_empty()
                    && label
                        .chars()
                        .last()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                    && LINK_DOMAINS.contains(&tld)
            }
            None => false,
        }
    })
}

/// Checks a sign-up: the clean values, or every problem (see [`signup_problems`]).
pub fn validate_signup(form: &SignupForm) -> Result<Signup, Vec<(&'static str, SignupProblem)>> {
    let problems = signup_problems(form);
    if !problems.is_empty() {
        return Err(problems);
    }
    let email = form.email.trim().to_owned();
    Ok(Signup {
        name: form.name.trim().to_owned(),
        email_key: normalize_email(&email).unwrap_or_default(),
        email,
        people: form.people.trim().parse().unwrap_or(1),
        message: form.message.trim().replace("\r\n", "\n"),
    })
}

/// A registration as its owner sees it on the personal page (`/inscription/{token}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationPage {
    pub name: String,
    pub people: i64,
    pub status: RegistrationStatus,
    pub event: EventView,
    pub action_title: String,
    pub action_slug: String,
}

/// One line of an event's participant list (référents and administrators only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub people: i64,
    pub message: String,
    pub status: RegistrationStatus,
    /// "18/06/2026 14:03", Europe/Paris.
    pub signed_up_at: String,
}

/// The référents' page of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantsPage {
    pub action_id: i64,
    pub action_slug: String,
    pub action_title: String,
    pub event: EventView,
    pub confirmed: Vec<ParticipantRow>,
    pub waitlisted: Vec<ParticipantRow>,
}

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// "jeudi 18 juin 2026"
pub fn french_long_date(at: NaiveDateTime) -> String {
    let weekday = WEEKDAYS[at.weekday().num_days_from_monday() as usize];
    let month = MONTHS[at.month0() as usize];
    let day = if at.day() == 1 {
        "1er".to_owned()
    } else {
        at.day().to_string()
    };
    format!("{weekday} {day} {month} {}", at.year())
}

/// "19 h 00"
pub fn french_time(at: NaiveDateTime) -> String {
    format!("{} h {:02}", at.hour(), at.minute())
}

/// When an event takes place, in French: "jeudi 18 juin 2026, de 19 h 00 à 23 h 00", or
/// with both dates when it spans several days.
pub fn french_when(starts: NaiveDateTime, ends: NaiveDateTime) -> String {
    if ends <= starts {
        format!("{} à {}", french_long_date(starts), french_time(starts))
    } else if starts.date() == ends.date() {
        format!(
            "{}, de {} à {}",
            french_long_date(starts),
            french_time(starts),
            french_time(ends)
        )
    } else {
        format!(
            "du {} à {} au {} à {}",
            french_long_date(starts),
            french_time(starts),
            french_long_date(ends),
            french_time(ends)
        )
    }
}

/// A moment in France, in French: "jeudi 18 juin 2026 à 19 h 00".
pub fn french_moment(at: chrono::DateTime<chrono::Utc>) -> String {
    let local = at.with_timezone(&chrono_tz::Europe::Paris).naive_local();
    format!("{} à {}", french_long_date(local), french_time(local))
}

/// Today's date in France (Europe/Paris), the date the platform's people live by.
pub fn today_in_paris() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_a_web_or_mail_address_is_refused() {
        for (name, refused) in [
            ("Nadia Benali", false),
            ("J.-P. Martin", false),
            ("Marie-Claire d'Aubigné", false),
            ("Famille Dupont (3)", false),
            ("St. Martin", false),
            ("Gagnez http://arnaque.example", true),
            ("Gagnez www.arnaque.example", true),
            ("écrivez à gain@arnaque.example", true),
            ("Gagnez bit.ly/xyz", true),
            ("Promo sur arnaque.fr !", true),
            ("HTTPS://X.EXAMPLE", true),
            ("Gagnez arnaque.es", true),
            ("gain.ai", true),
            ("Promo.CA", true),
            ("argent.club", true),
            ("J.Dupont", false),
        ] {
            assert_eq!(holds_an_address(name), refused, "{name}");
            let form = SignupForm {
                name: name.into(),
                email: "a@exemple.fr".into(),
                people: "1".into(),
                message: String::new(),
                consent: true,
            };
            assert_eq!(
                signup_problems(&form).contains(&("name", SignupProblem::NameWithAddress)),
                refused,
                "{name}"
            );
        }
    }

    #[test]
    fn statuses_read_back_what_they_store_and_refuse_unknown_text() {
        for status in [
            EventStatus::Open,
            EventStatus::Closed,
            EventStatus::Cancelled,
        ] {
            assert_eq!(status.as_db().parse::<EventStatus>(), Ok(status));
        }
        for status in [
            RegistrationStatus::Confirmed,
            RegistrationStatus::Waitlisted,
            RegistrationStatus::Cancelled,
        ] {
            assert_eq!(
                RegistrationStatus::try_from(status.as_db().to_owned()),
                Ok(status)
            );
        }
        assert_eq!(
            "annulé".parse::<RegistrationStatus>(),
            Err(UnknownStatus("annulé".to_owned()))
        );
    }

    /// A way to spoil a good form, and the field that must then be named.
    type Spoiler<F> = (fn(&mut F), &'static str);

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn the_sheet_says_plainly_what_is_left() {
        let cases = [
            (EventState::Open, Some(12), "Plus que 12 places"),
            (EventState::Open, Some(1), "Plus qu'une place"),
            (
                EventState::Full,
                Some(0),
                "Complet — inscription sur liste d'attente",
            ),
            (EventState::Closed, Some(4), "Inscriptions closes"),
            (EventState::Cancelled, None, "Événement annulé"),
            (
                EventState::Open,
                None,
                "Places sans limite, inscription conseillée",
            ),
        ];
        for (state, left, expected) in cases {
            assert_eq!(state.availability(left), expected);
        }
    }

    #[test]
    fn the_state_comes_from_status_deadline_and_capacity() {
        assert_eq!(
            event_state(EventStatus::Open, false, Some(10), 3),
            EventState::Open
        );
        assert_eq!(
            event_state(EventStatus::Open, false, Some(10), 10),
            EventState::Full
        );
        assert_eq!(
            event_state(EventStatus::Open, true, Some(10), 3),
            EventState::Closed
        );
        assert_eq!(
            event_state(EventStatus::Open, false, None, 500),
            EventState::Open
        );
        assert_eq!(
            event_state(EventStatus::Closed, false, None, 0),
            EventState::Closed
        );
        assert_eq!(
            event_state(EventStatus::Cancelled, false, Some(10), 10),
            EventState::Cancelled
        );
    }

    #[test]
    fn dates_are_written_the_french_way() {
        assert_eq!(
            french_when(at("2026-06-18T19:00"), at("2026-06-18T23:30")),
            "jeudi 18 juin 2026, de 19 h 00 à 23 h 30"
        );
        assert_eq!(
            french_when(at("2026-08-01T09:05"), at("2026-08-01T09:05")),
            "samedi 1er août 2026 à 9 h 05"
        );
        assert_eq!(
            french_when(at("2026-12-31T20:00"), at("2027-01-01T02:00")),
            "du jeudi 31 décembre 2026 à 20 h 00 au vendredi 1er janvier 2027 à 2 h 00"
        );
    }

    fn good_signup() -> SignupForm {
        SignupForm {
            name: "  Awa Diop ".into(),
            email: " Awa.Diop@Exemple.FR ".into(),
            people: "3".into(),
            message: "Je viens avec mes enfants.\r\nMerci !".into(),
            consent: true,
        }
    }

    #[test]
    fn a_good_signup_is_cleaned_and_its_email_key_lowercased() {
        let signup = validate_signup(&good_signup()).unwrap();
        assert_eq!(signup.name, "Awa Diop");
        assert_eq!(signup.email, "Awa.Diop@Exemple.FR");
        assert_eq!(signup.email_key, "awa.diop@exemple.fr");
        assert_eq!(signup.people, 3);
        assert_eq!(signup.message, "Je viens avec mes enfants.\nMerci !");
    }

    #[test]
    fn every_problem_of_a_signup_is_named_with_its_field() {
        let cases: [Spoiler<SignupForm>; 8] = [
            (|f| f.name = "   ".into(), "name"),
            (|f| f.email = String::new(), "email"),
            (|f| f.email = "awa.exemple.fr".into(), "email"),
            (|f| f.people = "0".into(), "people"),
            (|f| f.people = "11".into(), "people"),
            (|f| f.people = "deux".into(), "people"),
            (|f| f.message = "x".repeat(MAX_MESSAGE_CHARS + 1), "message"),
            (|f| f.consent = false, "consent"),
        ];
        for (spoil, field) in cases {
            let mut form = good_signup();
            spoil(&mut form);
            let problems = validate_signup(&form).unwrap_err();
            assert_eq!(problems.len(), 1, "{field}: {problems:?}");
            assert_eq!(problems[0].0, field);
        }
        let empty = signup_problems(&SignupForm::default());
        let fields: Vec<_> = empty.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, ["name", "email", "people", "consent"]);
    }

    fn good_event() -> EventForm {
        EventForm {
            title: "Banquet citoyen du 18 juin".into(),
            description: "Chacun apporte un plat.".into(),
            starts_at: "2026-06-18T19:00".into(),
            ends_at: "2026-06-18T23:00".into(),
            place: "Place du marché, 44800 Saint-Herblain".into(),
            capacity: "40".into(),
            signup_deadline: "2026-06-17T12:00".into(),
        }
    }

    #[test]
    fn an_event_form_is_checked_field_by_field() {
        let event = validate_event(&good_event()).unwrap();
        assert_eq!(event.capacity, Some(40));
        assert_eq!(event.starts_at, at("2026-06-18T19:00"));
        let unlimited = validate_event(&EventForm {
            capacity: " ".into(),
            signup_deadline: String::new(),
            ..good_event()
        })
        .unwrap();
        assert_eq!(unlimited.capacity, None);
        assert_eq!(unlimited.signup_deadline, unlimited.starts_at);
        let cases: [Spoiler<EventForm>; 7] = [
            (|f| f.title = "A".into(), "title"),
            (|f| f.starts_at = "demain".into(), "starts_at"),
            (|f| f.ends_at = "2026-06-18T18:00".into(), "ends_at"),
            (|f| f.place = String::new(), "place"),
            (|f| f.capacity = "-3".into(), "capacity"),
            (|f| f.capacity = "beaucoup".into(), "capacity"),
            (
                |f| f.signup_deadline = "2026-06-19T12:00".into(),
                "signup_deadline",
            ),
        ];
        for (spoil, field) in cases {
            let mut form = good_event();
            spoil(&mut form);
            assert_eq!(validate_event(&form).unwrap_err().0, field);
        }
    }
}
