//! A heading that reads as a goal or an area, as the readers of different layouts
//! (numbered headings, bullet lists, areas) propose it to the structure reader.

use riktning_domain::Confidence;

use crate::heading::GoalHeading;

/// A heading that reads as a goal or an area.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub block: usize,
    pub heading: GoalHeading,
    pub statement: String,
    pub line: usize,
    pub level: Option<u8>,
    /// The block the statement was taken from when the heading was only "Mål 1".
    pub statement_block: Option<usize>,
    /// A name the heading gives before the statement ("1.1 Ledning – …").
    pub short_name: Option<String>,
    /// Lines of the heading's (or statement's) block after the statement: the start of
    /// the text ("Livskvalitet" over "Området handlar om …").
    pub rest_lines: Vec<String>,
    /// The heading of the section when the statement came from elsewhere (a list item
    /// matched to the section "Ett starkt näringsliv").
    pub section_title: Option<String>,
    /// Whether the text after the heading, up to the next heading, is the goal's. A goal
    /// read from a list item without a section of its own has none.
    pub owns_section: bool,
    /// An area over goals rather than a goal.
    pub area: bool,
    pub confidence: Confidence,
    pub doubt: Option<String>,
}

impl Candidate {
    pub fn new(block: usize, line: usize, heading: GoalHeading, statement: String) -> Self {
        Candidate {
            block,
            area: heading.area,
            heading,
            statement,
            line,
            level: None,
            statement_block: None,
            short_name: None,
            rest_lines: Vec::new(),
            section_title: None,
            owns_section: true,
            confidence: Confidence::SURE,
            doubt: None,
        }
    }

    /// The last block the heading and statement take.
    pub fn head_end(&self) -> usize {
        self.statement_block.unwrap_or(self.block)
    }
}
