//! The goal section as a tagged PDF (PDF/UA-1), compiled in-process by typst from
//! `templates/goal-section.typ`. The content goes in as `sys.inputs`, already worded
//! and formatted, so the template only lays it out. PDF/UA-1 stays on: typst refuses a
//! document without a title or an image without alt text, so a broken report fails
//! here rather than reaching a reader.

mod world;

use serde_json::{Value, json};

use crate::markdown::Block;
use crate::raster::FONT_FAMILY;
use crate::section::{IndicatorSection, Section, Status};
use crate::{ExportError, Format, words};

const TEMPLATE: &str = include_str!("../../templates/goal-section.typ");

pub fn render(section: &Section) -> Result<Vec<u8>, ExportError> {
    let inputs = inputs(section);
    world::compile(TEMPLATE, inputs).map_err(|reason| ExportError::write(Format::Pdf, reason))
}

fn status(status: Option<&Status>) -> Value {
    status.map_or(Value::Null, |s| Value::String(s.text()))
}

fn blocks(blocks: &[Block]) -> Value {
    blocks
        .iter()
        .map(|b| json!({"item": matches!(b, Block::Item(_)), "text": b.text()}))
        .collect()
}

/// The chart with the embedded font named, so that its text is set in the same font
/// as the page around it.
fn with_font(svg: &str) -> String {
    svg.replacen("<svg ", &format!("<svg font-family=\"{FONT_FAMILY}\" "), 1)
}

fn indicator(indicator: &IndicatorSection) -> Value {
    let (header, rows) = indicator.table();
    json!({
        "name": indicator.title(),
        "header": header,
        "rows": rows,
        "target": indicator.target,
        "forecast": indicator.forecast,
        "source": indicator.source,
        "chart": indicator.chart.as_ref().map(|c| json!({"svg": with_font(&c.svg), "alt": c.alt})),
    })
}

fn inputs(section: &Section) -> Value {
    let evaluation = &section.evaluation;
    let (count_header, count_rows) = evaluation.table();
    json!({
        "title": section.title,
        "subtitle": section.subtitle,
        "author": section.author,
        "footer": format!("{} · {}", section.author, section.title),
        "draft": section.draft,
        "draft_word": words::DRAFT,
        "draft_note": words::DRAFT_NOTE,
        "not_assessed": words::NOT_ASSESSED,
        "introduction": section.introduction,
        "decision": section.decision.as_deref().unwrap_or(words::NO_DECISION),
        "summary": section.summary.iter().map(|r| json!({
            "code": r.code,
            "goal": r.goal,
            "kind": r.kind.label(),
            "status": status(r.status.as_ref()),
        })).collect::<Vec<_>>(),
        "goals": section.goals.iter().map(|g| json!({
            "code": g.code,
            "heading": g.heading,
            "statement": g.statement,
            "kind": g.kind.label(),
            "responsible": g.responsible,
            "status": status(g.status.as_ref()),
            "analysis": blocks(&g.analysis),
            "actions": blocks(&g.actions),
            "suggestion": g.suggestion,
            "deviation": g.deviation,
            "approved": g.approved,
            "indicators": g.indicators.iter().map(indicator).collect::<Vec<_>>(),
            "commitments": g.commitments.iter().map(|c| json!({"text": c.text, "status": c.status})).collect::<Vec<_>>(),
            "contributions": g.contributions.iter().map(|c| json!({
                "unit": c.unit,
                "code": c.code,
                "goal": c.goal,
                "status": status(c.status.as_ref()),
                "analysis": blocks(&c.analysis),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "sources": section.sources,
        "method": section.method,
        "evaluation": {
            "header": count_header,
            "rows": count_rows,
            "verdict": evaluation.suggestion.label(),
            "rule": evaluation.rule,
            "conclusion": evaluation.conclusion.as_ref().map(|c| json!({
                "verdict": c.verdict,
                "text": blocks(&c.text),
                "written": c.written,
            })),
            "conclusion_missing": evaluation.conclusion.is_none() && evaluation.of_period,
        },
        "words": {
            "summary": words::SUMMARY,
            "code": "Kod",
            "goal": words::GOAL,
            "kind": words::KIND,
            "assessment": words::ASSESSMENT,
            "decision": words::DECISION,
            "responsible": words::RESPONSIBLE,
            "analysis": words::ANALYSIS,
            "actions": words::ACTIONS,
            "suggestion": words::SUGGESTION,
            "deviation": words::DEVIATION,
            "indicators": words::INDICATORS,
            "no_values": words::NO_VALUES,
            "commitments": words::COMMITMENTS,
            "contributions": words::CONTRIBUTIONS,
            "sources": words::SOURCES,
            "no_sources": words::NO_SOURCES,
            "method": words::METHOD,
            "evaluation": words::EVALUATION,
            "evaluation_intro": words::EVALUATION_INTRO,
            "verdict_suggested": words::VERDICT_SUGGESTED,
            "conclusion": words::CONCLUSION,
            "conclusion_verdict": words::CONCLUSION_VERDICT,
            "conclusion_missing": words::CONCLUSION_MISSING,
        },
    })
}
