//! Writing an assessment next to the suggestion and its rule, and the workflow steps.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use riktning_domain::{
    Assessment, AssessmentContent, AssessmentState, Goal, Id, Period, Transition, WorkStatus,
};
use riktning_followup::{PeriodContext, suggest_goal};
use riktning_store::{AssessmentQuery, Store, StoreError};
use serde::Deserialize;

use super::{Badge, Chrome, FieldErrors as _, render};
use crate::extract::{Form, Path, Query};
use crate::i18n::{Lang, text};
use crate::markdown;
use crate::policy::{Action, allows, allows_assessment, authorize};
use crate::{AppError, Shared, Visitor};

pub fn state_label(state: AssessmentState, lang: Lang) -> &'static str {
    text(lang, &format!("state-{}", state.as_str()))
}

pub fn work_status_label(status: WorkStatus, lang: Lang) -> &'static str {
    text(lang, &format!("status-{}", status.as_str()))
}

struct LevelChoice {
    key: String,
    badge: Badge,
    selected: bool,
}

struct Conflict {
    version: i64,
    level: String,
    analysis: String,
    actions: String,
}

#[derive(Template)]
#[template(path = "assessment.html")]
struct AssessPage {
    chrome: Chrome,
    goal: Goal,
    unit_id: Id,
    unit: String,
    period: Period,
    levels: Vec<LevelChoice>,
    suggestion: Badge,
    suggestion_key: String,
    explanation: String,
    analysis: String,
    actions: String,
    reason: String,
    version: i64,
    errors: Vec<(String, String)>,
    conflict: Option<Conflict>,
    existing: Option<Assessment>,
    analysis_html: String,
    actions_html: String,
    can_edit: bool,
    can_submit: bool,
    can_decide: bool,
    saved: bool,
    /// What a saved assessment rests on, shown beside each other where it can no
    /// longer be edited: where a controller approves or returns it.
    basis: Option<DecisionBasis>,
}

/// The level the unit chose, the suggestion it had in front of it when it saved, and
/// its reason for choosing otherwise.
struct DecisionBasis {
    chosen: Option<Badge>,
    suggested: Option<(Badge, String)>,
    reason: String,
    /// The suggestion worked out now is another level than the one the unit saw.
    suggestion_changed: bool,
}

impl super::FieldErrors for AssessPage {
    fn errors(&self) -> &[(String, String)] {
        self.errors.as_slice()
    }
}

impl AssessPage {
    fn state_text(&self) -> &'static str {
        self.existing
            .as_ref()
            .map_or(text(self.chrome.lang, "state-none"), |a| {
                state_label(a.state, self.chrome.lang)
            })
    }
}

#[derive(Debug, Deserialize)]
pub struct Which {
    period: Id,
    enhet: Id,
    #[serde(default)]
    sparat: Option<u8>,
}

/// What the person typed, kept when a save is refused.
#[derive(Debug, Default, Deserialize)]
pub struct Typed {
    #[serde(default)]
    csrf: String,
    period: Id,
    enhet: Id,
    #[serde(default)]
    level: String,
    #[serde(default)]
    analysis: String,
    #[serde(default)]
    actions: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    version: i64,
}

struct Loaded {
    goal: Goal,
    period: Period,
    context: PeriodContext,
    existing: Option<Assessment>,
}

async fn load<S: Store>(
    state: &Shared<S>,
    goal: Id,
    period: Id,
    unit: Id,
) -> Result<Loaded, AppError> {
    let tenant = state.tenant.id;
    let goal = state.store.goal(tenant, goal).await?;
    let period = state.store.period(tenant, period).await?;
    state.store.org_unit(tenant, unit).await?;
    let context = PeriodContext::load(&state.store, tenant, period.id).await?;
    let existing = state
        .store
        .assessments(
            tenant,
            &AssessmentQuery {
                period: Some(period.id),
                goal: Some(goal.id),
                org_unit: Some(unit),
            },
        )
        .await?
        .into_iter()
        .next();
    Ok(Loaded {
        goal,
        period,
        context,
        existing,
    })
}

