//! What the goal section says, in the order it says it. It is worked out once from the
//! report model, so that the Word, Excel, PDF and HTML documents hold the same content:
//! each format only lays it out.

use riktning_domain::{
    ForecastOptions, ForecastRequest, ForecastTarget, Fulfilment, Gender, RollupRule,
    comparator_words, forecast, format_number, format_number_trimmed, format_percent,
};
use riktning_publish::{AssessmentPart, GoalPart, IndicatorPart, Report, SeriesPart};

use crate::chart::{Chart, Series, forecast_line};
use crate::markdown::{Block, blocks};
use crate::words;

/// How many years of values the indicator tables show, up to the period's value year.
const YEARS_SHOWN: usize = 5;

/// What the caller knows that the report does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// The period is not yet approved and published: every page says "Utkast".
    pub draft: bool,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The document's title, e.g. "Måluppfyllelse – Årsredovisning 2024".
    pub title: String,
    /// The plan and the municipality, under the title.
    pub subtitle: String,
    /// Who the document is by: the municipality or region.
    pub author: String,
    pub draft: bool,
    pub introduction: String,
    /// The council's decision of record, in a sentence.
    pub decision: Option<String>,
    pub summary: Vec<SummaryRow>,
    pub goals: Vec<GoalSection>,
    pub sources: Vec<String>,
    pub method: Vec<String>,
    pub evaluation: Evaluation,
}

/// An assessment level as shown: symbol and words, never the colour alone.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub symbol: String,
    pub label: String,
    /// `#rrggbb`, drawn beside the symbol and the label.
    pub colour: String,
    pub meaning: Fulfilment,
}

impl Status {
    /// "✔ Uppfyllt": how every format writes a status in text.
    pub fn text(&self) -> String {
        format!("{} {}", self.symbol, self.label)
    }
}

#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub code: String,
    pub goal: String,
    pub kind: GoalKind,
    pub status: Option<Status>,
}

/// Operational goals are judged on the work done; financial goals on the economy.
/// Both are part of the evaluation of god ekonomisk hushållning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalKind {
    Operational,
    Financial,
}

impl GoalKind {
    pub fn label(self) -> &'static str {
        match self {
            GoalKind::Operational => words::OPERATIONAL,
            GoalKind::Financial => words::FINANCIAL,
        }
    }
}

#[derive(Debug, Clone)]
pub struct GoalSection {
    pub code: String,
    pub heading: String,
    pub statement: String,
    pub kind: GoalKind,
    pub responsible: String,
    pub status: Option<Status>,
    pub analysis: Vec<Block>,
    pub actions: Vec<Block>,
    /// Riktning's suggestion with its rule, as approved with the assessment.
    pub suggestion: Option<String>,
    pub deviation: Option<String>,
    /// Who approved the assessment, and when (Stockholm time).
    pub approved: Option<String>,
    pub indicators: Vec<IndicatorSection>,
    pub commitments: Vec<CommitmentLine>,
    pub contributions: Vec<Contribution>,
}

#[derive(Debug, Clone)]
pub struct CommitmentLine {
    pub text: String,
    pub status: &'static str,
}

#[derive(Debug, Clone)]
pub struct IndicatorSection {
    pub name: String,
    pub unit: Option<String>,
    pub decimals: usize,
    pub kolada_kpi: Option<String>,
    /// The lines of the table after the year: the municipality, women, men, the
    /// comparison group, the country; only those with values.
    pub columns: Vec<String>,
    /// One row per year, newest last; `None` where a line has no value that year.
    pub rows: Vec<ValueRow>,
    /// "Målvärde 2030: minst 75 000 invånare".
    pub target: Option<String>,
    pub forecast: Option<String>,
    /// "Källa: Kolada (N01951)", or the municipality's own figures.
    pub source: String,
    pub chart: Option<ChartPart>,
}

#[derive(Debug, Clone)]
pub struct ValueRow {
    pub year: i32,
    pub cells: Vec<Option<f64>>,
}

