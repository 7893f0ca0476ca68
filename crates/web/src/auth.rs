//! Passwords, session cookies, CSRF tokens and sign-in throttling.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration as StdDuration, Instant};

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::http::HeaderMap;
use axum::http::header::COOKIE;
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
    PasswordHash::new(stored_hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
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

/// After this many failed sign-ins for one user name, further tries wait.
const FREE_ATTEMPTS: u32 = 5;
const LOCKOUT: StdDuration = StdDuration::from_secs(60);

/// Failed sign-ins per user name, kept in memory: enough to slow down guessing
/// against one server.
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Throttle {
    /// Seconds to wait before the next attempt, if any.
    pub fn wait(&self, username: &str) -> Option<u64> {
        let failures = self.failures.lock().ok()?;
        let (count, last) = failures.get(&username.to_lowercase())?;
        if *count < FREE_ATTEMPTS {
            return None;
        }
        let waited = last.elapsed();
        (waited < LOCKOUT).then(|| (LOCKOUT - waited).as_secs().max(1))
    }

    pub fn failed(&self, username: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            let entry = failures
                .entry(username.to_lowercase())
                .or_insert((0, Instant::now()));
            entry.0 += 1;
            entry.1 = Instant::now();
        }
    }

    pub fn succeeded(&self, username: &str) {
        if let Ok(mut failures) = self.failures.lock() {
            failures.remove(&username.to_lowercase());
        }
    }
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

    #[test]
    fn the_throttle_waits_after_five_failures() {
        let throttle = Throttle::default();
        for _ in 0..4 {
            throttle.failed("Anna");
        }
        assert_eq!(throttle.wait("anna"), None);
        throttle.failed("anna");
        assert!(throttle.wait("ANNA").is_some());
        throttle.succeeded("anna");
        assert_eq!(throttle.wait("anna"), None);
    }

    #[test]
    fn cookies_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, "a=1; riktning_session=abc; b=2".parse().expect("h"));
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "c"), None);
    }
}
