//! What the public pages show, worked out from a publication's report alone.

use riktning_domain::{
    ForecastOptions, ForecastRequest, ForecastTarget, Gender, forecast, format_number_trimmed,
};
use riktning_publish::{GoalPart, IndicatorPart, Report};

use crate::chart::{Chart, Series};
use crate::i18n::{Lang, text};
use crate::markdown;
use crate::pages::{Badge, colour_class, comparator_label};

/// A goal's status as the public sees it: the approved assessment of its first
/// responsible unit (the council's own for a council goal), as symbol and words.
pub(super) struct Status {
    pub symbol: String,
    pub label: String,
    pub class: String,
}

pub(super) fn status_of(report: &Report, goal: &GoalPart, lang: Lang) -> Option<Status> {
    let assessment = report.status_assessment(goal)?;
    badge(report, &assessment.level, lang)
}

pub(super) fn badge(report: &Report, level: &str, lang: Lang) -> Option<Status> {
    let level = report.level(level)?;
    let shown = Badge {
        symbol: level.symbol.clone(),
        label: match lang {
            Lang::Sv => level.label.clone(),
            Lang::En => level.label_en.clone(),
        },
        colour: level.colour.clone(),
    };
    Some(Status {
        class: colour_class(&shown.colour),
        symbol: shown.symbol,
        label: shown.label,
    })
}

pub(super) struct YearRow {
    pub year: i32,
    pub cells: Vec<String>,
}

pub(super) struct IndicatorView {
    pub name: String,
    pub chart_svg: String,
    pub legend_html: String,
    /// The table's column headings after the year.
    pub columns: Vec<&'static str>,
    pub rows: Vec<YearRow>,
    pub source: &'static str,
    pub target: String,
    pub forecast: String,
    /// The latest value in one line of words, with the other lines' values that year.
    pub summary: String,
}

/// "Senaste värdet, 2023: 9,2 % (kvinnor 9,0 %, män 9,4 %). Jämförelsegruppen 10,1 %,
/// riket 10,1 %." Empty when the municipality has no value.
fn summary_of(indicator: &IndicatorPart, lang: Lang, decimals: usize) -> String {
    let unit = indicator
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let value_of = |wanted: Line, year: i32| {
        indicator
            .series
            .iter()
            .find(|s| line(&s.area, &s.gender) == wanted)
            .and_then(|s| s.points.iter().find(|p| p.year == year))
            .map(|p| format!("{}{unit}", format_number_trimmed(p.value, decimals)))
    };
    let Some(latest) = indicator
        .series
        .iter()
        .find(|s| line(&s.area, &s.gender) == Line::Own)
        .and_then(|s| s.points.iter().map(|p| p.year).max())
    else {
        return String::new();
    };
    let Some(own) = value_of(Line::Own, latest) else {
        return String::new();
    };
    let mut words = format!("{}, {latest}: {own}", text(lang, "summary-latest"));
    let split: Vec<String> = [(Line::Women, "women"), (Line::Men, "men")]
        .into_iter()
        .filter_map(|(l, key)| {
            value_of(l, latest).map(|v| format!("{} {v}", text(lang, key).to_lowercase()))
        })
        .collect();
    if !split.is_empty() {
        words.push_str(&format!(" ({})", split.join(", ")));
    }
    words.push('.');
    let around: Vec<String> = [
        (Line::Group, "comparison-group"),
        (Line::Country, "country"),
    ]
    .into_iter()
    .filter_map(|(l, key)| {
        // "riket" is a common noun in Swedish; "Sweden" keeps its capital.
        let name = match lang {
            Lang::Sv => text(lang, key).to_lowercase(),
            Lang::En => text(lang, key).to_string(),
        };
        value_of(l, latest).map(|v| format!("{name} {v}"))
    })
    .collect();
    if !around.is_empty() {
        let joined = around.join(", ");
        let mut chars = joined.chars();
        words.push(' ');
        words.extend(chars.next().into_iter().flat_map(char::to_uppercase));
        words.push_str(chars.as_str());
        words.push('.');
    }
    words
}

/// Which line of values a series is: the report names the area (`own`, `group`,
/// `country`) and the gender by Kolada's codes (`T`, `K`, `M`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Own,
    Women,
    Men,
    Group,
    Country,
}

fn line(area: &str, gender: &str) -> Line {
    match (area, gender.parse::<Gender>()) {
        ("own", Ok(Gender::Women)) => Line::Women,
        ("own", Ok(Gender::Men)) => Line::Men,
        ("own", _) => Line::Own,
        ("group", _) => Line::Group,
        _ => Line::Country,
    }
}

