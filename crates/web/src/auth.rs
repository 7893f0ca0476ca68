//! Passwords, session cookies, CSRF tokens and sign-in throttling.

use std::cell::RefCell;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, LazyLock, Mutex, mpsc};
use std::time::{Duration as StdDuration, Instant};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{Output, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use riktning_domain::fold_username;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "riktning_session";
/// A random value set with the sign-in form, so that the form's own CSRF check has
/// something to compare with before there is a session.
pub const LOGIN_COOKIE: &str = "riktning_login";

/// How long a session lasts: a working day with margin.
pub const SESSION_HOURS: i64 = 10;

pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| format!("hashing the password: {e}"))
}

pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    verify_with_kept_memory(password, stored_hash).unwrap_or(false)
}

thread_local! {
    /// Argon2's working memory (19 MiB with the default parameters), kept per
    /// thread and used again for the next verification. Allocating it anew each time
    /// left freed blocks that the allocator could not return, and a flood of sign-ins
    /// grew the server by hundreds of MiB.
    static ARGON2_MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// The most argon2 memory a stored hash may ask for: 256 MiB.
const MAX_ARGON2_BLOCKS: usize = 256 * 1024;

/// Checks `password` against a PHC-format argon2 hash, in this thread's kept
/// working memory. `None` when the hash cannot be read.
fn verify_with_kept_memory(password: &str, stored_hash: &str) -> Option<bool> {
    let parsed = PasswordHash::new(stored_hash).ok()?;
    let expected = parsed.hash?;
    let algorithm = Algorithm::try_from(parsed.algorithm).ok()?;
    let version = match parsed.version {
        Some(number) => Version::try_from(number).ok()?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).ok()?;
    let blocks = params.block_count();
    if blocks > MAX_ARGON2_BLOCKS {
        return None;
    }
    let mut salt = [0u8; 64];
    let salt = parsed.salt?.decode_b64(&mut salt).ok()?;
    let mut computed = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params);
    ARGON2_MEMORY.with(|memory| {
        let mut memory = memory.try_borrow_mut().ok()?;
        if memory.len() < blocks {
            memory.resize(blocks, Block::new());
        }
        argon2
            .hash_password_into_with_memory(
                password.as_bytes(),
                salt,
                &mut computed,
                &mut memory[..blocks],
            )
            .ok()
    })?;
    // Output compares in constant time.
    Some(Output::new(&computed).ok()? == expected)
}

/// 32 random bytes as hex: session tokens, CSRF tokens and one-time passwords.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// A one-time password a person can type: 20 characters from an alphabet without
/// look-alikes.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the store keeps of a session token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Compares secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure when served over https.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}")
}

/// The password every unknown user name is checked against, so that a wrong name
/// takes as long to refuse as a wrong password and names cannot be found by timing.
/// Hashed once, on first use, from a random secret nobody knows.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password(&random_token()).unwrap_or_default());

/// A piece of slow password work for the password threads.
type PasswordJob = Box<dyn FnOnce() + Send>;

