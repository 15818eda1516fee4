//! Guessing passwords is slowed down without locking the owner out (OWASP's device
//! cookies): unknown clients wait longer after each refused attempt past the limit (429
//! with `Retry-After`), a waiting client writes nothing, a browser that signed in before
//! keeps signing in during an attack, and IPv6 clients count by their /64.

use app::backend::auth;
use app::backend::db::accounts;
use chrono::{Duration, Utc};
use reqwest::header::{COOKIE, ORIGIN, RETRY_AFTER, SET_COOKIE};
use server::Running;
use test_support::TestApp;
use test_support::{every_engine, fresh_sqlite, TestDb};

use crate::common::{client, seed_with_admin, session_of, settings};

struct Attempt {
    status: u16,
    retry_after: Option<i64>,
    device: Option<String>,
    session: Option<String>,
    body: String,
}

/// A login through the server function as the islands send it, from `forwarded_for`
/// (the server trusts the proxy header in these tests) with an optional device cookie.
async fn login(
    base: &str,
    email: &str,
    password: &str,
    device: Option<&str>,
    forwarded_for: &str,
) -> Attempt {
    let mut request = client()
        .post(format!("{base}/api/login"))
        .header(ORIGIN, base)
        .header("x-forwarded-for", forwarded_for)
        .form(&[("email", email), ("password", password)]);
    if let Some(device) = device {
        request = request.header(COOKIE, format!("{}={device}", auth::DEVICE_COOKIE));
    }
    let response = request.send().await.unwrap();
    let device = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&format!("{}=", auth::DEVICE_COOKIE)))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned());
    Attempt {
        status: response.status().as_u16(),
        retry_after: response
            .headers()
            .get(RETRY_AFTER)
            .map(|v| v.to_str().unwrap().parse().unwrap()),
        session: session_of(response.headers()),
        device,
        body: response.text().await.unwrap(),
    }
}

async fn start(t: &TestDb) -> (Running, String, (String, String)) {
    let (referent, _) = seed_with_admin(t).await;
    let mut settings = settings(t, None);
    settings.trust_proxy = true;
    let TestApp { running, base } = TestApp::serve(&settings).await;
    (running, base, referent)
}

/// The stored counter of a scope: (failures, waiting until).
async fn counter(t: &TestDb, scope: &str) -> (i64, Option<chrono::DateTime<Utc>>) {
    let sql = "SELECT failures, blocked_until FROM login_throttles WHERE scope = $1";
    app::backend::db::on_db!(&t.db, pool => sqlx::query_as(sql).bind(scope).fetch_one(pool).await)
        .unwrap()
}