fn series_label(area: &str, gender: &str, lang: Lang, municipality: &str) -> String {
    match line(area, gender) {
        Line::Own => municipality.to_string(),
        other => column_label(other, lang).to_string(),
    }
}

fn column_label(line: Line, lang: Lang) -> &'static str {
    match line {
        Line::Women => text(lang, "women"),
        Line::Men => text(lang, "men"),
        Line::Own => text(lang, "municipality"),
        Line::Group => text(lang, "comparison-group"),
        Line::Country => text(lang, "country"),
    }
}

/// Each line's stroke pattern and colour, the same as in the workspace, so that a
/// line looks the same wherever it is drawn and never depends on colour alone.
fn style(area: &str, gender: &str) -> (&'static str, &'static str) {
    match line(area, gender) {
        Line::Women => ("1 3", "#a3366b"),
        Line::Men => ("8 3 1 3", "#2f6b2f"),
        Line::Own => ("", "#0b5cad"),
        Line::Group => ("10 4", "#7a4b00"),
        Line::Country => ("6 4", "#6e3fa3"),
    }
}

pub(super) fn indicator(
    report: &Report,
    indicator: &IndicatorPart,
    index: usize,
    lang: Lang,
) -> IndicatorView {
    let decimals = usize::try_from(indicator.decimals).unwrap_or(0);
    let target = indicator.shown_target();
    let series: Vec<Series> = indicator
        .series
        .iter()
        .map(|s| {
            let (dash, colour) = style(&s.area, &s.gender);
            Series {
                label: series_label(&s.area, &s.gender, lang, &report.municipality),
                points: s.points.iter().map(|p| (p.year, p.value)).collect(),
                dash,
                colour,
                projected: false,
            }
        })
        .collect();
    let mut series = series;
    // The forecast line, fitted again from the published values: the same rule and
    // the same points as when it was published, so the same line as its words.
    let own: Vec<(i32, f64)> = indicator
        .series
        .iter()
        .find(|s| line(&s.area, &s.gender) == Line::Own)
        .map(|s| s.points.iter().map(|p| (p.year, p.value)).collect())
        .unwrap_or_default();
    if let (Some(target), Some(last)) = (target, own.iter().map(|p| p.0).max()) {
        let unit = indicator.unit.clone().unwrap_or_default();
        let fitted = forecast(&ForecastRequest {
            points: &own,
            options: ForecastOptions::default(),
            target: Some(ForecastTarget {
                value: target.value,
                comparator: target.comparator,
                year: target.year,
            }),
            projection_year: None,
            direction: Some(indicator.direction),
            band: None,
            unit: &unit,
            decimals,
        });
        if let Ok(fitted) = fitted
            && target.year > last
        {
            series.push(crate::chart::forecast_line(
                &fitted,
                last,
                target.year,
                lang,
            ));
        }
    }
    let chart = Chart {
        id: format!("chart-{index}"),
        title: format!("{}: {}", text(lang, "chart-of"), indicator.name),
        series,
        target: target.map(|t| (t.year, t.value)),
        target_word: text(lang, "target"),
    };
    let mut years: Vec<i32> = indicator
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let rows = years
        .iter()
        .map(|year| YearRow {
            year: *year,
            cells: indicator
                .series
                .iter()
                .map(|s| {
                    s.points
                        .iter()
                        .find(|p| p.year == *year)
                        .map_or("–".to_string(), |p| {
                            format_number_trimmed(p.value, decimals)
                        })
                })
                .collect(),
        })
        .collect();
    let any_kolada = indicator
        .series
        .iter()
        .any(|s| s.points.iter().any(|p| p.from_kolada));
    let unit = indicator
        .unit
        .as_deref()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    IndicatorView {
        name: indicator.name.clone(),
        chart_svg: if chart.is_empty() {
            String::new()
        } else {
            chart.to_svg()
        },
        legend_html: if chart.is_empty() {
            String::new()
        } else {
            chart.legend_html()
        },
        columns: indicator
            .series
            .iter()
            .map(|s| column_label(line(&s.area, &s.gender), lang))
            .collect(),
        rows,
        source: if any_kolada {
            text(lang, "source-kolada")
        } else {
            text(lang, "source-entered")
        },
        target: target.map_or(String::new(), |t| {
            format!(
                "{} {}{unit} {} {}",
                comparator_label(t.comparator, lang),
                format_number_trimmed(t.value, decimals),
                text(lang, "target-year-word"),
                t.year
            )
        }),
        forecast: indicator.forecast.clone().unwrap_or_default(),
        summary: summary_of(indicator, lang, decimals),
    }
}

pub(super) fn markdown_html(text: &str) -> String {
    markdown::render(text)
}
