//! A sheet stays a page a phone can load: its news come ten at a time, and sections, news
//! and photos have an upper bound, refused with a French message when reached.

use app::model::{MAX_NEWS, MAX_PHOTOS, MAX_SECTIONS};
use test_support::fresh_sqlite;
use test_support::TestApp;

use crate::common::{client, login, post_api, seed_with_admin, settings, SHEET};

async fn page(base: &str, path: &str) -> String {
    client()
        .get(format!("{base}{path}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn sql(t: &test_support::TestDb, statement: &str, n: i64, id: i64) {
    app::backend::db::on_db!(&t.db, pool => sqlx::query(statement).bind(n).bind(id).execute(pool).await.map(|_| ()))
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn news_come_ten_at_a_time_with_a_link_to_older_ones() {
    let t = fresh_sqlite().await;
    let ((email, password), sheet_id) = seed_with_admin(&t).await;
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
    let session = login(&base, &email, &password).await;
    for day in 1..=12 {
        let form = [
            ("action_id", sheet_id.to_string()),
            ("date", format!("2026-10-{day:02}")),
            ("title", format!("Nouvelle numéro {day:02}")),
            ("body", String::new()),
        ];
        assert_eq!(
            post_api(&base, "post_update", Some(&session), &form)
                .await
                .0,
            200
        );
    }
    let first = page(&base, &format!("/actions/{SHEET}")).await;
    for day in 3..=12 {
        assert!(
            first.contains(&format!("Nouvelle numéro {day:02}")),
            "{day} on the first page"
        );
    }
    for day in 1..=2 {
        assert!(
            !first.contains(&format!("Nouvelle numéro {day:02}")),
            "{day} not on the first page"
        );
    }
    let older = format!("/actions/{SHEET}?nouvelles=2#ou-en-est-on");
    assert!(first.contains(&format!("href=\"{older}\"")));
    assert!(first.contains("Voir les nouvelles plus anciennes"));
    let second = page(&base, &format!("/actions/{SHEET}?nouvelles=2")).await;
    assert!(second.contains("Nouvelle numéro 01") && second.contains("Nouvelle numéro 02"));
    assert!(!second.contains("Nouvelle numéro 03"));
    assert!(!second.contains("Voir les nouvelles plus anciennes"));
    assert!(second.contains("Revenir aux nouvelles récentes"));
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sections_news_and_photos_stop_at_their_bound_with_a_french_message() {
    let t = fresh_sqlite().await;
    let ((email, password), sheet_id) = seed_with_admin(&t).await;
    // Fill each up to its bound directly in the database.
    let existing_sections: i64 = app::backend::db::on_db!(&t.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM action_sections WHERE action_id = $1").bind(sheet_id).fetch_one(pool).await).unwrap();
    for position in existing_sections..i64::from(MAX_SECTIONS) {
        sql(&t, "INSERT INTO action_sections (action_id, position, question, answer) VALUES ($2, $1, 'Question ?', '')", position, sheet_id).await;
    }
    for n in 0..i64::from(MAX_NEWS) {
        sql(&t, "INSERT INTO progress_updates (action_id, account_id, happened_on, title, body, created_at, updated_at)
                 VALUES ($2, NULL, '2026-01-01', 'Ancienne ' || $1, '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", n, sheet_id).await;
    }
    let photos: i64 = app::backend::db::on_db!(&t.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM gallery_images WHERE action_id = $1").bind(sheet_id).fetch_one(pool).await).unwrap();
    for n in photos..i64::from(MAX_PHOTOS) {
        sql(&t, "INSERT INTO gallery_images (action_id, position, file_name, thumb_name, width, height, thumb_width, thumb_height, alt_text)
                 VALUES ($2, $1, 'x.jpg', 'x-thumb.jpg', 60, 40, 30, 20, 'Une photo')", n, sheet_id).await;
    }
    let TestApp { running, base } = TestApp::serve(&settings(&t, None)).await;
    let session = login(&base, &email, &password).await;
    let id = sheet_id.to_string();
    let (status, body) = post_api(
        &base,
        "add_section",
        Some(&session),
        &[
            ("action_id", id.clone()),
            ("question", "Une de plus ?".into()),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains(&format!("au plus {MAX_SECTIONS} questions")),
        "{body}"
    );
    let (status, body) = post_api(
        &base,
        "post_update",
        Some(&session),
        &[
            ("action_id", id.clone()),
            ("date", "2026-11-30".into()),
            ("title", "Une de plus".into()),
            ("body", String::new()),
        ],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains(&format!("déjà {MAX_NEWS} nouvelles")),
        "{body}"
    );
    let jpeg = {
        let mut out = std::io::Cursor::new(Vec::new());
        image::RgbImage::from_pixel(40, 30, image::Rgb([200, 80, 40]))
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .unwrap();
        out.into_inner()
    };
    let form = reqwest::multipart::Form::new()
        .part(
            "photo",
            reqwest::multipart::Part::bytes(jpeg).file_name("table.jpg"),
        )
        .text("alt_text", "Une table");
    let response = client()
        .post(format!("{base}/actions/{SHEET}/photos"))
        .header(reqwest::header::ORIGIN, &base)
        .header(reqwest::header::ACCEPT, "application/json")
        .header(
            reqwest::header::COOKIE,
            format!("passeurs_session={session}"),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains(&format!("déjà {MAX_PHOTOS} photos")),
        "{body}"
    );
    // Nothing was added past a bound.
    let photos_now: i64 = app::backend::db::on_db!(&t.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM gallery_images WHERE action_id = $1").bind(sheet_id).fetch_one(pool).await).unwrap();
    assert_eq!(photos_now, i64::from(MAX_PHOTOS));
    running.stop().await.unwrap();
    t.remove().await;
}
