//! People who sign in to the workspace, and what their role lets them do.

use serde::{Deserialize, Serialize};

use crate::Id;
use crate::string_enum::string_enum;
use crate::validation::{ValidationError, require_text};

string_enum!(
    Role, "role" {
        /// Users and settings, and everything a controller does.
        Administrator => "administrator",
        /// Everything in the plan, including approving assessments.
        Controller => "controller",
        /// Edits and submits the goals, indicators, assessments and activities of the
        /// org units they are assigned to.
        Reporter => "reporter",
        /// Sees everything, drafts included; changes nothing.
        Reader => "reader",
    }
);

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "administratör",
            Role::Controller => "controller",
            Role::Reporter => "rapportör",
            Role::Reader => "läsare",
        }
    }
}

/// A user as the rest of the system sees it; the password hash is kept apart so that
/// it never reaches an audit snapshot or a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: Id,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The org units a reporter reports for.
    pub units: Vec<Id>,
    pub disabled: bool,
    /// Set while the user signs in with a password someone else saw (a one-time
    /// password): every page then asks for a new one first.
    #[serde(default)]
    pub must_change_password: bool,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub units: Vec<Id>,
    /// The password is a one-time password: it must be changed at the first sign-in.
    #[serde(default)]
    pub must_change_password: bool,
}

/// The longest user name, in characters.
pub const MAX_USERNAME_CHARS: usize = 64;

/// What user names may contain, for messages and help texts.
pub const USERNAME_RULE: &str = "1–64 characters from a–z, 0–9 and . _ - @, starting with a letter or digit; upper case is read as lower case";

/// The form in which user names are stored and compared: Unicode NFKC, then lower
/// case, without surrounding spaces. `Admin` and `ａｄｍｉｎ` both fold to `admin`.
/// Anything that is not plain ASCII after folding (such as a Cyrillic `а` that
/// looks like a Latin `a`) is then refused by [`normalize_username`].
pub fn fold_username(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    raw.trim().nfkc().collect::<String>().to_lowercase()
}

/// The user name as it is stored, or why it cannot be one: folded by
/// [`fold_username`], then 1–64 characters of ASCII `a`–`z`, `0`–`9`, `.`, `_`, `-`
/// and `@`, starting with a letter or digit. The small alphabet means two names that
/// look alike on screen are the same name.
pub fn normalize_username(raw: &str) -> Result<String, ValidationError> {
    // A name far too long is refused before it is folded, so no work grows with it.
    if raw.len() > 4 * MAX_USERNAME_CHARS {
        return Err(ValidationError::new("username", USERNAME_RULE));
    }
    let folded = fold_username(raw);
    let allowed = |c: char| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '@')
    };
    let well_formed = !folded.is_empty()
        && folded.len() <= MAX_USERNAME_CHARS
        && folded.chars().all(allowed)
        && folded
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if well_formed {
        Ok(folded)
    } else {
        Err(ValidationError::new("username", USERNAME_RULE))
    }
}

impl NewUser {
    pub fn validate(&self) -> Result<(), ValidationError> {
        normalize_username(&self.username)?;
        require_text("display_name", &self.display_name)
    }
}

impl User {
    /// The user name never changes after creation, so only the rest is checked here;
    /// names stored before the alphabet was narrowed stay usable.
    pub fn validate(&self) -> Result<(), ValidationError> {
        require_text("username", &self.username)?;
        require_text("display_name", &self.display_name)
    }
}

/// The shortest password a person may choose.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The longest password accepted; longer ones are refused before hashing.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// It contains the user name or the person's name.
    ContainsName,
    /// Common, a pattern (repeats, sequences, keyboard rows) or otherwise quick to
    /// guess.
    TooGuessable,
}

impl PasswordProblem {
    /// A stable key, for message catalogues.
    pub fn key(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "too-short",
            PasswordProblem::TooLong => "too-long",
            PasswordProblem::ContainsName => "contains-name",
            PasswordProblem::TooGuessable => "too-guessable",
        }
    }

    pub fn message(self) -> String {
        match self {
            PasswordProblem::TooShort => format!("use at least {MIN_PASSWORD_CHARS} characters"),
            PasswordProblem::TooLong => format!("use at most {MAX_PASSWORD_CHARS} characters"),
            PasswordProblem::ContainsName => {
                "must not contain the user name or the person's name".to_string()
            }
            PasswordProblem::TooGuessable => "too easy to guess: it is common or follows a pattern (repeated characters, sequences, keyboard rows); a few unrelated words make a good password".to_string(),
        }
    }
}

impl From<PasswordProblem> for ValidationError {
    fn from(problem: PasswordProblem) -> Self {
        ValidationError::new("password", problem.message())
    }
}

