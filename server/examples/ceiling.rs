//! Benchmark ceiling (not a product route): fetches one page from a running Passeurs server
//! once as a plain client, once as a browser (`Accept-Encoding: br, gzip`) and once as a
//! browser revisiting (`If-None-Match`), then answers those very responses — status, headers
//! and body, byte for byte but for `Date` — from memory with bare axum handlers: `/`
//! (plain), `/br` (brotli) and `/304`. So each ratio compares the same bytes on the wire.
//!
//! `cargo run --release -p server --example ceiling -- <page URL> <listen address>`

use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

/// A response as the server sent it, less what hyper writes itself.
#[derive(Clone)]
struct Recorded {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Recorded {
    async fn fetch(
        client: &reqwest::Client,
        url: &str,
        headers: &[(header::HeaderName, String)],
    ) -> Result<Recorded, Box<dyn std::error::Error>> {
        let mut request = client.get(url);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let response = request.send().await?;
        let status = response.status();
        let mut headers = response.headers().clone();
        for name in [
            header::DATE,
            header::CONTENT_LENGTH,
            header::TRANSFER_ENCODING,
            header::CONNECTION,
        ] {
            headers.remove(name);
        }
        let body = response.bytes().await?;
        Ok(Recorded {
            status,
            headers,
            body,
        })
    }

    fn route(self) -> axum::routing::MethodRouter {
        get(move || {
            let recorded = self.clone();
            async move { (recorded.status, recorded.headers, recorded.body).into_response() }
        })
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or("usage: ceiling <page URL> <listen address>")?;
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:3299".into());
    // No automatic decompression: the bytes are kept exactly as sent.
    let client = reqwest::Client::builder().build()?;
    let plain = Recorded::fetch(&client, &url, &[]).await?;
    let browser = [(header::ACCEPT_ENCODING, "br, gzip".to_owned())];
    let brotli = Recorded::fetch(&client, &url, &browser).await?;
    if brotli
        .headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.as_bytes())
        != Some(b"br")
    {
        return Err("the page did not come back in brotli".into());
    }
    let etag = brotli
        .headers
        .get(header::ETAG)
        .ok_or("the page has no ETag")?
        .to_str()?
        .to_owned();
    let revisit = Recorded::fetch(
        &client,
        &url,
        &[browser[0].clone(), (header::IF_NONE_MATCH, etag)],
    )
    .await?;
    if revisit.status != StatusCode::NOT_MODIFIED {
        return Err("a revisit with the ETag did not get 304".into());
    }
    let app = Router::new()
        .route("/", plain.route())
        .route("/br", brotli.route())
        .route("/304", revisit.route());
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("ceiling serving {url} from memory on http://{listen}/ (/br, /304)");
    axum::serve(listener, app).await?;
    Ok(())
}
