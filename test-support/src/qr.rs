//! QR codes read back as a phone's camera would.

/// Reads back the address a QR code made by `passeurs_domain::qr::svg` holds: its squares drawn on a grid of
/// pixels, then decoded with `rqrr`, as a phone's camera would (tests only).
pub fn decode_svg(svg: &str) -> Option<String> {
    let number = |name: &str| -> Option<usize> {
        let start = svg.find(&format!(" {name}=\""))? + name.len() + 3;
        svg[start..].split('"').next()?.parse().ok()
    };
    let (width, height) = (number("width")?, number("height")?);
    let mut dark = vec![false; width * height];
    let path_start = svg.find("<path")?;
    let d_start = svg[path_start..].find(" d=\"")? + path_start + 4;
    let d = svg[d_start..].split('"').next()?;
    // Each square is `M{left} {top}h{width}v{height}H{left}V{top}`.
    for square in d.split('M').filter(|s| !s.is_empty()) {
        let numbers: Vec<usize> = square
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        let [left, top, w, h, ..] = numbers[..] else {
            return None;
        };
        for y in top..(top + h).min(height) {
            for x in left..(left + w).min(width) {
                dark[y * width + x] = true;
            }
        }
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        if dark[y * width + x] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    let (_, content) = grids.first()?.decode().ok()?;
    Some(content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use passeurs_domain::qr::svg;

    #[test]
    fn a_qr_code_reads_back_as_its_address() {
        let url =
            "https://passeurs.example/actions/ambassadeurs-passeurs-loire-atlantique?src=affiche";
        let drawn = svg(url, 240);
        assert!(
            drawn.starts_with("<svg class=\"qr-code\" aria-hidden=\"true\""),
            "{drawn}"
        );
        assert!(!drawn.contains("<?xml"));
        assert_eq!(decode_svg(&drawn).as_deref(), Some(url));
    }
}