/// A few threads of our own that do all password hashing and verification for the
/// workspace's requests. Each argon2 run takes 19 MiB, which the allocator keeps per
/// thread: on tokio's blocking pool (hundreds of threads) a flood of sign-ins left
/// hundreds of MiB behind, and on the request threads it stalled every other page.
/// Work beyond what these threads can do waits in their queue.
static PASSWORD_THREADS: LazyLock<Mutex<mpsc::Sender<PasswordJob>>> = LazyLock::new(|| {
    let (sender, receiver) = mpsc::channel::<PasswordJob>();
    let receiver = Arc::new(Mutex::new(receiver));
    let count = std::thread::available_parallelism().map_or(2, usize::from);
    for n in 0..count.clamp(1, 4) {
        let receiver = Arc::clone(&receiver);
        let started = std::thread::Builder::new()
            .name(format!("riktning-password-{n}"))
            .spawn(move || {
                loop {
                    let job = match receiver.lock() {
                        Ok(queue) => queue.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    // A panic in one job must not take a password thread with it.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                }
            });
        if let Err(error) = started {
            tracing::error!(%error, "starting a password thread");
        }
    }
    Mutex::new(sender)
});

/// Runs slow password work (hashing, verifying) on the password threads, off the
/// threads that serve requests, and waits for its result.
pub async fn password_work<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: PasswordJob = Box::new(move || {
        let _ = done.send(work());
    });
    PASSWORD_THREADS
        .lock()
        .map_err(|_| "the password threads are unavailable".to_string())?
        .send(job)
        .map_err(|_| "the password threads have stopped".to_string())?;
    result
        .await
        .map_err(|_| "checking a password failed".to_string())
}

/// Makes the dummy hash and starts the password threads now, so that no sign-in
/// waits for them.
pub fn prepare_password_work() {
    LazyLock::force(&DUMMY_HASH);
    LazyLock::force(&PASSWORD_THREADS);
}

/// Checks a sign-in with exactly one password verification whatever the outcome: a
/// user that does not exist or is disabled is verified against [`DUMMY_HASH`].
/// `verify` is [`verify_password`] except in tests.
pub fn check_sign_in<U>(
    found: Option<(U, String)>,
    password: &str,
    usable: impl Fn(&U) -> bool,
    verify: impl Fn(&str, &str) -> bool,
) -> Option<U> {
    match found {
        Some((user, hash)) => {
            let matches = verify(password, &hash);
            (matches && usable(&user)).then_some(user)
        }
        None => {
            verify(password, &DUMMY_HASH);
            None
        }
    }
}

/// Text from outside, cut for a log line: at most `max` characters, marked when cut.
pub fn clip(text: &str, max: usize) -> String {
    let mut clipped: String = text.chars().take(max).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}

/// Where a request came from, for throttling sign-ins: the peer's IP address, or,
/// when the peer is a proxy on this machine (loopback), the address that proxy put
/// last in `X-Forwarded-For`. Without connection info (as in tests through
/// `oneshot`) every request shares one "unknown" address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientAddress(pub String);

impl ClientAddress {
    pub const UNKNOWN: &'static str = "unknown";

    pub fn from_parts(peer: Option<SocketAddr>, headers: &HeaderMap) -> ClientAddress {
        let Some(peer) = peer else {
            return ClientAddress(Self::UNKNOWN.to_string());
        };
        let forwarded = || {
            let value = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .next_back()?;
            value.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
        };
        let ip = if peer.ip().is_loopback() {
            forwarded().unwrap_or(peer.ip())
        } else {
            peer.ip()
        };
        ClientAddress(ip.to_string())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| *address);
        Ok(ClientAddress::from_parts(peer, &parts.headers))
    }
}

/// After this many failed sign-ins for one user name from one address, that address
/// waits before it may try the name again.
const FREE_PER_NAME: u32 = 5;
/// After this many failed sign-ins from one address, whatever the names, it waits
/// before any further try.
const FREE_PER_ADDRESS: u32 = 30;
/// How long a locked-out try waits, counted from the last failure.
const LOCKOUT: StdDuration = StdDuration::from_secs(60);
/// Failures are forgotten this long after the last one.
const FORGET_AFTER: StdDuration = StdDuration::from_secs(15 * 60);
/// The most entries the throttle keeps; beyond it the oldest are dropped, so its
/// memory has a fixed bound whatever strangers send.
pub const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Address(String),
    NameAt(String, String),
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Failed sign-ins, kept in memory, per client address and per (user name,
/// address): enough to slow down guessing against one server without letting a
/// stranger lock a real user out (a name is locked only for the address that
/// failed). Entries expire, and there are never more than [`MAX_ENTRIES`].
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<Key, Failures>>,
}

