use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The shared Kolada folder, relative to this crate.
pub const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/kolada");

pub fn shared(name: &str) -> PathBuf {
    Path::new(SHARED).join(name)
}

/// A file in the temp directory, removed when dropped.
pub struct TempFile(pub PathBuf);

impl TempFile {
    pub fn new(name: &str) -> TempFile {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("riktning-kolada-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempFile(dir.join(format!("{n}-{name}")))
    }

    pub fn with_contents(name: &str, contents: impl AsRef<[u8]>) -> TempFile {
        let file = TempFile::new(name);
        std::fs::write(&file.0, contents).expect("write temp file");
        file
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}
