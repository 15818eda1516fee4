//! Photo uploads over HTTP: each accepted format, the refusals (wrong content, oversized,
//! decompression bomb, malformed multipart body) with a 4xx and a French message, no EXIF
//! (GPS) in what is served, who may upload and manage, alt text before publication, cover,
//! order, deletion of every file — on the local folder and on an S3-compatible server
//! (moto, started by the test).

use crate::common::{client, get_page, login, post_api};
use test_support::TestApp;

use std::io::Cursor;
use std::time::Duration;

use crate::common::SHEET;
use app::backend::db::{photos, Db};
use app::backend::storage::Storage;
use image::{DynamicImage, ImageFormat, RgbImage};
use reqwest::header::{ACCEPT, CONTENT_TYPE, ORIGIN};
use reqwest::multipart::{Form, Part};
use server::Running;
use server::S3Settings;
use test_support::{fresh_sqlite, TestDb};

struct World {
    running: Running,
    base: String,
    session: String,
    sheet_id: i64,
}

async fn world(t: &TestDb, tune: impl FnOnce(&mut server::Settings)) -> World {
    let (referent, sheet_id) = crate::common::seed_with_admin(t).await;
    let mut settings = crate::common::settings(t, None);
    tune(&mut settings);
    let TestApp { running, base } = TestApp::serve(&settings).await;
    let session = login(&base, &referent.0, &referent.1).await;
    World {
        running,
        base,
        session,
        sheet_id,
    }
}

fn encoded(format: ImageFormat, width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 5 % 256) as u8, (y * 3 % 256) as u8, 90])
    });
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(picture)
        .write_to(&mut out, format)
        .unwrap();
    out.into_inner()
}

/// A JPEG from a camera held upright: 60 × 40 pixels stored sideways with EXIF orientation
/// 6 (turn 90° clockwise) and a GPS latitude.
fn camera_jpeg() -> Vec<u8> {
    let jpeg = encoded(ImageFormat::Jpeg, 60, 40);
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"II\x2a\x00\x08\x00\x00\x00");
    // IFD0: orientation, pointer to the GPS IFD at 38.
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    tiff.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD: latitude reference "N" and latitude 47° 12' 34.56" at 68.
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&[0x01, 0x00, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&[0x02, 0x00, 5, 0, 3, 0, 0, 0, 68, 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (num, den) in [(47u32, 1u32), (12, 1), (3456, 100)] {
        tiff.extend_from_slice(&num.to_le_bytes());
        tiff.extend_from_slice(&den.to_le_bytes());
    }
    assert_eq!(tiff.len(), 92);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// A 70-byte PNG that declares 100,000 × 100,000 pixels.
fn bomb() -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFF_u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[4..]);
        out.extend_from_slice(&crc.to_be_bytes());
        out
    }
    let mut ihdr = 100_000u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    png.extend(chunk(b"IEND", &[]));
    png
}

