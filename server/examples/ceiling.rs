//! Benchmark ceiling (not a product route): fetches one page from a running Passeurs server
//! once, as a plain body and as the brotli body a browser gets, then answers those very bytes
//! from memory with bare axum handlers: `/` (plain), `/br` (brotli, `Content-Encoding: br`)
//! and `/304` (the `304 Not Modified` a revisit with `If-None-Match` gets).
//!
//! `cargo run --release -p server --example ceiling -- <page URL> <listen address>`

use axum::http::{header, HeaderValue, StatusCode};
use axum::routing::get;
use axum::Router;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or("usage: ceiling <page URL> <listen address>")?;
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:3299".into());
    let client = reqwest::Client::new();
    let plain = client
        .get(&url)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let compressed = client
        .get(&url)
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .send()
        .await?
        .error_for_status()?;
    if compressed
        .headers()
        .get(header::CONTENT_ENCODING)
        .map(|v| v.as_bytes())
        != Some(b"br")
    {
        return Err("the page did not come back in brotli".into());
    }
    let etag = compressed
        .headers()
        .get(header::ETAG)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("\"none\""));
    let brotli = compressed.bytes().await?;
    let html = HeaderValue::from_static("text/html; charset=utf-8");
    let app = Router::new()
        .route("/", {
            let (plain, html) = (plain.clone(), html.clone());
            get(move || {
                let (plain, html) = (plain.clone(), html.clone());
                async move { ([(header::CONTENT_TYPE, html)], plain) }
            })
        })
        .route("/br", {
            let (brotli, html, etag) = (brotli.clone(), html.clone(), etag.clone());
            get(move || {
                let (brotli, html, etag) = (brotli.clone(), html.clone(), etag.clone());
                async move {
                    (
                        [
                            (header::CONTENT_TYPE, html),
                            (header::CONTENT_ENCODING, HeaderValue::from_static("br")),
                            (header::ETAG, etag),
                        ],
                        brotli,
                    )
                }
            })
        })
        .route("/304", {
            let etag = etag.clone();
            get(move || {
                let etag = etag.clone();
                async move { (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]) }
            })
        });
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("ceiling serving {url} from memory on http://{listen}/ (/br, /304)");
    axum::serve(listener, app).await?;
    Ok(())
}
