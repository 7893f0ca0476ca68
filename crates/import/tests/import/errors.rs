//! Bad input gets a clear, one-line error.

use riktning_import::{ImportError, parse_document};

use crate::fixtures;

fn error(name: &str, bytes: &[u8]) -> ImportError {
    let error = parse_document(name, bytes).expect_err("the import must fail");
    let message = error.to_string();
    assert!(!message.contains('\n'), "{message}");
    assert!(!message.is_empty());
    error
}

#[test]
fn empty_and_blank_files() {
    assert_eq!(error("a.txt", b""), ImportError::Empty);
    assert_eq!(ImportError::Empty.to_string(), "the file is empty");
    assert_eq!(
        error("a.txt", b"  \n\t\r\n \n"),
        ImportError::OnlyWhitespace
    );
    assert_eq!(
        error("a.md", "\u{feff}\n\n".as_bytes()),
        ImportError::OnlyWhitespace
    );
}

#[test]
fn binary_files_name_the_line_and_offset() {
    let bytes = b"Mal 1. Hej\nandra raden\n\x00\x01\x02";
    let found = error("a.txt", bytes);
    assert_eq!(
        found,
        ImportError::Binary {
            line: 3,
            offset: 23
        }
    );
    assert_eq!(
        found.to_string(),
        "line 3: the file is binary, not text (NUL byte at offset 23)"
    );
    let latin1 = error("a.txt", b"Rad ett\nM\xe5l 1. Trygg kommun\n");
    assert!(latin1.to_string().starts_with("line 2: "), "{latin1}");
    assert!(latin1.to_string().contains("offset 9"), "{latin1}");
}

#[test]
fn docx_errors() {
    let not_zip = error("plan.docx", b"this is plain text, not a zip file");
    assert!(matches!(not_zip, ImportError::DocxNotZip(_)));
    assert!(
        not_zip
            .to_string()
            .starts_with("the .docx file is not a zip archive: "),
        "{not_zip}"
    );
    let missing = error("plan.docx", &fixtures::zip(&[("content.xml", "<x/>")]));
    assert_eq!(missing, ImportError::DocxMissingDocument);
    let broken = fixtures::zip(&[(
        "word/document.xml",
        "<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>Hej</w:r></w:p></w:body></w:document>",
    )]);
    let bad_xml = error("plan.docx", &broken);
    assert!(
        matches!(bad_xml, ImportError::DocxBadXml { .. }),
        "{bad_xml}"
    );
    assert!(
        bad_xml.to_string().contains("word/document.xml"),
        "{bad_xml}"
    );
}

#[test]
fn pdf_errors() {
    assert_eq!(
        error("scan.pdf", &fixtures::pdf_without_text()),
        ImportError::PdfNoText
    );
    assert_eq!(
        ImportError::PdfNoText.to_string(),
        "the PDF has no text layer (a scanned document?); run OCR first"
    );
    assert!(matches!(
        error("broken.pdf", b"%PDF-1.7\nthis is not really a pdf"),
        ImportError::PdfUnreadable(_)
    ));
    assert!(matches!(
        error("renamed.pdf", b"just text"),
        ImportError::PdfUnreadable(_)
    ));
}

#[test]
fn text_without_goals() {
    let text = "Protokoll från sammanträdet.\n\nKommunen ska bygga en ny förskola.\n\n75 000 invånare år 2040 är målet.\n";
    assert_eq!(error("notes.txt", text.as_bytes()), ImportError::NoGoals);
    assert!(ImportError::NoGoals.to_string().contains("'Mål 1. …'"));
    // A Word file with text but no goal headings.
    let plain = fixtures::docx(&[fixtures::Para::Plain(&["Bara en vanlig text."])]);
    assert_eq!(error("a.docx", &plain), ImportError::NoGoals);
}

#[test]
fn large_and_repetitive_documents_stay_fast() {
    let mut text = String::from("I budget 2030 finns många mål.\n\n");
    for i in 0..4000 {
        let code = format!("{}.{}", i % 40 + 1, i % 7 + 1);
        text.push_str(&format!(
            "{code} Exempelby växer år {}\n\nKommunen ska vara klimatneutral 2030, 2031 och 2032. Minst 5 % år 2040.\n\n• Punkt (Kort)\n\n",
            2000 + i % 99
        ));
    }
    let started = std::time::Instant::now();
    let draft = parse_document("big.txt", text.as_bytes()).expect("imports");
    assert!(draft.goals.len() <= 280);
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_damaged_docx_entry_is_named_as_unreadable() {
    let good = fixtures::docx(&[fixtures::Para::Plain(&["Mål 1. Trygg kommun "
        .repeat(200)
        .as_str()])]);
    // Damage the deflated bytes of word/document.xml, the second entry.
    let name = b"word/document.xml";
    let at = good
        .windows(name.len())
        .position(|w| w == name)
        .expect("the entry's header")
        + name.len();
    let mut damaged = good.clone();
    for byte in damaged.iter_mut().skip(at + 10).take(40) {
        *byte ^= 0x5a;
    }
    let refused = error("plan.docx", &damaged);
    assert!(
        matches!(refused, ImportError::DocxUnreadable(_)),
        "{refused:?}"
    );
    assert!(
        refused.to_string().contains("word/document.xml"),
        "{refused}"
    );
}
