//! Unwrapping physical lines into running text, undoing the hyphenation a layout program
//! added at line ends while keeping the hyphens a writer typed.

/// Words after which a line-final hyphen is a shared-suffix hyphen ("kultur- och idrott").
const KEEP_HYPHEN_BEFORE: [&str; 6] = ["och", "eller", "samt", "respektive", "resp.", "till"];

/// Joins lines with single spaces, collapsing runs of spaces, and repairs line-end hyphens:
/// `tillgänglighets-` + `arbete` → `tillgänglighetsarbete`, but `Lit- ` + `Häggenås` keeps
/// the writer's hyphen and `kultur-` + `och` keeps "kultur- och".
pub(crate) fn join_lines<S: AsRef<str>>(lines: &[S]) -> String {
    // Trailing spaces matter: "Lit- " ends with a typed hyphen, "Lit-" may be layout.
    let cleaned: Vec<(&str, bool)> = lines
        .iter()
        .map(|raw| {
            let raw = raw.as_ref();
            let trailing_space = raw.len() != raw.trim_end().len();
            (raw.trim(), trailing_space)
        })
        .filter(|(line, _)| !line.is_empty())
        .collect();
    let mut out = String::new();
    for (index, (line, _)) in cleaned.iter().enumerate() {
        if index > 0 {
            let (previous, previous_spaced) = cleaned[index - 1];
            match line_end_hyphen(previous, previous_spaced, line) {
                Hyphen::Layout => {
                    out.pop();
                }
                Hyphen::Compound => {}
                Hyphen::None => out.push(' '),
            }
        }
        out.push_str(line);
    }
    collapse_spaces(&out)
}

enum Hyphen {
    /// Added by the layout: drop it and glue the halves.
    Layout,
    /// Part of a compound ("IT-" + "infrastruktur"): keep it and glue.
    Compound,
    /// Not a line-end hyphen (or a writer's "Lit- ", "kultur- och"): join with a space.
    None,
}

fn line_end_hyphen(previous: &str, previous_spaced: bool, next: &str) -> Hyphen {
    if previous_spaced || !previous.ends_with('-') {
        return Hyphen::None;
    }
    let before = previous[..previous.len() - 1].chars().next_back();
    let Some(before) = before else {
        return Hyphen::None;
    };
    if !before.is_alphanumeric() {
        return Hyphen::None;
    }
    let next_word = next.split_whitespace().next().unwrap_or("");
    if KEEP_HYPHEN_BEFORE
        .iter()
        .any(|word| next_word.eq_ignore_ascii_case(word) || next_word == *word)
    {
        return Hyphen::None;
    }
    let next_first = next.chars().next();
    match next_first {
        Some(c) if c.is_lowercase() => {
            // "IT-" + "infrastruktur": an abbreviation keeps its hyphen.
            if before.is_uppercase() || before.is_ascii_digit() {
                Hyphen::Compound
            } else {
                Hyphen::Layout
            }
        }
        Some(c) if c.is_alphanumeric() => Hyphen::Compound,
        _ => Hyphen::None,
    }
}

/// Single spaces only; the readers have already turned no-break spaces into spaces.
pub(crate) fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_hyphen_is_removed() {
        assert_eq!(
            join_lines(&["ett aktivt tillgänglighets-", "arbete för att"]),
            "ett aktivt tillgänglighetsarbete för att"
        );
    }

    #[test]
    fn hyphen_followed_by_space_is_kept() {
        assert_eq!(
            join_lines(&["Torvalla, Brunflo, Lit- ", "Häggenås samt"]),
            "Torvalla, Brunflo, Lit- Häggenås samt"
        );
    }

    #[test]
    fn shared_suffix_hyphen_is_kept() {
        assert_eq!(
            join_lines(&["arrangeras kultur-", "och idrottsevenemang"]),
            "arrangeras kultur- och idrottsevenemang"
        );
        assert_eq!(
            join_lines(&["jämställdhets- ", "och jämlikhet"]),
            "jämställdhets- och jämlikhet"
        );
    }

    #[test]
    fn abbreviation_hyphen_is_glued() {
        assert_eq!(
            join_lines(&["en väl utbyggd IT-", "infrastruktur"]),
            "en väl utbyggd IT-infrastruktur"
        );
    }

    #[test]
    fn spaces_are_collapsed_and_empty_lines_skipped() {
        assert_eq!(join_lines(&["  a   b ", "", "c  "]), "a b c");
        assert_eq!(join_lines::<&str>(&[]), "");
        assert_eq!(join_lines(&["-", "-"]), "- -");
    }
}
