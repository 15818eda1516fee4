//! Fresh databases for tests: a new SQLite file always, and a new PostgreSQL database
//! when `TEST_POSTGRES_URL` is set (CI sets it, so there it is not optional). Each is
//! migrated, and removed again when the test drops it — also when the test fails, so a
//! failing run leaves no scratch database or folder behind. [`TestDb::remove`] does the same
//! after closing the pool gracefully.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use super::db::{self, connect_and_migrate, Db};
use crate::db::on_db;

/// A migrated, empty database that belongs to one test.
pub struct TestDb {
    pub db: Db,
    /// The URL it was opened with (to start a server on it).
    pub url: String,
    /// A private scratch folder (media files…), removed with the database.
    pub dir: PathBuf,
    postgres: Option<(String, String)>,
}

fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "passeurs_test_{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(name);
    std::fs::create_dir_all(&dir).expect("create a scratch folder for the test");
    dir
}

/// A new SQLite database in a new folder.
pub async fn fresh_sqlite() -> TestDb {
    sqlite(true).await
}

async fn sqlite(migrated: bool) -> TestDb {
    let name = unique_name();
    let dir = scratch_dir(&name);
    let url = format!("sqlite:{}", dir.join("test.db").display());
    let db = if migrated {
        connect_and_migrate(&url, 16, db::DEFAULT_POOL_WAIT).await
    } else {
        db::connect(&url, 16, db::DEFAULT_POOL_WAIT).await
    }
    .expect("open and migrate a test SQLite database");
    TestDb {
        db,
        url,
        dir,
        postgres: None,
    }
}

/// A new PostgreSQL database next to `TEST_POSTGRES_URL`, or `None` when it is not set.
/// Panics if it is set but unusable: a configured PostgreSQL must not be skipped silently.
pub async fn fresh_postgres() -> Option<TestDb> {
    postgres(true).await
}

async fn postgres(migrated: bool) -> Option<TestDb> {
    let admin_url = std::env::var("TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let name = unique_name();
    let admin = db::connect(&admin_url, 1, db::DEFAULT_POOL_WAIT)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    on_db!(&admin, pool => sqlx::query(&format!("CREATE DATABASE {name}")).execute(pool).await.map(|_| ()))
        .expect("create a test database on TEST_POSTGRES_URL");
    admin.close().await;
    let base = admin_url.split('?').next().unwrap_or(&admin_url);
    let url = match base.rfind('/') {
        Some(slash) if slash > base.find("://").map_or(0, |i| i + 2) => {
            format!("{}/{name}", &base[..slash])
        }
        _ => format!("{base}/{name}"),
    };
    let db = if migrated {
        connect_and_migrate(&url, 16, db::DEFAULT_POOL_WAIT).await
    } else {
        db::connect(&url, 16, db::DEFAULT_POOL_WAIT).await
    }
    .expect("open and migrate a test PostgreSQL database");
    Some(TestDb {
        db,
        url,
        dir: scratch_dir(&name),
        postgres: Some((admin_url, name)),
    })
}

/// An empty database, without its tables, on every configured engine (to test a
/// migration on data made by the ones before it).
pub async fn every_engine_unmigrated() -> Vec<TestDb> {
    let mut dbs = vec![sqlite(false).await];
    dbs.extend(postgres(false).await);
    dbs
}

/// A fresh database on every configured engine: SQLite, then PostgreSQL if configured.
pub async fn every_engine() -> Vec<TestDb> {
    let mut dbs = vec![fresh_sqlite().await];
    dbs.extend(fresh_postgres().await);
    dbs
}

impl TestDb {
    /// Closes the pool, then deletes the database and the scratch folder.
    pub async fn remove(mut self) {
        self.db.close().await;
        if let Some((admin_url, name)) = self.postgres.take() {
            drop_postgres(&admin_url, &name).await;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Deletes a test database, ending the sessions still open on it.
async fn drop_postgres(admin_url: &str, name: &str) {
    if let Ok(admin) = db::connect(admin_url, 1, db::DEFAULT_POOL_WAIT).await {
        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        let _ = on_db!(&admin, pool => sqlx::query(&sql).execute(pool).await.map(|_| ()));
        admin.close().await;
    }
}

impl Drop for TestDb {
    /// Cleanup when [`TestDb::remove`] was not reached (a failed assertion, an early
    /// return). `Drop` cannot await, and the test's own runtime may be unwinding: the
    /// database is dropped from a short-lived runtime on a thread of its own.
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.postgres.take() {
            let dropped = std::thread::spawn(move || {
                if let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    runtime.block_on(drop_postgres(&admin_url, &name));
                }
            });
            let _ = dropped.join();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Small builders for test data: what a test needs and nothing more, each part with a
/// plain default the test may override. (The demo content lives in the `demo` crate and is
/// never a test fixture.)
pub mod fixtures {
    use chrono::{DateTime, Duration, NaiveDate, Utc};

    use crate::db::{accounts, actions, events, organisations, Db};
    use crate::media;
    use crate::model::{ActionStatus, OrganisationKind};
    use crate::storage::Storage;

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
            let id = crate::services::sheets::create(db, &self.new)
                .await
                .expect("create a test sheet");
            for index in 0..self.pictures {
                let shade = 40 + (index as u8).wrapping_mul(50);
                let picture = image::RgbImage::from_pixel(60, 40, image::Rgb([shade, 120, 90]));
                let name = format!("tests/{}-{}", self.new.slug, index + 1);
                let stored = media::encode_with_thumbnail(&name, &picture).expect("encode");
                let alt = format!("Photo {} de l'action", index + 1);
                let image = stored.store(storage, &alt).await.expect("store");
                crate::services::sheets::add_gallery_image(db, id, &image)
                    .await
                    .expect("add a test picture");
            }
            id
        }
    }

    /// An account with `password` (an administrator when `admin`); returns its id.
    pub async fn account(db: &Db, email: &str, name: &str, password: &str, admin: bool) -> i64 {
        let hash = crate::crypto::hash_password(password.to_owned())
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
        crate::services::accounts::add_referent(db, sheet_id, id)
            .await
            .expect("assign the référent");
        id
    }

    /// An event of `sheet_id` in `days` days (19:00 to 22:00 UTC), sign-ups open until
    /// the day before; returns its id.
    pub async fn event(
        db: &Db,
        sheet_id: i64,
        title: &str,
        days: i64,
        capacity: Option<i64>,
    ) -> i64 {
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
        crate::services::events::create(db, sheet_id, &new)
            .await
            .expect("create a test event")
            .expect("the sheet exists")
    }
}