/// As if the current wait of a scope had just ended.
async fn end_wait(t: &TestDb, scope: &str) {
    let past = Utc::now() - Duration::seconds(1);
    let sql = "UPDATE login_throttles SET blocked_until = $1, last_at = $1 WHERE scope = $2";
    app::backend::db::on_db!(&t.db, pool => sqlx::query(sql).bind(past).bind(scope).execute(pool).await.map(|_| ()))
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attack_on_an_account_slows_strangers_down_but_not_its_owners_browser() {
    for t in every_engine().await {
        let (running, base, (email, password)) = start(&t).await;
        let owner_ip = "198.51.100.7";
        let attacker_ip = "203.0.113.66";
        // The owner signed in from this browser last week: it got a device cookie.
        let first = login(&base, &email, &password, None, owner_ip).await;
        assert_eq!(first.status, 200);
        let device = first.device.expect("a device cookie at a successful login");

        for _ in 0..auth::MAX_FAILURES_PER_ACCOUNT {
            let refused = login(&base, &email, "mauvais", None, attacker_ip).await;
            assert_eq!(refused.status, 401);
            assert_eq!(refused.retry_after, None);
        }
        // Past the limit, strangers wait, even with the right password: a minute first.
        let waiting = login(&base, &email, &password, None, "192.0.2.10").await;
        assert_eq!(waiting.status, 429, "{}", waiting.body);
        assert_eq!(waiting.retry_after, Some(60));
        assert!(waiting.session.is_none());
        assert!(
            waiting.body.contains("Réessayez dans 1 minute(s)"),
            "{}",
            waiting.body
        );
        // While it waits, a client is refused from one read: nothing is written.
        let scope = format!("login-account:{email}");
        let before = counter(&t, &scope).await;
        for _ in 0..3 {
            let again = login(&base, &email, "mauvais", None, attacker_ip).await;
            assert_eq!(again.status, 429);
            assert!(
                matches!(again.retry_after, Some(1..=60)),
                "{:?}",
                again.retry_after
            );
        }
        assert_eq!(counter(&t, &scope).await, before, "no write while waiting");

        // The owner's browser is not locked out by the attack.
        let owner = login(&base, &email, &password, Some(&device), owner_ip).await;
        assert_eq!(owner.status, 200, "{}", owner.body);
        assert!(owner.session.is_some());
        // The cookie is re-keyed at each login (a value set by someone else is not kept);
        // the old one is worth nothing now, the new one keeps the trust.
        let rekeyed = owner.device.expect("a new device cookie");
        assert_ne!(rekeyed, device, "a new device token");
        let old = login(&base, &email, &password, Some(&device), owner_ip).await;
        assert_eq!(old.status, 429, "the old token no longer counts as known");
        let again = login(&base, &email, &password, Some(&rekeyed), owner_ip).await;
        assert_eq!(again.status, 200, "{}", again.body);
        // A device cookie is worth nothing for another account: that one counts as a stranger.
        let forged = login(&base, &email, &password, Some(&"0".repeat(64)), owner_ip).await;
        assert_eq!(forged.status, 429);

        // Each attempt past the limit after a wait doubles the next wait.
        for expected in [120, 240, 480] {
            end_wait(&t, &scope).await;
            let refused = login(&base, &email, "mauvais", None, attacker_ip).await;
            assert_eq!(refused.status, 429);
            assert_eq!(refused.retry_after, Some(expected));
        }
        running.stop().await.unwrap();
        t.remove().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_known_browser_has_its_own_limit() {
    let t = fresh_sqlite().await;
    let (running, base, (email, password)) = start(&t).await;
    let device = login(&base, &email, &password, None, "198.51.100.7")
        .await
        .device
        .unwrap();
    // Someone at that browser guessing: its own counter, then a wait.
    for _ in 0..auth::MAX_FAILURES_PER_DEVICE {
        let refused = login(&base, &email, "mauvais", Some(&device), "198.51.100.7").await;
        assert_eq!(refused.status, 401);
    }
    let waiting = login(&base, &email, &password, Some(&device), "198.51.100.7").await;
    assert_eq!(waiting.status, 429);
    assert_eq!(waiting.retry_after, Some(60));
    // The account itself is not waiting for everyone else.
    let elsewhere = login(&base, &email, &password, None, "192.0.2.44").await;
    assert_eq!(elsewhere.status, 200, "{}", elsewhere.body);
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipv6_clients_count_by_their_64_network() {
    let t = fresh_sqlite().await;
    let (running, base, _) = start(&t).await;
    for n in 0..auth::MAX_FAILURES_PER_IP {
        // A new address of the same /64 for each guess, on a new account each time.
        let ip = format!("2001:db8:0:1::{:x}", n + 1);
        let refused = login(
            &base,
            &format!("inconnu{n}@exemple.fr"),
            "mauvais",
            None,
            &ip,
        )
        .await;
        assert_eq!(refused.status, 401);
    }
    let same_network = login(
        &base,
        "encore@exemple.fr",
        "mauvais",
        None,
        "2001:db8:0:1:ffff::9",
    )
    .await;
    assert_eq!(same_network.status, 429);
    let other_network = login(
        &base,
        "encore@exemple.fr",
        "mauvais",
        None,
        "2001:db8:0:2::1",
    )
    .await;
    assert_eq!(other_network.status, 401);
    running.stop().await.unwrap();
    t.remove().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn old_counters_and_forgotten_browsers_are_purged() {
    for t in every_engine().await {
        let now = Utc::now();
        let window = Duration::minutes(auth::LOGIN_WINDOW_MINUTES);
        accounts::count_attempt(
            &t.db,
            "login-ip:192.0.2.1",
            now - Duration::hours(1),
            now - Duration::hours(2),
        )
        .await
        .unwrap();
        accounts::count_attempt(&t.db, "login-ip:192.0.2.2", now, now - window)
            .await
            .unwrap();
        let purged = accounts::purge_attempts(&t.db, now - window, now - Duration::days(365))
            .await
            .unwrap();
        assert_eq!(purged, 1);
        let left: Vec<String> =
            app::backend::db::on_db!(&t.db, pool => sqlx::query_scalar("SELECT scope FROM login_throttles")
            .fetch_all(pool)
            .await)
            .unwrap();
        assert_eq!(left, ["login-ip:192.0.2.2"]);
        t.remove().await;
    }
}
