//! Benchmark ceiling (not a product route): fetches one page from a running Passeurs server
//! once, then answers those very bytes from memory with a bare axum handler.
//!
//! `cargo run --release -p server --example ceiling -- <page URL> <listen address>`

use axum::http::header;
use axum::routing::get;
use axum::Router;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .ok_or("usage: ceiling <page URL> <listen address>")?;
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:3299".into());
    let page = reqwest::get(&url)
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let app = Router::new().route(
        "/",
        get(move || {
            let page = page.clone();
            async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page) }
        }),
    );
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("ceiling serving {url} from memory on http://{listen}/");
    axum::serve(listener, app).await?;
    Ok(())
}
