//! The goal page: a goal's text, commitments, indicators with charts and forecasts,
//! and the assessments of the period. What it shows is the same for every visitor
//! but for what each may change, so it is derived once per data version and kept
//! (`AppState::goal_views`); only the visitor's rights are worked out per request.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use riktning_domain::{
    ForecastOptions, ForecastRequest, ForecastTarget, Gender, Goal, Id, Indicator, Observation,
    OrgUnit, Period, Target, Tenant, TextTarget, forecast, format_number_trimmed,
};
use riktning_followup::PeriodContext;
use riktning_store::{ObservationQuery, Store, StoreRead};

use super::goals::unit_names;
use super::overview::{PeriodChoice, period_choices};
use super::{Badge, Chrome, PeriodQuery, render};
use crate::chart::{Chart, Series};
use crate::extract::{Path, Query};
use crate::i18n::{Lang, text};
use crate::markdown;
use crate::policy::{Action, Owners, allows, allows_assessment, allows_change, authorize};
use crate::{AppError, Reading, Shared};

pub(crate) struct YearRow {
    year: i32,
    own: String,
    women: String,
    men: String,
    group: String,
    country: String,
}

pub(crate) struct IndicatorView {
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

pub(crate) struct CommitmentRow {
    id: Id,
    text: String,
    status: String,
    comment: String,
    statuses: Vec<super::progress::StatusChoice>,
}

pub(crate) struct AssessmentRow {
    unit_id: Id,
    unit: String,
    badge: Option<Badge>,
    state: String,
    analysis_html: String,
    assessment_id: Option<Id>,
}

#[derive(Template)]
#[template(path = "goal.html")]
struct GoalPage<'a> {
    chrome: Chrome,
    goal: &'a Goal,
    /// Whether the goal belongs to the current plan; one of another plan says so.
    is_current: bool,
    /// The plan and the decision that adopted it, in words.
    decision: &'a str,
    political_html: &'a str,
    commitments: &'a [CommitmentRow],
    can_edit_goal: bool,
    can_break_down: bool,
    period_open: bool,
    targets: &'a [String],
    children: &'a [(Id, String, String, String)],
    /// Each indicator, with whether the visitor may edit it: a shared indicator is
    /// read-only for a reporter.
    indicators: Vec<(&'a IndicatorView, bool)>,
    periods: &'a [PeriodChoice],
    period_id: Id,
    /// Each unit's assessment, with whether the visitor may edit it.
    assessments: Vec<(&'a AssessmentRow, bool)>,
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
                series.push(crate::chart::forecast_line(f, last, t.year, lang));
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
pub(crate) struct GoalData {
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
        above.push((
            super::goal_label(parent),
            format!("/arbeta/mal/{}", parent.id),
        ));
        next = parent.parent_id;
    }
    above.push((
        text(lang, "nav-goals").to_string(),
        "/arbeta/mal".to_string(),
    ));
    above.reverse();
    above
}

/// Which goal page a view is: the goal, the period asked for, and the language.
pub(crate) type GoalViewKey = (Id, Option<Id>, Lang);

/// What the goal page shows of a goal in a period, the same for every visitor:
/// derived from [`GoalData`] once per data version.
pub(crate) struct GoalView {
    data: GoalData,
    decision: String,
    political_html: String,
    commitments: Vec<CommitmentRow>,
    targets: Vec<String>,
    children: Vec<(Id, String, String, String)>,
    indicators: Vec<IndicatorView>,
    periods: Vec<PeriodChoice>,
    assessments: Vec<AssessmentRow>,
}

impl GoalView {
    fn derive<S>(state: &Shared<S>, data: GoalData, lang: Lang) -> Self {
        let units: Vec<OrgUnit> = data.context.units.values().cloned().collect();
        let indicators = data
            .context
            .indicators
            .iter()
            .filter(|i| i.goals.iter().any(|l| l.goal_id == data.goal.id))
            .enumerate()
            .map(|(index, indicator)| {
                indicator_view(
                    state,
                    indicator,
                    index,
                    (&data.observations, &data.targets),
                    data.group.as_deref(),
                    lang,
                )
            })
            .collect();
        let context = &data.context;
        let goal = &data.goal;
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
                            .map(|l| Badge::of(l, lang))
                    }),
                    state: found.map_or(String::new(), |a| {
                        super::assess::state_label(a.state, lang).to_string()
                    }),
                    analysis_html: found.map_or(String::new(), |a| markdown::render(&a.analysis)),
                    assessment_id: found.map(|a| a.id),
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
                    status: super::assess::work_status_label(c.status, lang).to_string(),
                    comment: report.map_or(String::new(), |r| r.comment.clone()),
                    statuses: super::progress::status_choices(
                        report.map_or(c.status, |r| r.status),
                        lang,
                    ),
                    text: c.text,
                }
            })
            .collect();
        let plan = &data.plan;
        let decision =
            super::decision_in_words(&plan.title, plan.decision.as_ref(), "goal-plan-draft", lang);
        GoalView {
            decision,
            political_html: markdown::render(&goal.political_text),
            commitments,
            targets: data.text_targets.iter().map(|t| t.text.clone()).collect(),
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
            periods: period_choices(&data.periods, data.period.id),
            assessments,
            data,
        }
    }
}

