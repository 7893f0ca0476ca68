//! The confirmation after an action. A handler that redirects after a change adds
//! `gjort=<what>` to the address it sends the visitor to; the page there says what was
//! done at the top, in a status region that screen readers announce. Only the actions
//! listed in the catalogue (`done-<what>`) are said, so an address cannot put words on
//! a page.

use crate::i18n::{Lang, lookup};

/// `path` with `gjort=<what>` added to its query.
pub fn to(path: &str, what: &str) -> String {
    let joiner = if path.contains('?') { '&' } else { '?' };
    format!("{path}{joiner}gjort={what}")
}

/// The `gjort=` of a query string, if it names a known action.
pub fn from_query(query: Option<&str>) -> Option<String> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "gjort")
        .map(|(_, what)| what)
        .filter(|what| what.len() <= 40 && lookup(Lang::Sv, &format!("done-{what}")).is_some())
        .map(str::to_string)
}

/// What `what` says in `lang`.
pub fn message(lang: Lang, what: &str) -> Option<&'static str> {
    lookup(lang, &format!("done-{what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_actions_are_confirmed() {
        assert_eq!(
            to("/arbeta/mal/3", "mal-sparat"),
            "/arbeta/mal/3?gjort=mal-sparat"
        );
        assert_eq!(
            to("/arbeta/mal/3?period=2", "mal-sparat"),
            "/arbeta/mal/3?period=2&gjort=mal-sparat"
        );
        assert_eq!(
            from_query(Some("period=2&gjort=mal-sparat")).as_deref(),
            Some("mal-sparat")
        );
        assert_eq!(from_query(Some("gjort=%3Cscript%3E")), None);
        assert_eq!(from_query(Some("gjort=okant")), None);
        assert_eq!(from_query(None), None);
        assert!(message(Lang::Sv, "mal-sparat").is_some());
    }
}
