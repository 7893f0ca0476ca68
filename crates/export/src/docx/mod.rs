//! The goal section as a Word document, written as OOXML by hand (a zip of XML parts
//! from `package`). We do not use docx-rs: version 0.4 gives every picture the same
//! `docPr` id and name and no description, so its charts cannot carry alt text. Here
//! every chart is a picture with its own id and its description in `descr`, tables
//! repeat their header row on each page, and the headings are Word's own.

mod package;

use std::fmt::Write;

use crate::markdown::Block;
use crate::raster;
use crate::section::{GoalSection, IndicatorSection, Section, Status};
use crate::xml::escape;
use crate::{ExportError, Format, words};

use package::{Media, Package};

/// A chart's width on the page: 16 cm, in English Metric Units.
const CHART_WIDTH_EMU: i64 = 16 * 360_000;

pub fn render(section: &Section) -> Result<Vec<u8>, ExportError> {
    let mut document = Document::default();
    document.write(section)?;
    let title = if section.draft {
        format!("{} – {}", words::DRAFT, section.title)
    } else {
        section.title.clone()
    };
    let header = if section.draft {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="right"/></w:pPr>{}</w:p>"#,
            run(words::DRAFT, Style::Bold)
        )
    } else {
        r#"<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p>"#.to_string()
    };
    let footer = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        run(
            &format!("{} · {} · ", section.author, section.title),
            Style::Plain
        )
    );
    package::zip(Package {
        title: &title,
        author: &section.author,
        subject: &section.subtitle,
        body: document.body,
        header,
        footer,
        media: document.media,
    })
    .map_err(|e| ExportError::write(Format::Docx, e))
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Bold,
}

