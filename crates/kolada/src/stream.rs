//! The streaming core shared by the catalogue reader, the data reader and the client.
//!
//! A Kolada dump can be gigabytes, so the `values` array of each page is never held as
//! a whole: a serde seed walks it and hands each item to a callback as soon as it is
//! read. The same code accepts one page object, a JSON array of pages, or page objects
//! written one after another, which is what naive "append each page" dumps look like.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use crate::error::{Error, Origin};
use crate::model::next_link;

/// What the reader learned about one page besides its items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageMeta {
    pub next: Option<String>,
    pub items: u64,
}

/// Why streaming stopped: bad input, or the caller's callback said so.
#[derive(Debug)]
pub(crate) enum StreamError<E> {
    Input(Error),
    Callback(E),
}

/// Marker message for the serde error used to unwind after a callback failed; the real
/// error is kept aside and returned instead, so this text is never shown.
const STOPPED: &str = "stopped by the caller";

struct Ctx<'a, T, E> {
    on_item: &'a mut dyn FnMut(T) -> Result<(), E>,
    on_page: &'a mut dyn FnMut(PageMeta) -> Result<(), E>,
    stopped: Option<E>,
}

impl<T, E> Ctx<'_, T, E> {
    fn stop<X: de::Error>(&mut self, err: E) -> X {
        self.stopped = Some(err);
        X::custom(STOPPED)
    }
}

/// Opens a file, transparently decompressing gzip (detected by its magic bytes, not its
/// name, so a misnamed file still reads).
pub(crate) fn open_maybe_gzip(path: &Path) -> Result<Box<dyn Read>, Error> {
    let origin = || Origin::File(path.to_path_buf());
    let file = File::open(path).map_err(|source| Error::Io {
        origin: origin(),
        source,
    })?;
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let is_gzip = reader
        .fill_buf()
        .map_err(|source| Error::Io {
            origin: origin(),
            source,
        })?
        .starts_with(&[0x1f, 0x8b]);
    if is_gzip {
        // MultiGzDecoder: `cat a.gz b.gz` is a valid gzip file and a plausible dump.
        let mut reader =
            BufReader::with_capacity(64 * 1024, flate2::bufread::MultiGzDecoder::new(reader));
        skip_bom(&mut reader).map_err(|source| Error::Io {
            origin: origin(),
            source,
        })?;
        Ok(Box::new(reader))
    } else {
        skip_bom(&mut reader).map_err(|source| Error::Io {
            origin: origin(),
            source,
        })?;
        Ok(Box::new(reader))
    }
}

/// The most an uploaded gzip file may unpack to: Kolada's whole catalogue is some
/// 7 MB of JSON, so this leaves ample room while a small "zip bomb" cannot fill memory.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Bytes already in memory (an upload), unpacked when they are gzip, without a byte
/// order mark, and cut off at [`MAX_UNPACKED_BYTES`] (the JSON parser then reports
/// the file as cut short).
pub(crate) fn bytes_maybe_gzip<'a>(bytes: &'a [u8]) -> std::io::Result<Box<dyn Read + 'a>> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let unpacked = flate2::bufread::MultiGzDecoder::new(bytes).take(MAX_UNPACKED_BYTES);
        let mut reader = BufReader::with_capacity(64 * 1024, unpacked);
        skip_bom(&mut reader)?;
        Ok(Box::new(reader))
    } else {
        let mut reader = bytes;
        skip_bom(&mut reader)?;
        Ok(Box::new(reader))
    }
}

/// Skips a UTF-8 byte order mark: files saved by Windows editors start with one, and
/// JSON parsers reject it.
fn skip_bom(reader: &mut impl BufRead) -> std::io::Result<()> {
    if reader.fill_buf()?.starts_with(&[0xef, 0xbb, 0xbf]) {
        reader.consume(3);
    }
    Ok(())
}

/// Reads every page in `reader`, calling `on_item` for each element of each page's
/// `values` and `on_page` after each page.
pub(crate) fn read_pages<T, E>(
    reader: impl Read,
    origin: &Origin,
    on_item: &mut dyn FnMut(T) -> Result<(), E>,
    on_page: &mut dyn FnMut(PageMeta) -> Result<(), E>,
) -> Result<(), StreamError<E>>
where
    T: DeserializeOwned,
{
    let mut ctx = Ctx {
        on_item,
        on_page,
        stopped: None,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    loop {
        let result = TopSeed::<T, E> {
            ctx: &mut ctx,
            item: PhantomData,
        }
        .deserialize(&mut de);
        if let Some(err) = ctx.stopped.take() {
            return Err(StreamError::Callback(err));
        }
        result.map_err(|err| StreamError::Input(Error::from_json(origin, err)))?;
        // `end` fails on anything but trailing whitespace; that "anything" is the next
        // concatenated page, which the loop then reads. Real I/O errors are passed on.
        match de.end() {
            Ok(()) => return Ok(()),
            Err(err) if err.is_io() => {
                return Err(StreamError::Input(Error::from_json(origin, err)));
            }
            Err(_) => continue,
        }
    }
}

struct TopSeed<'c, 'a, T, E> {
    ctx: &'c mut Ctx<'a, T, E>,
    item: PhantomData<T>,
}

impl<'de, T: DeserializeOwned, E> DeserializeSeed<'de> for TopSeed<'_, '_, T, E> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: DeserializeOwned, E> Visitor<'de> for TopSeed<'_, '_, T, E> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kolada page object or an array of page objects")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        visit_page(self.ctx, map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(PageSeed::<T, E> {
                ctx: &mut *self.ctx,
                item: PhantomData,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct PageSeed<'c, 'a, T, E> {
    ctx: &'c mut Ctx<'a, T, E>,
    item: PhantomData<T>,
}

impl<'de, T: DeserializeOwned, E> DeserializeSeed<'de> for PageSeed<'_, '_, T, E> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned, E> Visitor<'de> for PageSeed<'_, '_, T, E> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kolada page object with a \"values\" array")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        visit_page(self.ctx, map)
    }
}

