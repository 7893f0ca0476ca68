//! PDF: extract the text layer, then read it as plain text.

use std::cell::Cell;
use std::io::Read;
use std::sync::Once;

use flate2::read::{DeflateDecoder, ZlibDecoder};

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
    check_inflated_sizes(bytes)?;
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

/// The most one compressed stream may unpack to. A page's text is tens of kilobytes and
/// an embedded font a few megabytes; the extractor holds a stream whole while it reads it.
const MAX_STREAM: u64 = 64 * 1024 * 1024;
/// The most all compressed streams but images may unpack to together. A 300-page budget
/// is far below this; a small file that unpacks to gigabytes (a PDF bomb) is not.
const MAX_INFLATED: u64 = 256 * 1024 * 1024;
/// How far before a stream its dictionary is looked for.
const DICTIONARY_WINDOW: usize = 4096;

/// Refuses a PDF whose Flate or LZW streams unpack to more than [`MAX_STREAM`] each or
/// [`MAX_INFLATED`] together, counting what they inflate to without keeping it, before
/// the extractor (which inflates into memory, whatever the size) sees the file. The raw
/// bytes are scanned for `stream` … `endstream`, so object streams, which the PDF reader
/// unpacks while loading, are counted too. Images are skipped: the extractor does not
/// unpack them, and a budget's photographs may be large.
fn check_inflated_sizes(bytes: &[u8]) -> Result<(), ImportError> {
    check_within(bytes, MAX_STREAM, MAX_INFLATED)
}

/// [`check_inflated_sizes`] with the limits given.
fn check_within(bytes: &[u8], max_stream: u64, max_total: u64) -> Result<(), ImportError> {
    let mut total = 0u64;
    let mut from = 0;
    while let Some(found) = find(&bytes[from..], b"stream") {
        let keyword = from + found;
        from = keyword + b"stream".len();
        // "endstream" also contains "stream"; a real start is followed by a line break.
        let mut start = from;
        match bytes.get(start..start + 2) {
            Some([b'\r', b'\n']) => start += 2,
            Some([b'\n', _] | [b'\r', _]) => start += 1,
            _ => continue,
        }
        if keyword >= 3 && &bytes[keyword - 3..keyword] == b"end" {
            continue;
        }
        let data = &bytes[start..];
        let data = &data[..find(data, b"endstream").unwrap_or(data.len())];
        from = start + data.len();
        let dictionary = &bytes[keyword.saturating_sub(DICTIONARY_WINDOW)..keyword];
        let dictionary = match rfind(dictionary, b" obj") {
            Some(at) => &dictionary[at..],
            None => dictionary,
        };
        if mentions(dictionary, b"/Image") {
            continue;
        }
        let cap = max_stream.min(max_total - total);
        let size = if mentions(dictionary, b"/FlateDecode") {
            inflated_size(data, cap)
        } else if mentions(dictionary, b"/LZWDecode") {
            lzw_size(data, cap, !mentions(dictionary, b"/EarlyChange 0"))
        } else {
            continue;
        };
        if size > cap {
            let limit = if cap == max_stream {
                max_stream
            } else {
                max_total
            };
            return Err(ImportError::PdfTooLarge {
                limit_mb: limit / (1024 * 1024),
            });
        }
        total += size;
    }
    Ok(())
}

/// How many bytes `data` inflates to, counting at most `cap + 1`. Like the PDF reader,
/// a stream that is not valid zlib from its start is tried as raw deflate.
fn inflated_size(data: &[u8], cap: u64) -> u64 {
    let size = count(ZlibDecoder::new(data), cap);
    if size == 0 && data.len() > 2 {
        count(DeflateDecoder::new(&data[2..]), cap)
    } else {
        size
    }
}

/// How many bytes LZW `data` decodes to, counting at most `cap + 1`, decoded as the
/// PDF reader does (early change unless the dictionary turns it off).
fn lzw_size(data: &[u8], cap: u64, early_change: bool) -> u64 {
    use weezl::BitOrder;
    use weezl::decode::Decoder;
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut sink = CountingSink { written: 0, cap };
    // It stops with an error once the sink is full; the count is what matters.
    let _ = decoder.into_stream(&mut sink).decode_all(data).status;
    sink.written
}

/// Counts what is written and refuses more than `cap` bytes.
struct CountingSink {
    written: u64,
    cap: u64,
}

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written += buf.len() as u64;
        if self.written > self.cap {
            return Err(std::io::Error::other("over the limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The bytes `reader` gives until it ends, fails, or passes `cap`.
fn count(reader: impl Read, cap: u64) -> u64 {
    let mut reader = reader.take(cap + 1);
    let mut buffer = [0u8; 16 * 1024];
    let mut total = 0u64;
    while let Ok(n) = reader.read(&mut buffer) {
        if n == 0 {
            break;
        }
        total += n as u64;
    }
    total
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// A name in a dictionary, as `/Name` followed by a delimiter (not `/FlateDecodeX`).
fn mentions(dictionary: &[u8], name: &[u8]) -> bool {
    let mut from = 0;
    while let Some(at) = find(&dictionary[from..], name) {
        let end = from + at + name.len();
        match dictionary.get(end) {
            Some(c) if c.is_ascii_alphanumeric() => from = end,
            _ => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lzw_is_counted_as_it_decodes() {
        let text = " ".repeat(1024 * 1024);
        let mut encoder = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
        let packed = encoder.encode(text.as_bytes()).unwrap_or_default();
        assert!(packed.len() < text.len() / 20, "{}", packed.len());
        assert_eq!(lzw_size(&packed, 4 * 1024 * 1024, true), 1024 * 1024);
        assert!(lzw_size(&packed, 1000, true) > 1000);
        let mut pdf = b"%PDF-1.4\n4 0 obj << /Length 9 /Filter /LZWDecode >>\nstream\n".to_vec();
        for _ in 0..80 {
            pdf.extend_from_slice(&packed);
        }
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
        // 80 copies of a complete stream: the decoder stops after the first end code,
        // so this counts one MiB.
        assert!(check_inflated_sizes(&pdf).is_ok());
        // With limits of 3 MiB a stream and 4 MiB in all: one MiB passes four times.
        let mib = 1024 * 1024;
        let stream = |filter: &str, data: &[u8]| {
            let mut out = format!("1 0 obj << /Filter /{filter} >>\nstream\n").into_bytes();
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream\nendobj\n");
            out
        };
        let one = stream("LZWDecode", &packed);
        let four = [one.clone(), one.clone(), one.clone(), one.clone()].concat();
        assert!(check_within(&four, 3 * mib, 4 * mib).is_ok());
        let five = [four.clone(), one.clone()].concat();
        assert_eq!(
            check_within(&five, 3 * mib, 4 * mib),
            Err(ImportError::PdfTooLarge { limit_mb: 4 })
        );
        assert_eq!(
            check_within(&one, mib / 2, 4 * mib),
            Err(ImportError::PdfTooLarge { limit_mb: 0 })
        );
        // Images are not counted; what is not Flate or LZW is not either.
        let image = b"1 0 obj << /Subtype /Image /Filter /LZWDecode >>\nstream\n".to_vec();
        let image = [image, packed.clone(), b"\nendstream\nendobj\n".to_vec()].concat();
        assert!(check_within(&image, mib / 2, mib / 2).is_ok());
        assert!(check_within(&stream("DCTDecode", &packed), 1, 1).is_ok());
    }
}