/// What happened to the last save, for the page to show.
#[derive(Default)]
struct Outcome<'a> {
    typed: Option<&'a Typed>,
    errors: Vec<(String, String)>,
    conflict: Option<Conflict>,
    saved: bool,
}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    loaded: Loaded,
    unit: Id,
    outcome: Outcome<'_>,
) -> Result<AssessPage, AppError> {
    let Outcome {
        typed,
        errors,
        conflict,
        saved,
    } = outcome;
    let Loaded {
        goal,
        period,
        context,
        existing,
    } = loaded;
    let suggestion = suggest_goal(&state.store, &context, &goal).await?;
    let scale = match &existing {
        Some(a) => context.scale(&a.scale),
        None => context.goal_scale(),
    };
    let chosen = typed
        .map(|t| t.level.clone())
        .or_else(|| existing.as_ref().map(|a| a.level.clone()))
        .unwrap_or_else(|| suggestion.level.key.clone());
    let field = |typed_value: Option<&String>, stored: Option<&String>| {
        typed_value.or(stored).cloned().unwrap_or_default()
    };
    let lang = visitor.lang;
    let editable = existing.as_ref().is_none_or(|a| a.state.is_editable());
    let basis = existing.as_ref().map(|a| DecisionBasis {
        chosen: scale.level(&a.level).map(|l| Badge::of(l, lang)),
        suggested: a.suggestion.as_ref().and_then(|s| {
            scale
                .level(&s.level)
                .map(|l| (Badge::of(l, lang), s.explanation.clone()))
        }),
        reason: a.deviation_reason.clone().unwrap_or_default(),
        suggestion_changed: a
            .suggestion
            .as_ref()
            .is_some_and(|s| s.level != suggestion.level.key),
    });
    Ok(AssessPage {
        chrome: Chrome::new(
            state,
            visitor,
            "goals",
            format!(
                "{} {} – {}",
                text(lang, "assess-title"),
                goal.code,
                period.name
            ),
            format!(
                "/arbeta/mal/{}/bedomning?period={}&enhet={unit}",
                goal.id, period.id
            ),
        )
        .with_trail(super::goal_trail(lang, &goal)),
        unit: context.unit_name(unit),
        levels: scale
            .levels
            .iter()
            .map(|l| LevelChoice {
                key: l.key.clone(),
                badge: Badge::of(l, lang),
                selected: l.key == chosen,
            })
            .collect(),
        suggestion: Badge::of(&suggestion.level, lang),
        suggestion_key: suggestion.level.key.clone(),
        explanation: suggestion.explanation.clone(),
        analysis: field(
            typed.map(|t| &t.analysis),
            existing.as_ref().map(|a| &a.analysis),
        ),
        actions: field(
            typed.map(|t| &t.actions),
            existing.as_ref().map(|a| &a.actions),
        ),
        reason: field(
            typed.map(|t| &t.reason),
            existing.as_ref().and_then(|a| a.deviation_reason.as_ref()),
        ),
        version: typed
            .map(|t| t.version)
            .or(existing.as_ref().map(|a| a.version))
            .unwrap_or(0),
        errors,
        analysis_html: existing
            .as_ref()
            .map_or(String::new(), |a| markdown::render(&a.analysis)),
        actions_html: existing
            .as_ref()
            .map_or(String::new(), |a| markdown::render(&a.actions)),
        can_edit: editable && period.is_open() && allows_assessment(&visitor.user, &goal, unit),
        can_submit: period.is_open() && allows(&visitor.user, Action::Submit { unit }),
        can_decide: period.is_open() && allows(&visitor.user, Action::Decide),
        conflict,
        existing,
        unit_id: unit,
        goal,
        period,
        saved,
        basis,
    })
}

pub async fn form<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(goal): Path<Id>,
    Query(which): Query<Which>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let loaded = load(&state, goal, which.period, which.enhet).await?;
    let outcome = Outcome {
        saved: which.sparat.is_some(),
        ..Outcome::default()
    };
    let view = page(&state, &visitor, loaded, which.enhet, outcome).await?;
    Ok(render(&view))
}

