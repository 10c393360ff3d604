//! Profile pictures. The type is read from the bytes, never from what the upload claims,
//! and only raster formats are accepted: an SVG can carry script, and anything else is not
//! something a browser should be asked to show as a picture.

pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

const ACCEPTED_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/webp", "image/gif"];

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("Choose an image file to upload.")]
    Missing,
    #[error("The image is larger than 2 MB. Choose a smaller one.")]
    TooLarge,
    #[error("Use a PNG, JPEG, WebP or GIF image.")]
    UnsupportedType,
}

#[derive(Debug)]
pub struct ProfileImage {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl ProfileImage {
    pub fn parse(bytes: Vec<u8>) -> Result<Self, ImageError> {
        if bytes.is_empty() {
            return Err(ImageError::Missing);
        }
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(ImageError::TooLarge);
        }
        let content_type = infer::get(&bytes)
            .map(|kind| kind.mime_type())
            .and_then(|mime| {
                ACCEPTED_TYPES
                    .into_iter()
                    .find(|accepted| *accepted == mime)
            })
            .ok_or(ImageError::UnsupportedType)?;
        Ok(Self {
            content_type,
            bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_HEADER: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn the_type_comes_from_the_bytes() {
        let image = ProfileImage::parse(PNG_HEADER.to_vec()).unwrap();
        assert_eq!(image.content_type, "image/png");
    }

    #[test]
    fn svg_and_other_files_are_refused() {
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        assert!(matches!(
            ProfileImage::parse(svg.to_vec()),
            Err(ImageError::UnsupportedType)
        ));
        assert!(matches!(
            ProfileImage::parse(b"%PDF-1.7".to_vec()),
            Err(ImageError::UnsupportedType)
        ));
    }

    #[test]
    fn empty_and_oversized_uploads_are_refused() {
        assert!(matches!(
            ProfileImage::parse(Vec::new()),
            Err(ImageError::Missing)
        ));
        let mut huge = PNG_HEADER.to_vec();
        huge.resize(MAX_IMAGE_BYTES + 1, 0);
        assert!(matches!(
            ProfileImage::parse(huge),
            Err(ImageError::TooLarge)
        ));
    }
}
