//! Photos uploaded by référents, made safe to show: the real format is read from the
//! content (JPEG, PNG or WebP, and it must match the file's name), the size and the pixel
//! count are bounded *before* decoding (a decompression bomb is refused from its header),
//! the decoder's memory is capped, the EXIF orientation is applied, and the pixels are
//! re-encoded into resized variants, WebP (lossy, libwebp) with a JPEG fallback — which
//! carry no metadata at all (no GPS position, no camera serial). Blocking and CPU-heavy: run it with `spawn_blocking`.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};

pub use crate::texts::PhotoProblem;

/// Upload limits (see the configuration table in the README).
#[derive(Debug, Clone, Copy)]
pub struct ImageLimits {
    /// Largest file accepted, in bytes (default 15 MB).
    pub max_bytes: u64,
    /// Largest picture accepted, in pixels (default 40 megapixels).
    pub max_pixels: u64,
}

impl Default for ImageLimits {
    fn default() -> Self {
        ImageLimits {
            max_bytes: 15 * 1024 * 1024,
            max_pixels: 40_000_000,
        }
    }
}

/// Widths of the variants served to visitors (never wider than the photo itself).
pub const VARIANT_WIDTHS: [u32; 3] = [480, 960, 1600];

/// One resized copy of a photo.
#[derive(Debug, Clone)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
    pub webp: Vec<u8>,
}

/// A photo ready to store.
#[derive(Debug, Clone)]
pub struct ProcessedPhoto {
    /// The real format of the upload (what the original is kept as).
    pub format: ImageFormat,
    /// Upright size.
    pub width: u32,
    pub height: u32,
    /// Smallest first.
    pub variants: Vec<Variant>,
}

impl ProcessedPhoto {
    /// The file extension of the original.
    pub fn extension(&self) -> &'static str {
        extension_of(self.format)
    }
}

fn extension_of(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        _ => "jpg",
    }
}

fn label_of(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Gif => "GIF",
        ImageFormat::Bmp => "BMP",
        ImageFormat::Tiff => "TIFF",
        ImageFormat::Ico => "ICO",
        _ => "d'un autre type",
    }
}

/// The format a file name announces, if it is one we accept.
fn declared_format(name: &str) -> Option<ImageFormat> {
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    match extension.as_str() {
        "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
        "png" => Some(ImageFormat::Png),
        "webp" => Some(ImageFormat::WebP),
        _ => None,
    }
}

/// Checks and re-encodes an upload named `name`. Nothing of the original's metadata
/// survives in the variants.
pub fn process(
    bytes: &[u8],
    name: &str,
    limits: ImageLimits,
) -> Result<ProcessedPhoto, PhotoProblem> {
    if bytes.is_empty() {
        return Err(PhotoProblem::Empty);
    }
    if bytes.len() as u64 > limits.max_bytes {
        return Err(PhotoProblem::TooLarge {
            megabytes: limits.max_bytes / (1024 * 1024),
        });
    }
    let actual = image::guess_format(bytes).map_err(|_| PhotoProblem::UnsupportedFormat)?;
    let accepted = matches!(
        actual,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    );
    match declared_format(name) {
        Some(declared) if declared == actual => {}
        _ if !accepted => return Err(PhotoProblem::UnsupportedFormat),
        _ => {
            return Err(PhotoProblem::NameMismatch {
                name: name.chars().take(80).collect(),
                actual: label_of(actual).to_owned(),
            })
        }
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), actual);
    // Our own limits apply below, once the header is read (the default ones would fail
    // a huge header with a less helpful error).
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(|_| PhotoProblem::Corrupt)?;
    // The header's size decides before any pixel is allocated.
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > limits.max_pixels || width == 0 || height == 0 {
        return Err(PhotoProblem::TooManyPixels {
            width,
            height,
            megapixels: limits.max_pixels / 1_000_000,
        });
    }
    let mut decoder_limits = image::Limits::default();
    // RGBA 16-bit at the largest size allowed, plus room for the decoder's own buffers.
    decoder_limits.max_alloc = Some(limits.max_pixels * 8 + 64 * 1024 * 1024);
    decoder_limits.max_image_width = Some(width);
    decoder_limits.max_image_height = Some(height);
    decoder
        .set_limits(decoder_limits)
        .map_err(|_| PhotoProblem::TooManyPixels {
            width,
            height,
            megapixels: limits.max_pixels / 1_000_000,
        })?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| PhotoProblem::Corrupt)?;
    picture.apply_orientation(orientation);
    let upright = flatten(&picture);
    let (width, height) = upright.dimensions();
    let mut variants = Vec::new();
    for target in VARIANT_WIDTHS {
        let variant_width = target.min(width);
        if variants
            .last()
            .is_some_and(|v: &Variant| v.width == variant_width)
        {
            break;
        }
        let variant_height =
            ((u64::from(height) * u64::from(variant_width)) / u64::from(width)).max(1) as u32;
        let resized = if variant_width == width {
            upright.clone()
        } else {
            image::imageops::resize(
                &upright,
                variant_width,
                variant_height,
                FilterType::Lanczos3,
            )
        };
        variants.push(Variant {
            width: variant_width,
            height: variant_height,
            jpeg: encode_jpeg(&resized)?,
            webp: encode_webp(&resized),
        });
    }
    Ok(ProcessedPhoto {
        format: actual,
        width,
        height,
        variants,
    })
}