fn form_address(goal: Id, period: Id, unit: Id) -> String {
    format!("/arbeta/mal/{goal}/bedomning?period={period}&enhet={unit}")
}

pub async fn save<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path(goal_id): Path<Id>,
    Form(typed): Form<Typed>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&typed.csrf)?;
    let tenant = state.tenant.id;
    let loaded = load(&state, goal_id, typed.period, typed.enhet).await?;
    if !allows_assessment(&visitor.user, &loaded.goal, typed.enhet) {
        tracing::info!(user = %visitor.user.username, unit = typed.enhet, "refused assessment");
        return Err(AppError::Forbidden);
    }
    let suggestion = suggest_goal(&state.store, &loaded.context, &loaded.goal).await?;
    let reason = typed.reason.trim();
    let content = AssessmentContent {
        goal_id,
        period_id: typed.period,
        org_unit_id: typed.enhet,
        level: typed.level.clone(),
        analysis: typed.analysis.clone(),
        actions: typed.actions.clone(),
        suggestion: Some(suggestion.snapshot()),
        deviation_reason: (!reason.is_empty()).then(|| reason.to_string()),
    };
    let change = riktning_domain::Change::by(&visitor.user.username);
    let result = match &loaded.existing {
        Some(existing) => {
            state
                .store
                .update_assessment(tenant, existing.id, typed.version, &content, &change)
                .await
        }
        None => {
            state
                .store
                .create_assessment(tenant, &content, &change)
                .await
        }
    };
    match result {
        Ok(_) => Ok((
            StatusCode::SEE_OTHER,
            [(
                header::LOCATION,
                format!(
                    "{}&sparat=1",
                    form_address(goal_id, typed.period, typed.enhet)
                ),
            )],
        )
            .into_response()),
        Err(error @ (StoreError::Invalid { .. } | StoreError::Busy { .. })) => {
            let ((field, message), status) = super::refused_save(error, visitor.lang, "form")?;
            let errors = vec![(field, message)];
            let outcome = Outcome {
                typed: Some(&typed),
                errors,
                ..Outcome::default()
            };
            let view = page(&state, &visitor, loaded, typed.enhet, outcome).await?;
            Ok(super::render_with(status, &view))
        }
        Err(StoreError::Conflict { .. }) => {
            let stored = loaded.existing.clone();
            let conflict = stored.map(|a| Conflict {
                version: a.version,
                level: a.level,
                analysis: a.analysis,
                actions: a.actions,
            });
            let outcome = Outcome {
                typed: Some(&typed),
                conflict,
                ..Outcome::default()
            };
            let view = page(&state, &visitor, loaded, typed.enhet, outcome).await?;
            Ok(super::render_with(StatusCode::CONFLICT, &view))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    version: i64,
    #[serde(default)]
    comment: String,
}

pub async fn step<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Path((id, step)): Path<(Id, String)>,
    Form(form): Form<StepForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    let tenant = state.tenant.id;
    let assessment = state.store.assessment(tenant, id).await?;
    let (transition, action) = match step.as_str() {
        "skicka" => (
            Transition::Submit,
            Action::Submit {
                unit: assessment.org_unit_id,
            },
        ),
        "godkann" => (Transition::Approve, Action::Decide),
        "aterskicka" => (
            Transition::Return {
                comment: form.comment.clone(),
            },
            Action::Decide,
        ),
        other => return Err(AppError::NotFound(format!("no workflow step '{other}'"))),
    };
    authorize(&visitor.user, action)?;
    let change = riktning_domain::Change::by(&visitor.user.username);
    state
        .store
        .transition_assessment(tenant, id, form.version, &transition, &change)
        .await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(
            header::LOCATION,
            super::done::to(
                &form_address(
                    assessment.goal_id,
                    assessment.period_id,
                    assessment.org_unit_id,
                ),
                match step.as_str() {
                    "skicka" => "bedomning-inskickad",
                    "godkann" => "bedomning-godkand",
                    _ => "bedomning-aterskickad",
                },
            ),
        )],
    )
        .into_response())
}
