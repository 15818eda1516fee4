//! Image files of the galleries: where they are stored and at which URL they are served.

use std::path::{Path, PathBuf};

use image::imageops::FilterType;
use image::{ImageFormat, RgbImage};

/// URL prefix under which the media folder is served.
pub const MEDIA_URL_PREFIX: &str = "/media/";

/// Width of gallery thumbnails, in pixels.
pub const THUMB_WIDTH: u32 = 480;

/// The public URL of a stored file name (a relative path inside the media folder).
pub fn public_url(file_name: &str) -> String {
    format!("{MEDIA_URL_PREFIX}{file_name}")
}

/// A picture written to the media folder with its thumbnail.
#[derive(Debug, Clone)]
pub struct StoredPicture {
    pub file_name: String,
    pub thumb_name: String,
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
}

/// Why a picture could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot encode {path}: {source}")]
    Encode {
        path: String,
        source: image::ImageError,
    },
}

/// Writes `picture` as JPEG under `media_dir/name.jpg` and a thumbnail `THUMB_WIDTH` wide
/// (never enlarged) as `name-thumb.jpg`. Blocking: call it off the async executor.
pub fn store_jpeg_with_thumbnail(
    media_dir: &Path,
    name: &str,
    picture: &RgbImage,
) -> Result<StoredPicture, StoreError> {
    let file_name = format!("{name}.jpg");
    let thumb_name = format!("{name}-thumb.jpg");
    let (width, height) = picture.dimensions();
    let thumb_width = THUMB_WIDTH.min(width).max(1);
    let thumb_height =
        ((u64::from(height) * u64::from(thumb_width)) / u64::from(width.max(1))).max(1) as u32;
    let thumb = image::imageops::resize(picture, thumb_width, thumb_height, FilterType::Triangle);
    write_jpeg(&media_dir.join(&file_name), picture)?;
    write_jpeg(&media_dir.join(&thumb_name), &thumb)?;
    Ok(StoredPicture {
        file_name,
        thumb_name,
        width,
        height,
        thumb_width,
        thumb_height,
    })
}

fn write_jpeg(path: &PathBuf, picture: &RgbImage) -> Result<(), StoreError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
            path: parent.display().to_string(),
            source,
        })?;
    }
    picture
        .save_with_format(path, ImageFormat::Jpeg)
        .map_err(|source| StoreError::Encode {
            path: path.display().to_string(),
            source,
        })
}
