//! Lines that are neither a goal, nor its text, nor the decision: image descriptions
//! left over from a web page ("Bild: …", "Foto som visar …"), politicians' names and
//! titles, and labels that only announce what follows ("Beskrivning"). They are left out
//! of the goals' texts and listed with why, so that nothing disappears silently.

use std::sync::LazyLock;

use regex::Regex;
use riktning_domain::UnusedReason;

use crate::block::Block;

// Letters in these patterns are Latin-1 ranges (A-ZÀ-ÖØ-Þ capitals, a-zß-öø-ÿ small)
// rather than \p{L}: Unicode classes made the importer's patterns several times slower
// to compile, which every `riktning import` pays, and Swedish names and labels are
// written in these letters. The same holds in areas.rs, indicators.rs and targets.rs.

/// A party's letters in brackets after a name: "(S)", "(KD)".
const PARTIES: &str = r"S|M|C|V|L|KD|MP|SD|FP|FI|ÖP|SPI|LPo";

static PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)^
        (?:(?i:kommunalråd|regionråd|oppositionsråd|ordförande)\s+)?
        [A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'-]+(?:\s+[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'-]+){{1,3}}
        (?:
            \s*\((?:{PARTIES})\)(?:\s*,\s*[a-zß-öø-ÿ\s-]+)?
          | \s*,\s*[a-zß-öø-ÿ\s-]*(?:ordförande|kommunalråd|regionråd|oppositionsråd|ledamot|gruppledare)\b[a-zß-öø-ÿ\s-]*
        )$"
    ))
    .expect("the person pattern is valid")
});

static PERSON_WITH_TITLE_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:kommunalråd|regionråd|oppositionsråd|kommunstyrelsens\s+ordförande|ordförande)\s+[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'-]+(?:\s+[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'-]+){1,3}(?:\s*\([A-ZÅÄÖ]{1,3}\))?$")
        .expect("the title-first person pattern is valid")
});

/// Labels that announce what follows, and a web page's navigation words.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            beskrivning|bakgrundsbeskrivning|politisk\s+inriktning(?:\s+för\s+[A-Za-zÀ-ÖØ-öø-ÿ\d\s–-]+)?
          | indikator(?:er)?|nyckeltal|mått|målvärden?(?:\s+(?:19|20)\d{2})?|målnivå|indikator\s+och\s+målvärde
          | innehåll|innehållsförteckning|hoppa\s+till\s+innehållet|till\s+toppen|läs\s+mer|dela|skriv\s+ut
          | senast\s+uppdaterad.*|publicerad\s+(?:19|20)\d{2}.*
        )\s*:?$",
    )
    .expect("the label pattern is valid")
});

/// Why a block is none of a goal, its text or the decision, if it is not.
pub(crate) fn furniture(block: &Block) -> Option<UnusedReason> {
    if block.is_heading() || block.lines.len() != 1 {
        return None;
    }
    let text = block.text();
    let text = text.trim();
    if text.chars().count() > MAX_CAPTION || crate::sentences::has_commitment_verb(text) {
        return None;
    }
    if IMAGE.is_match(text) {
        Some(UnusedReason::Image)
    } else if PERSON.is_match(text) || PERSON_WITH_TITLE_FIRST.is_match(text) {
        Some(UnusedReason::Person)
    } else if LABEL.is_match(text) {
        Some(UnusedReason::Label)
    } else {
        None
    }
}

static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:bild|foto|fotografi|bildtext|illustration|grafik)\s*:|^(?:foto|bild|bilden|fotot|illustration)\s+(?:som\s+)?(?:visar|föreställer)\b",
    )
    .expect("the image description pattern is valid")
});

/// Whether a line begins like an image's caption ("Foto som visar …").
pub(crate) fn starts_like_caption(line: &str) -> bool {
    line.chars().count() <= MAX_CAPTION && IMAGE.is_match(line)
}

/// Longer lines are prose that happens to begin like a caption.
const MAX_CAPTION: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::BlockKind;

    #[test]
    fn image_descriptions_are_found_and_prose_is_not() {
        let blocks: Vec<Block> = [
            "Bild: Barn som leker i en park.",
            "Foto som visar Storsjön i vinterljus",
            "Bilden visar kommunhuset.",
            "Kommunen ska bygga fler förskolor.",
            "Bildning är viktigt för alla.",
            "Bilden visar att kostnaderna ökar, och kommunen ska därför spara.",
        ]
        .iter()
        .enumerate()
        .map(|(line, text)| Block::new(BlockKind::Paragraph, line + 1, (*text).to_string()))
        .collect();
        let images: Vec<usize> = (0..blocks.len())
            .filter(|i| furniture(&blocks[*i]) == Some(UnusedReason::Image))
            .collect();
        assert_eq!(images, [0, 1, 2]);
    }

    fn reason(text: &str) -> Option<UnusedReason> {
        furniture(&Block::new(BlockKind::Paragraph, 1, text.to_string()))
    }

    #[test]
    fn names_titles_and_labels_are_furniture() {
        use UnusedReason::{Label, Person};
        assert_eq!(
            reason("Anna Lindqvist (C), kommunstyrelsens ordförande"),
            Some(Person)
        );
        assert_eq!(reason("Per-Olof Nilsson (KD)"), Some(Person));
        assert_eq!(reason("Karin Holm, nämndens ordförande"), Some(Person));
        assert_eq!(reason("Kommunalråd Eva Berg"), Some(Person));
        assert_eq!(reason("Politisk inriktning för 2025"), Some(Label));
        assert_eq!(reason("Beskrivning"), Some(Label));
        assert_eq!(reason("Indikator"), Some(Label));
        assert_eq!(reason("Målvärde 2027:"), Some(Label));
        // Prose and goals are not.
        assert_eq!(
            reason("Anna Lindqvist ska leda arbetet, som ordförande"),
            None
        );
        assert_eq!(reason("Östersunds kommun, en plats för alla"), None);
        assert_eq!(reason("Beskrivning av läget i kommunen."), None);
        assert_eq!(reason("Trygg Kommun"), None);
    }
}
