//! The OpenGraph image of a sheet (1200×630): its cover photo, darkened at the bottom, with
//! the title, the organisation and the city written on it in DejaVu Sans Bold (shipped in
//! `domain/assets/fonts/` with its licence), and the platform's name. Without a cover, the
//! platform's colour. Rasterised with `ab_glyph`, drawn and encoded with `image`.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{imageops, ImageBuffer, Rgb, RgbImage};

/// The size social networks show.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

const FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");

/// The platform's colour (`theme-color`).
const ACCENT: Rgb<u8> = Rgb([0x1d, 0x5c, 0x63]);

/// Why an image could not be made.
#[derive(Debug, thiserror::Error)]
pub enum OgImageError {
    #[error("the font cannot be read: {0}")]
    Font(String),
    #[error(transparent)]
    Image(#[from] image::ImageError),
}

/// Draws the image and encodes it as JPEG. `cover` is the bytes of the cover photo, if any
/// (an unreadable one is left out, not an error).
pub fn render(
    cover: Option<&[u8]>,
    platform: &str,
    title: &str,
    organisation: &str,
    city: &str,
) -> Result<Vec<u8>, OgImageError> {
    let font = FontRef::try_from_slice(FONT).map_err(|e| OgImageError::Font(e.to_string()))?;
    let mut canvas = match cover.and_then(|bytes| image::load_from_memory(bytes).ok()) {
        Some(photo) => {
            let photo = photo.to_rgb8();
            fill(&photo)
        }
        None => ImageBuffer::from_pixel(WIDTH, HEIGHT, ACCENT),
    };
    // A dark band from the middle down, so that white text reads on any photo.
    for y in HEIGHT * 2 / 5..HEIGHT {
        let depth = (y - HEIGHT * 2 / 5) as f32 / (HEIGHT * 3 / 5) as f32;
        let keep = 1.0 - (0.45 + 0.4 * depth);
        for x in 0..WIDTH {
            let pixel = canvas.get_pixel_mut(x, y);
            for channel in pixel.0.iter_mut() {
                *channel = (f32::from(*channel) * keep) as u8;
            }
        }
    }
    let white = Rgb([255, 255, 255]);
    draw_text(&mut canvas, &font, platform, 34.0, 60, 70, white);
    let lines = wrap(&font, title, 64.0, WIDTH - 120, 3);
    let line_height = 76;
    let below = 56 + 40;
    let mut y = HEIGHT as i32 - below - line_height * lines.len() as i32;
    for line in &lines {
        draw_text(&mut canvas, &font, line, 64.0, 60, y + 60, white);
        y += line_height;
    }
    let footer = format!("{organisation} — {city}");
    draw_text(
        &mut canvas,
        &font,
        &footer,
        34.0,
        60,
        HEIGHT as i32 - 50,
        Rgb([230, 240, 240]),
    );
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85).encode_image(&canvas)?;
    Ok(jpeg)
}

/// The photo scaled to cover 1200×630 and cropped in the middle.
fn fill(photo: &RgbImage) -> RgbImage {
    let (w, h) = photo.dimensions();
    let scale = f64::max(
        f64::from(WIDTH) / f64::from(w.max(1)),
        f64::from(HEIGHT) / f64::from(h.max(1)),
    );
    let scaled_w = ((f64::from(w) * scale).ceil() as u32).max(WIDTH);
    let scaled_h = ((f64::from(h) * scale).ceil() as u32).max(HEIGHT);
    let scaled = imageops::resize(photo, scaled_w, scaled_h, imageops::FilterType::Triangle);
    imageops::crop_imm(
        &scaled,
        (scaled_w - WIDTH) / 2,
        (scaled_h - HEIGHT) / 2,
        WIDTH,
        HEIGHT,
    )
    .to_image()
}

fn text_width(font: &FontRef<'_>, text: &str, size: f32) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    text.chars()
        .map(|c| scaled.h_advance(scaled.glyph_id(c)))
        .sum()
}

/// `text` in lines at most `max_width` wide, at most `max_lines` (the last one cut with "…").
fn wrap(
    font: &FontRef<'_>,
    text: &str,
    size: f32,
    max_width: u32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(font, &candidate, size) <= max_width as f32 || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_owned();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && text_width(font, &format!("{last}…"), size) > max_width as f32
            {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// Writes `text` with its baseline at `y`, from `x`, blending each glyph's coverage.
fn draw_text(
    canvas: &mut RgbImage,
    font: &FontRef<'_>,
    text: &str,
    size: f32,
    x: i32,
    y: i32,
    colour: Rgb<u8>,
) {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut caret = x as f32;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        let glyph = id.with_scale_and_position(size, ab_glyph::point(caret, y as f32));
        caret += scaled.h_advance(id);
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let px = bounds.min.x as i32 + gx as i32;
            let py = bounds.min.y as i32 + gy as i32;
            if px < 0 || py < 0 || px >= canvas.width() as i32 || py >= canvas.height() as i32 {
                return;
            }
            let pixel = canvas.get_pixel_mut(px as u32, py as u32);
            for (channel, target) in pixel.0.iter_mut().zip(colour.0) {
                *channel =
                    (f32::from(*channel) * (1.0 - coverage) + f32::from(target) * coverage) as u8;
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_is_1200_by_630_with_the_text_written_in_white() {
        let photo = RgbImage::from_pixel(800, 800, Rgb([200, 120, 40]));
        let mut png = Vec::new();
        photo
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        let jpeg = render(
            Some(&png),
            "Passeurs",
            "Ambassadeurs passeurs : des banquets citoyens dans tous les quartiers de Loire-Atlantique",
            "Fédération des centres sociaux",
            "Nantes",
        )
        .unwrap();
        let image = image::load_from_memory(&jpeg).unwrap().to_rgb8();
        assert_eq!(image.dimensions(), (WIDTH, HEIGHT));
        // Somewhere in the lower band, the text is (nearly) white.
        let bright = (HEIGHT / 2..HEIGHT)
            .flat_map(|y| (0..WIDTH).map(move |x| (x, y)))
            .filter(|&(x, y)| image.get_pixel(x, y).0.iter().all(|&c| c > 230))
            .count();
        assert!(bright > 2_000, "{bright} white pixels");
        // Without a cover: the platform's colour.
        let plain = render(None, "Passeurs", "Jardin", "Centre", "Rezé").unwrap();
        let plain = image::load_from_memory(&plain).unwrap().to_rgb8();
        let corner = plain.get_pixel(5, 5).0;
        assert!(corner[1] > corner[0] && corner[2] > corner[0], "{corner:?}");
    }

    #[test]
    fn long_titles_wrap_in_three_lines_at_most() {
        let font = FontRef::try_from_slice(FONT).unwrap();
        let lines = wrap(&font, &"mot ".repeat(80), 64.0, WIDTH - 120, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'));
    }
}
