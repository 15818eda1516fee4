//! Benchmark ceiling (not a product route): fetches one page from a running Passeurs server
//! once as a plain client, once as a browser (`Accept-Encoding: br, gzip`) and once as a
//! browser revisiting (`If-None-Match`), then answers those very responses — status, headers
//! and body, byte for byte but for `Date` — from memory: `/` (plain), `/br` (brotli) and
//! `/304`. So each ratio compares the same bytes on the wire. It is served the way the
//! page cache's front serves hits (a bare tower service choosing by path, no router, no
//! layer), so it stays the upper bound of what a hit can cost.
//!
//! `cargo run --release -p server --example ceiling -- <page URL> <listen address>`

use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;

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

    /// The recorded response again: status, headers and body as they were, nothing added.
    fn replay(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers.clone();
        response
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
    // Once before recording, so that every recorded answer is the cache's hit, and a
    // moment for the server to replace its quick compression by its best one.
    Recorded::fetch(&client, &url, &[]).await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
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
    let recorded = Arc::new([plain, brotli, revisit]);
    let service = tower::service_fn(move |request: Request| {
        let recorded = recorded.clone();
        async move {
            Ok::<_, Infallible>(match request.uri().path() {
                "/" => recorded[0].replay(),
                "/br" => recorded[1].replay(),
                "/304" => recorded[2].replay(),
                _ => {
                    let mut response = Response::new(Body::empty());
                    *response.status_mut() = StatusCode::NOT_FOUND;
                    response
                }
            })
        }
    });
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("ceiling serving {url} from memory on http://{listen}/ (/br, /304)");
    axum::serve(
        listener,
        axum::ServiceExt::<Request>::into_make_service(service),
    )
    .await?;
    Ok(())
}
