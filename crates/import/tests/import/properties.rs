//! The importer never panics, whatever it is given.

use proptest::prelude::*;
use riktning_import::parse_document;

use crate::{check_invariants, fixtures};

const NAMES: [&str; 5] = ["a.txt", "a.md", "a.docx", "a.pdf", "a"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600), name in 0..NAMES.len()) {
        let _ = parse_document(NAMES[name], &bytes);
    }

    #[test]
    fn arbitrary_pdf_and_zip_bodies(body in proptest::collection::vec(any::<u8>(), 0..400), zip in any::<bool>()) {
        let mut bytes = if zip { b"PK\x03\x04".to_vec() } else { b"%PDF-1.4\n".to_vec() };
        bytes.extend(body);
        let _ = parse_document("a", &bytes);
    }

    #[test]
    fn arbitrary_text(text in "\\PC*", name in 0..2usize) {
        if let Ok(draft) = parse_document(NAMES[name], text.as_bytes()) {
            check_invariants(&draft);
        }
    }

    #[test]
    fn goal_like_text(text in "((Mål [0-9]{1,2}[.:] |[0-9]\\.[0-9] |- |• )?[A-ZÅÄÖa-zåäö0-9 ,.:()–-]{0,40}\n{0,3}){0,12}") {
        if let Ok(draft) = parse_document("a.txt", text.as_bytes()) {
            check_invariants(&draft);
        }
    }

    #[test]
    fn slices_of_the_seed(start in 0usize..60_000, length in 0usize..20_000) {
        let seed = String::from_utf8(fixtures::seed()).unwrap_or_default();
        let chars: Vec<char> = seed.chars().collect();
        let start = start.min(chars.len());
        let end = (start + length).min(chars.len());
        let slice: String = chars[start..end].iter().collect();
        if let Ok(draft) = parse_document("slice.txt", slice.as_bytes()) {
            check_invariants(&draft);
        }
    }

    #[test]
    fn damaged_pdf(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = fixtures::pdf(&["1.1 Exempelby växer", "", "Kommunen ska växa."]);
        for (index, byte) in flips {
            let at = index.index(bytes.len());
            bytes[at] = byte;
        }
        let _ = parse_document("a.pdf", &bytes);
    }

    #[test]
    fn damaged_docx(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let mut bytes = fixtures::docx(&[fixtures::Para::Styled("Rubrik2", &["Exempelby växer"])]);
        for (index, byte) in flips {
            let at = index.index(bytes.len());
            bytes[at] = byte;
        }
        let _ = parse_document("a.docx", &bytes);
    }

    #[test]
    fn arbitrary_document_xml(body in "[<>/a-z: =\"&;#0-9åäö]{0,200}") {
        let xml = format!("<w:document xmlns:w=\"x\"><w:body>{body}</w:body></w:document>");
        let bytes = fixtures::zip(&[("word/document.xml", xml.as_str())]);
        let _ = parse_document("a.docx", &bytes);
    }
}
