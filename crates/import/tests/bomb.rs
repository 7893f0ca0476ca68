//! Bombs: a small .docx whose word/document.xml inflates to 60 MB of spaces, and a small
//! PDF whose page inflates to 100 MB. They must be refused while they inflate, without
//! the memory for what they unpack to.
//!
//! Its own test binary, so that the counting allocator below sees only this test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::DeflateEncoder;
use riktning_import::{ImportError, parse_document};

/// Counts the bytes allocated now and the most at any time.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = CURRENT.fetch_add(by, Ordering::SeqCst) + by;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters move.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout contract is passed on.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the pointer came from `alloc` above with this layout.
        unsafe { System.dealloc(pointer, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc` and `dealloc`.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
            grew(new_size);
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1024 * 1024;

/// Raw deflate data of `text` alone: no back-reference reaches before it, and it ends on
/// a block boundary (a sync flush) with no final block unless `last`. Such pieces can be
/// concatenated, and repeated, into one valid stream.
fn piece(text: &str, last: bool) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(text.as_bytes()).expect("deflate");
    if last {
        encoder.finish().expect("finish")
    } else {
        encoder.flush().expect("sync flush");
        encoder.get_ref().clone()
    }
}

/// word/document.xml as `prefix`, `repeat` times `middle`, `suffix`, deflated without
/// compressing all of it; and its inflated size.
fn bomb(prefix: &str, middle: &str, repeat: usize, suffix: &str) -> Vec<u8> {
    let middle_piece = piece(middle, false);
    let mut data = piece(prefix, false);
    for _ in 0..repeat {
        data.extend_from_slice(&middle_piece);
    }
    data.extend_from_slice(&piece(suffix, true));
    let inflated = prefix.len() + repeat * middle.len() + suffix.len();
    zip_with("word/document.xml", &data, inflated)
}

/// A zip archive with one deflated entry, written by hand because the data is already
/// compressed. The CRC is left at zero: the reader must give up long before the end.
fn zip_with(name: &str, data: &[u8], inflated: usize) -> Vec<u8> {
    let size = |n: usize| u32::try_from(n).expect("fits a zip32 size");
    let mut local = Vec::new();
    local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    for field in [20u16, 0, 8, 0, 0] {
        local.extend_from_slice(&field.to_le_bytes()); // version, flags, deflate, time, date
    }
    for field in [0, size(data.len()), size(inflated)] {
        local.extend_from_slice(&field.to_le_bytes()); // crc, sizes
    }
    local.extend_from_slice(&u16::try_from(name.len()).expect("short").to_le_bytes());
    local.extend_from_slice(&0u16.to_le_bytes());
    local.extend_from_slice(name.as_bytes());
    local.extend_from_slice(data);
    let directory_at = local.len();
    let mut central = Vec::new();
    central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    for field in [20u16, 20, 0, 8, 0, 0] {
        central.extend_from_slice(&field.to_le_bytes());
    }
    for field in [0, size(data.len()), size(inflated)] {
        central.extend_from_slice(&field.to_le_bytes());
    }
    let name_len = u16::try_from(name.len()).expect("short");
    for field in [name_len, 0, 0, 0, 0] {
        central.extend_from_slice(&field.to_le_bytes()); // name, extra, comment, disk, attrs
    }
    central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
    central.extend_from_slice(&0u32.to_le_bytes()); // the local header's offset
    central.extend_from_slice(name.as_bytes());
    let mut end = Vec::new();
    end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for field in [0u16, 0, 1, 1] {
        end.extend_from_slice(&field.to_le_bytes());
    }
    end.extend_from_slice(&size(central.len()).to_le_bytes());
    end.extend_from_slice(&size(directory_at).to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes());
    [local, central, end].concat()
}

const PREFIX: &str = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="Rubrik2"/></w:pPr><w:r><w:t>1.1 Exempelby växer</w:t></w:r></w:p>"#;
const SUFFIX: &str = "</w:body></w:document>";

/// A PDF with one page whose content stream inflates to `mib` MiB of spaces.
fn pdf_bomb(mib: usize) -> Vec<u8> {
    // zlib: a header, deflate data, and a checksum the reader never gets to.
    let mut stream = vec![0x78, 0x9c];
    stream.extend_from_slice(&piece("BT /F1 11 Tf (Mål 1. Trygg kommun) Tj ET\n", false));
    let spaces = piece(&" ".repeat(MIB), false);
    for _ in 0..mib {
        stream.extend_from_slice(&spaces);
    }
    stream.extend_from_slice(&piece("\n", true));
    stream.extend_from_slice(&[0, 0, 0, 0]);
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n"
        .to_vec();
    pdf.extend_from_slice(
        format!(
            "4 0 obj << /Length {} /Filter /FlateDecode >>\nstream\n",
            stream.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&stream);
    pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    pdf
}

/// Parses `bomb` and returns the error, how long it took and the most memory it held.
fn refuse(name: &str, bomb: &[u8]) -> (ImportError, Duration, usize) {
    let before = CURRENT.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let started = Instant::now();
    let refused = parse_document(name, bomb);
    let took = started.elapsed();
    let peak = PEAK.load(Ordering::SeqCst).saturating_sub(before);
    match refused {
        Err(error) => (error, took, peak),
        Ok(_) => panic!("the bomb was read as a document"),
    }
}

// One test, so that nothing else allocates while the peak is measured.
#[test]
fn bombs_are_refused_while_they_inflate() {
    // 60 MB of spaces inside paragraphs of 10 000 spaces each.
    let paragraph = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", " ".repeat(10_000));
    let paragraphs = 60 * MIB / paragraph.len() + 1;
    let many = bomb(PREFIX, &paragraph.repeat(100), paragraphs / 100 + 1, SUFFIX);
    assert!(many.len() < 200 * 1024, "the bomb is small: {}", many.len());
    let (error, took, peak) = refuse("bomb.docx", &many);
    assert!(
        matches!(error, ImportError::DocxTooLarge { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("word/document.xml"), "{message}");
    assert!(message.contains("more than 32 MB"), "{message}");
    assert!(peak < 4 * MIB, "it held {} MiB at most", peak / MIB);
    assert!(took < Duration::from_secs(20), "took {took:?}");

    // 60 MB of spaces in one paragraph: refused at the first megabyte.
    let one = bomb(
        &format!("{PREFIX}<w:p><w:r><w:t>"),
        &" ".repeat(MIB),
        60,
        &format!("</w:t></w:r></w:p>{SUFFIX}"),
    );
    let (error, took, peak) = refuse("bomb.docx", &one);
    assert!(
        matches!(error, ImportError::DocxTextTooLong { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("longer than 1 MB"), "{error}");
    assert!(peak < 4 * MIB, "it held {} MiB at most", peak / MIB);
    assert!(took < Duration::from_secs(5), "took {took:?}");

    // A PDF whose page unpacks to 100 MB: refused before the extractor holds any of it.
    let pdf = pdf_bomb(100);
    assert!(pdf.len() < 200 * 1024, "the bomb is small: {}", pdf.len());
    let (error, took, peak) = refuse("bomb.pdf", &pdf);
    assert_eq!(error, ImportError::PdfTooLarge { limit_mb: 64 }, "{error}");
    assert!(error.to_string().contains("more than 64 MB"), "{error}");
    assert!(peak < 4 * MIB, "it held {} MiB at most", peak / MIB);
    assert!(took < Duration::from_secs(20), "took {took:?}");
}
