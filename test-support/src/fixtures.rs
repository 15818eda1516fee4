//! Small builders for test data: what a test needs and nothing more, each part with a
//! plain default the test may override. (The demo content lives in the `demo` crate and is
//! never a test fixture.)

use chrono::{DateTime, Duration, NaiveDate, Utc};

use passeurs_domain::db::{accounts, actions, events, organisations, Db};
use passeurs_domain::media;
use passeurs_domain::model::{ActionStatus, OrganisationKind};
use passeurs_domain::storage::Storage;

/// A social centre in Saint-Herblain (44800); returns its id.
pub async fn organisation(db: &Db, name: &str) -> i64 {
    let new = organisations::NewOrganisation {
        name: name.to_owned(),
        kind: OrganisationKind::SocialCentre,
        postal_code: "44800".to_owned(),
        city: "Saint-Herblain".to_owned(),
        departement: "44".to_owned(),
    };
    organisations::create(db, &new)
        .await
        .expect("create a test organisation")
}

/// A published sheet of `organisation_id`: a title, a quote, a summary, two sections,
/// started on 2021-01-01, and `pictures` gallery images (small plain pictures put in
/// the storage given to [`Sheet::insert`]).
pub struct Sheet {
    pub new: actions::NewAction,
    pub pictures: usize,
}

impl Sheet {
    pub fn new(organisation_id: i64, slug: &str) -> Self {
        Sheet {
            new: actions::NewAction {
                slug: slug.to_owned(),
                organisation_id,
                title: format!("Fiche d'essai « {slug} »"),
                quote: "On apprend en faisant ensemble.".to_owned(),
                quote_author: "Une habitante".to_owned(),
                summary: "Des habitants se retrouvent chaque mois.\n\nChacun apporte ce qu'il sait faire."
                    .to_owned(),
                start_date: NaiveDate::from_ymd_opt(2021, 1, 1),
                status: ActionStatus::InProgress,
                progress: 40,
                themes: vec!["Lien social".to_owned()],
                referent_name: "Camille Martin".to_owned(),
                published: true,
                sections: Some(vec![
                    (
                        "Qui porte l'action ?".to_owned(),
                        "Le conseil des habitants.".to_owned(),
                    ),
                    ("Quels résultats ?".to_owned(), String::new()),
                ]),
                created_at: Utc::now(),
            },
            pictures: 0,
        }
    }

    pub fn title(mut self, title: &str) -> Self {
        self.new.title = title.to_owned();
        self
    }

    pub fn referent_name(mut self, name: &str) -> Self {
        self.new.referent_name = name.to_owned();
        self
    }

    pub fn created_days_ago(mut self, days: i64) -> Self {
        self.new.created_at = Utc::now() - Duration::days(days);
        self
    }

    pub fn pictures(mut self, count: usize) -> Self {
        self.pictures = count;
        self
    }

    /// Inserts the sheet and its pictures; returns its id.
    pub async fn insert(self, db: &Db, storage: &Storage) -> i64 {
        let id = passeurs_domain::services::sheets::create(db, &self.new)
            .await
            .expect("create a test sheet");
        for index in 0..self.pictures {
            let shade = 40 + (index as u8).wrapping_mul(50);
            let picture = image::RgbImage::from_pixel(60, 40, image::Rgb([shade, 120, 90]));
            let name = format!("tests/{}-{}", self.new.slug, index + 1);
            let stored = media::encode_with_thumbnail(&name, &picture).expect("encode");
            let alt = format!("Photo {} de l'action", index + 1);
            let image = stored.store(storage, &alt).await.expect("store");
            passeurs_domain::services::sheets::add_gallery_image(db, id, &image)
                .await
                .expect("add a test picture");
        }
        id
    }
}

/// An account with `password` (an administrator when `admin`); returns its id.
pub async fn account(db: &Db, email: &str, name: &str, password: &str, admin: bool) -> i64 {
    let hash = passeurs_domain::crypto::hash_password(password.to_owned())
        .await
        .expect("hash");
    accounts::create(db, email, name, Some(&hash), admin)
        .await
        .expect("create a test account")
}

/// A new account made référent of `sheet_id`; returns its id.
pub async fn referent(db: &Db, sheet_id: i64, email: &str, password: &str) -> i64 {
    let name = email.split('@').next().unwrap_or("référent");
    let id = account(db, email, name, password, false).await;
    passeurs_domain::services::accounts::add_referent(db, sheet_id, id)
        .await
        .expect("assign the référent");
    id
}

/// An event of `sheet_id` in `days` days (19:00 to 22:00 UTC), sign-ups open until
/// the day before; returns its id.
pub async fn event(db: &Db, sheet_id: i64, title: &str, days: i64, capacity: Option<i64>) -> i64 {
    let day: DateTime<Utc> = Utc::now() + Duration::days(days);
    let at = |hour| {
        day.date_naive()
            .and_hms_opt(hour, 0, 0)
            .expect("an hour")
            .and_utc()
    };
    let new = events::NewEvent {
        title: title.to_owned(),
        description: "Chacun apporte un plat à partager.".to_owned(),
        starts_at: at(19),
        ends_at: at(22),
        place: "Place de la Mairie, Saint-Herblain".to_owned(),
        capacity,
        signup_deadline: at(19) - Duration::days(1),
    };
    passeurs_domain::services::events::create(db, sheet_id, &new)
        .await
        .expect("create a test event")
        .expect("the sheet exists")
}
