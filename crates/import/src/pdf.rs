//! PDF: extract the text layer, then read it as plain text.

use std::cell::Cell;
use std::sync::Once;

use crate::error::{ImportError, one_line};

thread_local! {
    /// Set while the extractor runs, so the panic hook knows a panic here is handled.
    static EXTRACTING: Cell<bool> = const { Cell::new(false) };
}

/// Keeps the extractor's handled panics off stderr: the importer turns them into one
/// error line, and the default hook would print a backtrace notice as well. Every other
/// panic goes to the hook that was installed before. Programs call this once at start.
pub fn silence_handled_extractor_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !EXTRACTING.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// The text layer of a PDF. The extractor is third-party code that can panic on damaged
/// files, so it runs behind `catch_unwind`: the importer must never take the process down.
pub(crate) fn extract_text(bytes: &[u8]) -> Result<String, ImportError> {
    if !bytes.starts_with(b"%PDF") {
        return Err(ImportError::PdfUnreadable(
            "it does not start with %PDF, so it is not a PDF file".into(),
        ));
    }
    EXTRACTING.with(|flag| flag.set(true));
    let outcome = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    EXTRACTING.with(|flag| flag.set(false));
    match outcome {
        Ok(Ok(text)) if text.trim().is_empty() => Err(ImportError::PdfNoText),
        Ok(Ok(text)) => Ok(text),
        Ok(Err(error)) => Err(ImportError::PdfUnreadable(one_line(error))),
        Err(_) => Err(ImportError::PdfUnreadable(
            "the PDF reader failed on its internal structure (damaged or unusual file)".into(),
        )),
    }
}