pub async fn goal<S: Store>(
    State(state): State<Shared<S>>,
    Reading { visitor, mut read }: Reading<S>,
    Path(id): Path<Id>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let lang = visitor.lang;
    // The version and the data are read in one transaction, so a view is kept under
    // the version it was derived at.
    let version = read.data_version().await;
    let key: GoalViewKey = (id, query.period, lang);
    let kept = match &version {
        Ok(version) => state.goal_views.get(*version, &key),
        Err(_) => None,
    };
    let view = match kept {
        Some(view) => {
            read.finish().await?;
            view
        }
        None => {
            let loaded = load_goal(&mut read, &state.tenant, id, query.period).await;
            read.finish().await?;
            let view = GoalView::derive(&state, loaded?, lang);
            state.goal_views.keep(version?, key, view)
        }
    };
    let GoalView { data, .. } = &*view;
    let (goal, context, period) = (&data.goal, &data.context, &data.period);
    let indicators = context
        .indicators
        .iter()
        .filter(|i| i.goals.iter().any(|l| l.goal_id == goal.id))
        .zip(&view.indicators)
        .map(|(indicator, shown)| {
            let linked = indicator
                .goals
                .iter()
                .filter_map(|link| context.goals.iter().find(|g| g.id == link.goal_id));
            let editable = allows_change(
                &visitor.user,
                &Owners::of_links(indicator.responsible_unit, linked),
            );
            (shown, editable)
        })
        .collect();
    let assessments = view
        .assessments
        .iter()
        .map(|row| {
            let editable = allows_assessment(&visitor.user, goal, row.unit_id) && period.is_open();
            (row, editable)
        })
        .collect();
    let page = GoalPage {
        is_current: data.is_current,
        decision: &view.decision,
        chrome: Chrome::new(
            &state,
            &visitor,
            "goals",
            format!(
                "{} {}",
                goal.code,
                goal.short_name.clone().unwrap_or_default()
            ),
            format!("/arbeta/mal/{}?period={}", goal.id, period.id),
        )
        .with_trail(ancestors(lang, goal, context)),
        political_html: &view.political_html,
        commitments: &view.commitments,
        can_edit_goal: allows_change(&visitor.user, &Owners::of_goal(goal)),
        can_break_down: allows(&visitor.user, Action::ManagePlan)
            || context
                .units
                .values()
                .any(|u| allows(&visitor.user, Action::Report { unit: u.id })),
        period_open: period.is_open(),
        targets: &view.targets,
        children: &view.children,
        indicators,
        periods: &view.periods,
        period_id: period.id,
        assessments,
        goal,
    };
    Ok(render(&page))
}