/// Words a Riktning password is easily guessed from that the estimator's English
/// lists lack: the product, the workplace, and Swedish words common in passwords.
const LOCAL_WORDS: &[&str] = &[
    "riktning",
    "kommun",
    "kommunen",
    "region",
    "lösenord",
    "losenord",
    "admin",
    "administratör",
    "hemligt",
    "hemlig",
    "välkommen",
    "valkommen",
    "hejsan",
    "hejhej",
    "sommar",
    "vinter",
    "hösten",
    "hosten",
    "höst",
    "våren",
    "varen",
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
    "måndag",
    "fredag",
    "sverige",
    "svenska",
    "stockholm",
    "göteborg",
    "malmö",
    "östersund",
    "ostersund",
    "jämtland",
    "jamtland",
    "fotboll",
    "hockey",
    "kärlek",
    "karlek",
    "älskling",
    "alskling",
    "mamma",
    "pappa",
    "katten",
    "hunden",
    "solen",
    "blomma",
    "godis",
    "kaffe",
    "fika",
    "ingenting",
    "qwerty",
    "asdfgh",
    "zxcvbn",
    "qwertyuiopå",
    "asdfghjklöä",
];

/// How many guesses (as a power of ten) the estimator must expect before a password
/// falls: zxcvbn's top score, "very unguessable".
const MIN_GUESSES_LOG10: f64 = 10.0;

/// A password that resists guessing: 12–256 characters, without the user's names
/// (`names`: user name, display name), and needing at least 10^10 guesses by the
/// zxcvbn estimator, which knows common passwords, words, names, repeats, sequences,
/// keyboard patterns and dates (and, from [`LOCAL_WORDS`], some Swedish ones).
pub fn check_password(password: &str, names: &[&str]) -> Result<(), PasswordProblem> {
    // Counted on bytes first, so that a huge input costs nothing more.
    if password.len() > 4 * MAX_PASSWORD_CHARS || password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    let lowered = password.to_lowercase();
    let mut inputs: Vec<String> = Vec::new();
    for name in names {
        for part in name
            .split(|c: char| !c.is_alphanumeric())
            .chain(std::iter::once(*name))
        {
            let part = part.trim().to_lowercase();
            if part.chars().count() >= 3 {
                if lowered.contains(&part) {
                    return Err(PasswordProblem::ContainsName);
                }
                inputs.push(part);
            }
        }
    }
    inputs.extend(LOCAL_WORDS.iter().map(|w| (*w).to_string()));
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    if estimate.guesses_log10() < MIN_GUESSES_LOG10 {
        return Err(PasswordProblem::TooGuessable);
    }
    Ok(())
}

/// [`check_password`] without names, as a [`ValidationError`].
pub fn check_password_strength(password: &str) -> Result<(), ValidationError> {
    check_password(password, &[]).map_err(ValidationError::from)
}

/// A signed-in browser. The token itself is only in the cookie; the store keeps its
/// hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub tenant: Id,
    pub user_id: Id,
    pub csrf_token: String,
    pub expires_at: time::OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_and_passwords_are_checked() {
        let mut user = NewUser {
            username: "anna.berg".to_string(),
            display_name: "Anna Berg".to_string(),
            role: Role::Reporter,
            units: vec![],
            must_change_password: false,
        };
        assert!(user.validate().is_ok());
        user.username = "anna berg".to_string();
        assert_eq!(user.validate().unwrap_err().field, "username");
        assert!(check_password_strength("kort").is_err());
        assert!(check_password_strength("långt nog lösenord").is_ok());
    }

    #[test]
    fn user_names_fold_to_one_safe_form() {
        assert_eq!(normalize_username("Admin").as_deref(), Ok("admin"));
        assert_eq!(
            normalize_username(" ANNA.Berg ").as_deref(),
            Ok("anna.berg")
        );
        // Full-width letters are the same name after NFKC.
        assert_eq!(normalize_username("ａｄｍｉｎ").as_deref(), Ok("admin"));
        assert_eq!(
            normalize_username("anna.berg@ostersund.se").as_deref(),
            Ok("anna.berg@ostersund.se")
        );
        for refused in [
            "",
            "аdmin", // Cyrillic а
            "åsa",
            "anna berg",
            ".anna",
            "-x",
            "a/b",
            "a<b>",
            &"a".repeat(65),
            &"a".repeat(100_000),
        ] {
            assert!(normalize_username(refused).is_err(), "{refused:?}");
        }
        assert!(normalize_username(&"a".repeat(64)).is_ok());
        for demo in [
            "admin",
            "controller",
            "bun.sekreterare",
            "revisor",
            "anna.berg",
        ] {
            assert_eq!(normalize_username(demo).as_deref(), Ok(demo));
        }
    }

    #[test]
    fn common_and_trivial_passwords_are_refused() {
        for weak in [
            "aaaaaaaaaaaa",
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "abcdefghijkl",
            "Password1234!",
            "sommar2024sommar",
            "riktning2024!",
        ] {
            assert_eq!(
                check_password(weak, &[]),
                Err(PasswordProblem::TooGuessable),
                "{weak}"
            );
        }
        assert_eq!(
            check_password("anna.berg.är.bäst", &["anna.berg", "Anna Berg"]),
            Err(PasswordProblem::ContainsName)
        );
        assert_eq!(check_password("kort", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(
            check_password(&"x".repeat(100_000), &[]),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(check_password("fjällräv kanel hopprep", &["anna"]), Ok(()));
        // The browser tests' RIKTNING_ADMIN_PASSWORD (e2e/playwright.config.js).
        assert_eq!(
            check_password("e2e-lösenord-som-är-långt", &["admin"]),
            Ok(())
        );
    }
}
