//! The common stream every format reader produces, so that the rules about goals live in
//! one place ([`crate::structure`]) whatever the file format.

use crate::dehyphen::join_lines;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BlockKind {
    /// A heading. `level` is known for formats with markup: 0 = document title, 1 = top
    /// heading. `number` is numbering the format kept outside the text (Word lists).
    Heading {
        level: Option<u8>,
        number: Option<String>,
    },
    Paragraph,
    Bullet,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    pub kind: BlockKind,
    /// 1-based source line (for DOCX: paragraph number).
    pub line: usize,
    /// The physical lines as they stood in the source, so that unwrapping rules (hyphens
    /// at line ends) and first-line headings can still be applied.
    pub lines: Vec<String>,
}

impl Block {
    pub fn new(kind: BlockKind, line: usize, first: String) -> Self {
        Block {
            kind,
            line,
            lines: vec![first],
        }
    }

    /// The block's text with its lines unwrapped.
    pub fn text(&self) -> String {
        join_lines(&self.lines)
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }

    pub fn level(&self) -> Option<u8> {
        match self.kind {
            BlockKind::Heading { level, .. } => level,
            _ => None,
        }
    }
}
