//! The goal section as an Excel workbook: a summary sheet with every goal's assessment
//! and the evaluation of god ekonomisk hushållning, then one sheet of indicator data per
//! council goal. Numbers are numbers (Excel shows them in the reader's own format, with
//! a decimal comma in Swedish), header rows are frozen, and each list is a defined
//! table with its own filter.

use riktning_publish::{GoalPart, IndicatorPart, Report};
use rust_xlsxwriter::{
    DocProperties, Format as CellFormat, FormatAlign, Table, TableColumn, Workbook, Worksheet,
    XlsxError,
};

use crate::section::Section;
use crate::{ExportError, Format, words};

pub fn render(report: &Report, section: &Section) -> Result<Vec<u8>, ExportError> {
    write(report, section).map_err(|e| ExportError::write(Format::Xlsx, e))
}

fn write(report: &Report, section: &Section) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let title = if section.draft {
        format!("{} – {}", words::DRAFT, section.title)
    } else {
        section.title.clone()
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author(&section.author)
            .set_company(&section.author)
            .set_subject(&section.subtitle)
            .set_comment(words::INTRO_APPROVED),
    );
    let bold = CellFormat::new().set_bold();
    let heading = CellFormat::new().set_bold().set_font_size(14);
    let draft = CellFormat::new().set_bold().set_font_color("#8A1C1C");
    // Sentences and paragraphs wrap inside the first column, so that a printed page
    // is not shrunk to make room for one long line.
    let prose = CellFormat::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top);

    let sheet = workbook.add_worksheet();
    sheet.set_name(words::SUMMARY)?;
    let mut row = top_lines(sheet, section, &title, &heading, &draft)?;
    let first = row;
    let columns = [words::GOAL, "Kod", words::KIND, words::ASSESSMENT, "Symbol"];
    sheet.set_column_width(0, 60)?;
    sheet.set_column_width(1, 8)?;
    sheet.set_column_width(2, 18)?;
    sheet.set_column_width(3, 26)?;
    for summary in &section.summary {
        row += 1;
        sheet.write_string(row, 0, &summary.goal)?;
        sheet.write_string(row, 1, &summary.code)?;
        sheet.write_string(row, 2, summary.kind.label())?;
        match &summary.status {
            Some(status) => {
                sheet.write_string(row, 3, &status.label)?;
                sheet.write_string(row, 4, &status.symbol)?;
            }
            None => {
                sheet.write_string(row, 3, words::NOT_ASSESSED)?;
            }
        }
    }
    table(sheet, first, row, &columns, "Sammanfattning")?;
    sheet.set_freeze_panes(first + 1, 0)?;

    let evaluation = &section.evaluation;
    row += 2;
    sheet.write_string_with_format(row, 0, words::EVALUATION, &bold)?;
    row += 1;
    let (count_columns, _) = evaluation.table();
    let counts_first = row;
    for (label, counts) in evaluation.kinds() {
        row += 1;
        sheet.write_string(row, 0, label)?;
        for (column, value) in [
            counts.met,
            counts.partly,
            counts.not_met,
            counts.not_assessed,
            counts.total(),
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_number(row, column as u16 + 1, value as f64)?;
        }
    }
    let count_columns: Vec<&str> = count_columns.iter().map(String::as_str).collect();
    table(sheet, counts_first, row, &count_columns, "Hushallning")?;
    row += 2;
    sheet.write_string_with_format(row, 0, words::VERDICT_SUGGESTED, &bold)?;
    row += 1;
    row = prose_rows(sheet, row, evaluation.suggestion.label(), &prose)?;
    row = prose_rows(sheet, row + 1, &evaluation.rule, &prose)?;
    if let Some(conclusion) = &evaluation.conclusion {
        row += 2;
        sheet.write_string_with_format(row, 0, words::CONCLUSION, &bold)?;
        row += 1;
        row = prose_rows(sheet, row, &conclusion.verdict, &prose)?;
        for paragraph in conclusion.paragraphs() {
            row = prose_rows(sheet, row + 1, paragraph, &prose)?;
        }
        row = prose_rows(sheet, row + 1, &conclusion.written, &prose)?;
    } else if evaluation.of_period {
        row += 2;
        sheet.write_string_with_format(row, 0, words::CONCLUSION, &bold)?;
        row += 1;
        row = prose_rows(sheet, row, words::CONCLUSION_MISSING, &prose)?;
    }
    if let Some(decision) = &section.decision {
        row += 2;
        sheet.write_string_with_format(row, 0, words::DECISION, &bold)?;
        row += 1;
        prose_rows(sheet, row, decision, &prose)?;
    }

    let mut names: Vec<String> = vec![words::SUMMARY.to_string()];
    for (index, goal) in report
        .goals
        .iter()
        .filter(|g| g.parent_id.is_none_or(|p| report.goal(p).is_none()))
        .enumerate()
    {
        let name = sheet_name(goal, index, &names);
        names.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        goal_sheet(
            sheet, report, goal, index, section, &title, &heading, &draft,
        )?;
    }
    workbook.save_to_buffer()
}

