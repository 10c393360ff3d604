//! Profile pictures. The type is read from the bytes, never from what the upload claims,
//! and only raster formats are accepted: an SVG can carry script, and anything else is not
//! something a browser should be asked to show as a picture.
//!
//! Magic bytes alone prove nothing (the five bytes `GIF87` would pass) and a header may
//! claim any size, so every upload is decoded in full before it is stored, under bounds on
//! its dimensions and on the memory the decoder may take.

use std::{io::Cursor, sync::LazyLock};

use image::{ImageFormat, ImageReader, Limits};
use tokio::sync::Semaphore;

pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
/// The longest side accepted, in pixels: well beyond what an avatar is shown at, and a
/// 12-megapixel phone photo (4032×3024) still fits.
pub const MAX_IMAGE_SIDE: u32 = 4096;
/// What one decode may allocate: a 4096×4096 picture at 8 bits per channel. Deeper
/// pictures of that size, which need more, are refused with the oversized ones.
const MAX_DECODE_BYTES: u64 = MAX_IMAGE_SIDE as u64 * MAX_IMAGE_SIDE as u64 * 4;

const ACCEPTED: [ImageFormat; 4] = [
    ImageFormat::Png,
    ImageFormat::Jpeg,
    ImageFormat::WebP,
    ImageFormat::Gif,
];

/// Decodes at once, one per core: each may hold [`MAX_DECODE_BYTES`], so uploads sent all
/// at once wait their turn instead of adding up to the machine's memory.
static DECODES: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(1, |cores| cores.get()))
});

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("Choose an image file to upload.")]
    Missing,
    #[error("The image is larger than 2 MB. Choose a smaller one.")]
    TooLarge,
    #[error("Use a PNG, JPEG, WebP or GIF image.")]
    UnsupportedType,
    #[error("The image is damaged or incomplete. Choose another file.")]
    Unreadable,
    #[error("The image is larger than {max}×{max} pixels. Choose a smaller one.", max = MAX_IMAGE_SIDE)]
    TooManyPixels,
}

#[derive(Debug)]
pub struct ProfileImage {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl ProfileImage {
    /// Checks `bytes` (size, type, then a full decode off the async threads) and keeps
    /// them as they came.
    pub async fn parse(bytes: Vec<u8>) -> Result<Self, ImageError> {
        if bytes.is_empty() {
            return Err(ImageError::Missing);
        }
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(ImageError::TooLarge);
        }
        let _turn = DECODES
            .acquire()
            .await
            .expect("the decode semaphore is never closed");
        tokio::task::spawn_blocking(move || {
            let content_type = decode(&bytes)?;
            Ok(Self {
                content_type,
                bytes,
            })
        })
        .await
        .unwrap_or_else(|panic| {
            tracing::error!(%panic, "image decoder panicked");
            Err(ImageError::Unreadable)
        })
    }
}

/// The picture's content type, once all of it decodes within the bounds.
fn decode(bytes: &[u8]) -> Result<&'static str, ImageError> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ImageError::Unreadable)?;
    let format = reader
        .format()
        .filter(|format| ACCEPTED.contains(format))
        .ok_or(ImageError::UnsupportedType)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    match reader.decode() {
        Ok(_) => Ok(format.to_mime_type()),
        Err(image::ImageError::Limits(_)) => Err(ImageError::TooManyPixels),
        Err(_) => Err(ImageError::Unreadable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `width`×`height` picture in `format`, as an encoder writes it.
    fn encoded(format: ImageFormat, width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([200, 40, 90]));
        let mut bytes = Cursor::new(Vec::new());
        picture.write_to(&mut bytes, format).unwrap();
        bytes.into_inner()
    }

    /// A PNG signature and header chunk claiming `width`×`height`, and nothing after it.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut chunk = b"IHDR".to_vec();
        chunk.extend(width.to_be_bytes());
        chunk.extend(height.to_be_bytes());
        chunk.extend([8, 6, 0, 0, 0]);
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        bytes.extend(13u32.to_be_bytes());
        bytes.extend(&chunk);
        bytes.extend(crc32fast::hash(&chunk).to_be_bytes());
        bytes
    }

    #[tokio::test]
    async fn each_accepted_format_is_decoded_and_typed_from_its_bytes() {
        for (format, content_type) in [
            (ImageFormat::Png, "image/png"),
            (ImageFormat::Jpeg, "image/jpeg"),
            (ImageFormat::Gif, "image/gif"),
            (ImageFormat::WebP, "image/webp"),
        ] {
            let bytes = encoded(format, 3, 2);
            let image = ProfileImage::parse(bytes.clone()).await.unwrap();
            assert_eq!(image.content_type, content_type);
            assert_eq!(image.bytes, bytes, "stored as uploaded");
        }
    }

    #[tokio::test]
    async fn magic_bytes_alone_are_not_a_picture() {
        assert!(matches!(
            ProfileImage::parse(b"GIF87".to_vec()).await,
            Err(ImageError::UnsupportedType)
        ));
        for stub in [
            &b"GIF87a"[..],
            b"GIF89a\x01\x00",
            b"\xff\xd8\xff\xe0",
            b"RIFF\0\0\0\0WEBPVP8 ",
        ] {
            assert!(
                matches!(
                    ProfileImage::parse(stub.to_vec()).await,
                    Err(ImageError::Unreadable)
                ),
                "{stub:?}"
            );
        }
    }

    #[tokio::test]
    async fn a_truncated_picture_is_refused() {
        let bytes = encoded(ImageFormat::Png, 64, 64);
        let truncated = bytes[..bytes.len() - 20].to_vec();
        assert!(matches!(
            ProfileImage::parse(truncated).await,
            Err(ImageError::Unreadable)
        ));
        assert!(matches!(
            ProfileImage::parse(png_header(1, 1)).await,
            Err(ImageError::Unreadable)
        ));
    }

    #[tokio::test]
    async fn claimed_dimensions_beyond_the_bound_are_refused_before_decoding() {
        for (width, height) in [
            (100_000, 100_000),
            (MAX_IMAGE_SIDE + 1, 1),
            (1, MAX_IMAGE_SIDE + 1),
        ] {
            assert!(
                matches!(
                    ProfileImage::parse(png_header(width, height)).await,
                    Err(ImageError::TooManyPixels)
                ),
                "{width}×{height}"
            );
        }
    }

    #[tokio::test]
    async fn svg_and_other_files_are_refused() {
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        assert!(matches!(
            ProfileImage::parse(svg.to_vec()).await,
            Err(ImageError::UnsupportedType)
        ));
        assert!(matches!(
            ProfileImage::parse(b"%PDF-1.7".to_vec()).await,
            Err(ImageError::UnsupportedType)
        ));
        let bmp = b"BM6\0\0\0\0\0\0\x006\0\0\0(\0\0\0";
        assert!(matches!(
            ProfileImage::parse(bmp.to_vec()).await,
            Err(ImageError::UnsupportedType)
        ));
    }

    #[tokio::test]
    async fn empty_and_oversized_uploads_are_refused() {
        assert!(matches!(
            ProfileImage::parse(Vec::new()).await,
            Err(ImageError::Missing)
        ));
        let mut huge = encoded(ImageFormat::Png, 1, 1);
        huge.resize(MAX_IMAGE_BYTES + 1, 0);
        assert!(matches!(
            ProfileImage::parse(huge).await,
            Err(ImageError::TooLarge)
        ));
    }
}
