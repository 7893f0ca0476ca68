//! Who has the database open: every process that opens it holds a shared lock on
//! `<database>.lock` for as long as it has it open, and a restore takes that lock
//! exclusively. So a restore refuses while a server (or any other command) uses the
//! file, instead of replacing it under them: they would go on writing to the old file,
//! and every save after the restore would be lost.
//!
//! The locks are the operating system's advisory file locks (`flock` on Unix,
//! `LockFileEx` on Windows): they go away with the process, so a crash leaves none
//! behind. The `.lock` file itself stays and is empty.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use riktning_store::StoreError;

/// A held lock on a database's lock file; released when the last clone is dropped.
#[derive(Debug, Clone)]
pub(crate) struct DatabaseLock {
    _file: Arc<File>,
}

/// The lock file beside `database`: `riktning.db` → `riktning.db.lock`.
pub(crate) fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

fn open(database: &Path) -> Result<(File, PathBuf), StoreError> {
    let path = lock_path(database);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| {
            StoreError::database(format!("opening the lock file {}", path.display()), e)
        })?;
    Ok((file, path))
}

impl DatabaseLock {
    /// Taken by every process that opens the database; many may hold it at once.
    pub(crate) fn shared(database: &Path) -> Result<Self, StoreError> {
        let (file, path) = open(database)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(Self {
                _file: Arc::new(file),
            }),
            Err(TryLockError::WouldBlock) => Err(StoreError::InUse(format!(
                "the database {} is being restored right now; try again when the restore is done",
                database.display()
            ))),
            Err(TryLockError::Error(e)) => Err(StoreError::database(
                format!("locking {}", path.display()),
                e,
            )),
        }
    }

    /// Taken by a restore: only when no other process has the database open.
    pub(crate) fn exclusive(database: &Path) -> Result<Self, StoreError> {
        let (file, path) = open(database)?;
        match file.try_lock() {
            Ok(()) => Ok(Self {
                _file: Arc::new(file),
            }),
            Err(TryLockError::WouldBlock) => Err(StoreError::InUse(format!(
                "the database {} is in use by another Riktning process, such as a running `riktning serve`; stop the server (and any other riktning command using this database) first, then restore",
                database.display()
            ))),
            Err(TryLockError::Error(e)) => Err(StoreError::database(
                format!("locking {}", path.display()),
                e,
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_holders_keep_an_exclusive_one_out_and_the_other_way_round() {
        let dir = tempfile::tempdir().expect("temp");
        let database = dir.path().join("riktning.db");
        assert_eq!(lock_path(&database), dir.path().join("riktning.db.lock"));
        let first = DatabaseLock::shared(&database).expect("shared");
        let second = DatabaseLock::shared(&database).expect("shared twice");
        let refused = DatabaseLock::exclusive(&database).expect_err("in use");
        assert!(refused.to_string().contains("stop the server"), "{refused}");
        drop(first);
        assert!(
            DatabaseLock::exclusive(&database).is_err(),
            "one still holds it"
        );
        drop(second);
        let restoring = DatabaseLock::exclusive(&database).expect("free now");
        let waiting = DatabaseLock::shared(&database).expect_err("being restored");
        assert!(waiting.to_string().contains("being restored"), "{waiting}");
        drop(restoring);
        DatabaseLock::shared(&database).expect("free again");
    }
}
