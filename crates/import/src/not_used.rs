//! Lines that are neither a goal, nor its text, nor the decision: image descriptions
//! left over from a web page ("Bild: …", "Foto som visar …"). They are left out of the
//! goals' texts and listed, so that nothing disappears silently.

use std::sync::LazyLock;

use regex::Regex;

use crate::block::Block;

static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:bild|foto|fotografi|bildtext|illustration|grafik)\s*:|^(?:foto|bild|bilden|fotot|illustration)\s+(?:som\s+)?(?:visar|föreställer)\b",
    )
    .expect("the image description pattern is valid")
});

/// Longer lines are prose that happens to begin like a caption.
const MAX_CAPTION: usize = 200;

/// The blocks that describe an image, by index: a single short line that begins like a
/// caption and commits to nothing ("Bilden visar att kostnaderna ökar, och kommunen ska
/// …" is political text).
pub(crate) fn image_descriptions(blocks: &[Block]) -> Vec<usize> {
    blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| !block.is_heading() && block.lines.len() == 1)
        .filter(|(_, block)| {
            let text = block.text();
            let text = text.trim();
            text.chars().count() <= MAX_CAPTION
                && IMAGE.is_match(text)
                && !crate::sentences::has_commitment_verb(text)
        })
        .map(|(index, _)| index)
        .collect()
}

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
        assert_eq!(image_descriptions(&blocks), [0, 1, 2]);
    }
}
