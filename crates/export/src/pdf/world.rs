//! Riktning's own typst `World`: one template in memory, the content as `sys.inputs`,
//! and the fonts embedded in the binary. It reads no file and no clock, so a PDF
//! depends on the report alone.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Dict, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

struct ReportWorld {
    library: LazyHash<Library>,
    main: Source,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_without_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        Err(FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    // No date: the template does not ask for one, so the same report always gives the
    // same document.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn describe(world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let place = d
                .span
                .id()
                .and_then(|id| {
                    let source = world.source(id).ok()?;
                    let range = world.range(d.span)?;
                    let (line, column) = source.lines().byte_to_line_column(range.start)?;
                    Some(format!("template line {}:{}: ", line + 1, column + 1))
                })
                .unwrap_or_default();
            let hints: String = d.hints.iter().map(|h| format!(" ({})", h.v)).collect();
            format!("{place}{}{hints}", d.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The template compiled with `inputs` as `sys.inputs`, as PDF/UA-1.
pub fn compile(template: &str, inputs: serde_json::Value) -> Result<Vec<u8>, String> {
    let inputs: Dict = serde_json::from_value(inputs).map_err(|e| e.to_string())?;
    let path = VirtualPath::new("goal-section.typ").map_err(|e| format!("{e:?}"))?;
    let world = ReportWorld {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        main: Source::new(
            RootedPath::new(VirtualRoot::Project, path).intern(),
            template.to_string(),
        ),
    };
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    let result = output
        .map_err(|errors| describe(&world, &errors))
        .and_then(|document| {
            let standards =
                PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| e.message().to_string())?;
            let options = PdfOptions {
                standards,
                ..PdfOptions::default()
            };
            typst_pdf::pdf(&document, &options).map_err(|errors| describe(&world, &errors))
        });
    // typst memoises across compilations in a process-wide cache; keep only what the
    // last few reports used, so a long-running server does not grow with every report.
    typst::comemo::evict(10);
    result
}
