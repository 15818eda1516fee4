//! QR codes for paper: the printed sheet and the event posters carry the address of the
//! sheet as a QR code, drawn by the server as SVG (the `qrcode` crate) so it stays sharp at
//! any print size. No script, no image request.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The QR code of `url` as an inline `<svg>` (no XML declaration), `size` units wide,
/// hidden from screen readers (the address is always written next to it).
pub fn svg(url: &str, size: u32) -> String {
    let code = match QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M) {
        Ok(code) => code,
        Err(error) => {
            tracing::error!(%error, "cannot make a QR code");
            return String::new();
        }
    };
    let drawn = code
        .render::<svg::Color>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .build();
    let start = drawn.find("<svg").unwrap_or(0);
    drawn[start..].replacen(
        "<svg ",
        "<svg class=\"qr-code\" aria-hidden=\"true\" focusable=\"false\" ",
        1,
    )
}