/// RGB pixels; transparent areas become white (photos are shown on a light page).
fn flatten(picture: &DynamicImage) -> RgbImage {
    if !picture.color().has_alpha() {
        return picture.to_rgb8();
    }
    let rgba = picture.to_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (x, y, pixel) in rgba.enumerate_pixels() {
        let alpha = u16::from(pixel[3]);
        let blend = |c: u8| ((u16::from(c) * alpha + 255 * (255 - alpha)) / 255) as u8;
        out.put_pixel(
            x,
            y,
            image::Rgb([blend(pixel[0]), blend(pixel[1]), blend(pixel[2])]),
        );
    }
    out
}

/// Lossy WebP at quality 80 (smaller than the JPEG for the same look).
fn encode_webp(picture: &RgbImage) -> Vec<u8> {
    webp::Encoder::from_rgb(picture.as_raw(), picture.width(), picture.height())
        .encode(80.0)
        .to_vec()
}

fn encode_jpeg(picture: &RgbImage) -> Result<Vec<u8>, PhotoProblem> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 82)
        .encode_image(picture)
        .map_err(|_| PhotoProblem::Corrupt)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(format: ImageFormat, width: u32, height: u32) -> Vec<u8> {
        let picture = RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(picture)
            .write_to(&mut out, format)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn each_accepted_format_gives_upright_variants_never_enlarged() {
        for (format, name) in [
            (ImageFormat::Jpeg, "photo.JPG"),
            (ImageFormat::Png, "photo.png"),
            (ImageFormat::WebP, "photo.webp"),
        ] {
            let photo = process(&sample(format, 1200, 800), name, ImageLimits::default()).unwrap();
            assert_eq!(photo.format, format);
            let widths: Vec<_> = photo.variants.iter().map(|v| v.width).collect();
            assert_eq!(widths, [480, 960, 1200], "{name}");
            assert_eq!(photo.variants[0].height, 320);
            assert!(photo
                .variants
                .iter()
                .all(|v| v.jpeg.starts_with(&[0xFF, 0xD8])));
            assert!(photo
                .variants
                .iter()
                .all(|v| v.webp.starts_with(b"RIFF") && &v.webp[8..12] == b"WEBP"));
        }
    }

    #[test]
    fn a_text_file_or_a_wrong_name_is_refused_with_the_accepted_formats() {
        let text = b"Bonjour, ceci n'est pas une image.".to_vec();
        let error = process(&text, "photo.jpg", ImageLimits::default()).unwrap_err();
        assert_eq!(error, PhotoProblem::UnsupportedFormat);
        assert!(error.to_string().contains("JPEG"));
        let png = sample(ImageFormat::Png, 10, 10);
        let error = process(&png, "photo.jpg", ImageLimits::default()).unwrap_err();
        assert!(matches!(
            error,
            PhotoProblem::NameMismatch { ref actual, .. } if actual == "PNG"
        ));
        // The start of a GIF file is enough for the format to be recognised and refused.
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
        assert_eq!(
            process(&gif, "photo.gif", ImageLimits::default()).unwrap_err(),
            PhotoProblem::UnsupportedFormat
        );
    }

    /// A valid PNG header declaring `width` × `height` with almost no pixel data: the
    /// classic decompression bomb.
    fn bomb(width: u32, height: u32) -> Vec<u8> {
        fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
            let mut out = (data.len() as u32).to_be_bytes().to_vec();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let crc = crc32(&out[4..]);
            out.extend_from_slice(&crc.to_be_bytes());
            out
        }
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = 0xFFFF_FFFF_u32;
            for &b in bytes {
                crc ^= u32::from(b);
                for _ in 0..8 {
                    crc = if crc & 1 != 0 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(chunk(b"IHDR", &ihdr));
        png.extend(chunk(
            b"IDAT",
            &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
        ));
        png.extend(chunk(b"IEND", &[]));
        png
    }

    #[test]
    fn a_decompression_bomb_is_refused_from_its_header() {
        let png = bomb(100_000, 100_000);
        assert!(png.len() < 100);
        let error = process(&png, "bombe.png", ImageLimits::default()).unwrap_err();
        assert!(
            matches!(
                error,
                PhotoProblem::TooManyPixels {
                    width: 100_000,
                    height: 100_000,
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn size_and_pixel_limits_hold_before_decoding() {
        let limits = ImageLimits {
            max_bytes: 1000,
            max_pixels: 40_000_000,
        };
        let big = sample(ImageFormat::Png, 200, 200);
        assert!(matches!(
            process(&big, "a.png", limits).unwrap_err(),
            PhotoProblem::TooLarge { .. }
        ));
        let limits = ImageLimits {
            max_bytes: 1 << 20,
            max_pixels: 100,
        };
        assert!(matches!(
            process(&sample(ImageFormat::Png, 20, 20), "a.png", limits).unwrap_err(),
            PhotoProblem::TooManyPixels {
                width: 20,
                height: 20,
                ..
            }
        ));
    }
}
