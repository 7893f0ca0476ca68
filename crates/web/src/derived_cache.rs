//! What a page derives from the data (read, computed and formatted), kept until the
//! data changes. Entries belong to one data version ([`StoreRead::data_version`]):
//! the first lookup at a newer version empties the cache, so a write by any process
//! is seen by the next request. The number of entries is bounded by each cache's
//! capacity, so its memory cannot grow without bound whoever asks.
//!
//! [`StoreRead::data_version`]: riktning_store::StoreRead::data_version

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

pub struct DerivedCache<K, V> {
    inner: Mutex<Entries<K, V>>,
    /// How many entries are kept at most; a full cache starts over.
    capacity: usize,
}

struct Entries<K, V> {
    version: u64,
    map: HashMap<K, Arc<V>>,
}

impl<K: Eq + Hash, V> DerivedCache<K, V> {
    pub fn with_capacity(capacity: usize) -> Self {
        DerivedCache {
            inner: Mutex::new(Entries {
                version: 0,
                map: HashMap::new(),
            }),
            capacity: capacity.max(1),
        }
    }

    /// What was derived for `key` at `version`, if it is still kept.
    pub fn get(&self, version: u64, key: &K) -> Option<Arc<V>> {
        let mut entries = self.lock();
        if entries.version != version {
            // A newer version makes everything kept stale; an older one (a request
            // that read before a write committed) must not be served a newer view.
            if version > entries.version {
                entries.version = version;
                entries.map.clear();
            }
            return None;
        }
        entries.map.get(key).cloned()
    }

    /// Keeps `value`, derived from the data at `version`, and hands it back.
    pub fn keep(&self, version: u64, key: K, value: V) -> Arc<V> {
        let value = Arc::new(value);
        let mut entries = self.lock();
        if version > entries.version {
            entries.version = version;
            entries.map.clear();
        }
        if version == entries.version {
            if entries.map.len() >= self.capacity {
                entries.map.clear();
            }
            entries.map.insert(key, Arc::clone(&value));
        }
        value
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries<K, V>> {
        // A panic while holding the lock leaves only a map of whole entries behind.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::DerivedCache;

    #[test]
    fn a_newer_version_forgets_what_was_kept() {
        let cache: DerivedCache<u32, &str> = DerivedCache::with_capacity(8);
        cache.keep(3, 1, "at three");
        assert_eq!(cache.get(3, &1).as_deref(), Some(&"at three"));
        assert_eq!(cache.get(4, &1), None);
        assert_eq!(cache.get(3, &1), None, "gone once a newer version was seen");
    }

    #[test]
    fn an_older_reader_neither_reads_nor_replaces_newer_entries() {
        let cache: DerivedCache<u32, &str> = DerivedCache::with_capacity(8);
        cache.keep(5, 1, "at five");
        assert_eq!(cache.get(4, &1), None);
        cache.keep(4, 1, "at four");
        assert_eq!(cache.get(5, &1).as_deref(), Some(&"at five"));
    }

    #[test]
    fn the_number_of_entries_is_bounded() {
        let cache: DerivedCache<usize, usize> = DerivedCache::with_capacity(16);
        for key in 0..48 {
            cache.keep(1, key, key);
        }
        let kept = (0..48).filter(|key| cache.get(1, key).is_some()).count();
        assert!(kept <= 16, "{kept} entries kept");
        assert!(kept > 0);
    }
}
