//! Uploaded drafts waiting for the person who uploaded them to confirm.
//!
//! The draft stays on the server, keyed by a random token, so that what is stored is
//! exactly what was parsed and shown; the browser only sends the token back. Each entry
//! is bound to the user who uploaded it and expires after [`LIFETIME`]. Memory only: a
//! restart drops what was not confirmed, and the person uploads again.
//!
//! What is held is bounded: a few drafts per user ([`PER_USER`]), a few dozen in all
//! ([`TOTAL`]), none larger than [`MAX_DRAFT_BYTES`] and together at most
//! [`MAX_TOTAL_BYTES`]. Beyond those the oldest drafts go first; the person whose draft
//! went is told to upload again when confirming.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use riktning_domain::{Id, PlanDraft};

/// Long enough to read through a large plan, short enough not to keep stale drafts.
pub const LIFETIME: Duration = Duration::from_secs(30 * 60);

/// At most this many drafts per user; an upload beyond it drops that user's oldest.
const PER_USER: usize = 3;
/// At most this many drafts in all: a municipality has a handful of people who import.
const TOTAL: usize = 30;
/// The largest draft kept, by the text it holds. Östersund's budget is about 100 kB
/// of goals and texts; a draft this large is not a budget.
pub const MAX_DRAFT_BYTES: usize = 8 * 1024 * 1024;
/// All drafts together, so that uploads cannot fill the server's memory.
const MAX_TOTAL_BYTES: usize = 48 * 1024 * 1024;

/// A draft larger than [`MAX_DRAFT_BYTES`]; it was not kept.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLarge;

/// Why an edit of a kept draft did not happen.
#[derive(Debug, PartialEq, Eq)]
pub enum Edited<E> {
    Refused(E),
    TooLarge,
}

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
    bytes: usize,
    upload: Upload,
}

