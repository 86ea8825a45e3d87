//! The font used for all text: DejaVu Sans, embedded in the binary (from the `dejavu` crate) and
//! registered with plotters' ab_glyph text renderer, so PNG text needs no system font.

use std::sync::OnceLock;

use plotters::style::{register_font, FontStyle};

use crate::error::{Error, Result};

/// Family name under which the font is registered, and which SVG `<text>` elements name.
pub const FAMILY: &str = "sans-serif";

/// Registers the embedded font once per process.
pub fn ensure_registered() -> Result<()> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular())
                .map_err(|_| "the embedded DejaVu Sans font could not be loaded".to_string())
        })
        .clone()
        .map_err(Error::Plot)
}