fn run(text: &str, style: Style) -> String {
    let bold = if style == Style::Bold {
        "<w:rPr><w:b/></w:rPr>"
    } else {
        ""
    };
    format!(
        r#"<w:r>{bold}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

#[derive(Default)]
struct Document {
    body: String,
    media: Vec<Media>,
}

impl Document {
    fn paragraph(&mut self, style: Option<&str>, runs: &str) {
        let style = style
            .map(|s| format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#))
            .unwrap_or_default();
        let _ = write!(self.body, "<w:p>{style}{runs}</w:p>");
    }

    fn text(&mut self, text: &str) {
        self.paragraph(None, &run(text, Style::Plain));
    }

    fn heading(&mut self, level: u8, text: &str) {
        self.paragraph(Some(&format!("Heading{level}")), &run(text, Style::Plain));
    }

    /// "Label: text", with the label in bold.
    fn labelled(&mut self, label: &str, text: &str) {
        self.paragraph(
            None,
            &format!(
                "{}{}",
                run(&format!("{label}: "), Style::Bold),
                run(text, Style::Plain)
            ),
        );
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(text) => self.text(text),
                Block::Item(text) => self.paragraph(Some("ListBullet"), &run(text, Style::Plain)),
            }
        }
    }

    /// A table whose first row is its header, repeated on every page it runs over; the
    /// columns from `numeric_from` on are right-aligned numbers.
    fn table(
        &mut self,
        caption: &str,
        header: &[String],
        rows: &[Vec<String>],
        numeric_from: usize,
    ) {
        let _ = write!(
            self.body,
            r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/><w:tblCaption w:val="{}"/></w:tblPr><w:tblGrid>"#,
            escape(caption)
        );
        for _ in header {
            self.body.push_str("<w:gridCol/>");
        }
        self.body.push_str("</w:tblGrid>");
        let cell = |text: &str, column: usize, bold: bool| {
            let align = if column >= numeric_from {
                r#"<w:jc w:val="right"/>"#
            } else {
                ""
            };
            format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr><w:p><w:pPr>{align}</w:pPr>{}</w:p></w:tc>"#,
                run(text, if bold { Style::Bold } else { Style::Plain })
            )
        };
        self.body
            .push_str(r#"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"#);
        for (column, text) in header.iter().enumerate() {
            self.body.push_str(&cell(text, column, true));
        }
        self.body.push_str("</w:tr>");
        for row in rows {
            self.body
                .push_str(r#"<w:tr><w:trPr><w:cantSplit/></w:trPr>"#);
            for (column, text) in row.iter().enumerate() {
                self.body.push_str(&cell(text, column, false));
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
        // Word needs a paragraph between two tables, and it gives air after one.
        self.paragraph(None, "");
    }

    /// The chart as a PNG picture with its alt text in `descr`, each with its own id.
    fn chart(&mut self, svg: &str, alt: &str) -> Result<(), ExportError> {
        let svg = svg.replacen(
            "<svg ",
            &format!("<svg font-family=\"{}\" ", raster::FONT_FAMILY),
            1,
        );
        let png = raster::png(&svg, 2.0).map_err(|e| ExportError::write(Format::Docx, e))?;
        let (width, height) = raster::size(&svg).unwrap_or((560.0, 260.0));
        let number = self.media.len() + 1;
        let id = format!("rIdChart{number}");
        let cx = CHART_WIDTH_EMU;
        let cy = (CHART_WIDTH_EMU as f64 * f64::from(height) / f64::from(width)).round() as i64;
        let alt = escape(alt);
        let _ = write!(
            self.body,
            r#"<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{number}" name="Diagram {number}" descr="{alt}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="diagram{number}.png" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
        );
        self.media.push(Media {
            id,
            file: format!("diagram{number}.png"),
            bytes: png,
        });
        Ok(())
    }

    fn write(&mut self, section: &Section) -> Result<(), ExportError> {
        self.paragraph(Some("Title"), &run(&section.title, Style::Plain));
        self.paragraph(Some("Subtitle"), &run(&section.subtitle, Style::Plain));
        if section.draft {
            self.paragraph(None, &run(words::DRAFT_NOTE, Style::Bold));
        }
        self.text(&section.introduction);
        self.heading(1, words::SUMMARY);
        let rows: Vec<Vec<String>> = section
            .summary
            .iter()
            .map(|r| {
                vec![
                    r.code.clone(),
                    r.goal.clone(),
                    r.kind.label().to_string(),
                    status_text(r.status.as_ref()),
                ]
            })
            .collect();
        self.table(
            words::SUMMARY,
            &[
                "Kod".to_string(),
                words::GOAL.to_string(),
                words::KIND.to_string(),
                words::ASSESSMENT.to_string(),
            ],
            &rows,
            usize::MAX,
        );
        self.heading(2, words::DECISION);
        self.text(section.decision.as_deref().unwrap_or(words::NO_DECISION));
        for goal in &section.goals {
            self.goal(goal)?;
        }
        self.heading(1, words::SOURCES);
        if section.sources.is_empty() {
            self.text(words::NO_SOURCES);
        }
        for source in &section.sources {
            self.paragraph(Some("ListBullet"), &run(source, Style::Plain));
        }
        self.heading(1, words::METHOD);
        for line in &section.method {
            self.text(line);
        }
        self.heading(1, words::EVALUATION);
        self.text(words::EVALUATION_INTRO);
        let evaluation = &section.evaluation;
        let (header, rows) = evaluation.table();
        self.table(words::EVALUATION, &header, &rows, 1);
        self.labelled(
            words::VERDICT_SUGGESTED,
            &format!("{}.", evaluation.suggestion.label()),
        );
        self.text(&evaluation.rule);
        if let Some(conclusion) = &evaluation.conclusion {
            self.heading(2, words::CONCLUSION);
            self.labelled(
                words::CONCLUSION_VERDICT,
                &format!("{}.", conclusion.verdict),
            );
            self.blocks(&conclusion.text);
            self.text(&conclusion.written);
        } else if evaluation.of_period {
            self.heading(2, words::CONCLUSION);
            self.text(words::CONCLUSION_MISSING);
        }
        Ok(())
    }

    fn goal(&mut self, goal: &GoalSection) -> Result<(), ExportError> {
        self.heading(1, &format!("{} {}", goal.code, goal.heading));
        self.text(&goal.statement);
        self.text(&format!(
            "{} · {}: {}",
            goal.kind.label(),
            words::RESPONSIBLE,
            goal.responsible
        ));
        self.labelled(words::ASSESSMENT, &status_text(goal.status.as_ref()));
        if !goal.analysis.is_empty() {
            self.heading(2, words::ANALYSIS);
            self.blocks(&goal.analysis);
        }
        if !goal.actions.is_empty() {
            self.heading(2, words::ACTIONS);
            self.blocks(&goal.actions);
        }
        if let Some(suggestion) = &goal.suggestion {
            self.labelled(words::SUGGESTION, suggestion);
        }
        if let Some(deviation) = &goal.deviation {
            self.labelled(words::DEVIATION, deviation);
        }
        if let Some(approved) = &goal.approved {
            self.text(approved);
        }
        if !goal.indicators.is_empty() {
            self.heading(2, words::INDICATORS);
            for indicator in &goal.indicators {
                self.indicator(indicator)?;
            }
        }
        if !goal.commitments.is_empty() {
            self.heading(2, words::COMMITMENTS);
            let rows: Vec<Vec<String>> = goal
                .commitments
                .iter()
                .map(|c| vec![c.text.clone(), c.status.to_string()])
                .collect();
            self.table(
                words::COMMITMENTS,
                &[words::COMMITMENTS.to_string(), "Status".to_string()],
                &rows,
                usize::MAX,
            );
        }
        if !goal.contributions.is_empty() {
            self.heading(2, words::CONTRIBUTIONS);
            for contribution in &goal.contributions {
                self.heading(
                    3,
                    &format!(
                        "{}: {} {}",
                        contribution.unit, contribution.code, contribution.goal
                    ),
                );
                self.labelled(
                    words::ASSESSMENT,
                    &status_text(contribution.status.as_ref()),
                );
                self.blocks(&contribution.analysis);
            }
        }
        Ok(())
    }

    fn indicator(&mut self, indicator: &IndicatorSection) -> Result<(), ExportError> {
        let name = indicator.title();
        self.heading(3, &name);
        if indicator.rows.is_empty() {
            self.text(words::NO_VALUES);
        } else {
            let (header, rows) = indicator.table();
            self.table(&name, &header, &rows, 1);
        }
        if let Some(target) = &indicator.target {
            self.text(target);
        }
        if let Some(forecast) = &indicator.forecast {
            self.text(forecast);
        }
        if let Some(chart) = &indicator.chart {
            self.chart(&chart.svg, &chart.alt)?;
        }
        self.paragraph(Some("Caption"), &run(&indicator.source, Style::Plain));
        Ok(())
    }
}

fn status_text(status: Option<&Status>) -> String {
    status.map_or_else(|| words::NOT_ASSESSED.to_string(), Status::text)
}
