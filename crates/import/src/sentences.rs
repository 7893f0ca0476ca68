//! Sentence splitting and commitments ("ska"-sentences) in Swedish political text.

use std::sync::LazyLock;

use regex::Regex;
use riktning_domain::CommitmentDraft;

/// Abbreviations whose final period does not end a sentence (lowercase, without the
/// final period).
const ABBREVIATIONS: [&str; 24] = [
    "t.ex", "bl.a", "m.m", "d.v.s", "dvs", "s.k", "ca", "resp", "nr", "jfr", "m.fl", "fr.o.m",
    "t.o.m", "p.g.a", "pga", "o.d", "s", "kap", "st", "inkl", "exkl", "tel", "ev", "mkr",
];

static SKA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:ska|skall)\b").expect("the ska pattern is valid"));

/// Splits one paragraph into sentences, returned as slices of `text` (trimmed), so that
/// every sentence is a substring of the paragraph.
pub(crate) fn split_sentences(text: &str) -> Vec<&str> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            // Closing quotes and brackets belong to the sentence they end.
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end].1, '"' | '”' | '’' | '\'' | ')' | '»')
            {
                end += 1;
            }
            let mut next = end;
            while next < chars.len() && chars[next].1.is_whitespace() {
                next += 1;
            }
            let spaced = next > end;
            let starts_new = chars.get(next).is_some_and(|(_, n)| {
                n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '”' | '«' | '\'')
            });
            if spaced && starts_new && !(c == '.' && is_abbreviation(&text[start..at])) {
                let end_byte = chars.get(end).map_or(text.len(), |(b, _)| *b);
                push_trimmed(&mut sentences, &text[start..end_byte]);
                start = chars.get(next).map_or(text.len(), |(b, _)| *b);
                i = next;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(&mut sentences, &text[start..]);
    sentences
}

fn push_trimmed<'a>(sentences: &mut Vec<&'a str>, sentence: &'a str) {
    let sentence = sentence.trim();
    if !sentence.is_empty() {
        sentences.push(sentence);
    }
}

/// Does the text before a period end with an abbreviation ("t.ex", "bl.a", "ca")?
fn is_abbreviation(before_period: &str) -> bool {
    let word = before_period
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
}

/// Whether `text` says "ska" or "skall" anywhere, as a commitment does.
pub(crate) fn has_commitment_verb(text: &str) -> bool {
    SKA.is_match(text)
}

static PURPOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:för|så)\s+att\b").expect("the purpose pattern is valid")
});

/// A sentence commits to something when it has a "ska" that is not in a purpose clause:
/// "… för att fler elever ska klara kunskapskraven" says why, not what.
fn commits(sentence: &str) -> bool {
    SKA.find_iter(sentence).any(|found| {
        let before = &sentence[..found.start()];
        let clause = before.rsplit([',', ';']).next().unwrap_or(before);
        !PURPOSE.is_match(clause)
    })
}

/// Whether two sentences have the same words, whatever their punctuation: a goal's
/// statement repeated in its text is not a commitment of its own.
pub(crate) fn same_sentence(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    words(a) == words(b)
}

/// Every sentence with "ska" or "skall" in a Markdown political text, exactly as it
/// stands, except where the only "ska" is in a purpose clause.
pub(crate) fn commitments(markdown: &str) -> Vec<CommitmentDraft> {
    markdown
        .lines()
        .map(|line| {
            line.strip_prefix("- ")
                .or_else(|| line.strip_prefix("### "))
                .unwrap_or(line)
        })
        .flat_map(split_sentences)
        .filter(|sentence| commits(sentence))
        .map(|sentence| CommitmentDraft {
            text: sentence.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_sentence_ends() {
        assert_eq!(
            split_sentences("Vi bygger. Ni bor! Vem vet? 2030 är nära. \"Citat\" sist."),
            vec![
                "Vi bygger.",
                "Ni bor!",
                "Vem vet?",
                "2030 är nära.",
                "\"Citat\" sist."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_and_lowercase_continuations() {
        assert_eq!(
            split_sentences("Vi satsar bl.a. på skolan, t.ex. Lärare ska få stöd. Klart."),
            vec![
                "Vi satsar bl.a. på skolan, t.ex. Lärare ska få stöd.",
                "Klart."
            ]
        );
        assert_eq!(
            split_sentences("Det gäller ca. 300 personer. Sedan mer."),
            vec!["Det gäller ca. 300 personer.", "Sedan mer."]
        );
        assert_eq!(
            split_sentences("Utgångspunkten är FN:s globala mål. Gustav III:s torg ska bli fint."),
            vec![
                "Utgångspunkten är FN:s globala mål.",
                "Gustav III:s torg ska bli fint."
            ]
        );
        assert_eq!(
            split_sentences("version 1.2 gäller. slut"),
            vec!["version 1.2 gäller. slut"]
        );
    }

    #[test]
    fn commitments_are_ska_sentences() {
        let text = "Kommunen ska växa. Det skapar jobb.\n\n- Skolan skall vara bra.\n- Inget här.\n\nDet ska vara enkelt. Skatten ökar inte.";
        let found: Vec<String> = commitments(text).into_iter().map(|c| c.text).collect();
        assert_eq!(
            found,
            vec![
                "Kommunen ska växa.",
                "Skolan skall vara bra.",
                "Det ska vara enkelt."
            ]
        );
        assert!(commitments("Vi skapar och skapas.").is_empty());
        assert!(
            commitments("Vi satsar på läsning, för att fler elever ska klara målen.").is_empty()
        );
        assert_eq!(
            commitments("Regionen ska arbeta förebyggande så att fler ska må bra.").len(),
            1
        );
    }
}
