//! Why a document could not be read, in the visitor's language. The importer explains
//! itself in English for the command line; the upload form says it in words that tell
//! a controller what to do with the file.

use riktning_domain::DraftWarning;
use riktning_import::ImportError;

use crate::i18n::{Lang, lookup};

/// What the importer asks a person to check, in `lang`: the catalogue's sentence for
/// the warning's key with its values filled in, or the importer's own English one.
pub fn warning(lang: Lang, warning: &DraftWarning) -> String {
    // A warning read back from JSON has no key of the catalogue: its sentence stands.
    let Some(template) = lookup(lang, &format!("import-warning-{}", warning.key)) else {
        return warning.to_string();
    };
    warning
        .args
        .iter()
        .fold(template.to_string(), |said, (name, value)| {
            said.replace(&format!("{{{name}}}"), value)
        })
}

pub fn unreadable(lang: Lang, error: &ImportError) -> String {
    match lang {
        Lang::Sv => swedish(error),
        Lang::En => {
            let said = error.to_string();
            let mut chars = said.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
                + "."
        }
    }
}

fn swedish(error: &ImportError) -> String {
    const RESAVE: &str = "Spara dokumentet igen från Word, eller ladda upp det som PDF.";
    match error {
        ImportError::Empty => "Filen är tom. Välj budgetdokumentet igen.".to_string(),
        ImportError::OnlyWhitespace => {
            "Filen innehåller bara mellanslag och radbrytningar, ingen text.".to_string()
        }
        ImportError::Binary { .. } => "Filen är inte text utan binära data. Ladda upp \
            dokumentet som Word (.docx), PDF eller text (.txt, .md)."
            .to_string(),
        ImportError::NotUtf8 { line, .. } => format!(
            "Filen är inte sparad som UTF-8-text (ett tecken på rad {line} går inte att \
             läsa). Spara den som UTF-8, eller ladda upp Word- eller PDF-filen."
        ),
        ImportError::DocxNotZip(_) => "Filen heter .docx men är inget Word-dokument. Öppna \
            den i Word och spara den som Word-dokument (.docx)."
            .to_string(),
        ImportError::DocxMissingDocument => {
            format!("Filen saknar den del med text som ett Word-dokument har. {RESAVE}")
        }
        ImportError::DocxBadXml { .. } | ImportError::DocxUnreadable(_) => {
            format!("Word-dokumentet är skadat och går inte att läsa. {RESAVE}")
        }
        ImportError::DocxTooLarge { limit_mb, .. } => format!(
            "Word-dokumentet packas upp till mer än {limit_mb} MB, långt mer än ett \
             budgetdokument, så det lästes inte. Spara det igen från Word utan inbäddade filer."
        ),
        ImportError::DocxTextTooLong { limit_mb, .. } => format!(
            "Word-dokumentet har en text längre än {limit_mb} MB utan brytning, vilket Word \
             inte skriver, så det lästes inte. {RESAVE}"
        ),
        ImportError::DocxTooManyEntries { entries, limit } => format!(
            "Word-dokumentet består av {entries} delar, fler än de {limit} ett Word-dokument \
             har, så det lästes inte. {RESAVE}"
        ),
        ImportError::PdfUnreadable(_) => "PDF-filen går inte att läsa. Spara den som PDF \
            igen, eller ladda upp Word-dokumentet."
            .to_string(),
        ImportError::PdfTooLarge { limit_mb } => format!(
            "PDF-filen packas upp till mer än {limit_mb} MB, långt mer än ett \
             budgetdokument, så den lästes inte. Ladda upp Word-dokumentet i stället."
        ),
        ImportError::PdfNoText => "PDF-filen har ingen text, bara bilder (den är troligen \
            inskannad). Kör textigenkänning (OCR) först, eller ladda upp Word-dokumentet."
            .to_string(),
        ImportError::NoGoals => "Inga mål hittades i dokumentet. Importen känner igen \
            numrerade rubriker som ”1.1 …”, ”Mål 1. …” eller ”Mål 3: …”. Kontrollera att \
            dokumentet är budgeten med målen."
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_a_document_is_explained_in_swedish() {
        let binary =
            riktning_import::parse_document("budget.txt", b"Budget\0\0\0").expect_err("binary");
        let said = unreadable(Lang::Sv, &binary);
        assert!(said.contains("binära data"), "{said}");
        assert!(!said.contains("NUL"), "{said}");
        let not_zip =
            riktning_import::parse_document("budget.docx", b"inte ett arkiv").expect_err("not zip");
        let said = unreadable(Lang::Sv, &not_zip);
        assert!(said.contains("inget Word-dokument"), "{said}");
        assert!(!said.contains("EOCD"), "{said}");
        assert!(unreadable(Lang::En, &not_zip).starts_with("The .docx file"));
    }

    #[test]
    fn every_warning_the_importer_gives_has_a_swedish_sentence() {
        for key in riktning_import::WARNING_KEYS {
            let template = lookup(Lang::Sv, &format!("import-warning-{key}"));
            assert!(template.is_some(), "no Swedish sentence for {key}");
        }
        let warning = DraftWarning::new(
            "no-political-text",
            &[("line", "12".to_string()), ("code", "1.3".to_string())],
            "line 12: goal 1.3 has no political text",
        );
        assert_eq!(
            super::warning(Lang::Sv, &warning),
            "rad 12: mål 1.3 har ingen politisk text"
        );
        assert_eq!(
            super::warning(Lang::En, &warning),
            "line 12: goal 1.3 has no political text"
        );
    }

    #[test]
    fn warnings_from_real_documents_are_filled_in_whole() {
        let example = include_bytes!("../../../../../examples/ostersund-budget-2024.md");
        let awkward = "Mål och budget 2026\n\nBeslutad i kommunfullmäktige 2025-11-26, § 12\n\n\
            Mål 1. Fler i arbete\n\nFoto som visar en hamn\n\nMål 2. Trygg uppväxt\n";
        let mut warnings = Vec::new();
        for (name, bytes) in [
            ("ostersund-budget-2024.md", &example[..]),
            ("plan.txt", awkward.as_bytes()),
        ] {
            let draft = riktning_import::parse_document(name, bytes).expect("reads");
            warnings.extend(draft.warnings);
        }
        assert!(warnings.len() >= 4, "{warnings:?}");
        for warning in &warnings {
            for lang in [Lang::Sv, Lang::En] {
                let said = super::warning(lang, warning);
                assert!(!said.contains('{'), "{said}");
            }
            assert_eq!(super::warning(Lang::En, warning), warning.to_string());
            assert_ne!(super::warning(Lang::Sv, warning), warning.to_string());
        }
    }
}
