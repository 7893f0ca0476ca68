//! The goal tree and the goal page.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use riktning_domain::{
    ForecastOptions, ForecastRequest, ForecastTarget, Gender, Goal, Id, Indicator, Observation,
    OrgUnit, Period, Target, Tenant, TextTarget, forecast, format_number_trimmed,
};
use riktning_followup::PeriodContext;
use riktning_store::{ObservationQuery, Store, StoreRead};
use serde::Deserialize;

use super::overview::{PeriodChoice, period_choices};
use super::{Badge, Chrome, PeriodQuery, render};
use crate::chart::{Chart, Series};
use crate::extract::{Path, Query};
use crate::i18n::{Lang, text};
use crate::markdown;
use crate::policy::{Action, Owners, allows, allows_assessment, allows_change, authorize};
use crate::{AppError, Reading, Shared};

struct TreeNode {
    id: Id,
    code: String,
    statement: String,
    units: String,
    category: String,
    depth: usize,
}

#[derive(Template)]
#[template(path = "goals.html")]
struct TreePage {
    chrome: Chrome,
    nodes: Vec<TreeNode>,
    units: Vec<(Id, String, bool)>,
    categories: Vec<(String, bool)>,
    /// Every plan, with whether it is the one shown; the first is the current one.
    plans: Vec<(Id, String, bool)>,
    /// Set when the plan shown is not the current one: the current plan's title.
    current_title: Option<String>,
    /// The words searched for, as typed.
    search: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct TreeFilter {
    enhet: Option<String>,
    kategori: Option<String>,
    /// Another plan than the current one, to read last year's goals.
    plan: Option<String>,
    /// Words that the code, statement or short name must contain.
    sok: Option<String>,
}

/// Whether every word of `search` is in the goal's code, short name or statement,
/// ignoring case.
fn contains_words(goal: &Goal, search: &[String]) -> bool {
    let haystack = format!(
        "{} {} {}",
        goal.code,
        goal.short_name.as_deref().unwrap_or_default(),
        goal.statement
    )
    .to_lowercase();
    search.iter().all(|word| haystack.contains(word.as_str()))
}

fn unit_names(units: &[OrgUnit], ids: &[Id]) -> String {
    ids.iter()
        .filter_map(|id| units.iter().find(|u| u.id == *id))
        .map(|u| u.short_name.clone().unwrap_or_else(|| u.name.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether the goal or any goal under it matches the filter, so a match keeps its
/// ancestors in view.
fn matches(goal: &Goal, goals: &[Goal], filter: &Filter<'_>) -> bool {
    let own = filter
        .unit
        .is_none_or(|u| goal.responsible_units.contains(&u))
        && filter
            .category
            .is_none_or(|c| goal.category.as_deref() == Some(c))
        && contains_words(goal, filter.words);
    own || goals
        .iter()
        .filter(|g| g.parent_id == Some(goal.id))
        .any(|child| matches(child, goals, filter))
}

/// What the goal tree is narrowed to.
#[derive(Clone, Copy)]
struct Filter<'a> {
    unit: Option<Id>,
    category: Option<&'a str>,
    words: &'a [String],
}

pub async fn tree<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
    Query(filter): Query<TreeFilter>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let tenant = state.tenant.id;
    let chosen: Option<Id> = filter.plan.as_deref().and_then(|p| p.parse().ok());
    let loaded = async {
        let plans = read.plans(tenant).await?;
        let plan = chosen
            .and_then(|id| plans.iter().find(|p| p.id == id))
            .or(plans.first())
            .cloned()
            .ok_or(AppError::AddFirst(super::plans::NO_PLAN_PATH))?;
        let goals = read.goals(tenant, plan.id).await?;
        let units = read.org_units(tenant).await?;
        Ok::<_, AppError>((plans, plan, goals, units))
    }
    .await;
    read.finish().await?;
    let (plans, plan, goals, units) = loaded?;
    let unit_filter: Option<Id> = filter.enhet.as_deref().and_then(|u| u.parse().ok());
    let category_filter = filter.kategori.as_deref().filter(|c| !c.is_empty());
    let search = crate::auth::clip(filter.sok.as_deref().unwrap_or_default().trim(), 200);
    let words: Vec<String> = search
        .to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut nodes = Vec::new();
    fn walk(
        parent: Option<Id>,
        depth: usize,
        goals: &[Goal],
        units: &[OrgUnit],
        filter: &Filter<'_>,
        nodes: &mut Vec<TreeNode>,
    ) {
        for goal in goals.iter().filter(|g| g.parent_id == parent) {
            if !matches(goal, goals, filter) {
                continue;
            }
            nodes.push(TreeNode {
                id: goal.id,
                code: goal.code.clone(),
                statement: goal.statement.clone(),
                units: unit_names(units, &goal.responsible_units),
                category: goal.category.clone().unwrap_or_default(),
                depth,
            });
            walk(Some(goal.id), depth + 1, goals, units, filter, nodes);
        }
    }
    let narrowed = Filter {
        unit: unit_filter,
        category: category_filter,
        words: &words,
    };
    walk(None, 0, &goals, &units, &narrowed, &mut nodes);
    let current_title = plans
        .first()
        .filter(|current| current.id != plan.id)
        .map(|current| current.title.clone());
    let mut categories: Vec<String> = goals.iter().filter_map(|g| g.category.clone()).collect();
    categories.sort();
    categories.dedup();
    let page = TreePage {
        chrome: Chrome::new(
            &state,
            &visitor,
            "goals",
            plan.title.clone(),
            "/mal".to_string(),
        ),
        nodes,
        units: units
            .iter()
            .map(|u| (u.id, u.name.clone(), Some(u.id) == unit_filter))
            .collect(),
        categories: categories
            .into_iter()
            .map(|c| {
                let selected = Some(c.as_str()) == category_filter;
                (c, selected)
            })
            .collect(),
        plans: plans
            .iter()
            .map(|p| (p.id, p.title.clone(), p.id == plan.id))
            .collect(),
        current_title,
        search,
    };
    Ok(render(&page))
}

struct YearRow {
    year: i32,
    own: String,
    women: String,
    men: String,
    group: String,
    country: String,
}

struct IndicatorView {
    /// Whether the visitor may edit it: a shared indicator is read-only for a reporter.
    can_edit: bool,
    id: Id,
    name: String,
    source: String,
    /// The chart and its legend, or empty when there are no values to draw.
    chart_svg: String,
    legend_html: String,
    rows: Vec<YearRow>,
    by_gender: bool,
    has_group: bool,
    target: String,
    forecast: String,
}

struct CommitmentRow {
    id: Id,
    text: String,
    status: String,
    comment: String,
    statuses: Vec<super::progress::StatusChoice>,
}

struct AssessmentRow {
    unit_id: Id,
    unit: String,
    badge: Option<Badge>,
    state: String,
    analysis_html: String,
    assessment_id: Option<Id>,
    can_edit: bool,
}

#[derive(Template)]
#[template(path = "goal.html")]
struct GoalPage {
    chrome: Chrome,
    goal: Goal,
    /// Whether the goal belongs to the current plan; one of another plan says so.
    is_current: bool,
    /// The plan and the decision that adopted it, in words.
    decision: String,
    political_html: String,
    commitments: Vec<CommitmentRow>,
    can_edit_goal: bool,
    can_break_down: bool,
    period_open: bool,
    targets: Vec<String>,
    children: Vec<(Id, String, String, String)>,
    indicators: Vec<IndicatorView>,
    periods: Vec<PeriodChoice>,
    period_id: Id,
    assessments: Vec<AssessmentRow>,
}

/// Where the values shown come from. Only values fetched from Kolada are credited to
/// Kolada: an indicator on a Kolada KPI may also hold values entered by hand, such as
/// the demo's example values, until a fetch replaces them.
fn source_label(indicator: &Indicator, observations: &[Observation], lang: Lang) -> String {
    use riktning_domain::{IndicatorSource, ObservationSource};
    let series = indicator.series_key();
    let shown = observations.iter().filter(|o| o.series == series);
    let (fetched, entered) = shown.fold((false, false), |(fetched, entered), o| {
        let kolada = o.source == ObservationSource::Kolada;
        (fetched || kolada, entered || !kolada)
    });
    let key = match (indicator.source, fetched, entered) {
        (IndicatorSource::Kolada, _, false) => "source-kolada",
        (IndicatorSource::Kolada, true, true) => "source-kolada-and-entered",
        (IndicatorSource::Kolada, false, true) => "source-not-yet-kolada",
        _ => "source-entered",
    };
    text(lang, key).to_string()
}

/// One indicator's chart and table, from the page's observations and targets.
fn indicator_view<S>(
    state: &Shared<S>,
    indicator: &Indicator,
    index: usize,
    read: (&[Observation], &[Target]),
    group: Option<&str>,
    lang: Lang,
) -> IndicatorView {
    let (observations, targets) = read;
    let area = state.tenant.kolada_id.clone();
    let series = indicator.series_key();
    let series_of = |wanted_area: &str, gender: Gender| -> Vec<(i32, f64)> {
        observations
            .iter()
            .filter(|o| o.series == series && o.area == wanted_area && o.gender == gender)
            .filter_map(|o| Some((o.period, o.value?)))
            .collect()
    };
    let own = series_of(&area, Gender::Total);
    let women = series_of(&area, Gender::Women);
    let men = series_of(&area, Gender::Men);
    let country = series_of(riktning_domain::COUNTRY_ID, Gender::Total);
    let group_values = group.map_or(Vec::new(), |g| series_of(g, Gender::Total));
    let targets: Vec<&Target> = targets
        .iter()
        .filter(|t| t.indicator_id == indicator.id)
        .collect();
    let target = targets
        .iter()
        .copied()
        .filter(|t| t.is_final)
        .max_by_key(|t| t.year)
        .or(targets.last().copied());
    let decimals = usize::try_from(indicator.decimals).unwrap_or(0);
    let unit = indicator.unit.clone().unwrap_or_default();
    let fitted = forecast(&ForecastRequest {
        points: &own,
        options: ForecastOptions::default(),
        target: target.map(|t| ForecastTarget {
            value: t.value,
            comparator: t.comparator,
            year: t.year,
        }),
        projection_year: None,
        direction: Some(indicator.direction),
        band: indicator.band_low.zip(indicator.band_high),
        unit: &unit,
        decimals,
    });
    let mut series = vec![Series {
        label: state.tenant.name.clone(),
        points: own.clone(),
        dash: "",
        colour: "#0b5cad",
        projected: false,
    }];
    let labels = |sv: &str, en: &str| {
        if lang == Lang::Sv {
            sv.to_string()
        } else {
            en.to_string()
        }
    };
    for (points, label, dash, colour) in [
        (&women, labels("Kvinnor", "Women"), "1 3", "#a3366b"),
        (&men, labels("Män", "Men"), "8 3 1 3", "#2f6b2f"),
        (
            &group_values,
            labels("Jämförelsegrupp", "Comparison group"),
            "10 4",
            "#7a4b00",
        ),
    ] {
        if !points.is_empty() {
            series.push(Series {
                label,
                points: points.clone(),
                dash,
                colour,
                projected: false,
            });
        }
    }
    if !country.is_empty() {
        series.push(Series {
            label: if lang == Lang::Sv { "Riket" } else { "Sweden" }.to_string(),
            points: country.clone(),
            dash: "6 4",
            colour: "#6e3fa3",
            projected: false,
        });
    }
    let forecast_text = match &fitted {
        Ok(f) => {
            if let (Some(last), Some(t)) = (own.iter().map(|p| p.0).max(), target) {
                series.push(Series {
                    label: if lang == Lang::Sv {
                        "Prognos (Riktning)"
                    } else {
                        "Forecast (Riktning)"
                    }
                    .to_string(),
                    points: vec![(last, f.value_at(last)), (t.year, f.value_at(t.year))],
                    dash: "2 3",
                    colour: "#5c6670",
                    projected: true,
                });
            }
            f.explanation.clone()
        }
        Err(e) => e.to_string(),
    };
    let chart = Chart {
        id: format!("chart-{index}"),
        title: format!("{}: {}", text(lang, "chart-of"), indicator.name),
        series,
        target: target.map(|t| (t.year, t.value)),
        target_word: text(lang, "target"),
    };
    let mut years: Vec<i32> = own
        .iter()
        .chain(country.iter())
        .chain(women.iter())
        .chain(group_values.iter())
        .map(|p| p.0)
        .collect();
    years.sort_unstable();
    years.dedup();
    let value_in = |points: &[(i32, f64)], year: i32| {
        points
            .iter()
            .find(|p| p.0 == year)
            .map_or("–".to_string(), |p| format_number_trimmed(p.1, decimals))
    };
    IndicatorView {
        can_edit: false,
        id: indicator.id,
        name: indicator.name.clone(),
        source: source_label(indicator, observations, lang),
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
        rows: years
            .iter()
            .map(|y| YearRow {
                year: *y,
                own: value_in(&own, *y),
                women: value_in(&women, *y),
                men: value_in(&men, *y),
                group: value_in(&group_values, *y),
                country: value_in(&country, *y),
            })
            .collect(),
        by_gender: !women.is_empty() || !men.is_empty(),
        has_group: !group_values.is_empty(),
        target: target.map_or(String::new(), |t| {
            format!(
                "{} {} {}",
                super::target_in_words(t, indicator, decimals, lang),
                text(lang, "target-year-word"),
                t.year
            )
        }),
        forecast: forecast_text,
    }
}

/// What the goal page shows, read through its one transaction.
struct GoalData {
    goal: Goal,
    /// Whether the goal belongs to the current plan.
    is_current: bool,
    /// The goal's own plan, for the decision that adopted it.
    plan: riktning_domain::Plan,
    periods: Vec<Period>,
    period: Period,
    context: PeriodContext,
    /// The first comparison group the municipality chose: the charts compare with it.
    group: Option<String>,
    /// Every value of the goal's indicators that the charts show, in one query.
    observations: Vec<Observation>,
    /// The targets of the goal's indicators, in one query.
    targets: Vec<Target>,
    text_targets: Vec<TextTarget>,
}

async fn load_goal<R: StoreRead>(
    read: &mut R,
    tenant: &Tenant,
    id: Id,
    chosen: Option<Id>,
) -> Result<GoalData, AppError> {
    // The goal's own plan and its periods, whether or not it is the current plan, so
    // that last year's goals are read and followed up in last year's periods.
    let goal = read.goal(tenant.id, id).await?;
    let plans = read.plans(tenant.id).await?;
    let current = plans.first().map(|p| p.id);
    let plan = plans
        .into_iter()
        .find(|p| p.id == goal.plan_id)
        .ok_or(AppError::AddFirst(super::plans::NO_PLAN_PATH))?;
    let periods = read.periods(tenant.id, plan.id).await?;
    let period = super::pick_period(&periods, chosen)?;
    let context = PeriodContext::read_for_goal(read, tenant.id, period.clone(), id).await?;
    let goal = context.goal(id).cloned().unwrap_or(goal);
    let is_current = current == Some(plan.id);
    let group = read.comparison_groups(tenant.id).await?.into_iter().next();
    let linked: Vec<&Indicator> = context
        .indicators
        .iter()
        .filter(|i| i.goals.iter().any(|l| l.goal_id == goal.id))
        .collect();
    let ids: Vec<Id> = linked.iter().map(|i| i.id).collect();
    let targets = read.indicator_targets(tenant.id, &ids).await?;
    let observations = if linked.is_empty() {
        Vec::new()
    } else {
        let mut areas = vec![
            tenant.kolada_id.clone(),
            riktning_domain::COUNTRY_ID.to_string(),
        ];
        areas.extend(group.clone());
        read.observations(
            tenant.id,
            &ObservationQuery {
                series: linked.iter().map(|i| i.series_key()).collect(),
                areas,
                genders: vec![Gender::Total, Gender::Women, Gender::Men],
                first_period: None,
                last_period: None,
            },
        )
        .await?
    };
    let text_targets = read.text_targets(tenant.id, goal.id).await?;
    Ok(GoalData {
        goal,
        is_current,
        plan,
        periods,
        period,
        context,
        group,
        observations,
        targets,
        text_targets,
    })
}

/// The breadcrumbs above a goal: the goal tree, then the goals it breaks down, from
/// the council's down. A goal of another plan than the one in `context` gets the tree.
fn ancestors(lang: Lang, goal: &Goal, context: &PeriodContext) -> Vec<(String, String)> {
    let mut above = Vec::new();
    let mut next = goal.parent_id;
    // Bounded: a stored cycle must not loop forever.
    while let Some(parent) = next.and_then(|id| context.goal(id)) {
        if above.len() >= 16 {
            break;
        }
        above.push((super::goal_label(parent), format!("/mal/{}", parent.id)));
        next = parent.parent_id;
    }
    above.push((text(lang, "nav-goals").to_string(), "/mal".to_string()));
    above.reverse();
    above
}

pub async fn goal<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
    Path(id): Path<Id>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let loaded = load_goal(&mut read, &state.tenant, id, query.period).await;
    read.finish().await?;
    let GoalData {
        goal,
        is_current,
        plan,
        periods,
        period,
        context,
        group,
        observations,
        targets,
        text_targets,
    } = loaded?;
    let units: Vec<OrgUnit> = context.units.values().cloned().collect();
    let indicators: Vec<IndicatorView> = context
        .indicators
        .iter()
        .filter(|i| i.goals.iter().any(|l| l.goal_id == goal.id))
        .enumerate()
        .map(|(index, indicator)| {
            let mut view = indicator_view(
                &state,
                indicator,
                index,
                (&observations, &targets),
                group.as_deref(),
                visitor.lang,
            );
            let linked = indicator
                .goals
                .iter()
                .filter_map(|link| context.goals.iter().find(|g| g.id == link.goal_id));
            view.can_edit = allows_change(
                &visitor.user,
                &Owners::of_links(indicator.responsible_unit, linked),
            );
            view
        })
        .collect();
    let mut assessment_units: Vec<Id> = goal.responsible_units.clone();
    for a in context.assessments.iter().filter(|a| a.goal_id == goal.id) {
        if !assessment_units.contains(&a.org_unit_id) {
            assessment_units.push(a.org_unit_id);
        }
    }
    let assessments = assessment_units
        .iter()
        .map(|unit| {
            let found = context.assessment(goal.id, *unit);
            AssessmentRow {
                unit_id: *unit,
                unit: context.unit_name(*unit),
                badge: found.and_then(|a| {
                    context
                        .scale(&a.scale)
                        .level(&a.level)
                        .map(|l| Badge::of(l, visitor.lang))
                }),
                state: found.map_or(String::new(), |a| {
                    super::assess::state_label(a.state, visitor.lang).to_string()
                }),
                analysis_html: found.map_or(String::new(), |a| markdown::render(&a.analysis)),
                assessment_id: found.map(|a| a.id),
                can_edit: allows_assessment(&visitor.user, &goal, *unit) && period.is_open(),
            }
        })
        .collect();
    let commitments = context
        .commitments_of(goal.id)
        .cloned()
        .map(|c| {
            let report = context
                .progress
                .iter()
                .find(|r| r.subject == riktning_domain::ProgressSubject::Commitment(c.id));
            CommitmentRow {
                id: c.id,
                status: super::assess::work_status_label(c.status, visitor.lang).to_string(),
                comment: report.map_or(String::new(), |r| r.comment.clone()),
                statuses: super::progress::status_choices(
                    report.map_or(c.status, |r| r.status),
                    visitor.lang,
                ),
                text: c.text,
            }
        })
        .collect();
    let lang = visitor.lang;
    let decision = match &plan.decision {
        Some(d) => format!(
            "{}: {} {} {}{}, {} {}",
            plan.title,
            crate::i18n::text(lang, "goal-adopted-by"),
            d.body,
            d.date,
            d.paragraph
                .as_deref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default(),
            crate::i18n::text(lang, "plans-case-number").to_lowercase(),
            d.case_number
        ),
        None => format!(
            "{}: {}",
            plan.title,
            crate::i18n::text(lang, "goal-plan-draft")
        ),
    };
    let page = GoalPage {
        is_current,
        decision,
        chrome: Chrome::new(
            &state,
            &visitor,
            "goals",
            format!(
                "{} {}",
                goal.code,
                goal.short_name.clone().unwrap_or_default()
            ),
            format!("/mal/{}?period={}", goal.id, period.id),
        )
        .with_trail(ancestors(lang, &goal, &context)),
        political_html: markdown::render(&goal.political_text),
        commitments,
        can_edit_goal: allows_change(&visitor.user, &Owners::of_goal(&goal)),
        can_break_down: allows(&visitor.user, Action::ManagePlan)
            || units
                .iter()
                .any(|u| allows(&visitor.user, Action::Report { unit: u.id })),
        period_open: period.is_open(),
        targets: text_targets.into_iter().map(|t| t.text).collect(),
        children: context
            .children(goal.id)
            .map(|c| {
                (
                    c.id,
                    c.code.clone(),
                    c.statement.clone(),
                    unit_names(&units, &c.responsible_units),
                )
            })
            .collect(),
        indicators,
        periods: period_choices(&periods, period.id),
        period_id: period.id,
        assessments,
        goal,
    };
    Ok(render(&page))
}
