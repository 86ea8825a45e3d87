//! Image formats and how the output's name chooses one.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};

/// Output image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    Png,
    Svg,
}

impl ImageFormat {
    pub const ALL: [ImageFormat; 2] = [ImageFormat::Png, ImageFormat::Svg];

    /// The file extension, without dot.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Svg => "svg",
        }
    }

    fn accepted() -> String {
        ImageFormat::ALL
            .iter()
            .map(|f| format!(".{}", f.extension()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for ImageFormat {
    type Err = Error;

    /// `png` or `svg`, case-insensitive, with or without a leading dot.
    fn from_str(s: &str) -> Result<Self> {
        let t = s.strip_prefix('.').unwrap_or(s);
        ImageFormat::ALL
            .into_iter()
            .find(|f| f.extension().eq_ignore_ascii_case(t))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "unknown image format {s:?} (accepted: {})",
                    ImageFormat::ALL.map(|f| f.extension()).join(", ")
                ))
            })
    }
}

/// The format to write `path` in: `forced` when given, otherwise from the extension of `path`
/// (`.png` or `.svg`, case-insensitive).
///
/// `-` (standard output) and an existing device or FIFO (`/dev/null`) without a known
/// extension are PNG; a directory is an error ("is a directory").
pub fn format_from_path(path: &Path, forced: Option<ImageFormat>) -> Result<ImageFormat> {
    if path.is_dir() {
        return Err(Error::Output {
            path: path.to_path_buf(),
            msg: "is a directory".into(),
        });
    }
    if let Some(f) = forced {
        return Ok(f);
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let known = ImageFormat::ALL
        .into_iter()
        .find(|f| f.extension().eq_ignore_ascii_case(ext));
    let special = || {
        std::fs::metadata(path)
            .map(|m| !m.is_file() && !m.is_dir())
            .unwrap_or(false)
    };
    if known.is_none() && (path == Path::new("-") || special()) {
        return Ok(ImageFormat::Png);
    }
    ImageFormat::ALL
        .into_iter()
        .find(|f| f.extension().eq_ignore_ascii_case(ext))
        .ok_or_else(|| Error::Output {
            path: path.to_path_buf(),
            msg: if ext.is_empty() {
                format!(
                    "cannot tell the image format without an extension (accepted: {})",
                    ImageFormat::accepted()
                )
            } else {
                format!(
                    "unsupported image extension .{ext} (accepted: {})",
                    ImageFormat::accepted()
                )
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        let f = |p: &str| format_from_path(Path::new(p), None);
        assert_eq!(f("a.png").unwrap(), ImageFormat::Png);
        assert_eq!(f("dir/a.PNG").unwrap(), ImageFormat::Png);
        assert_eq!(f("a.Svg").unwrap(), ImageFormat::Svg);
        let err = f("plot.jpg").unwrap_err().to_string();
        assert!(
            err.contains("plot.jpg") && err.contains(".png, .svg"),
            "{err}"
        );
        let err = f("plot").unwrap_err().to_string();
        assert!(err.contains("plot:") && err.contains(".png, .svg"), "{err}");
        assert_eq!(
            format_from_path(Path::new("plot"), Some(ImageFormat::Svg)).unwrap(),
            ImageFormat::Svg
        );
        // standard output and devices: PNG unless forced
        assert_eq!(f("-").unwrap(), ImageFormat::Png);
        assert_eq!(f("/dev/null").unwrap(), ImageFormat::Png);
        assert_eq!(
            format_from_path(Path::new("-"), Some(ImageFormat::Svg)).unwrap(),
            ImageFormat::Svg
        );
        let err = f("/tmp").unwrap_err().to_string();
        assert!(err.contains("/tmp: is a directory"), "{err}");
    }

    #[test]
    fn format_from_str() {
        assert_eq!("PNG".parse::<ImageFormat>().unwrap(), ImageFormat::Png);
        assert_eq!(".svg".parse::<ImageFormat>().unwrap(), ImageFormat::Svg);
        assert!("pdf".parse::<ImageFormat>().is_err());
    }
}
