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
    if actual == ImageFormat::Png {
        check_png_chunks(bytes)?;
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), actual);
    // Bounded from the first byte read: the header and the chunks before the pixels (a
    // colour profile, compressed text) are inflated under this limit too.
    reader.limits(decoder_limits(limits, None));
    let mut decoder = reader.into_decoder().map_err(|error| match error {
        image::ImageError::Limits(_) => PhotoProblem::OversizedMetadata,
        _ => PhotoProblem::Corrupt,
    })?;
    // The header's size decides before any pixel is allocated.
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > limits.max_pixels || width == 0 || height == 0 {
        return Err(PhotoProblem::TooManyPixels {
            width,
            height,
            megapixels: limits.max_pixels / 1_000_000,
        });
    }
    decoder
        .set_limits(decoder_limits(limits, Some((width, height))))
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
        let (variant_width, variant_height) = fit(width, height, target);
        if variants
            .last()
            .is_some_and(|v: &Variant| v.width == variant_width)
        {
            break;
        }
        let resized = if (variant_width, variant_height) == (width, height) {
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
            webp: encode_webp(&resized)?,
        });
    }
    Ok(ProcessedPhoto {
        format: actual,
        width,
        height,
        variants,
    })
}

/// The decoder's memory cap: RGBA 16-bit at the largest size allowed plus room for the
/// decoder's own buffers, and once the header is read, that header's exact size.
fn decoder_limits(limits: ImageLimits, size: Option<(u32, u32)>) -> image::Limits {
    let mut decoder_limits = image::Limits::default();
    decoder_limits.max_alloc = Some(limits.max_pixels * 8 + 64 * 1024 * 1024);
    if let Some((width, height)) = size {
        decoder_limits.max_image_width = Some(width);
        decoder_limits.max_image_height = Some(height);
    }
    decoder_limits
}

/// Largest colour profile or compressed text chunk accepted once inflated. Real ICC
/// profiles weigh a few kilobytes, printers' ones a few megabytes.
const MAX_PNG_ANCILLARY_BYTES: usize = 8 * 1024 * 1024;

/// Refuses a PNG whose compressed ancillary chunks (iCCP, zTXt, iTXt) inflate to more than
/// [`MAX_PNG_ANCILLARY_BYTES`], inflating each under that bound: the PNG decoder would
/// otherwise inflate a 6 MB profile to gigabytes, or silently drop it when bounded.
fn check_png_chunks(bytes: &[u8]) -> Result<(), PhotoProblem> {
    let mut rest = bytes.get(8..).ok_or(PhotoProblem::Corrupt)?;
    while rest.len() >= 12 {
        let length = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let kind = &rest[4..8];
        let Some(data) = rest.get(8..8 + length) else {
            return Err(PhotoProblem::Corrupt);
        };
        let compressed = match kind {
            // keyword, NUL, compression method, then the zlib stream
            b"iCCP" | b"zTXt" => data
                .iter()
                .position(|&b| b == 0)
                .and_then(|nul| data.get(nul + 2..)),
            // keyword, NUL, compressed flag, method, language, NUL, translated keyword, NUL
            b"iTXt" => data.iter().position(|&b| b == 0).and_then(|nul| {
                let flag = *data.get(nul + 1)?;
                let after = data.get(nul + 3..)?;
                let language = after.iter().position(|&b| b == 0)?;
                let after = after.get(language + 1..)?;
                let translated = after.iter().position(|&b| b == 0)?;
                (flag == 1).then(|| after.get(translated + 1..)).flatten()
            }),
            b"IDAT" | b"IEND" => return Ok(()),
            _ => None,
        };
        if let Some(stream) = compressed {
            match fdeflate::decompress_to_vec_bounded(stream, MAX_PNG_ANCILLARY_BYTES) {
                Ok(_) => {}
                Err(fdeflate::BoundedDecompressionError::OutputTooLarge { .. }) => {
                    return Err(PhotoProblem::OversizedMetadata)
                }
                Err(_) => return Err(PhotoProblem::Corrupt),
            }
        }
        rest = &rest[(12 + length).min(rest.len())..];
    }
    Ok(())
}

/// libwebp refuses pictures wider or taller than this.
const MAX_WEBP_SIDE: u32 = 16_383;

