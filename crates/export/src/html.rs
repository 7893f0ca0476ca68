//! The goal section as one printable HTML page: self-contained (styles inline, charts
//! as inline SVG), with a print stylesheet that starts each council goal on a new page
//! and repeats "Utkast" on every printed page of a draft.

use std::fmt::Write;

use crate::markdown::Block;
use crate::section::{GoalSection, IndicatorSection, Section, Status};
use crate::words;
use crate::xml::escape;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "Source Sans 3", "Segoe UI", Arial, sans-serif; color: #1f2328; line-height: 1.5; margin: 0 auto; max-width: 52rem; padding: 1.5rem; }
h1 { font-size: 2rem; margin-bottom: .25rem; }
h2 { font-size: 1.5rem; margin-top: 2.5rem; border-bottom: 2px solid #1f2328; }
h3 { font-size: 1.2rem; margin-top: 1.75rem; }
h4 { font-size: 1.05rem; margin-top: 1.25rem; }
.subtitle { font-size: 1.1rem; margin-top: 0; }
.draft { border: 3px solid #8a1c1c; color: #8a1c1c; font-weight: bold; padding: .5rem .75rem; }
.status { font-weight: bold; }
.swatch { display: inline-block; width: .8em; height: .8em; border: 1px solid #1f2328; margin-right: .35em; vertical-align: baseline; }
table { border-collapse: collapse; margin: .75rem 0; width: 100%; }
th, td { border: 1px solid #8c959f; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: bold; padding-bottom: .25rem; }
figure { margin: 1rem 0; }
figure svg { width: 100%; max-width: 35rem; height: auto; }
figcaption { font-size: .95rem; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.source { font-size: .95rem; }
.table-wrap { overflow-x: auto; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-before: page; }
  h2.first { break-before: auto; }
  figure, table { break-inside: avoid; }
  .draft-mark { position: fixed; top: 0; right: 0; }
  .table-wrap { overflow: visible; }
  @page { margin: 20mm 18mm; }
}
@media screen { .draft-mark { display: none; } }
"#;

pub fn render(section: &Section) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="author" content="{author}">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
"#,
        author = escape(&section.author),
        title = escape(&if section.draft {
            format!("{} – {}", words::DRAFT, section.title)
        } else {
            section.title.clone()
        }),
    );
    if section.draft {
        let _ = write!(
            out,
            r#"<div class="draft-mark draft" aria-hidden="true">{}</div>"#,
            words::DRAFT
        );
    }
    out.push_str("<main>\n");
    let _ = write!(
        out,
        r#"<h1>{}</h1><p class="subtitle">{}</p>"#,
        escape(&section.title),
        escape(&section.subtitle)
    );
    if section.draft {
        let _ = write!(
            out,
            r#"<p class="draft" role="note">{}</p>"#,
            words::DRAFT_NOTE
        );
    }
    let _ = write!(out, "<p>{}</p>", escape(&section.introduction));
    summary(&mut out, section);
    for goal in &section.goals {
        goal_part(&mut out, goal);
    }
    end_parts(&mut out, section);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn status_html(status: Option<&Status>) -> String {
    match status {
        Some(status) => format!(
            r#"<span class="status"><span class="swatch" style="background:{}" aria-hidden="true"></span>{}</span>"#,
            escape(&status.colour),
            escape(&status.text())
        ),
        None => escape(words::NOT_ASSESSED),
    }
}

fn summary(out: &mut String, section: &Section) {
    let _ = write!(
        out,
        r#"<h2 class="first">{}</h2><div class="table-wrap"><table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        words::SUMMARY,
        words::GOAL,
        words::KIND,
        words::ASSESSMENT
    );
    for row in &section.summary {
        let _ = write!(
            out,
            r#"<tr><th scope="row">{} {}</th><td>{}</td><td>{}</td></tr>"#,
            escape(&row.code),
            escape(&row.goal),
            row.kind.label(),
            status_html(row.status.as_ref())
        );
    }
    out.push_str("</tbody></table></div>");
    let _ = write!(
        out,
        "<h3>{}</h3><p>{}</p>",
        words::DECISION,
        escape(section.decision.as_deref().unwrap_or(words::NO_DECISION))
    );
}

fn blocks(out: &mut String, blocks: &[Block]) {
    let mut in_list = false;
    for block in blocks {
        match block {
            Block::Item(text) => {
                if !in_list {
                    out.push_str("<ul>");
                    in_list = true;
                }
                let _ = write!(out, "<li>{}</li>", escape(text));
            }
            Block::Paragraph(text) => {
                if in_list {
                    out.push_str("</ul>");
                    in_list = false;
                }
                let _ = write!(out, "<p>{}</p>", escape(text));
            }
        }
    }
    if in_list {
        out.push_str("</ul>");
    }
}

fn goal_part(out: &mut String, goal: &GoalSection) {
    let _ = write!(
        out,
        r#"<section aria-labelledby="mal-{code}"><h2 id="mal-{code}">{code_text} {heading}</h2><p>{statement}</p><p>{kind} · {responsible_word}: {responsible}</p><p>{assessment_word}: {status}</p>"#,
        code = escape(&goal.code.replace(|c: char| !c.is_alphanumeric(), "-")),
        code_text = escape(&goal.code),
        heading = escape(&goal.heading),
        statement = escape(&goal.statement),
        kind = goal.kind.label(),
        responsible_word = words::RESPONSIBLE,
        responsible = escape(&goal.responsible),
        assessment_word = words::ASSESSMENT,
        status = status_html(goal.status.as_ref()),
    );
    if !goal.analysis.is_empty() {
        let _ = write!(out, "<h3>{}</h3>", words::ANALYSIS);
        blocks(out, &goal.analysis);
    }
    if !goal.actions.is_empty() {
        let _ = write!(out, "<h3>{}</h3>", words::ACTIONS);
        blocks(out, &goal.actions);
    }
    if let Some(suggestion) = &goal.suggestion {
        let _ = write!(
            out,
            "<p><strong>{}:</strong> {}</p>",
            words::SUGGESTION,
            escape(suggestion)
        );
    }
    if let Some(deviation) = &goal.deviation {
        let _ = write!(
            out,
            "<p><strong>{}:</strong> {}</p>",
            words::DEVIATION,
            escape(deviation)
        );
    }
    if let Some(approved) = &goal.approved {
        let _ = write!(out, "<p>{}</p>", escape(approved));
    }
    if !goal.indicators.is_empty() {
        let _ = write!(out, "<h3>{}</h3>", words::INDICATORS);
        for indicator in &goal.indicators {
            indicator_part(out, indicator);
        }
    }
    if !goal.commitments.is_empty() {
        let _ = write!(
            out,
            r#"<h3>{}</h3><div class="table-wrap"><table><thead><tr><th scope="col">{}</th><th scope="col">Status</th></tr></thead><tbody>"#,
            words::COMMITMENTS,
            words::COMMITMENTS
        );
        for commitment in &goal.commitments {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape(&commitment.text),
                commitment.status
            );
        }
        out.push_str("</tbody></table></div>");
    }
    if !goal.contributions.is_empty() {
        let _ = write!(out, "<h3>{}</h3>", words::CONTRIBUTIONS);
        for contribution in &goal.contributions {
            let _ = write!(
                out,
                "<h4>{}: {} {}</h4><p>{}: {}</p>",
                escape(&contribution.unit),
                escape(&contribution.code),
                escape(&contribution.goal),
                words::ASSESSMENT,
                status_html(contribution.status.as_ref())
            );
            blocks(out, &contribution.analysis);
        }
    }
    out.push_str("</section>\n");
}

fn indicator_part(out: &mut String, indicator: &IndicatorSection) {
    let unit = indicator
        .unit
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .map(|u| format!(" ({u})"))
        .unwrap_or_default();
    let _ = write!(out, "<h4>{}{}</h4>", escape(&indicator.name), escape(&unit));
    if indicator.rows.is_empty() {
        let _ = write!(out, "<p>{}</p>", words::NO_VALUES);
    } else {
        let _ = write!(
            out,
            r#"<div class="table-wrap"><table><caption>{}{}</caption><thead><tr><th scope="col">{}</th>"#,
            escape(&indicator.name),
            escape(&unit),
            words::YEAR_COLUMN
        );
        for column in &indicator.columns {
            let _ = write!(
                out,
                r#"<th scope="col" class="number">{}</th>"#,
                escape(column)
            );
        }
        out.push_str("</tr></thead><tbody>");
        for row in &indicator.rows {
            let _ = write!(out, r#"<tr><th scope="row">{}</th>"#, row.year);
            for cell in &row.cells {
                let _ = write!(
                    out,
                    r#"<td class="number">{}</td>"#,
                    cell.map_or("–".to_string(), |v| indicator.format(v))
                );
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table></div>");
    }
    if let Some(target) = &indicator.target {
        let _ = write!(out, "<p>{}</p>", escape(target));
    }
    if let Some(forecast) = &indicator.forecast {
        let _ = write!(out, "<p>{}</p>", escape(forecast));
    }
    if let Some(chart) = &indicator.chart {
        let _ = write!(
            out,
            "<figure>{}<figcaption>{}</figcaption></figure>",
            chart.svg,
            escape(&chart.alt)
        );
    }
    let _ = write!(
        out,
        r#"<p class="source">{}</p>"#,
        escape(&indicator.source)
    );
}

fn end_parts(out: &mut String, section: &Section) {
    let _ = write!(out, "<h2>{}</h2>", words::SOURCES);
    if section.sources.is_empty() {
        let _ = write!(out, "<p>{}</p>", words::NO_SOURCES);
    } else {
        out.push_str("<ul>");
        for source in &section.sources {
            let _ = write!(out, "<li>{}</li>", escape(source));
        }
        out.push_str("</ul>");
    }
    let _ = write!(out, "<h2>{}</h2>", words::METHOD);
    for line in &section.method {
        let _ = write!(out, "<p>{}</p>", escape(line));
    }
    let evaluation = &section.evaluation;
    let _ = write!(
        out,
        r#"<h2>{}</h2><p>{}</p><div class="table-wrap"><table><thead><tr>"#,
        words::EVALUATION,
        words::EVALUATION_INTRO
    );
    let (header, rows) = evaluation.table();
    for (column, label) in header.iter().enumerate() {
        let class = if column > 0 { r#" class="number""# } else { "" };
        let _ = write!(out, r#"<th scope="col"{class}>{}</th>"#, escape(label));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        for (column, cell) in row.iter().enumerate() {
            let _ = if column == 0 {
                write!(out, r#"<tr><th scope="row">{}</th>"#, escape(cell))
            } else {
                write!(out, r#"<td class="number">{}</td>"#, escape(cell))
            };
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    let _ = write!(
        out,
        "<p><strong>{}:</strong> {}.</p><p>{}</p>",
        words::VERDICT_SUGGESTED,
        evaluation.suggestion.label(),
        escape(&evaluation.rule)
    );
    if let Some(conclusion) = &evaluation.conclusion {
        let _ = write!(
            out,
            "<h3>{}</h3><p><strong>{}:</strong> {}.</p>",
            words::CONCLUSION,
            words::CONCLUSION_VERDICT,
            escape(&conclusion.verdict)
        );
        blocks(out, &conclusion.text);
        let _ = write!(out, "<p>{}</p>", escape(&conclusion.written));
    } else if evaluation.of_period {
        let _ = write!(
            out,
            "<h3>{}</h3><p>{}</p>",
            words::CONCLUSION,
            words::CONCLUSION_MISSING
        );
    }
}