/// The title, the plan and, for a draft, the word "Utkast", above a sheet's table;
/// the row of the table's header.
fn top_lines(
    sheet: &mut Worksheet,
    section: &Section,
    title: &str,
    heading: &CellFormat,
    draft: &CellFormat,
) -> Result<u32, XlsxError> {
    const HEADER_ROW: u32 = 4;
    sheet.write_string_with_format(0, 0, title, heading)?;
    sheet.write_string(1, 0, &section.subtitle)?;
    if section.draft {
        sheet.write_string_with_format(2, 0, words::DRAFT_NOTE, draft)?;
        sheet.set_header(format!("&C&\"-,Bold\"{}", words::DRAFT));
    }
    // Printed, a sheet is as wide as an A4 page turned sideways and as long as it
    // needs, with the table's header on every page and the page numbers below.
    sheet
        .set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_footer(format!(
            "&L{}&R{} &P / &N",
            section.author.replace('&', "&&"),
            words::PAGE
        ));
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(HEADER_ROW)
}

/// Characters of ordinary text that fit on one line of the first column (60 wide),
/// with room for lines that break early at a long word.
const PROSE_LINE_CHARS: usize = 55;
/// Lines in one cell at most: a longer paragraph goes on in the next row, since a row
/// can be no taller than 409 points (27 lines).
const PROSE_CELL_LINES: usize = 20;

/// Writes wrapped text into the first column from `row`, in as many rows as it needs,
/// each tall enough for its part: neither Excel nor LibreOffice grows a row for
/// wrapped text in a file they did not write. Returns the last row written.
fn prose_rows(
    sheet: &mut Worksheet,
    mut row: u32,
    text: impl AsRef<str>,
    prose: &CellFormat,
) -> Result<u32, XlsxError> {
    let parts = pieces(text.as_ref(), PROSE_LINE_CHARS * PROSE_CELL_LINES);
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            row += 1;
        }
        let lines: usize = part
            .lines()
            .map(|line| line.chars().count().div_ceil(PROSE_LINE_CHARS).max(1))
            .sum();
        sheet.write_string_with_format(row, 0, part, prose)?;
        sheet.set_row_height(row, (15 * lines.max(1)).min(409) as f64)?;
    }
    Ok(row)
}

/// `text` cut at spaces into pieces of at most `limit` characters (a single longer
/// word stays whole).
fn pieces(text: &str, limit: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut count = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let length = word.chars().count();
        if count > 0 && count + length > limit {
            pieces.push(current.trim_end().to_string());
            current.clear();
            count = 0;
        }
        current.push_str(word);
        count += length;
    }
    if pieces.is_empty() || !current.trim().is_empty() {
        pieces.push(current.trim_end().to_string());
    }
    pieces
}

/// Excel's number for the A4 paper size.
const A4: u8 = 9;

fn table(
    sheet: &mut Worksheet,
    header: u32,
    last: u32,
    columns: &[&str],
    name: &str,
) -> Result<(), XlsxError> {
    let columns: Vec<TableColumn> = columns
        .iter()
        .map(|c| TableColumn::new().set_header(*c))
        .collect();
    // A table needs a row under its header; an empty list gets an empty row.
    let last = last.max(header + 1);
    let table = Table::new().set_columns(&columns).set_name(name);
    sheet.add_table(header, 0, last, columns.len() as u16 - 1, &table)?;
    Ok(())
}

