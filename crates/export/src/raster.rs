//! Charts as PNG pictures, for the Word document (Word shows SVG only beside a PNG
//! copy). The text is set in the same embedded open font as the PDF.

use std::sync::{Arc, LazyLock};

use resvg::{tiny_skia, usvg};

/// The family charts are set in, embedded in the binary (from typst-assets).
pub const FONT_FAMILY: &str = "Libertinus Serif";

static OPTIONS: LazyLock<usvg::Options<'static>> = LazyLock::new(|| {
    let mut database = usvg::fontdb::Database::new();
    for font in typst_assets::fonts() {
        database.load_font_data(font.to_vec());
    }
    database.set_serif_family(FONT_FAMILY);
    database.set_sans_serif_family(FONT_FAMILY);
    usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: Arc::new(database),
        ..usvg::Options::default()
    }
});

/// The chart drawn at `scale` times its own size, as PNG bytes.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, &OPTIONS).map_err(|e| e.to_string())?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or("the chart has no size")?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("the chart is too large")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// The chart's width and height in its own units.
pub fn size(svg: &str) -> Option<(f32, f32)> {
    let tree = usvg::Tree::from_str(svg, &OPTIONS).ok()?;
    Some((tree.size().width(), tree.size().height()))
}