impl IndicatorSection {
    /// The table as text, header row first: "År", then a column per line; a missing
    /// value is "–".
    pub fn table(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header = vec![words::YEAR_COLUMN.to_string()];
        header.extend(self.columns.iter().cloned());
        let rows = self
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![row.year.to_string()];
                cells.extend(
                    row.cells
                        .iter()
                        .map(|c| c.map_or("–".to_string(), |v| self.format(v))),
                );
                cells
            })
            .collect();
        (header, rows)
    }

    /// The indicator's name with its unit: "Invånare (invånare)".
    pub fn title(&self) -> String {
        match self.unit.as_deref().filter(|u| !u.trim().is_empty()) {
            Some(unit) => format!("{} ({unit})", self.name),
            None => self.name.clone(),
        }
    }

    /// A value as the tables write it, with the indicator's decimals so that a column
    /// lines up: "64 979", "12,5", "5,0".
    pub fn format(&self, value: f64) -> String {
        format_number(value, self.decimals)
    }
}

#[derive(Debug, Clone)]
pub struct ChartPart {
    pub svg: String,
    /// What the chart shows, in words, for those who cannot see it.
    pub alt: String,
}

/// A committee's or company's own goal under a council goal, with its assessment.
#[derive(Debug, Clone)]
pub struct Contribution {
    pub unit: String,
    pub code: String,
    pub goal: String,
    pub status: Option<Status>,
    pub analysis: Vec<Block>,
}

/// The evaluation of god ekonomisk hushållning: how many goals of each kind reached
/// each level, and what Riktning suggests from that, with its rule.
#[derive(Debug, Clone)]
pub struct Evaluation {
    pub operational: Counts,
    pub financial: Counts,
    pub suggestion: Verdict,
    pub rule: String,
    /// What the controller concluded, once written; only a period has one.
    pub conclusion: Option<ConclusionSection>,
    /// Whether the report is of a period: a plan without results has nothing to
    /// conclude, so no missing conclusion is mentioned.
    pub of_period: bool,
}

/// The controller's written conclusion: the verdict a person stands for, and why.
#[derive(Debug, Clone)]
pub struct ConclusionSection {
    /// "God ekonomisk hushållning har delvis uppnåtts".
    pub verdict: String,
    pub text: Vec<Block>,
    /// "Skriven av Anna Controller 2024-05-20 14:03".
    pub written: String,
}

impl ConclusionSection {
    /// The text as plain paragraphs, a list item marked with a bullet, for formats
    /// without layout of their own (a cell).
    pub fn paragraphs(&self) -> Vec<String> {
        self.text
            .iter()
            .map(|b| match b {
                Block::Paragraph(text) => text.clone(),
                Block::Item(text) => format!("• {text}"),
            })
            .collect()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub met: usize,
    pub partly: usize,
    pub not_met: usize,
    /// Not assessed, or without an approved assessment: counted as not met in the
    /// verdict, never as success.
    pub not_assessed: usize,
}

impl Evaluation {
    /// The counts of each kind of goal, with the kind's name.
    pub fn kinds(&self) -> [(&'static str, Counts); 2] {
        [
            (words::OPERATIONAL, self.operational),
            (words::FINANCIAL, self.financial),
        ]
    }

    /// The table of counts as text, header row first, a row per kind of goal.
    pub fn table(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let header = [
            words::KIND,
            words::COUNT_MET,
            words::COUNT_PARTLY,
            words::COUNT_NOT_MET,
            words::COUNT_NOT_ASSESSED,
            words::COUNT_TOTAL,
        ]
        .map(str::to_string)
        .to_vec();
        let rows = self
            .kinds()
            .into_iter()
            .map(|(label, c)| {
                vec![
                    label.to_string(),
                    c.met.to_string(),
                    c.partly.to_string(),
                    c.not_met.to_string(),
                    c.not_assessed.to_string(),
                    c.total().to_string(),
                ]
            })
            .collect();
        (header, rows)
    }
}

impl Counts {
    pub fn total(&self) -> usize {
        self.met + self.partly + self.not_met + self.not_assessed
    }

