//! Demo data for a first look (`demo seed`, `make run`): French sheets written for
//! the project, and gallery pictures drawn by code at seed time (nothing downloaded).
//!
//! A crate of its own, with its own command (`src/main.rs`): the release server, the shared
//! `app` crate, the WASM bundle and the tests never carry it. Tests build their
//! data with the small builders of `test_support::fixtures`.

pub mod bench;

mod content;
mod drawing;

pub use content::{ACTIONS, ORGANISATIONS};
pub use drawing::draw;

use passeurs_domain::model::{ActionStatus, OrganisationKind};

/// A demo organisation; `key` is how demo actions refer to it.
pub struct DemoOrganisation {
    pub key: &'static str,
    pub name: &'static str,
    pub kind: OrganisationKind,
    pub postal_code: &'static str,
    pub city: &'static str,
}

/// A demo sheet. Texts are plain French; paragraphs are separated by a blank line.
pub struct DemoAction {
    pub slug: &'static str,
    /// The `key` of a [`DemoOrganisation`].
    pub organisation: &'static str,
    pub title: &'static str,
    pub quote: &'static str,
    pub quote_author: &'static str,
    pub summary: &'static str,
    /// ISO date, `YYYY-MM-DD`.
    pub start_date: &'static str,
    pub status: ActionStatus,
    /// 0 to 100.
    pub progress: i32,
    pub themes: &'static [&'static str],
    pub referent_name: &'static str,
    /// (question, answer) in order; an empty answer is allowed (not yet filled in).
    pub sections: &'static [(&'static str, &'static str)],
    /// 3 to 6 pictures.
    pub images: &'static [DemoImage],
    /// How long ago the sheet was created (orders the home page, newest first).
    pub created_days_ago: i64,
}

/// A picture drawn by [`draw`], with the alt text describing what the drawing shows.
pub struct DemoImage {
    pub motif: Motif,
    pub alt: &'static str,
}

/// The scenes [`draw`] knows how to paint. Each is recognisable as what its name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motif {
    /// A long outdoor table laid with plates and glasses, under a string of lights.
    BanquetTable,
    /// Chairs in a circle around a low table: a meeting, a committee, a discussion.
    CircleOfChairs,
    /// Raised vegetable beds with plants and a watering can, under the sun.
    Garden,
    /// A workbench with a toaster, a lamp and tools hanging on a pegboard.
    Workbench,
    /// A classroom blackboard with chalk lines and letters, a desk in front.
    Blackboard,
    /// A row of small houses with lit windows at dusk.
    Houses,
    /// A bicycle seen from the side.
    Bicycle,
    /// A bookshelf full of coloured books.
    Bookshelf,
    /// Pots steaming on a stove in a shared kitchen.
    Kitchen,
    /// A colourful painted mural on a wall, with paint pots at its foot.
    Mural,
}

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use passeurs_domain::db::{actions, organisations, Db};
use passeurs_domain::media;
use passeurs_domain::storage::Storage;

/// What [`seed`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOutcome {
    /// The database already had sheets: nothing was changed.
    AlreadySeeded,
    Seeded {
        organisations: usize,
        actions: usize,
        images: usize,
        /// The demo référent of the sheet modelled on the reference: (email, password).
        /// The password is random and shown only this once.
        referent: (String, String),
    },
}

/// Email of the demo référent account.
pub const DEMO_REFERENT_EMAIL: &str = "referent.demo@passeurs.example";
/// The sheet the demo référent may edit.
pub const DEMO_REFERENT_SHEET: &str = "ambassadeurs-passeurs-loire-atlantique";