/// "1 Trygg uppväxt" cut to Excel's 31 characters, without the characters a sheet
/// name may not hold, and unique in the workbook.
fn sheet_name(goal: &GoalPart, index: usize, taken: &[String]) -> String {
    let heading = goal
        .short_name
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| goal.statement.clone());
    let raw = format!("{} {heading}", goal.code);
    let mut name: String = raw
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\' | '\''))
        .take(31)
        .collect();
    name = name.trim().to_string();
    if name.is_empty() || taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("Mål {}", index + 1);
    }
    name
}

fn number_format(indicator: &IndicatorPart) -> CellFormat {
    let decimals = usize::try_from(indicator.decimals).unwrap_or(0).min(6);
    let code = if decimals == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals))
    };
    CellFormat::new().set_num_format(&code)
}

fn series_label(area: &str, gender: &str, municipality: &str) -> String {
    match (area, gender) {
        ("own", "K") => words::WOMEN.to_string(),
        ("own", "M") => words::MEN.to_string(),
        ("own", _) => municipality.to_string(),
        ("group", _) => words::GROUP.to_string(),
        _ => words::COUNTRY.to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
fn goal_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    goal: &GoalPart,
    index: usize,
    section: &Section,
    title: &str,
    heading: &CellFormat,
    draft: &CellFormat,
) -> Result<(), XlsxError> {
    let header = top_lines(sheet, section, title, heading, draft)?;
    sheet.write_string(3, 0, format!("{} {}", goal.code, goal.statement))?;
    let columns = [
        "Indikator",
        "Enhet",
        "Nyckeltal i Kolada",
        "Serie",
        "År",
        "Värde",
        "Målvärde",
        "Målår",
        "Källa",
    ];
    let widths = [44.0, 12.0, 16.0, 18.0, 8.0, 12.0, 12.0, 8.0, 16.0];
    for (column, width) in widths.into_iter().enumerate() {
        sheet.set_column_width(column as u16, width)?;
    }
    let mut row = header;
    // The goal's own indicators and those of the committee goals under it.
    let mut indicators: Vec<&IndicatorPart> = goal.indicators.iter().collect();
    for child in report.children(goal.id) {
        for indicator in &child.indicators {
            if !indicators.iter().any(|i| i.id == indicator.id) {
                indicators.push(indicator);
            }
        }
    }
    for indicator in indicators {
        let format = number_format(indicator);
        let target = indicator.shown_target();
        for series in &indicator.series {
            for point in &series.points {
                row += 1;
                sheet.write_string(row, 0, &indicator.name)?;
                sheet.write_string(row, 1, indicator.unit.as_deref().unwrap_or_default())?;
                sheet.write_string(row, 2, indicator.kolada_kpi.as_deref().unwrap_or_default())?;
                sheet.write_string(
                    row,
                    3,
                    series_label(&series.area, &series.gender, &report.municipality),
                )?;
                sheet.write_number(row, 4, f64::from(point.year))?;
                sheet.write_number_with_format(row, 5, point.value, &format)?;
                if let Some(target) = target {
                    sheet.write_number_with_format(row, 6, target.value, &format)?;
                    sheet.write_number(row, 7, f64::from(target.year))?;
                }
                sheet.write_string(
                    row,
                    8,
                    if point.from_kolada {
                        "Kolada"
                    } else {
                        "Kommunens uppgift"
                    },
                )?;
            }
        }
    }
    table(
        sheet,
        header,
        row,
        &columns,
        &format!("Indikatorer{}", index + 1),
    )?;
    sheet.set_freeze_panes(header + 1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn long_text_is_cut_at_spaces_into_cells_that_show_whole() {
        let text = "ekonomisk hushållning ".repeat(1000);
        let parts = pieces(text.trim_end(), 1100);
        assert!(parts.len() > 15);
        assert!(parts.iter().all(|p| p.chars().count() <= 1100));
        assert_eq!(parts.join(" "), text.trim_end());
        assert_eq!(pieces("kort", 1100), ["kort"]);
        assert_eq!(pieces("", 1100), [""]);
    }
}
