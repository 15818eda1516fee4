//! `make bench`: how long a change made through one server takes to be served by the
//! other (polling off: only PostgreSQL's `NOTIFY` can bring it). Not a test: run with
//! `--ignored`, it prints p50 and p99 next to their targets.

use std::time::{Duration, Instant};

use app::backend::db::actions;
use reqwest::header::{COOKIE, ORIGIN};

use crate::common::{session_of, PASSWORD};
use crate::deployment::deploy;
use crate::harness::client_from;

const ROUNDS: usize = 200;

#[tokio::test]
#[ignore = "a measurement for make bench"]
async fn cross_server_delay() {
    let d = deploy(&[]).await;
    let (first, second) = (d.servers[0].url(), d.servers[1].url());
    let public = d.url();
    let client = client_from(7);
    let login = client
        .post(format!("{first}/api/login"))
        .header(ORIGIN, &public)
        .form(&[("email", "camille@centre.example"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let session = session_of(login.headers()).expect("a session");
    let sheet = format!("{second}/actions/banquet-des-tilleuls");
    let mut delays = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        // The other server holds the current page in its cache.
        for _ in 0..2 {
            client
                .get(&sheet)
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
        }
        let previous = actions::find_published_sheet(&d.db, "banquet-des-tilleuls")
            .await
            .unwrap()
            .unwrap()
            .summary;
        let value = format!("Résumé numéro {round} du banquet.");
        let saved = client
            .post(format!("{first}/api/save_part"))
            .header(ORIGIN, &public)
            .header(COOKIE, format!("passeurs_session={session}"))
            .form(&[
                ("action_id", d.sheet_id.to_string()),
                ("slug", "banquet-des-tilleuls".to_owned()),
                ("part", "summary".to_owned()),
                ("value", value.clone()),
                ("previous", previous),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 200);
        let acknowledged = Instant::now();
        loop {
            let page = client
                .get(&sheet)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if page.contains(&value) {
                delays.push(acknowledged.elapsed());
                break;
            }
            assert!(
                acknowledged.elapsed() < Duration::from_secs(10),
                "round {round}: the other server never served the change"
            );
        }
    }
    // What part of it is rendering the page anew: the same sheet, rendered and not kept
    // (an unknown query string), on the same server.
    let mut renders = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let started = Instant::now();
        let page = client
            .get(format!("{sheet}?mesure={round}"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        renders.push(started.elapsed());
        assert!(page.contains("Résumé numéro"));
    }
    let (delays, renders) = (quantiles(delays), quantiles(renders));
    println!(
        "cross-server delay ({ROUNDS} edits through one server, first fresh page from the other, \
         polling off): p50 {:.1} ms (target <= 20 ms)   p99 {:.1} ms (target <= 100 ms)   max {:.1} ms",
        delays.0, delays.1, delays.2
    );
    println!(
        "  of which rendering the sheet anew (a miss on that server, same client): p50 {:.1} ms   p99 {:.1} ms",
        renders.0, renders.1
    );
}

/// p50, p99 and the maximum, in milliseconds.
fn quantiles(mut times: Vec<Duration>) -> (f64, f64, f64) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).min(times.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(at(0.50)), ms(at(0.99)), ms(times[times.len() - 1]))
}