/// Why the demo data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Database(#[from] passeurs_domain::DomainError),
    #[error("organisation {0}: its address is not a commune of its postal code ({1:?})")]
    Organisation(&'static str, passeurs_domain::territory::AddressProblem),
    #[error("demo action {0} names an unknown organisation")]
    UnknownOrganisation(&'static str),
    #[error("demo action {0} has an invalid start date")]
    BadDate(&'static str),
    #[error("picture: {0}")]
    Picture(#[from] image::ImageError),
    #[error("media storage: {0}")]
    Storage(#[from] passeurs_domain::storage::StorageError),
    #[error("drawing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("demo référent: {0}")]
    Referent(String),
}

/// Loads the demo organisations and sheets into an empty database and draws their
/// pictures (`image_width` wide, 3:2) into the media storage under `demo/`. Does nothing when any sheet
/// exists, so running it twice keeps the data.
pub async fn seed(db: &Db, storage: &Storage, image_width: u32) -> Result<SeedOutcome, SeedError> {
    if actions::any_exists(db).await? {
        return Ok(SeedOutcome::AlreadySeeded);
    }
    let mut organisation_ids = HashMap::new();
    let territory = passeurs_domain::territory::Territory::load();
    for org in ORGANISATIONS {
        // Checked as the administration's form checks an address.
        let commune = territory
            .locate(org.postal_code, org.city)
            .map_err(|problem| SeedError::Organisation(org.key, problem))?;
        let new = organisations::NewOrganisation {
            name: org.name.to_owned(),
            kind: org.kind,
            postal_code: commune.postal_code.clone(),
            city: commune.name.clone(),
            departement: commune.departement.clone(),
        };
        let id = organisations::create(db, &new).await?;
        organisation_ids.insert(org.key, id);
    }
    for (name, description) in content::THEMES {
        passeurs_domain::services::themes::create(db, name, description).await?;
    }
    let now = Utc::now();
    let mut image_count = 0;
    for demo in ACTIONS {
        let organisation_id = *organisation_ids
            .get(demo.organisation)
            .ok_or(SeedError::UnknownOrganisation(demo.slug))?;
        let start_date = NaiveDate::parse_from_str(demo.start_date, "%Y-%m-%d")
            .map_err(|_| SeedError::BadDate(demo.slug))?;
        let new = actions::NewAction {
            slug: demo.slug.to_owned(),
            organisation_id,
            title: demo.title.to_owned(),
            quote: demo.quote.to_owned(),
            quote_author: demo.quote_author.to_owned(),
            summary: demo.summary.to_owned(),
            start_date: Some(start_date),
            status: demo.status,
            progress: demo.progress,
            themes: demo.themes.iter().map(|t| t.to_string()).collect(),
            referent_name: demo.referent_name.to_owned(),
            published: true,
            sections: Some(
                demo.sections
                    .iter()
                    .map(|(q, a)| (q.to_string(), a.to_string()))
                    .collect(),
            ),
            created_at: now - Duration::days(demo.created_days_ago),
        };
        let action_id = passeurs_domain::services::sheets::create(db, &new).await?;
        for (index, picture) in demo.images.iter().enumerate() {
            let name = format!("demo/{}-{}", demo.slug, index + 1);
            let motif = picture.motif;
            let variant = (index as u32).wrapping_mul(7919) ^ (demo.slug.len() as u32);
            let stored = tokio::task::spawn_blocking(move || {
                let drawing = draw(motif, variant, image_width, image_width * 2 / 3);
                media::encode_with_thumbnail(&name, &drawing)
            })
            .await??;
            let image = stored.store(storage, picture.alt).await?;
            passeurs_domain::services::sheets::add_gallery_image(db, action_id, &image).await?;
            image_count += 1;
        }
    }
    let referent = seed_referent(db).await?;
    seed_events(db).await?;
    Ok(SeedOutcome::Seeded {
        organisations: ORGANISATIONS.len(),
        actions: ACTIONS.len(),
        images: image_count,
        referent,
    })
}

/// `days` from today at `hour`:00, Paris time, in UTC.
fn paris_day_at(days: i64, hour: u32) -> DateTime<Utc> {
    use chrono::TimeZone;
    use chrono_tz::Europe::Paris;
    let day = (Utc::now() + Duration::days(days))
        .with_timezone(&Paris)
        .date_naive();
    let local = day.and_hms_opt(hour, 0, 0).unwrap_or_default();
    Paris
        .from_local_datetime(&local)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

/// Demo residents' addresses end with this reserved domain; their emails are never sent.
const DEMO_RESIDENT_DOMAIN: &str = "exemple.invalid";

/// Events so that `make run` shows sign-ups at once: a banquet with few places left on
/// the référent's sheet, a past picnic there, and a workshop without limit elsewhere.
async fn seed_events(db: &Db) -> Result<(), SeedError> {
    use passeurs_domain::db::events::NewEvent;
    use passeurs_domain::services::events;
    let Some(sheet) = actions::find_published_sheet(db, DEMO_REFERENT_SHEET).await? else {
        return Ok(());
    };
    let banquet = NewEvent {
        title: "Banquet citoyen de quartier".to_owned(),
        description: "Une grande tablée dans la rue : chacun apporte un plat à partager, les ambassadeurs s'occupent des tables, de la musique et des boissons. Les enfants sont les bienvenus.".to_owned(),
        starts_at: paris_day_at(20, 19),
        ends_at: paris_day_at(20, 23),
        place: "Place de la Mairie, Saint-Herblain".to_owned(),
        capacity: Some(12),
        signup_deadline: paris_day_at(18, 12),
    };
    let banquet_id = events::create(db, sheet.id, &banquet)
        .await?
        .ok_or_else(|| SeedError::Referent("demo banquet".to_owned()))?;
    let residents = [
        ("Awa Diop", 4),
        ("Jean-Marc Le Goff", 2),
        ("Fatima Benali", 3),
    ];
    for (index, (name, people)) in residents.into_iter().enumerate() {
        let signup = passeurs_domain::model::Signup {
            name: name.to_owned(),
            email: format!("habitant{}@{DEMO_RESIDENT_DOMAIN}", index + 1),
            email_key: format!("habitant{}@{DEMO_RESIDENT_DOMAIN}", index + 1),
            people,
            message: String::new(),
        };
        // Invented residents, one sign-up each: their mail is discarded below, uncapped.
        events::sign_up(db, "http://127.0.0.1:3000", banquet_id, &signup, u32::MAX)
            .await
            .map_err(|e| SeedError::Referent(e.to_string()))?;
    }
    let picnic = NewEvent {
        title: "Pique-nique de rentrée".to_owned(),
        description: "Le premier rendez-vous de l'année, au parc.".to_owned(),
        starts_at: paris_day_at(-30, 12),
        ends_at: paris_day_at(-30, 16),
        place: "Parc de la Bégraisière, Saint-Herblain".to_owned(),
        capacity: None,
        signup_deadline: paris_day_at(-31, 12),
    };
    events::create(db, sheet.id, &picnic).await?;
    if let Some(other) = ACTIONS.iter().find(|a| a.slug != DEMO_REFERENT_SHEET) {
        if let Some(other) = actions::find_published_sheet(db, other.slug).await? {
            let workshop = NewEvent {
                title: "Atelier ouvert à tous".to_owned(),
                description: "Venez comme vous êtes, même pour une heure.".to_owned(),
                starts_at: paris_day_at(10, 14),
                ends_at: paris_day_at(10, 17),
                place: format!("{} {}", other.postal_code, other.city),
                capacity: None,
                signup_deadline: paris_day_at(10, 14),
            };
            events::create(db, other.id, &workshop).await?;
        }
    }
    // The demo residents do not exist: their confirmations are not sent.
    passeurs_domain::db::mail_queue::discard_for_domain(db, DEMO_RESIDENT_DOMAIN).await?;
    Ok(())
}

/// Creates the demo référent of [`DEMO_REFERENT_SHEET`] with a random password.
async fn seed_referent(db: &Db) -> Result<(String, String), SeedError> {
    use passeurs_domain::{auth, db::accounts};
    let sheet = actions::find_published_sheet(db, DEMO_REFERENT_SHEET)
        .await?
        .ok_or_else(|| SeedError::Referent(format!("no sheet {DEMO_REFERENT_SHEET}")))?;
    let password = auth::random_password();
    let hash = auth::hash_password(password.clone())
        .await
        .map_err(|e| SeedError::Referent(e.to_string()))?;
    let id = accounts::create(
        db,
        DEMO_REFERENT_EMAIL,
        &sheet.referent_name,
        Some(&hash),
        false,
    )
    .await?;
    passeurs_domain::services::accounts::add_referent(db, sheet.id, id).await?;
    Ok((DEMO_REFERENT_EMAIL.to_owned(), password))
}