/// Reads one page object. Keys may come in any order (the groups file puts `values`
/// first and `count` last).
fn visit_page<'de, T: DeserializeOwned, E, A: MapAccess<'de>>(
    ctx: &mut Ctx<'_, T, E>,
    mut map: A,
) -> Result<(), A::Error> {
    let mut items = None;
    let mut next_url: Option<String> = None;
    let mut next_page: Option<String> = None;
    while let Some(key) = map.next_key::<String>()? {
        match key.as_str() {
            "values" => {
                if items.is_some() {
                    return Err(de::Error::duplicate_field("values"));
                }
                items = Some(map.next_value_seed(ItemsSeed::<T, E> {
                    ctx: &mut *ctx,
                    item: PhantomData,
                })?);
            }
            "next_url" => next_url = map.next_value::<Option<String>>()?,
            // Older responses used `next_page`, sometimes as a page number; only a link
            // is useful to follow.
            "next_page" => {
                next_page = match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::String(link) => Some(link),
                    _ => None,
                }
            }
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    let Some(items) = items else {
        return Err(de::Error::missing_field("values"));
    };
    let meta = PageMeta {
        next: next_link(next_url.as_deref(), next_page.as_deref()).map(str::to_string),
        items,
    };
    (ctx.on_page)(meta).map_err(|err| ctx.stop(err))
}

struct ItemsSeed<'c, 'a, T, E> {
    ctx: &'c mut Ctx<'a, T, E>,
    item: PhantomData<T>,
}

impl<'de, T: DeserializeOwned, E> DeserializeSeed<'de> for ItemsSeed<'_, '_, T, E> {
    type Value = u64;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u64, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned, E> Visitor<'de> for ItemsSeed<'_, '_, T, E> {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u64, A::Error> {
        let mut count = 0;
        // Each element is deserialized and handed over before the next is read: only
        // one item is in memory at a time.
        while let Some(item) = seq.next_element::<T>()? {
            (self.ctx.on_item)(item).map_err(|err| self.ctx.stop(err))?;
            count += 1;
        }
        Ok(count)
    }
}

/// Helper for callers that cannot fail: the error type of their callbacks.
pub(crate) enum Never {}

impl StreamError<Never> {
    pub(crate) fn into_error(self) -> Error {
        match self {
            StreamError::Input(err) => err,
            StreamError::Callback(never) => match never {},
        }
    }
}

/// Collects everything `read_pages` reads from a string, for tests.
#[cfg(test)]
pub(crate) fn read_all<T: DeserializeOwned>(json: &str) -> Result<(Vec<T>, Vec<PageMeta>), Error> {
    let mut items = Vec::new();
    let mut pages = Vec::new();
    read_pages::<T, Never>(
        std::io::Cursor::new(json.as_bytes()),
        &Origin::Other("test".into()),
        &mut |item| {
            items.push(item);
            Ok(())
        },
        &mut |page| {
            pages.push(page);
            Ok(())
        },
    )
    .map_err(StreamError::into_error)?;
    Ok((items, pages))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_page_an_array_of_pages_and_concatenated_pages() {
        let (items, pages) =
            read_all::<u32>(r#"{"count":2,"next_url":null,"values":[1,2]}"#).unwrap();
        assert_eq!(items, [1, 2]);
        assert_eq!(
            pages,
            [PageMeta {
                next: None,
                items: 2
            }]
        );

        let (items, pages) =
            read_all::<u32>(r#"[{"values":[1],"next_url":"http://a/2"},{"values":[2,3]}]"#)
                .unwrap();
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(pages[0].next.as_deref(), Some("http://a/2"));
        assert_eq!(pages.len(), 2);

        let (items, pages) =
            read_all::<u32>("{\"values\":[1]}\n{\"values\":[2]}{\"values\":[]}\n").unwrap();
        assert_eq!(items, [1, 2]);
        assert_eq!(pages.len(), 3);
    }

    #[test]
    fn values_first_and_unknown_keys_are_fine() {
        let (items, _) =
            read_all::<u32>(r#"{"values":[7],"extra":{"a":[1,2]},"count":1,"next_page":3}"#)
                .unwrap();
        assert_eq!(items, [7]);
    }

    #[test]
    fn missing_values_and_wrong_top_level_are_errors_with_position() {
        let err = read_all::<u32>("{\n\"count\": 1\n}").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("missing field `values`"), "{text}");
        assert!(text.contains("line 3 column 1"), "{text}");

        let err = read_all::<u32>("42").unwrap_err().to_string();
        assert!(err.contains("expected a Kolada page object"), "{err}");

        let err = read_all::<u32>("").unwrap_err().to_string();
        assert!(err.contains("EOF"), "{err}");

        let err = read_all::<u32>("{\"values\":[1]} }")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 1 column 16"), "{err}");
    }

    #[test]
    fn callback_errors_are_returned_untouched() {
        let result = read_pages::<u32, String>(
            std::io::Cursor::new(b"{\"values\":[1,2,3]}".as_slice()),
            &Origin::Other("test".into()),
            &mut |item| if item == 2 { Err("two".into()) } else { Ok(()) },
            &mut |_| Ok(()),
        );
        match result {
            Err(StreamError::Callback(msg)) => assert_eq!(msg, "two"),
            other => panic!("expected callback error, got {other:?}"),
        }
    }
}