async fn upload(
    w: &World,
    session: Option<&str>,
    name: &str,
    bytes: Vec<u8>,
    alt: &str,
) -> (u16, String) {
    let form = Form::new()
        .part("photo", Part::bytes(bytes).file_name(name.to_owned()))
        .text("alt_text", alt.to_owned())
        .text("caption", "Une légende".to_owned());
    let mut request = client()
        .post(format!("{}/actions/{SHEET}/photos", w.base))
        .header(ORIGIN, &w.base)
        .header(ACCEPT, "application/json")
        .multipart(form);
    if let Some(token) = session {
        request = request.header("cookie", format!("passeurs_session={token}"));
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn uploaded_id(body: &str) -> i64 {
    let value: serde_json::Value = serde_json::from_str(body).expect("JSON");
    value["ids"][0].as_i64().expect("an id")
}

#[derive(sqlx::FromRow)]
struct Keys {
    file_name: String,
    thumb_name: String,
    medium_name: Option<String>,
    original_name: Option<String>,
    width: i32,
    height: i32,
}

async fn keys_of(db: &Db, id: i64) -> Keys {
    let sql = "SELECT file_name, thumb_name, medium_name, original_name, width, height FROM gallery_images WHERE id = $1";
    match db {
        Db::Sqlite(pool) => sqlx::query_as(sql).bind(id).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_as(sql).bind(id).fetch_one(pool).await.unwrap(),
    }
}

async fn media(w: &World, key: &str) -> (u16, Vec<u8>, String) {
    let response = client()
        .get(format!("{}/media/{key}", w.base))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let cache = response
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, response.bytes().await.unwrap().to_vec(), cache)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_accepted_format_is_stored_upright_without_metadata_and_served_in_sizes() {
    let t = fresh_sqlite().await;
    let w = world(&t, |_| {}).await;
    // The camera photo: upright, and no EXIF, no GPS in anything served.
    let (status, body) = upload(
        &w,
        Some(&w.session),
        "IMG_0042.JPG",
        camera_jpeg(),
        "Une table dressée",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let keys = keys_of(&t.db, uploaded_id(&body)).await;
    assert_eq!(
        (keys.width, keys.height),
        (40, 60),
        "EXIF orientation applied"
    );
    let (status, served, cache) = media(&w, &keys.file_name).await;
    assert_eq!(status, 200);
    assert!(cache.contains("immutable"), "{cache}");
    assert!(served.starts_with(&[0xFF, 0xD8]));
    assert!(!contains(&served, b"Exif"), "no EXIF block");
    assert!(!contains(&served, &[0xFF, 0xE1]), "no APP1 segment");
    assert!(!contains(&served, &3456u32.to_le_bytes()), "no GPS value");
    let decoded = image::load_from_memory(&served).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (40, 60));
    // The original is kept but never served.
    let original = keys.original_name.expect("original kept");
    assert!(original.starts_with("originals/"));
    assert_eq!(media(&w, &original).await.0, 404);
    // Only the public prefixes are served: a store that ignores case would otherwise serve
    // an original as `Originals/…`, and anything else stored is not for visitors either.
    let storage = &w.running.state.storage;
    for key in [
        "Originals/3/copie.jpg",
        "ORIGINALS/3/copie.jpg",
        "exports/3/liste.jpg",
    ] {
        storage.put(key, served.clone()).await.unwrap();
        assert_eq!(media(&w, key).await.0, 404, "{key}");
    }

    for (format, name) in [
        (ImageFormat::Png, "affiche.png"),
        (ImageFormat::WebP, "banquet.webp"),
        (ImageFormat::Jpeg, "grande.jpeg"),
    ] {
        let (status, body) = upload(
            &w,
            Some(&w.session),
            name,
            encoded(format, 2000, 1000),
            "Une photo",
        )
        .await;
        assert_eq!(status, 200, "{name}: {body}");
        let keys = keys_of(&t.db, uploaded_id(&body)).await;
        assert_eq!(
            (keys.width, keys.height),
            (1600, 800),
            "{name}: the largest variant"
        );
        let medium = keys.medium_name.expect("a medium variant");
        for (key, width) in [
            (&keys.thumb_name, 480),
            (&medium, 960),
            (&keys.file_name, 1600),
        ] {
            let (status, bytes, _) = media(&w, key).await;
            assert_eq!(status, 200, "{key}");
            assert_eq!(image::load_from_memory(&bytes).unwrap().width(), width);
            // Its WebP twin, also without metadata.
            let webp_key = photos::webp_twin(key);
            let (status, webp, _) = media(&w, &webp_key).await;
            assert_eq!(status, 200, "{webp_key}");
            let decoded = image::load_from_memory_with_format(&webp, ImageFormat::WebP).unwrap();
            assert_eq!(decoded.width(), width);
            assert!(!contains(&webp, b"EXIF") && !contains(&webp, b"Exif"));
        }
    }
    // The sheet shows them with srcset, sizes and dimensions, and the caption.
    let (_, page) = get_page(&w.base, &format!("/actions/{SHEET}"), None).await;
    assert!(page.contains(" 960w"), "srcset");
    assert!(
        page.contains("type=\"image/webp\""),
        "a WebP source with a JPEG fallback"
    );
    assert!(page.contains("sizes="));
    assert!(page.contains("Une légende"));
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_files_and_bodies_get_a_clear_4xx_and_nothing_is_stored() {
    let t = fresh_sqlite().await;
    let w = world(&t, |s| s.max_upload_bytes = 1024 * 1024).await;
    let before = test_support::probes::order_of(&t.db, w.sheet_id)
        .await
        .unwrap()
        .len();
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "photo.jpg",
            b"Ceci est un texte, pas une photo.".to_vec(),
            422,
            "Formats accept",
        ),
        (
            "photo.jpg",
            encoded(ImageFormat::Png, 20, 20),
            422,
            "ne correspond pas",
        ),
        (
            "photo.gif",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            422,
            "Formats accept",
        ),
        ("bombe.png", bomb(), 422, "trop grande"),
        ("lourde.png", vec![7u8; 1536 * 1024], 413, "trop lourd"),
    ];
    for (name, bytes, status, message) in cases {
        let (got, body) = upload(&w, Some(&w.session), name, bytes, "Texte").await;
        assert_eq!(got, status, "{name}: {body}");
        assert!(body.contains(message), "{name}: {body}");
    }
    // Malformed bodies: a multipart body cut short, and no boundary at all.
    let url = format!("{}/actions/{SHEET}/photos", w.base);
    for (content_type, body) in [
        ("multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\n\u{ff}\u{d8}abc"),
        ("multipart/form-data", "rien"),
        ("multipart/form-data; boundary=XYZ", "--XYZ\r\nContent-Disposition: form-data; name=\"photo\"\r\n"),
    ] {
        let response = client()
            .post(&url)
            .header(ORIGIN, &w.base)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, content_type)
            .header("cookie", format!("passeurs_session={}", w.session))
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert!((400..500).contains(&status), "{content_type}: {status} {text}");
        assert!(text.contains("mal formé") || text.contains("Choisissez"), "{text}");
    }
    assert_eq!(
        test_support::probes::order_of(&t.db, w.sheet_id)
            .await
            .unwrap()
            .len(),
        before
    );
    // The server is still there.
    assert_eq!(get_page(&w.base, "/healthz", None).await.0, 200);
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_actions_referents_may_upload_and_manage_photos() {
    let t = fresh_sqlite().await;
    let w = world(&t, |_| {}).await;
    let (status, _) = upload(&w, None, "a.png", encoded(ImageFormat::Png, 20, 20), "x").await;
    assert_eq!(status, 401);
    let stranger = crate::common::other_referent(&t, &w.base).await;
    let (status, _) = upload(
        &w,
        Some(&stranger),
        "a.png",
        encoded(ImageFormat::Png, 20, 20),
        "x",
    )
    .await;
    assert_eq!(status, 403);
    // Without JavaScript, a visitor is sent to the login page.
    let response = client()
        .post(format!("{}/actions/{SHEET}/photos", w.base))
        .header(ORIGIN, &w.base)
        .header(ACCEPT, "text/html")
        .multipart(Form::new().part(
            "photo",
            Part::bytes(encoded(ImageFormat::Png, 20, 20)).file_name("a.png"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/connexion"));
    // Managing: the stranger cannot delete the sheet's photos.
    let first = test_support::probes::order_of(&t.db, w.sheet_id)
        .await
        .unwrap()[0];
    let form = [
        ("action_id", w.sheet_id.to_string()),
        ("slug", SHEET.to_owned()),
        ("photo_id", first.to_string()),
    ];
    let mut order = test_support::probes::order_of(&t.db, w.sheet_id)
        .await
        .unwrap();
    order.reverse();
    let order = order
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let reorder = [("action_id", w.sheet_id.to_string()), ("order", order)];
    let (status, _) = post_api(&w.base, "reorder_photos", Some(&stranger), &reorder).await;
    assert_eq!(status, 403);
    assert_eq!(
        test_support::probes::order_of(&t.db, w.sheet_id)
            .await
            .unwrap()[0],
        first
    );
    let (status, _) = post_api(&w.base, "delete_photo", Some(&stranger), &form).await;
    assert_eq!(status, 403);
    let (status, _) = post_api(&w.base, "delete_photo", None, &form).await;
    assert_eq!(status, 401);
    assert!(test_support::probes::order_of(&t.db, w.sheet_id)
        .await
        .unwrap()
        .contains(&first));
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alt_text_comes_before_publication_and_order_cover_and_deletion_reach_visitors() {
    let t = fresh_sqlite().await;
    let w = world(&t, |_| {}).await;
    let sheet = format!("/actions/{SHEET}");
    let (status, body) = upload(
        &w,
        Some(&w.session),
        "sans-texte.png",
        encoded(ImageFormat::Png, 30, 20),
        "",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let id = uploaded_id(&body);
    let keys = keys_of(&t.db, id).await;
    let (_, page) = get_page(&w.base, &sheet, None).await;
    assert!(
        !page.contains(&keys.thumb_name),
        "hidden from visitors without alt text"
    );
    let (_, page) = get_page(&w.base, &sheet, Some(&w.session)).await;
    assert!(page.contains("Pas encore visible"));
    let form = |extra: &[(&'static str, &str)]| {
        let mut form = vec![
            ("action_id", w.sheet_id.to_string()),
            ("slug", SHEET.to_owned()),
            ("photo_id", id.to_string()),
        ];
        form.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        form
    };
    let (status, body) = post_api(
        &w.base,
        "describe_photo",
        Some(&w.session),
        &form(&[("alt_text", "Un dessin d'enfant"), ("caption", "")]),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, page) = get_page(&w.base, &sheet, None).await;
    assert!(
        page.contains(&keys.thumb_name) && page.contains("Un dessin d&#x27;enfant")
            || page.contains("Un dessin d'enfant")
    );
    // Last in the gallery; moving it up twice changes the order visitors see.
    let order = test_support::probes::order_of(&t.db, w.sheet_id)
        .await
        .unwrap();
    assert_eq!(order.last(), Some(&id));
    for _ in 0..2 {
        let (status, _) = post_api(
            &w.base,
            "move_photo",
            Some(&w.session),
            &form(&[("direction", "up")]),
        )
        .await;
        assert_eq!(status, 200);
    }
    let order = test_support::probes::order_of(&t.db, w.sheet_id)
        .await
        .unwrap();
    assert_eq!(order[order.len() - 3], id);
    // The cover is the background of the sheet's shared image (1200×630, made by the
    // server, kept until the sheet changes).
    let og_image = || async {
        let response = client()
            .get(format!("{}{sheet}/og.jpg", w.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "image/jpeg");
        response.bytes().await.unwrap().to_vec()
    };
    let before = og_image().await;
    assert_eq!(
        image::load_from_memory(&before)
            .unwrap()
            .to_rgb8()
            .dimensions(),
        (1200, 630)
    );
    assert_eq!(
        og_image().await,
        before,
        "the same image until the sheet changes"
    );
    let (status, _) = post_api(&w.base, "set_cover_photo", Some(&w.session), &form(&[])).await;
    assert_eq!(status, 200);
    let after = og_image().await;
    assert_ne!(after, before, "drawn again from the new cover");
    let (_, page) = get_page(&w.base, &sheet, None).await;
    assert!(page.contains(&format!("{sheet}/og.jpg\"")));
    // Deleting removes the photo and every file.
    let (status, _) = post_api(&w.base, "delete_photo", Some(&w.session), &form(&[])).await;
    assert_eq!(status, 200);
    assert!(!test_support::probes::order_of(&t.db, w.sheet_id)
        .await
        .unwrap()
        .contains(&id));
    let storage = Storage::local(&t.dir.join("media")).unwrap();
    for key in [
        &keys.file_name,
        &keys.thumb_name,
        &photos::webp_twin(&keys.file_name),
        &keys.original_name.unwrap(),
    ] {
        assert!(storage.get(key).await.unwrap().is_none(), "{key} deleted");
    }
    w.running.stop().await.unwrap();
    t.remove().await;
}

/// A local S3-compatible server (moto, from PyPI) on a free port; stopped when dropped.
struct Moto {
    child: std::process::Child,
    endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_moto() -> Moto {
    let program = std::env::var("MOTO_SERVER").unwrap_or_else(|_| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../tools/venv/bin/moto_server").to_owned()
    });
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = std::process::Command::new(&program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {program} ({e}): run `make setup-test` to install moto")
        });
    // Owned at once: dropping it (on any path) stops the server.
    let moto = Moto {
        child,
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..200 {
        if reqwest::get(&moto.endpoint).await.is_ok() {
            return moto;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("moto did not start on {}", moto.endpoint);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_s3_storage_photos_are_served_from_the_bucket_and_deleted_from_it() {
    let moto = start_moto().await;
    // Create the bucket (moto accepts unsigned requests).
    let created = client()
        .put(format!("{}/passeurs-test", moto.endpoint))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "{}", created.status());
    let s3 = S3Settings {
        bucket: Some("passeurs-test".into()),
        endpoint: Some(moto.endpoint.clone()),
        region: "us-east-1".into(),
        access_key_id: "test".into(),
        secret_access_key: "test".into(),
    };
    let t = fresh_sqlite().await;
    let s3_for_server = s3.clone();
    let w = world(&t, move |s| s.s3 = s3_for_server).await;
    let (status, body) = upload(
        &w,
        Some(&w.session),
        "IMG_0042.JPG",
        camera_jpeg(),
        "Une table",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let keys = keys_of(&t.db, uploaded_id(&body)).await;
    let bucket = Storage::s3("passeurs-test", &s3.access()).unwrap();
    let stored = bucket
        .get(&keys.file_name)
        .await
        .unwrap()
        .expect("in the bucket");
    assert!(!contains(&stored, b"Exif"));
    assert!(bucket
        .get(keys.original_name.as_deref().unwrap())
        .await
        .unwrap()
        .is_some());
    // Not in the local folder: the bucket is the one place.
    assert!(Storage::local(&t.dir.join("media"))
        .unwrap()
        .get(&keys.file_name)
        .await
        .unwrap()
        .is_none());
    let (status, served, _) = media(&w, &keys.file_name).await;
    assert_eq!(status, 200);
    assert_eq!(served, stored.to_vec());
    // A second server on the same database and bucket serves it too.
    let mut settings = crate::common::settings(&t, None);
    settings.s3 = s3.clone();
    let second = server::start(&settings, false).await.unwrap();
    let response = client()
        .get(format!("http://{}/media/{}", second.addr, keys.file_name))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    second.stop().await.unwrap();
    // Deleting removes every variant from the bucket.
    let id = test_support::probes::order_of(&t.db, w.sheet_id)
        .await
        .unwrap()
        .into_iter()
        .last()
        .unwrap();
    let form = [
        ("action_id", w.sheet_id.to_string()),
        ("slug", SHEET.to_owned()),
        ("photo_id", id.to_string()),
    ];
    let (status, _) = post_api(&w.base, "delete_photo", Some(&w.session), &form).await;
    assert_eq!(status, 200);
    for key in [
        &keys.file_name,
        &keys.thumb_name,
        keys.original_name.as_ref().unwrap(),
    ] {
        assert!(bucket.get(key).await.unwrap().is_none(), "{key}");
    }
    w.running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_of_a_progress_update_show_under_it_and_go_with_it() {
    let t = fresh_sqlite().await;
    let w = world(&t, |_| {}).await;
    let sheet = format!("/actions/{SHEET}");
    let (status, body) = post_api(
        &w.base,
        "post_update",
        Some(&w.session),
        &[
            ("action_id", w.sheet_id.to_string()),
            ("slug", SHEET.to_owned()),
            ("date", "2026-06-18".to_owned()),
            ("title", "Le banquet a eu lieu".to_owned()),
            ("body", "Quatre-vingts convives.".to_owned()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let update_id: i64 = body.trim().parse().expect("the update's id");
    let gallery_before = test_support::probes::order_of(&t.db, w.sheet_id)
        .await
        .unwrap()
        .len();
    let upload_to = |update: i64| {
        Form::new()
            .part(
                "photo",
                Part::bytes(encoded(ImageFormat::Png, 90, 60)).file_name("banquet.png"),
            )
            .text("alt_text", "La grande tablée dans la rue")
            .text("update_id", update.to_string())
    };
    let post = |form: Form| {
        client()
            .post(format!("{}/actions/{SHEET}/photos", w.base))
            .header(ORIGIN, &w.base)
            .header(ACCEPT, "application/json")
            .header("cookie", format!("passeurs_session={}", w.session))
            .multipart(form)
            .send()
    };
    // Another sheet's update, or none: refused.
    let response = post(upload_to(999_999)).await.unwrap();
    assert_eq!(response.status(), 404);
    let response = post(upload_to(update_id)).await.unwrap();
    assert_eq!(response.status(), 200);
    let id = uploaded_id(&response.text().await.unwrap());
    let keys = keys_of(&t.db, id).await;
    // Under the update on the public sheet, not in the gallery.
    let (_, page) = get_page(&w.base, &sheet, None).await;
    let update_html = page.split("id=\"nouvelle-").nth(1).unwrap_or_default();
    assert!(
        update_html.contains(&keys.thumb_name),
        "shown under the update"
    );
    assert!(
        update_html.contains(&photos::webp_twin(&keys.thumb_name)),
        "with its WebP source"
    );
    let gallery_html = page.split("id=\"galerie\"").nth(1).unwrap_or_default();
    let gallery_html = gallery_html.split("</section>").next().unwrap_or_default();
    assert!(
        !gallery_html.contains(&keys.thumb_name),
        "not in the gallery"
    );
    // Deleting the update deletes its photos and their files.
    let (status, body) = post_api(
        &w.base,
        "delete_update",
        Some(&w.session),
        &[
            ("action_id", w.sheet_id.to_string()),
            ("slug", SHEET.to_owned()),
            ("update_id", update_id.to_string()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        test_support::probes::order_of(&t.db, w.sheet_id)
            .await
            .unwrap()
            .len(),
        gallery_before
    );
    let storage = crate::common::media_storage(&t);
    assert!(storage.get(&keys.file_name).await.unwrap().is_none());
    assert!(storage
        .get(keys.original_name.as_deref().unwrap())
        .await
        .unwrap()
        .is_none());
    w.running.stop().await.unwrap();
    t.remove().await;
}