/// About how much memory a draft holds: its text, and a little for each part.
fn size_of(draft: &PlanDraft) -> usize {
    const PART: usize = 64;
    let text = |s: &str| s.len() + PART;
    let maybe = |s: &Option<String>| s.as_deref().map_or(0, text);
    let goals: usize = draft
        .goals
        .iter()
        .map(|goal| {
            text(&goal.code)
                + maybe(&goal.short_name)
                + maybe(&goal.category)
                + text(&goal.statement)
                + maybe(&goal.heading)
                + maybe(&goal.parent)
                + maybe(&goal.doubt)
                + text(&goal.text)
                + goal
                    .commitments
                    .iter()
                    .map(|c| text(&c.text))
                    .sum::<usize>()
                + goal
                    .targets
                    .iter()
                    .map(|t| text(&t.text) + maybe(&t.unit) + maybe(&t.indicator) + maybe(&t.doubt))
                    .sum::<usize>()
        })
        .sum();
    text(&draft.title)
        + text(&draft.introduction)
        + draft.not_used.iter().map(|u| text(&u.text)).sum::<usize>()
        + draft.decision.as_ref().map_or(0, |d| {
            text(&d.text)
                + maybe(&d.body)
                + maybe(&d.paragraph)
                + maybe(&d.case_number)
                + d.lines.len() * 8
        })
        + maybe(&draft.municipality)
        + draft
            .warnings
            .iter()
            .map(|w| text(&w.key) + w.args.iter().map(|(k, v)| text(k) + text(v)).sum::<usize>())
            .sum::<usize>()
        + maybe(&draft.source_name)
        + maybe(&draft.source_sha256)
        + draft.warnings.iter().map(|w| text(w)).sum::<usize>()
        + goals
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
    fn keep(&mut self, user: Id, upload: Upload, now: Instant) -> Result<String, TooLarge> {
        let bytes = size_of(&upload.draft);
        if bytes > MAX_DRAFT_BYTES {
            return Err(TooLarge);
        }
        self.0
            .retain(|_, entry| now.saturating_duration_since(entry.at) < LIFETIME);
        self.drop_oldest(|entry| entry.user == user, PER_USER - 1, usize::MAX);
        self.drop_oldest(|_| true, TOTAL - 1, MAX_TOTAL_BYTES - bytes);
        let token = crate::auth::random_token();
        self.0.insert(
            token.clone(),
            Entry {
                user,
                at: now,
                bytes,
                upload,
            },
        );
        Ok(token)
    }

    /// Drops the oldest entries that `matches` selects until at most `count` of them,
    /// holding at most `bytes` together, are left.
    fn drop_oldest(&mut self, matches: impl Fn(&Entry) -> bool, count: usize, bytes: usize) {
        let mut chosen: Vec<(Instant, usize, String)> = self
            .0
            .iter()
            .filter(|(_, entry)| matches(entry))
            .map(|(token, entry)| (entry.at, entry.bytes, token.clone()))
            .collect();
        chosen.sort();
        let mut left = chosen.len();
        let mut held: usize = chosen.iter().map(|(_, size, _)| size).sum();
        for (_, size, token) in chosen {
            if left <= count && held <= bytes {
                break;
            }
            self.0.remove(&token);
            left -= 1;
            held -= size;
        }
    }

    /// Only the tests look without taking.
    #[cfg(test)]
    fn get(&self, token: &str, user: Id, now: Instant) -> Option<Upload> {
        self.0
            .get(token)
            .filter(|entry| entry.usable_by(user, now))
            .map(|entry| entry.upload.clone())
    }

    /// The upload, for showing it; reading it counts as working on it, so the draft
    /// lives another [`LIFETIME`] from now.
    fn read(&mut self, token: &str, user: Id, now: Instant) -> Option<Upload> {
        let entry = self.0.get_mut(token).filter(|e| e.usable_by(user, now))?;
        entry.at = now;
        Some(entry.upload.clone())
    }

    /// Changes the upload with `change`, which may refuse; a change that would make the
    /// draft larger than [`MAX_DRAFT_BYTES`] is refused too, and nothing changes.
    fn edit<E>(
        &mut self,
        token: &str,
        user: Id,
        now: Instant,
        change: impl FnOnce(&mut Upload) -> Result<(), E>,
    ) -> Option<Result<(), Edited<E>>> {
        let entry = self.0.get_mut(token).filter(|e| e.usable_by(user, now))?;
        let mut changed = entry.upload.clone();
        if let Err(error) = change(&mut changed) {
            return Some(Err(Edited::Refused(error)));
        }
        let bytes = size_of(&changed.draft);
        let others: usize = self
            .0
            .iter()
            .filter(|(t, _)| t.as_str() != token)
            .map(|(_, e)| e.bytes)
            .sum();
        if bytes > MAX_DRAFT_BYTES || others + bytes > MAX_TOTAL_BYTES {
            return Some(Err(Edited::TooLarge));
        }
        let entry = self.0.get_mut(token)?;
        entry.upload = changed;
        entry.bytes = bytes;
        entry.at = now;
        Some(Ok(()))
    }

    fn take(&mut self, token: &str, user: Id, now: Instant) -> Option<Upload> {
        if self.0.get(token)?.usable_by(user, now) {
            self.0.remove(token).map(|entry| entry.upload)
        } else {
            None
        }
    }

    /// Puts an entry back that [`Pending::take`] took; it was within the bounds then,
    /// and at most the entries kept meanwhile have to make room.
    fn restore(&mut self, token: &str, user: Id, upload: Upload, now: Instant) {
        let bytes = size_of(&upload.draft);
        self.drop_oldest(|_| true, TOTAL - 1, MAX_TOTAL_BYTES.saturating_sub(bytes));
        self.0.insert(
            token.to_string(),
            Entry {
                user,
                at: now,
                bytes,
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

/// Keeps `upload` for `user` and returns the token that names it; a draft too large to
/// keep is refused.
pub fn keep(user: Id, upload: Upload) -> Result<String, TooLarge> {
    pending().keep(user, upload, Instant::now())
}

/// `user`'s upload behind `token`, to show; `None` when it expired or is not theirs.
pub fn read(token: &str, user: Id) -> Option<Upload> {
    pending().read(token, user, Instant::now())
}

/// Changes `user`'s upload behind `token`; `None` when it expired or is not theirs.
pub fn edit<E>(
    token: &str,
    user: Id,
    change: impl FnOnce(&mut Upload) -> Result<(), E>,
) -> Option<Result<(), Edited<E>>> {
    pending().edit(token, user, Instant::now(), change)
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
                decision: None,
                municipality: None,
                ..Default::default()
            },
            first_year: 2024,
            last_year: 2024,
        }
    }

    #[test]
    fn an_upload_is_only_its_uploaders() {
        let token = keep(9001, upload("Budget 2024")).expect("small");
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
    fn reading_and_editing_keep_a_draft_alive_and_only_for_its_uploader() {
        let mut pending = Pending::default();
        let start = Instant::now();
        let token = pending.keep(1, upload("Budget"), start).expect("small");
        let later = start + LIFETIME - Duration::from_secs(1);
        assert!(pending.read(&token, 2, later).is_none(), "someone else's");
        assert!(pending.read(&token, 1, later).is_some());
        // Read just before it would expire: it lives on from then.
        let much_later = later + LIFETIME - Duration::from_secs(1);
        let renamed = pending.edit(&token, 1, much_later, |u| {
            u.draft.title = "Ny".into();
            Ok::<(), ()>(())
        });
        assert_eq!(renamed, Some(Ok(())));
        assert_eq!(
            pending.read(&token, 1, much_later).map(|u| u.draft.title),
            Some("Ny".into())
        );
        let refused = pending.edit(&token, 1, much_later, |u| {
            u.draft.title = "Annan".into();
            Err("nej")
        });
        assert_eq!(refused, Some(Err(Edited::Refused("nej"))));
        let grown = pending.edit(&token, 1, much_later, |u| {
            u.draft.introduction = "x".repeat(MAX_DRAFT_BYTES);
            Ok::<(), ()>(())
        });
        assert_eq!(grown, Some(Err(Edited::TooLarge)));
        assert_eq!(
            pending.read(&token, 1, much_later).map(|u| u.draft.title),
            Some("Ny".into())
        );
        assert!(
            pending
                .edit(&token, 2, much_later, |_| Ok::<(), ()>(()))
                .is_none()
        );
    }

    #[test]
    fn uploads_expire() {
        let mut pending = Pending::default();
        let start = Instant::now();
        let token = pending
            .keep(1, upload("Budget 2025"), start)
            .expect("small");
        let later = start + LIFETIME + Duration::from_secs(1);
        assert!(pending.get(&token, 1, start + LIFETIME / 2).is_some());
        assert!(pending.get(&token, 1, later).is_none());
        assert!(pending.take(&token, 1, later).is_none());
        pending.keep(2, upload("other"), later).expect("small");
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
        let other = pending.keep(2, upload("y"), start).expect("small");
        let tokens: Vec<String> = (0..PER_USER as u64 + 2)
            .map(|i| {
                pending
                    .keep(1, upload("x"), start + Duration::from_secs(i))
                    .expect("small")
            })
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

    /// A draft whose title holds `bytes` bytes of text.
    fn sized(bytes: usize) -> Upload {
        upload(&"x".repeat(bytes))
    }

    #[test]
    fn all_drafts_together_stay_within_their_count_and_size() {
        let mut pending = Pending::default();
        let start = Instant::now();
        let at = |i: usize| start + Duration::from_secs(u64::try_from(i).unwrap_or(0));
        // Many users, one small draft each: only the newest TOTAL are kept.
        let tokens: Vec<(Id, String)> = (0..TOTAL + 10)
            .map(|i| {
                let user = Id::try_from(i).unwrap_or(0) + 100;
                (user, pending.keep(user, upload("x"), at(i)).expect("small"))
            })
            .collect();
        assert_eq!(pending.0.len(), TOTAL);
        let now = at(TOTAL + 10);
        assert!(pending.get(&tokens[0].1, tokens[0].0, now).is_none());
        let (user, newest) = &tokens[TOTAL + 9];
        assert!(pending.get(newest, *user, now).is_some());

        // Large drafts: the memory held stays under the total, the oldest going first.
        let big = MAX_DRAFT_BYTES - 1024;
        for i in 0..20 {
            let user = Id::try_from(i).unwrap_or(0) + 1000;
            pending.keep(user, sized(big), at(100 + i)).expect("fits");
            let held: usize = pending.0.values().map(|e| e.bytes).sum();
            assert!(held <= MAX_TOTAL_BYTES, "{held} bytes held");
            assert!(pending.0.len() <= TOTAL);
        }
        assert!(pending.0.len() >= MAX_TOTAL_BYTES / MAX_DRAFT_BYTES - 1);

        // One draft beyond the limit is not kept at all.
        let before = pending.0.len();
        assert_eq!(
            pending.keep(1, sized(MAX_DRAFT_BYTES + 1), at(200)),
            Err(TooLarge)
        );
        assert_eq!(pending.0.len(), before);
    }
}
