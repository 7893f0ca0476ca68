//! The workspace's words, in Swedish and English. The catalogues are Fluent files
//! (`locales/*.ftl`) of plain `key = text` messages, read once at start-up.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::http::HeaderMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Sv,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Sv => Lang::En,
            Lang::En => Lang::Sv,
        }
    }

    fn parse(code: &str) -> Option<Lang> {
        let primary = code
            .trim()
            .split(['-', '_', ';'])
            .next()?
            .to_ascii_lowercase();
        match primary.as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language chosen with the switch (a cookie), else the browser's first
    /// language we have, else Swedish.
    pub fn from_request(headers: &HeaderMap) -> Lang {
        if let Some(chosen) =
            crate::auth::cookie(headers, LANG_COOKIE).and_then(|c| Lang::parse(&c))
        {
            return chosen;
        }
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(|list| list.split(',').find_map(Lang::parse))
            .unwrap_or(Lang::Sv)
    }

    pub fn parse_choice(code: &str) -> Option<Lang> {
        Lang::parse(code)
    }
}

pub const LANG_COOKIE: &str = "riktning_lang";

fn parse_catalogue(source: &'static str) -> HashMap<&'static str, &'static str> {
    source
        .lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, text)| (key.trim(), text.trim()))
        .collect()
}

static SV: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse_catalogue(include_str!("../locales/sv.ftl")));
static EN: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| parse_catalogue(include_str!("../locales/en.ftl")));

/// The message for `key`, or `None` when neither catalogue has it: for labels that
/// fall back to something else than "?".
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let catalogue = match lang {
        Lang::Sv => &*SV,
        Lang::En => &*EN,
    };
    catalogue.get(key).or_else(|| SV.get(key)).copied()
}

/// The message for `key`; "?" if neither catalogue has it (a test keeps the
/// catalogues complete).
pub fn text(lang: Lang, key: &str) -> &'static str {
    let catalogue = match lang {
        Lang::Sv => &*SV,
        Lang::En => &*EN,
    };
    catalogue
        .get(key)
        .copied()
        .unwrap_or_else(|| SV.get(key).copied().unwrap_or("?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogues_have_the_same_messages() {
        let mut sv: Vec<&str> = SV.keys().copied().collect();
        let mut en: Vec<&str> = EN.keys().copied().collect();
        sv.sort_unstable();
        en.sort_unstable();
        assert_eq!(sv, en);
        assert!(sv.len() > 40);
    }

    #[test]
    fn accept_language_picks_the_first_known() {
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::ACCEPT_LANGUAGE,
            "de-DE, en-GB;q=0.8, sv;q=0.5".parse().expect("header"),
        );
        assert_eq!(Lang::from_request(&headers), Lang::En);
        assert_eq!(Lang::from_request(&HeaderMap::new()), Lang::Sv);
        assert_eq!(text(Lang::En, "nav-overview"), "Overview");
    }
}
