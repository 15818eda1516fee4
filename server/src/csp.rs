//! The Content-Security-Policy of every answer: scripts, styles, images, fonts and
//! connections from this site only, the WASM allowed to compile, no inline script but the
//! one Leptos boots the islands with — allowed by its hash, since cached pages are shared
//! between visitors and a nonce baked into a shared page would be no nonce.

use base64::Engine;
use leptos::config::LeptosOptions;
use leptos::prelude::*;
use sha2::{Digest, Sha256};

/// The policy for pages rendered with these options.
pub fn content_security_policy(options: &LeptosOptions) -> String {
    let boot = boot_scripts_html(options);
    let mut scripts: Vec<String> = inline_scripts(&boot)
        .into_iter()
        .map(str::to_owned)
        .collect();
    scripts.extend(hydration_data_scripts());
    let hashes: Vec<String> = scripts
        .iter()
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
         img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        hashes.join(" ")
    )
}

/// What [`app::BootScripts`] renders into every page's head, rendered the same way.
fn boot_scripts_html(options: &LeptosOptions) -> String {
    let options = options.clone();
    Owner::new().with(move || view! { <app::BootScripts options /> }.to_html())
}

/// The scripts Leptos streams after a page in islands mode to declare its (empty)
/// hydration data — `__RESOLVED_RESOURCES=[];…` and `__INCOMPLETE_CHUNKS=[];` — as a page
/// without resources inside islands gets them, made by Leptos' own code.
fn hydration_data_scripts() -> Vec<String> {
    use futures_util::{FutureExt, StreamExt};
    use hydration_context::{SharedContext, SsrSharedContext};
    let context = SsrSharedContext::new_islands();
    let Some(stream) = context.pending_data() else {
        return Vec::new();
    };
    stream
        .collect::<Vec<String>>()
        .now_or_never()
        .unwrap_or_else(|| {
            tracing::error!("Leptos' hydration data did not come at once: not allowed by the CSP");
            Vec::new()
        })
}

/// The text of each `<script>` without `src` in a piece of HTML, as the browser hashes it.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        // Data blocks (JSON-LD) are never run: the policy does not apply to them.
        if !tag.contains(" src=") && !tag.contains("application/ld+json") {
            scripts.push(&body[..close]);
        }
        rest = &body[close..];
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = r#"<head><script type="module">boot("a")</script><script src="/x.js"></script></head><body><script>two()</script></body>"#;
        assert_eq!(inline_scripts(html), [r#"boot("a")"#, "two()"]);
    }

    #[test]
    fn the_policy_allows_the_boot_script_by_its_hash_and_nothing_inline_else() {
        let options = LeptosOptions::builder().output_name("passeurs").build();
        let policy = content_security_policy(&options);
        let html = boot_scripts_html(&options);
        let scripts = inline_scripts(&html);
        assert_eq!(scripts.len(), 1, "{html}");
        assert_eq!(hydration_data_scripts().len(), 2);
        assert!(scripts[0].contains("passeurs"), "{}", scripts[0]);
        let digest = Sha256::digest(scripts[0].as_bytes());
        let hash = base64::engine::general_purpose::STANDARD.encode(digest);
        assert!(policy.contains(&format!("'sha256-{hash}'")), "{policy}");
        assert!(!policy.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("'wasm-unsafe-eval'"));
    }
}
