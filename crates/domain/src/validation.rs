/// A value that breaks a domain rule. `field` names the field so that a form or an
/// error line can point at it; `problem` says which kind of rule, so that an interface
/// in another language can say it in its own words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ValidationError {
    pub field: &'static str,
    pub message: String,
    pub problem: ValidationProblem,
}

/// The kinds of rule every text field shares, and the rest, which belong to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationProblem {
    /// Nothing visible was given where something is needed.
    Empty,
    /// A control character, or a line break where one line is wanted, at this
    /// character (counted from 1).
    ControlCharacter { at: usize },
    /// A rule of the field itself, such as a year out of range.
    Other,
}

impl ValidationError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
            problem: ValidationProblem::Other,
        }
    }

    fn of(problem: ValidationProblem, field: &'static str, message: impl Into<String>) -> Self {
        Self {
            problem,
            ..Self::new(field, message)
        }
    }
}

/// Characters that show nothing: whitespace, and the invisible ones that text pasted
/// from Word or the web carries (zero-width space and joiners, word joiner, soft
/// hyphen, byte-order mark, no-break spaces, the Mongolian vowel separator, and the
/// invisible operators U+2061–U+2064). A text of only these is empty to a reader.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}'..='\u{200d}'
                | '\u{2060}'..='\u{2064}'
                | '\u{feff}'
                | '\u{ad}'
                | '\u{180e}'
                | '\u{34f}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{3164}'
                | '\u{ffa0}'
        )
}

/// True when `value` shows nothing: empty, or only whitespace and invisible characters.
pub fn is_blank(value: &str) -> bool {
    value.chars().all(is_invisible)
}

/// True when `value` is a one-line text a form may store: it shows something and holds
/// no control characters (line breaks and tabs included). Forms check this first so
/// that people get their own message instead of the store's.
pub fn is_one_line_text(value: &str) -> bool {
    !is_blank(value) && !value.chars().any(char::is_control)
}

/// Whether a text is one line (a name, a title, a statement) or may hold several
/// (Markdown, a comment, a reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lines {
    One,
    Many,
}

/// Refuses control characters: NUL, escape and the other C0 and C1 controls, and DEL.
/// They cannot be typed, do nothing good in a page or a report, and in a terminal
/// they can move the cursor or rewrite what is shown. Text of several lines keeps line
/// breaks (`\n`, and the `\r` browsers send with them) and tabs.
pub(crate) fn check_text(
    field: &'static str,
    value: &str,
    lines: Lines,
) -> Result<(), ValidationError> {
    let allowed = |c: char| lines == Lines::Many && matches!(c, '\n' | '\r' | '\t');
    match value
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && !allowed(*c))
    {
        None => Ok(()),
        Some((position, c)) => Err(ValidationError::of(
            ValidationProblem::ControlCharacter { at: position + 1 },
            field,
            format!(
                "contains the control character U+{:04X} at character {}; remove it",
                u32::from(c),
                position + 1
            ),
        )),
    }
}

/// Like [`check_text`] for an optional text.
pub(crate) fn check_optional(
    field: &'static str,
    value: Option<&str>,
    lines: Lines,
) -> Result<(), ValidationError> {
    value.map_or(Ok(()), |v| check_text(field, v, lines))
}

/// A one-line text that must show something.
pub(crate) fn require_text(field: &'static str, value: &str) -> Result<(), ValidationError> {
    require(field, value, Lines::One)
}

/// A text of one or more lines that must show something.
pub(crate) fn require_lines(field: &'static str, value: &str) -> Result<(), ValidationError> {
    require(field, value, Lines::Many)
}

fn require(field: &'static str, value: &str, lines: Lines) -> Result<(), ValidationError> {
    check_text(field, value, lines)?;
    if is_blank(value) {
        Err(ValidationError::of(
            ValidationProblem::Empty,
            field,
            "must not be empty",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_text_is_empty() {
        for blank in [
            "",
            "   ",
            "\u{200b}",
            "\u{2060}\u{200b} \u{feff}",
            "\u{ad}\u{a0}\u{202f}",
            "\t\n",
        ] {
            assert!(is_blank(blank), "{blank:?}");
            let refused = require_lines("analysis", blank).expect_err("blank");
            assert_eq!(refused.message, "must not be empty");
            assert_eq!(refused.problem, ValidationProblem::Empty);
        }
        let refused = require_text("statement", "\u{200b}\u{2060}").expect_err("blank");
        assert_eq!(refused.to_string(), "statement: must not be empty");
        assert!(!is_blank("\u{200b}a"));
        assert!(require_text("statement", "Trygg kommun").is_ok());
    }

    #[test]
    fn control_characters_are_refused_and_line_breaks_kept_where_lines_may_be_many() {
        for bad in ["a\u{0}b", "\u{1b}[2J", "a\u{7f}", "a\u{85}b", "x\u{9b}31m"] {
            let one = check_text("name", bad, Lines::One).expect_err(bad);
            assert_eq!(one.field, "name");
            assert!(one.message.contains("control character U+"), "{one}");
            assert!(matches!(
                one.problem,
                ValidationProblem::ControlCharacter { .. }
            ));
            assert!(check_text("text", bad, Lines::Many).is_err(), "{bad:?}");
        }
        let refused = check_text("name", "Trygg\u{1b}[31m", Lines::One).expect_err("escape");
        assert_eq!(
            refused.message,
            "contains the control character U+001B at character 6; remove it"
        );
        let paragraphs = "Första stycket.\r\n\r\n- punkt\tmed tabb";
        assert!(check_text("text", paragraphs, Lines::Many).is_ok());
        assert!(check_text("name", "två\nrader", Lines::One).is_err());
        assert!(require_lines("comment", "\u{200b}\n").is_err());
        assert!(require_lines("comment", "Beskriv\nåtgärderna").is_ok());
    }
}