    fn add(&mut self, status: Option<&Status>) {
        match status.map(|s| s.meaning) {
            Some(Fulfilment::Fulfilled) => self.met += 1,
            Some(Fulfilment::PartlyFulfilled) => self.partly += 1,
            Some(Fulfilment::NotFulfilled) => self.not_met += 1,
            Some(Fulfilment::NotAssessed) | None => self.not_assessed += 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Achieved,
    PartlyAchieved,
    NotAchieved,
    /// No goal has an approved assessment yet.
    CannotSay,
}

impl Verdict {
    /// The verdict a controller could state for this suggestion; none when Riktning
    /// cannot say.
    pub fn as_stewardship(self) -> Option<riktning_domain::StewardshipVerdict> {
        use riktning_domain::StewardshipVerdict as Stated;
        match self {
            Verdict::Achieved => Some(Stated::Achieved),
            Verdict::PartlyAchieved => Some(Stated::PartlyAchieved),
            Verdict::NotAchieved => Some(Stated::NotAchieved),
            Verdict::CannotSay => None,
        }
    }

    pub fn label(self) -> &'static str {
        self.as_stewardship()
            .map_or(words::VERDICT_CANNOT_SAY, |v| v.label())
    }
}

/// The suggested verdict on god ekonomisk hushållning. Achieved: every financial goal
/// is met and more than half of the operational goals are met or partly met. Not
/// achieved: more than half of either kind is not met (not assessed counts as not met).
/// Otherwise partly achieved. A plan without financial goals is judged on its
/// operational goals alone, and the rule says so.
pub fn verdict(operational: Counts, financial: Counts) -> Verdict {
    if operational.total() + financial.total() == 0
        || operational.total() + financial.total()
            == operational.not_assessed + financial.not_assessed
    {
        return Verdict::CannotSay;
    }
    let failing = |c: Counts| c.total() > 0 && 2 * (c.not_met + c.not_assessed) > c.total();
    if failing(operational) || failing(financial) {
        return Verdict::NotAchieved;
    }
    let financial_all_met = financial.met == financial.total();
    let operational_mostly = 2 * (operational.met + operational.partly) > operational.total();
    if financial_all_met && operational_mostly {
        Verdict::Achieved
    } else {
        Verdict::PartlyAchieved
    }
}

/// Whether a goal is a financial goal: its category says so
/// ([`riktning_domain::FINANCIAL_CATEGORY`]).
pub fn kind_of(goal: &GoalPart) -> GoalKind {
    if riktning_domain::is_financial(goal.category.as_deref()) {
        GoalKind::Financial
    } else {
        GoalKind::Operational
    }
}

pub fn section(report: &Report, options: Options) -> Section {
    let top: Vec<&GoalPart> = report
        .goals
        .iter()
        .filter(|g| !has_parent_in(report, g))
        .collect();
    let status = |goal: &GoalPart| status_of(report, report.status_assessment(goal));
    let summary = top
        .iter()
        .map(|goal| SummaryRow {
            code: goal.code.clone(),
            goal: heading_of(goal),
            kind: kind_of(goal),
            status: status(goal),
        })
        .collect::<Vec<_>>();
    let mut chart_index = 0;
    let goals = top
        .iter()
        .map(|goal| goal_section(report, goal, &mut chart_index))
        .collect();
    let (title, about) = match &report.period {
        Some(period) => (
            format!("{} – {}", words::TITLE, period.name),
            format!(
                "{} {} ({}–{}).",
                words::INTRO_PERIOD,
                period.name.to_lowercase(),
                period.starts_on,
                period.ends_on
            ),
        ),
        None => (
            format!("{} – {}", words::TITLE_PLAN, report.plan.title),
            words::INTRO_PLAN.to_string(),
        ),
    };
    Section {
        title,
        subtitle: format!("{} · {}", report.municipality, report.plan.title),
        author: report.municipality.clone(),
        draft: options.draft,
        introduction: format!("{about} {}", words::INTRO_APPROVED),
        decision: report.plan.decision.as_ref().map(|d| {
            let mut sentence = format!(
                "{} {} {} {}",
                d.body,
                words::DECISION_ADOPTED,
                report.plan.title,
                d.date
            );
            if let Some(paragraph) = d.paragraph.as_deref().filter(|p| !p.is_empty()) {
                sentence.push_str(&format!(", {paragraph}"));
            }
            if !d.case_number.is_empty() {
                sentence.push_str(&format!(" ({} {})", words::CASE_NUMBER, d.case_number));
            }
            sentence.push('.');
            sentence
        }),
        summary,
        goals,
        sources: sources(report),
        method: method(report),
        evaluation: evaluation(report),
    }
}

/// The evaluation of god ekonomisk hushållning alone: the counts of the council's
/// goals by kind and level, the suggested verdict with its rule, and the controller's
/// conclusion. Cheap: it draws no chart.
pub fn evaluation(report: &Report) -> Evaluation {
    let mut operational = Counts::default();
    let mut financial = Counts::default();
    for goal in report.goals.iter().filter(|g| !has_parent_in(report, g)) {
        let status = status_of(report, report.status_assessment(goal));
        match kind_of(goal) {
            GoalKind::Operational => operational.add(status.as_ref()),
            GoalKind::Financial => financial.add(status.as_ref()),
        }
    }
    let rule = if financial.total() == 0 {
        format!(
            "{} {}",
            words::VERDICT_RULE,
            words::VERDICT_RULE_NO_FINANCIAL
        )
    } else {
        words::VERDICT_RULE.to_string()
    };
    Evaluation {
        operational,
        financial,
        suggestion: verdict(operational, financial),
        rule,
        conclusion: report
            .period
            .as_ref()
            .and_then(|p| p.conclusion.as_ref())
            .map(|c| ConclusionSection {
                verdict: c.verdict.label().to_string(),
                text: blocks(&c.text),
                written: format!(
                    "{} {} {}",
                    words::CONCLUSION_WRITTEN_BY,
                    c.written_by,
                    riktning_domain::format_stockholm(c.written_at)
                ),
            }),
        of_period: report.period.is_some(),
    }
}

fn has_parent_in(report: &Report, goal: &GoalPart) -> bool {
    goal.parent_id.is_some_and(|p| report.goal(p).is_some())
}

fn heading_of(goal: &GoalPart) -> String {
    goal.short_name
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| goal.statement.clone())
}

fn status_of(report: &Report, assessment: Option<&AssessmentPart>) -> Option<Status> {
    let level = report.level(&assessment?.level)?;
    Some(Status {
        symbol: level.symbol.clone(),
        label: capitalised(&level.label),
        colour: level.colour.clone(),
        meaning: level.meaning,
    })
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn goal_section(report: &Report, goal: &GoalPart, chart_index: &mut usize) -> GoalSection {
    let assessment = report.status_assessment(goal);
    let indicators = goal
        .indicators
        .iter()
        .map(|indicator| {
            *chart_index += 1;
            indicator_section(report, indicator, *chart_index)
        })
        .collect();
    let contributions = report
        .children(goal.id)
        .map(|child| {
            let own = report.status_assessment(child);
            Contribution {
                unit: child.units.join(", "),
                code: child.code.clone(),
                goal: heading_of(child),
                status: status_of(report, own),
                analysis: own.map(|a| blocks(&a.analysis)).unwrap_or_default(),
            }
        })
        .collect();
    GoalSection {
        code: goal.code.clone(),
        heading: heading_of(goal),
        statement: goal.statement.clone(),
        kind: kind_of(goal),
        responsible: goal.units.join(", "),
        status: status_of(report, assessment),
        analysis: assessment.map(|a| blocks(&a.analysis)).unwrap_or_default(),
        actions: assessment.map(|a| blocks(&a.actions)).unwrap_or_default(),
        suggestion: assessment.and_then(|a| a.suggestion.clone()),
        deviation: assessment.and_then(|a| a.deviation_reason.clone()),
        approved: assessment.and_then(|a| {
            let at = a.approved_at?;
            let who = a.approved_by.clone().unwrap_or_default();
            Some(format!(
                "{} {who} {}",
                words::APPROVED_BY,
                riktning_domain::format_stockholm(at)
            ))
        }),
        indicators,
        commitments: goal
            .commitments
            .iter()
            .map(|c| CommitmentLine {
                text: c.text.clone(),
                status: words::commitment_status(&c.status),
            })
            .collect(),
        contributions,
    }
}

/// Which line of the table a series is, in the order the columns are shown.
fn line_order(series: &SeriesPart) -> u8 {
    match (series.area.as_str(), series.gender.parse::<Gender>()) {
        ("own", Ok(Gender::Women)) => 1,
        ("own", Ok(Gender::Men)) => 2,
        ("own", _) => 0,
        ("group", _) => 3,
        _ => 4,
    }
}

fn line_label(series: &SeriesPart, municipality: &str) -> String {
    match line_order(series) {
        0 => municipality.to_string(),
        1 => words::WOMEN.to_string(),
        2 => words::MEN.to_string(),
        3 => words::GROUP.to_string(),
        _ => words::COUNTRY.to_string(),
    }
}

/// Each line's stroke and colour: the same as on the workspace's and public pages, so
/// that a line looks the same everywhere and never depends on colour alone.
fn line_style(series: &SeriesPart) -> (&'static str, &'static str) {
    match line_order(series) {
        1 => ("1 3", "#a3366b"),
        2 => ("8 3 1 3", "#2f6b2f"),
        0 => ("", "#0b5cad"),
        3 => ("10 4", "#7a4b00"),
        _ => ("6 4", "#6e3fa3"),
    }
}

fn with_unit(value: String, unit: Option<&str>) -> String {
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some("%") => format!("{value} %"),
        Some(unit) => format!("{value} {unit}"),
        None => value,
    }
}

fn indicator_section(report: &Report, indicator: &IndicatorPart, index: usize) -> IndicatorSection {
    let decimals = usize::try_from(indicator.decimals).unwrap_or(0).min(6);
    let mut series: Vec<&SeriesPart> = indicator
        .series
        .iter()
        .filter(|s| !s.points.is_empty())
        .collect();
    series.sort_by_key(|s| line_order(s));
    let mut years: Vec<i32> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    let shown = &years[years.len().saturating_sub(YEARS_SHOWN)..];
    let rows = shown
        .iter()
        .map(|year| ValueRow {
            year: *year,
            cells: series
                .iter()
                .map(|s| s.points.iter().find(|p| p.year == *year).map(|p| p.value))
                .collect(),
        })
        .collect();
    let target = indicator.shown_target();
    let unit = indicator.unit.as_deref();
    let target_words = target.map(|t| {
        format!(
            "{} {}: {}{}",
            words::TARGET_VALUE,
            t.year,
            comparator_words(t.comparator),
            with_unit(format_number_trimmed(t.value, decimals.max(1)), unit)
        )
    });
    let any_kolada = series
        .iter()
        .any(|s| s.points.iter().any(|p| p.from_kolada));
    let any_own = series
        .iter()
        .any(|s| s.points.iter().any(|p| !p.from_kolada));
    let source = match (any_kolada, any_own, indicator.kolada_kpi.as_deref()) {
        (true, false, Some(kpi)) => format!("{} ({kpi})", words::SOURCE_KOLADA),
        (true, false, None) => words::SOURCE_KOLADA.to_string(),
        (true, true, _) => format!("{}; {}", words::SOURCE_KOLADA, words::SOURCE_MIXED),
        _ => words::SOURCE_OWN.to_string(),
    };
    let chart = chart_of(
        report,
        indicator,
        &series,
        target.map(|t| (t, decimals)),
        index,
    );
    IndicatorSection {
        name: indicator.name.clone(),
        unit: indicator.unit.clone(),
        decimals,
        kolada_kpi: indicator.kolada_kpi.clone(),
        columns: series
            .iter()
            .map(|s| line_label(s, &report.municipality))
            .collect(),
        rows,
        target: target_words,
        forecast: indicator.forecast.clone(),
        source,
        chart,
    }
}

fn chart_of(
    report: &Report,
    indicator: &IndicatorPart,
    series: &[&SeriesPart],
    target: Option<(&riktning_publish::TargetPart, usize)>,
    index: usize,
) -> Option<ChartPart> {
    if series.is_empty() {
        return None;
    }
    let mut lines: Vec<Series> = series
        .iter()
        .map(|s| {
            let (dash, colour) = line_style(s);
            Series {
                label: line_label(s, &report.municipality),
                points: s.points.iter().map(|p| (p.year, p.value)).collect(),
                dash,
                colour,
                projected: false,
            }
        })
        .collect();
    let own: Vec<(i32, f64)> = series
        .iter()
        .find(|s| line_order(s) == 0)
        .map(|s| s.points.iter().map(|p| (p.year, p.value)).collect())
        .unwrap_or_default();
    let decimals = usize::try_from(indicator.decimals).unwrap_or(0).min(6);
    if let (Some((t, _)), Some(last)) = (target, own.iter().map(|p| p.0).max()) {
        let fitted = forecast(&ForecastRequest {
            points: &own,
            options: ForecastOptions::default(),
            target: Some(ForecastTarget {
                value: t.value,
                comparator: t.comparator,
                year: t.year,
            }),
            projection_year: None,
            direction: Some(indicator.direction),
            band: None,
            unit: indicator.unit.as_deref().unwrap_or_default(),
            decimals,
        });
        if let Ok(fitted) = fitted
            && t.year > last
        {
            lines.push(forecast_line(&fitted, last, t.year, words::FORECAST));
        }
    }
    let chart = Chart {
        id: format!("diagram-{index}"),
        title: format!("{}: {}", words::CHART_OF, indicator.name),
        series: lines,
        target: target.map(|(t, _)| (t.year, t.value)),
        target_word: words::TARGET,
    };
    if chart.is_empty() {
        return None;
    }
    Some(ChartPart {
        svg: chart.to_svg_with_legend(),
        alt: alt_text(report, indicator, series, target, decimals),
    })
}

/// The chart in words: what is drawn, from when to when, where the municipality's
/// line starts and ends, and the target.
fn alt_text(
    report: &Report,
    indicator: &IndicatorPart,
    series: &[&SeriesPart],
    target: Option<(&riktning_publish::TargetPart, usize)>,
    decimals: usize,
) -> String {
    let unit = indicator.unit.as_deref();
    let value = |v: f64| with_unit(format_number_trimmed(v, decimals), unit);
    let first = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.year))
        .min();
    let last = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.year))
        .max();
    let mut alt = format!("{} {}", words::ALT_LINE_CHART, indicator.name);
    if let (Some(first), Some(last)) = (first, last) {
        alt.push_str(&format!(" {first}–{last}"));
    }
    alt.push('.');
    let names: Vec<String> = series
        .iter()
        .map(|s| line_label(s, &report.municipality))
        .collect();
    alt.push_str(&format!(" {}: {}.", words::ALT_LINES, names.join(", ")));
    if let Some(own) = series.iter().find(|s| line_order(s) == 0)
        && let (Some(a), Some(b)) = (own.points.first(), own.points.last())
    {
        alt.push_str(&format!(
            " {} {} {} {}, {} {} {}.",
            report.municipality,
            value(a.value),
            words::YEAR,
            a.year,
            value(b.value),
            words::YEAR,
            b.year
        ));
    }
    if let Some((t, _)) = target {
        alt.push_str(&format!(
            " {} {}{} {} {}.",
            words::TARGET,
            comparator_words(t.comparator),
            value(t.value),
            words::YEAR,
            t.year
        ));
    }
    alt
}