impl Throttle {
    /// Seconds to wait before the next attempt for `username` from `address`, if any.
    /// `username` is expected to be at most a few dozen characters (longer ones are
    /// refused before this).
    pub fn wait(&self, username: &str, address: &ClientAddress) -> Option<u64> {
        let failures = self.failures.lock().ok()?;
        let name = Key::NameAt(fold_username(username), address.0.clone());
        let by_address = Key::Address(address.0.clone());
        [(name, FREE_PER_NAME), (by_address, FREE_PER_ADDRESS)]
            .iter()
            .filter_map(|(key, free)| {
                let entry = failures.get(key)?;
                if entry.count < *free {
                    return None;
                }
                let waited = entry.last.elapsed();
                (waited < LOCKOUT).then(|| (LOCKOUT - waited).as_secs().max(1))
            })
            .max()
    }

    pub fn failed(&self, username: &str, address: &ClientAddress) {
        let Ok(mut failures) = self.failures.lock() else {
            return;
        };
        let now = Instant::now();
        for key in [
            Key::NameAt(fold_username(username), address.0.clone()),
            Key::Address(address.0.clone()),
        ] {
            if !failures.contains_key(&key) && failures.len() >= MAX_ENTRIES {
                make_room(&mut failures, now);
            }
            let entry = failures.entry(key).or_insert(Failures {
                count: 0,
                last: now,
            });
            if now.duration_since(entry.last) > FORGET_AFTER {
                entry.count = 0;
            }
            entry.count = entry.count.saturating_add(1);
            entry.last = now;
        }
    }

