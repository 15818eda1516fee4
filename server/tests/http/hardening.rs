//! What hostile or broken clients meet: a deadline on every request, and the security
//! headers of every HTML answer.

use std::time::Duration;
use test_support::TestApp;

use test_support::fresh_sqlite;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{seed_with_admin, settings};

/// Sends `head` and the first `sent` bytes of a body announced as `length` bytes, then
/// nothing more; returns what the server answers, and after how long.
async fn trickle(addr: std::net::SocketAddr, head: &str, sent: &[u8]) -> (String, Duration) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(sent).await.unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    let mut buffer = [0_u8; 4096];
    // The answer is read until the server closes or 20 s pass.
    while let Ok(Ok(n)) =
        tokio::time::timeout(Duration::from_secs(20), stream.read(&mut buffer)).await
    {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buffer[..n]);
        if answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b".") {
            break;
        }
    }
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_stops_sending_its_form_gets_a_408_at_the_deadline() {
    let t = fresh_sqlite().await;
    seed_with_admin(&t).await;
    let mut settings = settings(&t, None);
    settings.request_timeout = Duration::from_secs(1);
    let running = server::start(&settings, false).await.unwrap();
    let addr = running.addr;
    let head = format!(
        "POST /api/login HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\n"
    );
    let (answer, waited) = trickle(addr, &head, b"email=camille%40centre.example&pass").await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("trop de temps"),
        "a French message: {answer}"
    );
    assert!(waited < Duration::from_secs(10), "{waited:?}");
    running.stop().await.unwrap();
    t.remove().await;
}

/// The `sha256-…` sources of a policy's `script-src`.
fn script_hashes(policy: &str) -> Vec<String> {
    policy
        .split(';')
        .find_map(|directive| directive.trim().strip_prefix("script-src "))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|source| source.strip_prefix("'sha256-"))
        .map(|hash| hash.trim_end_matches('\'').to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_the_security_headers_and_inline_scripts_match_the_policy() {
    use base64::Engine;
    use sha2::Digest;
    let t = fresh_sqlite().await;
    seed_with_admin(&t).await;
    for public_url in [None, Some("https://passeurs.test")] {
        let TestApp { running, base } = TestApp::serve(&settings(&t, public_url)).await;
        let sheet = format!("/actions/{}", crate::common::SHEET);
        // The sheet twice: rendered, then from the page cache.
        for path in [
            "/",
            sheet.as_str(),
            sheet.as_str(),
            "/connexion",
            "/nulle-part",
            "/healthz",
        ] {
            let response = crate::common::client()
                .get(format!("{base}{path}"))
                .send()
                .await
                .unwrap();
            let headers = response.headers().clone();
            let header = |name: &str| {
                headers
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
                    .unwrap_or_default()
            };
            assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
            assert_eq!(
                header("referrer-policy"),
                "strict-origin-when-cross-origin",
                "{path}"
            );
            assert_eq!(header("x-frame-options"), "DENY", "{path}");
            let policy = header("content-security-policy");
            assert!(
                policy.contains("frame-ancestors 'none'"),
                "{path}: {policy}"
            );
            assert!(
                policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
                "{policy}"
            );
            assert!(!policy.contains("unsafe-inline"), "{policy}");
            assert_eq!(
                header("strict-transport-security").is_empty(),
                public_url.is_none(),
                "HSTS exactly when the site is https ({path})"
            );
            let html = response.text().await.unwrap();
            if !header_is_html(&headers) {
                continue;
            }
            let allowed = script_hashes(&policy);
            let inline = server::csp::inline_scripts(&html);
            assert!(!inline.is_empty(), "{path}: the islands' boot script");
            for script in inline {
                let hash = base64::engine::general_purpose::STANDARD
                    .encode(sha2::Sha256::digest(script.as_bytes()));
                assert!(
                    allowed.contains(&hash),
                    "{path}: an inline script the policy does not allow: {script}"
                );
            }
        }
        running.stop().await.unwrap();
    }
    t.remove().await;
}

fn header_is_html(headers: &reqwest::header::HeaderMap) -> bool {
    headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}