fn sources(report: &Report) -> Vec<String> {
    let mut lines = Vec::new();
    for (indicator, _) in report.indicators() {
        let kolada = indicator
            .series
            .iter()
            .any(|s| s.points.iter().any(|p| p.from_kolada));
        let line = match (kolada, indicator.kolada_kpi.as_deref()) {
            (true, Some(kpi)) => format!(
                "{}: {} ({} {kpi}, kolada.se)",
                indicator.name,
                words::SOURCE_KOLADA,
                words::KPI
            ),
            (true, None) => format!("{}: {}", indicator.name, words::SOURCE_KOLADA),
            (false, _) => format!("{}: {}", indicator.name, words::SOURCE_OWN),
        };
        lines.push(line);
    }
    lines
}

fn method(report: &Report) -> Vec<String> {
    let rule = report.method.suggestion;
    let levels = report
        .levels
        .iter()
        .map(|l| format!("{} {}", l.symbol, l.label))
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        format!("{} {levels}.", words::METHOD_LEVELS),
        format!(
            "{} {} {} {} {}",
            words::METHOD_SUGGESTION_1,
            format_percent(rule.fulfilled_at * 100.0, 0),
            words::METHOD_SUGGESTION_2,
            format_percent(rule.partly_at * 100.0, 0),
            words::METHOD_SUGGESTION_3
        ),
        match report.method.rollup {
            RollupRule::WeightedMajority => words::METHOD_ROLLUP_MAJORITY.to_string(),
            RollupRule::WorstOf => words::METHOD_ROLLUP_WORST.to_string(),
        },
        words::METHOD_APPROVAL.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(met: usize, partly: usize, not_met: usize, not_assessed: usize) -> Counts {
        Counts {
            met,
            partly,
            not_met,
            not_assessed,
        }
    }

    #[test]
    fn the_verdict_follows_its_stated_rule() {
        let none = Counts::default();
        assert_eq!(
            verdict(counts(3, 2, 1, 0), counts(2, 0, 0, 0)),
            Verdict::Achieved
        );
        assert_eq!(
            verdict(counts(3, 2, 1, 0), counts(1, 1, 0, 0)),
            Verdict::PartlyAchieved
        );
        assert_eq!(
            verdict(counts(1, 1, 3, 0), counts(2, 0, 0, 0)),
            Verdict::NotAchieved
        );
        assert_eq!(
            verdict(counts(4, 0, 0, 0), counts(0, 0, 1, 1)),
            Verdict::NotAchieved,
            "not assessed counts as not met"
        );
        assert_eq!(verdict(counts(2, 1, 0, 0), none), Verdict::Achieved);
        assert_eq!(verdict(counts(0, 0, 0, 3), none), Verdict::CannotSay);
        assert_eq!(verdict(none, none), Verdict::CannotSay);
    }
}