    /// Forgets the failures for this name from this address; the address's own
    /// count stays, so a valid account cannot be used to reset it.
    pub fn succeeded(&self, username: &str, address: &ClientAddress) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(&Key::NameAt(fold_username(username), address.0.clone()));
        }
    }

    /// How many entries the throttle holds now.
    pub fn len(&self) -> usize {
        self.failures.lock().map_or(0, |f| f.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Drops expired entries, and if that frees nothing, the oldest tenth.
fn make_room(failures: &mut HashMap<Key, Failures>, now: Instant) {
    failures.retain(|_, entry| now.duration_since(entry.last) <= FORGET_AFTER);
    if failures.len() < MAX_ENTRIES {
        return;
    }
    let mut ages: Vec<Instant> = failures.values().map(|entry| entry.last).collect();
    ages.sort_unstable();
    let cut = ages[(MAX_ENTRIES / 10).min(ages.len() - 1)];
    failures.retain(|_, entry| entry.last > cut);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let hash = hash_password("korrekt häst batteri").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("korrekt häst batteri", &hash));
        assert!(!verify_password("fel", &hash));
        assert!(!verify_password("x", "not a hash"));
        // The same answers as the library's own verification, for other parameters
        // too.
        use argon2::PasswordVerifier;
        let params = Params::new(8 * 1024, 1, 1, Some(16)).expect("params");
        let other = Argon2::new(Algorithm::Argon2i, Version::V0x10, params)
            .hash_password(b"annat", &SaltString::generate(&mut OsRng))
            .expect("hash")
            .to_string();
        let parsed = PasswordHash::new(&other).expect("parse");
        assert!(Argon2::default().verify_password(b"annat", &parsed).is_ok());
        assert!(verify_password("annat", &other));
        assert!(!verify_password("annan", &other));
        let truncated = &hash[..hash.len() - 4];
        assert!(!verify_password("korrekt häst batteri", truncated));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert!(same_secret(&a, &a.clone()) && !same_secret(&a, &b));
        assert_eq!(one_time_password().len(), 20);
    }

    fn at(address: &str) -> ClientAddress {
        ClientAddress(address.to_string())
    }

    #[test]
    fn the_throttle_locks_a_name_only_for_the_address_that_failed() {
        let throttle = Throttle::default();
        let (stranger, anna) = (at("203.0.113.9"), at("198.51.100.7"));
        for _ in 0..4 {
            throttle.failed("Anna", &stranger);
        }
        assert_eq!(throttle.wait("anna", &stranger), None);
        throttle.failed("anna", &stranger);
        assert!(throttle.wait("ANNA", &stranger).is_some());
        assert_eq!(throttle.wait("anna", &anna), None, "not locked for others");
        throttle.succeeded("anna", &stranger);
        assert_eq!(throttle.wait("anna", &stranger), None);
    }

    #[test]
    fn an_address_that_tries_many_names_waits_for_all_of_them() {
        let throttle = Throttle::default();
        let stranger = at("203.0.113.9");
        for n in 0..FREE_PER_ADDRESS {
            throttle.failed(&format!("name{n}"), &stranger);
        }
        assert!(throttle.wait("someone.else", &stranger).is_some());
        assert_eq!(throttle.wait("someone.else", &at("198.51.100.7")), None);
    }

    #[test]
    fn the_throttle_never_holds_more_than_its_cap() {
        let throttle = Throttle::default();
        for n in 0..(3 * MAX_ENTRIES) {
            throttle.failed(
                &format!("n{n}"),
                &at(&format!("10.0.{}.{}", n / 250, n % 250)),
            );
            assert!(throttle.len() <= MAX_ENTRIES);
        }
        // The newest failures are still counted.
        let last = 3 * MAX_ENTRIES - 1;
        let address = at(&format!("10.0.{}.{}", last / 250, last % 250));
        for _ in 0..FREE_PER_NAME {
            throttle.failed(&format!("n{last}"), &address);
        }
        assert!(throttle.wait(&format!("n{last}"), &address).is_some());
    }

    #[test]
    fn an_unknown_user_is_verified_against_the_dummy_hash() {
        use std::cell::RefCell;
        let seen = RefCell::new(Vec::new());
        let verify = |password: &str, hash: &str| {
            seen.borrow_mut().push(hash.to_string());
            verify_password(password, hash)
        };
        let none: Option<((), String)> = None;
        assert_eq!(check_sign_in(none, "gissning", |_| true, verify), None);
        assert_eq!(
            seen.borrow().len(),
            1,
            "one verification for an unknown name"
        );
        assert!(seen.borrow()[0].starts_with("$argon2id$"), "a real hash");
        let hash = hash_password("rätt lösenord").expect("hash");
        let known = Some(("anna", hash.clone()));
        assert_eq!(
            check_sign_in(known.clone(), "rätt lösenord", |_| true, verify),
            Some("anna")
        );
        // A disabled user costs the same verification and is refused.
        assert_eq!(
            check_sign_in(known, "rätt lösenord", |_| false, verify),
            None
        );
        assert_eq!(seen.borrow().len(), 3);
        assert_eq!(seen.borrow()[2], hash);
    }

    #[test]
    fn client_addresses_come_from_the_peer_or_a_local_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "1.1.1.1, 203.0.113.5".parse().expect("h"),
        );
        let remote: SocketAddr = "198.51.100.7:5000".parse().expect("addr");
        let local: SocketAddr = "127.0.0.1:5000".parse().expect("addr");
        assert_eq!(
            ClientAddress::from_parts(Some(remote), &headers).0,
            "198.51.100.7",
            "a remote peer cannot choose its address"
        );
        assert_eq!(
            ClientAddress::from_parts(Some(local), &headers).0,
            "203.0.113.5",
            "the address the local proxy saw"
        );
        assert_eq!(
            ClientAddress::from_parts(Some(local), &HeaderMap::new()).0,
            "127.0.0.1"
        );
        assert_eq!(ClientAddress::from_parts(None, &headers).0, "unknown");
        assert_eq!(clip(&"x".repeat(1000), 64).chars().count(), 65);
    }

    #[test]
    fn cookies_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, "a=1; riktning_session=abc; b=2".parse().expect("h"));
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "c"), None);
    }
}
