//! Uploaded drafts waiting for the person who uploaded them to confirm.
//!
//! The draft stays on the server, keyed by a random token, so that what is stored is
//! exactly what was parsed and shown; the browser only sends the token back. Each entry
//! is bound to the user who uploaded it and expires after [`LIFETIME`]. Memory only: a
//! restart drops what was not confirmed, and the person uploads again.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use riktning_domain::{Id, PlanDraft};

/// Long enough to read through a large plan, short enough not to keep stale drafts.
pub const LIFETIME: Duration = Duration::from_secs(30 * 60);

/// At most this many drafts per user; an upload beyond it drops that user's oldest.
const PER_USER: usize = 5;

/// A parsed document and the years chosen for it.
#[derive(Debug, Clone)]
pub struct Upload {
    pub draft: PlanDraft,
    pub first_year: i32,
    pub last_year: i32,
}

struct Entry {
    user: Id,
    at: Instant,
    upload: Upload,
}

impl Entry {
    fn usable_by(&self, user: Id, now: Instant) -> bool {
        self.user == user && now.saturating_duration_since(self.at) < LIFETIME
    }
}

/// The pending uploads by token. The functions below use one shared instance; the
/// methods take the time so that tests can move it.
#[derive(Default)]
struct Pending(HashMap<String, Entry>);

impl Pending {
    fn keep(&mut self, user: Id, upload: Upload, now: Instant) -> String {
        self.0
            .retain(|_, entry| now.saturating_duration_since(entry.at) < LIFETIME);
        let mut own: Vec<(Instant, String)> = self
            .0
            .iter()
            .filter(|(_, entry)| entry.user == user)
            .map(|(token, entry)| (entry.at, token.clone()))
            .collect();
        own.sort();
        let excess = (own.len() + 1).saturating_sub(PER_USER);
        for (_, old) in own.into_iter().take(excess) {
            self.0.remove(&old);
        }
        let token = crate::auth::random_token();
        self.0.insert(
            token.clone(),
            Entry {
                user,
                at: now,
                upload,
            },
        );
        token
    }

    /// Only the tests look without taking.
    #[cfg(test)]
    fn get(&self, token: &str, user: Id, now: Instant) -> Option<Upload> {
        self.0
            .get(token)
            .filter(|entry| entry.usable_by(user, now))
            .map(|entry| entry.upload.clone())
    }

    fn take(&mut self, token: &str, user: Id, now: Instant) -> Option<Upload> {
        if self.0.get(token)?.usable_by(user, now) {
            self.0.remove(token).map(|entry| entry.upload)
        } else {
            None
        }
    }

    fn restore(&mut self, token: &str, user: Id, upload: Upload, now: Instant) {
        self.0.insert(
            token.to_string(),
            Entry {
                user,
                at: now,
                upload,
            },
        );
    }
}

static PENDING: LazyLock<Mutex<Pending>> = LazyLock::new(|| Mutex::new(Pending::default()));

/// The map even if a thread panicked while holding it: every change to it is a single
/// insert or remove, so it is never left half-done.
fn pending() -> MutexGuard<'static, Pending> {
    PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Keeps `upload` for `user` and returns the token that names it.
pub fn keep(user: Id, upload: Upload) -> String {
    pending().keep(user, upload, Instant::now())
}

/// Removes and returns `user`'s upload behind `token`, so that two confirmations of one
/// upload cannot both store it. Someone else's token is left where it is.
pub fn take(token: &str, user: Id) -> Option<Upload> {
    pending().take(token, user, Instant::now())
}

/// Puts back an upload taken with [`take`] whose storing did not happen, under the same
/// token, so the person can correct and confirm again.
pub fn restore(token: &str, user: Id, upload: Upload) {
    pending().restore(token, user, upload, Instant::now());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(title: &str) -> Upload {
        Upload {
            draft: PlanDraft {
                title: title.to_string(),
                source_name: None,
                source_sha256: None,
                goals: Vec::new(),
                warnings: Vec::new(),
            },
            first_year: 2024,
            last_year: 2024,
        }
    }

    #[test]
    fn an_upload_is_only_its_uploaders() {
        let token = keep(9001, upload("Budget 2024"));
        assert_eq!(token.len(), 64);
        assert!(take(&token, 9002).is_none(), "someone else's");
        let taken = take(&token, 9001).expect("still there after someone else tried");
        assert_eq!(taken.draft.title, "Budget 2024");
        assert!(take(&token, 9001).is_none(), "taken once");
        restore(&token, 9001, taken);
        assert!(take(&token, 9001).is_some(), "put back");
        assert!(take("no such token", 9001).is_none());
    }

    #[test]
    fn uploads_expire() {
        let mut pending = Pending::default();
        let start = Instant::now();
        let token = pending.keep(1, upload("Budget 2025"), start);
        let later = start + LIFETIME + Duration::from_secs(1);
        assert!(pending.get(&token, 1, start + LIFETIME / 2).is_some());
        assert!(pending.get(&token, 1, later).is_none());
        assert!(pending.take(&token, 1, later).is_none());
        pending.keep(2, upload("other"), later);
        assert!(
            pending.get(&token, 1, start).is_none(),
            "expired entries are dropped on the next upload"
        );
        assert_eq!(pending.0.len(), 1);
    }

    #[test]
    fn each_user_keeps_only_the_newest_few() {
        let mut pending = Pending::default();
        let start = Instant::now();
        let other = pending.keep(2, upload("y"), start);
        let tokens: Vec<String> = (0..PER_USER as u64 + 2)
            .map(|i| pending.keep(1, upload("x"), start + Duration::from_secs(i)))
            .collect();
        let now = start + Duration::from_secs(60);
        let kept = tokens
            .iter()
            .filter(|t| pending.get(t, 1, now).is_some())
            .count();
        assert_eq!(kept, PER_USER);
        assert!(pending.get(&tokens[0], 1, now).is_none(), "the oldest went");
        assert!(pending.get(&other, 2, now).is_some(), "others' are kept");
    }
}