/// The size of the variant `target` pixels wide of a `width` × `height` picture (never
/// enlarged), narrowed further when its height would pass libwebp's limit.
fn fit(width: u32, height: u32, target: u32) -> (u32, u32) {
    let mut variant_width = target.min(width).min(MAX_WEBP_SIDE);
    let mut variant_height =
        ((u64::from(height) * u64::from(variant_width)) / u64::from(width)).max(1);
    if variant_height > u64::from(MAX_WEBP_SIDE) {
        variant_height = u64::from(MAX_WEBP_SIDE);
        variant_width = ((u64::from(width) * variant_height) / u64::from(height)).max(1) as u32;
    }
    (variant_width, variant_height as u32)
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

/// Lossy WebP at quality 80 (smaller than the JPEG for the same look). [`fit`] keeps the
/// sizes within libwebp's limits; any other refusal of the encoder is a corrupt picture.
fn encode_webp(picture: &RgbImage) -> Result<Vec<u8>, PhotoProblem> {
    webp::Encoder::from_rgb(picture.as_raw(), picture.width(), picture.height())
        .encode_simple(false, 80.0)
        .map(|memory| memory.to_vec())
        .map_err(|error| {
            tracing::warn!(?error, "libwebp refused a variant");
            PhotoProblem::Corrupt
        })
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

    /// A zlib stream of `copies` × 258 zero bytes in one fixed-Huffman block: a literal 0
    /// then back-references of length 258 at distance 1, 13 bits each (a ratio of ~160).
    fn zeros_zlib(copies: u64) -> Vec<u8> {
        struct Bits {
            out: Vec<u8>,
            current: u64,
            count: u32,
        }
        impl Bits {
            /// `value` of `width` bits, least significant first (deflate's bit order).
            fn put(&mut self, value: u64, width: u32) {
                self.current |= value << self.count;
                self.count += width;
                while self.count >= 8 {
                    self.out.push(self.current as u8);
                    self.current >>= 8;
                    self.count -= 8;
                }
            }
            /// A Huffman code, most significant bit first.
            fn code(&mut self, code: u64, width: u32) {
                let reversed =
                    (0..width).fold(0, |acc, i| acc | (((code >> i) & 1) << (width - 1 - i)));
                self.put(reversed, width);
            }
        }
        let mut bits = Bits {
            out: vec![0x78, 0x01],
            current: 0,
            count: 0,
        };
        bits.put(1, 1); // final block
        bits.put(1, 2); // fixed Huffman codes
        bits.code(0x30, 8); // literal 0
        for _ in 0..copies {
            bits.code(0b1100_0101, 8); // length 258 (code 285)
            bits.code(0, 5); // distance 1
        }
        bits.code(0, 7); // end of block
        bits.put(0, 7);
        let total = copies * 258 + 1;
        let adler = ((total % 65521) << 16) | 1;
        bits.out.extend_from_slice(&(adler as u32).to_be_bytes());
        bits.out
    }

    /// A small valid PNG with a colour profile that inflates to `profile_copies` × 258 bytes.
    fn png_with_profile(profile_copies: u64) -> Vec<u8> {
        let png = sample(ImageFormat::Png, 16, 16);
        let mut profile = b"ICC Profile\0\0".to_vec();
        profile.extend(zeros_zlib(profile_copies));
        let mut out = png[..33].to_vec(); // signature and IHDR
        out.extend(chunk(b"iCCP", &profile));
        out.extend_from_slice(&png[33..]);
        out
    }

    #[test]
    fn a_colour_profile_that_inflates_to_a_gigabyte_is_refused_before_decoding() {
        // 4.2 million back-references: 1 GiB once inflated, 6.8 MB in the file.
        let png = png_with_profile((1 << 30) / 258);
        assert!(png.len() < 7_000_000, "{}", png.len());
        let error = process(&png, "profil.png", ImageLimits::default()).unwrap_err();
        assert_eq!(error, PhotoProblem::OversizedMetadata);
        assert!(error.to_string().contains("JPEG"));
        // A profile of an ordinary size is no problem.
        let photo = process(&png_with_profile(40), "profil.png", ImageLimits::default()).unwrap();
        assert_eq!((photo.width, photo.height), (16, 16));
    }

    #[test]
    fn variants_stay_within_the_webp_limit_of_16383_pixels() {
        assert_eq!(fit(1200, 800, 480), (480, 320));
        assert_eq!(fit(300, 200, 480), (300, 200));
        assert_eq!(fit(1000, 40_000, 480), (409, 16_383));
        assert_eq!(fit(40_000, 1000, 1600), (1600, 40));
        let tall = sample(ImageFormat::Png, 100, 17_000);
        let photo = process(&tall, "bande.png", ImageLimits::default()).unwrap();
        assert_eq!(photo.variants.len(), 1);
        let variant = &photo.variants[0];
        assert_eq!((variant.width, variant.height), (96, 16_383));
        assert!(variant.webp.starts_with(b"RIFF"));
    }

    /// A valid PNG header declaring `width` × `height` with almost no pixel data: the
    /// classic decompression bomb.
    fn bomb(width: u32, height: u32) -> Vec<u8> {
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
