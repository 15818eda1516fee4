//! The world most HTTP tests start from (a centre, two sheets, a référent and an
//! administrator), and the requests every file sends: test-support's, re-exported.
#![allow(dead_code)]

// The cluster suite includes this file too, and uses only part of it.
#[allow(unused_imports)]
pub use test_support::app::{
    client, get_page, login, outbox_messages, post_api, session_of, settings,
};
use test_support::TestDb;

/// The test's local media folder as storage.
#[allow(dead_code)]
pub fn media_storage(t: &TestDb) -> app::backend::storage::Storage {
    app::backend::storage::Storage::local(&t.dir.join("media")).expect("media folder")
}

/// The password of the accounts the tests create.
pub const PASSWORD: &str = "un mot de passe solide";

/// The sheet of the référent that [`seed_with_admin`] creates.
pub const SHEET: &str = "banquet-des-tilleuls";
/// Another sheet of the same centre, with another référent in some tests.
pub const OTHER_SHEET: &str = "repair-cafe-des-tilleuls";
/// The référent of [`SHEET`] (password [`PASSWORD`]).
pub const REFERENT_EMAIL: &str = "camille@centre.example";

/// A centre with two sheets — [`SHEET`] (three pictures, its référent
/// [`REFERENT_EMAIL`], an upcoming banquet with 12 places) and [`OTHER_SHEET`] — and an
/// administrator (`admin@federation.example`). Returns the référent's (email, password)
/// and the id of [`SHEET`].
pub async fn seed_with_admin(t: &TestDb) -> ((String, String), i64) {
    use test_support::fixtures::{self, Sheet};
    let storage = media_storage(t);
    let centre = fixtures::organisation(&t.db, "Centre social des Tilleuls").await;
    let sheet_id = Sheet::new(centre, SHEET)
        .title("Banquet citoyen des Tilleuls")
        .pictures(3)
        .created_days_ago(1)
        .insert(&t.db, &storage)
        .await;
    Sheet::new(centre, OTHER_SHEET)
        .title("Repair café des Tilleuls")
        .referent_name("Dominique Roux")
        .pictures(1)
        .created_days_ago(2)
        .insert(&t.db, &storage)
        .await;
    let referent =
        fixtures::account(&t.db, REFERENT_EMAIL, "Camille Martin", PASSWORD, false).await;
    app::backend::services::accounts::add_referent(&t.db, sheet_id, referent)
        .await
        .unwrap();
    fixtures::event(&t.db, sheet_id, "Banquet de quartier", 20, Some(12)).await;
    fixtures::account(&t.db, "admin@federation.example", "Admin", PASSWORD, true).await;
    ((REFERENT_EMAIL.to_owned(), PASSWORD.to_owned()), sheet_id)
}

/// Makes `autre@centre.example` référent of [`OTHER_SHEET`]
/// and logs them in: someone signed in who must not touch [`SHEET`].
#[allow(dead_code)]
pub async fn other_referent(t: &TestDb, base: &str) -> String {
    use app::backend::db::actions;
    let sheet = actions::find_published_sheet(&t.db, OTHER_SHEET)
        .await
        .unwrap()
        .unwrap();
    test_support::fixtures::referent(&t.db, sheet.id, "autre@centre.example", PASSWORD).await;
    login(base, "autre@centre.example", PASSWORD).await
}
