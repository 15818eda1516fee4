//! Image files of the galleries: where they are stored and at which URL they are served.

use image::imageops::FilterType;
use image::{ImageFormat, RgbImage};

pub use crate::model::MEDIA_URL_PREFIX;

/// Width of gallery thumbnails, in pixels.
pub const THUMB_WIDTH: u32 = 480;

/// A picture encoded as JPEG with its thumbnail, ready for the media storage.
#[derive(Debug, Clone)]
pub struct EncodedPicture {
    pub file_name: String,
    pub thumb_name: String,
    pub jpeg: Vec<u8>,
    pub thumb_jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
}

impl EncodedPicture {
    /// Puts the picture and its thumbnail in `storage`; returns the gallery row to record
    /// for them, with `alt_text`.
    pub async fn store(
        self,
        storage: &super::storage::Storage,
        alt_text: &str,
    ) -> Result<super::db::actions::NewGalleryImage, super::storage::StorageError> {
        storage.put(&self.file_name, self.jpeg).await?;
        storage.put(&self.thumb_name, self.thumb_jpeg).await?;
        Ok(super::db::actions::NewGalleryImage {
            file_name: self.file_name,
            thumb_name: self.thumb_name,
            width: self.width as i32,
            height: self.height as i32,
            thumb_width: self.thumb_width as i32,
            thumb_height: self.thumb_height as i32,
            alt_text: alt_text.to_owned(),
        })
    }
}

/// Encodes `picture` as `name.jpg` and a thumbnail `THUMB_WIDTH` wide (never enlarged) as
/// `name-thumb.jpg`. Blocking: call it off the async executor.
pub fn encode_with_thumbnail(
    name: &str,
    picture: &RgbImage,
) -> Result<EncodedPicture, image::ImageError> {
    let (width, height) = picture.dimensions();
    let thumb_width = THUMB_WIDTH.min(width).max(1);
    let thumb_height =
        ((u64::from(height) * u64::from(thumb_width)) / u64::from(width.max(1))).max(1) as u32;
    let thumb = image::imageops::resize(picture, thumb_width, thumb_height, FilterType::Triangle);
    Ok(EncodedPicture {
        file_name: format!("{name}.jpg"),
        thumb_name: format!("{name}-thumb.jpg"),
        jpeg: jpeg(picture)?,
        thumb_jpeg: jpeg(&thumb)?,
        width,
        height,
        thumb_width,
        thumb_height,
    })
}

fn jpeg(picture: &RgbImage) -> Result<Vec<u8>, image::ImageError> {
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, ImageFormat::Jpeg)?;
    Ok(out.into_inner())
}
