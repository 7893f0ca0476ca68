//! How the municipality assesses: the scale for goals and for assignments, the
//! thresholds of the suggestion, and the rule that rolls assessments up to the
//! council's goals.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use riktning_domain::{AssessmentScale, Change, FollowupSettings, RollupRule, SuggestionRule};
use riktning_store::Store;
use serde::Deserialize;

use super::{Badge, Chrome, FieldErrors as _, refused_save, render, render_with};
use crate::auth::clip;
use crate::extract::{Form, Query};
use crate::i18n::text;
use crate::policy::{Action, allows, authorize};
use crate::{AppError, Shared, Visitor};

const PATH: &str = "/arbeta/bedomningsregler";

struct ScaleView {
    key: String,
    name: String,
    levels: Vec<Badge>,
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct RulesForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    goal_scale: String,
    #[serde(default)]
    assignment_scale: String,
    #[serde(default)]
    fulfilled_at: String,
    #[serde(default)]
    partly_at: String,
    #[serde(default)]
    rollup: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    #[serde(default)]
    sparat: Option<String>,
}

#[derive(Template)]
#[template(path = "rules.html")]
struct RulesPage {
    chrome: Chrome,
    scales: Vec<ScaleView>,
    typed: RulesForm,
    can_manage: bool,
    notice: Option<String>,
    errors: Vec<(String, String)>,
}

impl super::FieldErrors for RulesPage {
    fn errors(&self) -> &[(String, String)] {
        &self.errors
    }
}

/// A share as people write it: 0.75 as "75".
fn percent(share: f64) -> String {
    riktning_domain::format_number_trimmed(share * 100.0, 1)
}

fn typed_of(settings: &FollowupSettings) -> RulesForm {
    RulesForm {
        csrf: String::new(),
        version: settings.version,
        goal_scale: settings.goal_scale.clone(),
        assignment_scale: settings.assignment_scale.clone(),
        fulfilled_at: percent(settings.suggestion.fulfilled_at),
        partly_at: percent(settings.suggestion.partly_at),
        rollup: settings.rollup.as_str().to_string(),
    }
}

async fn page<S: Store>(
    state: &Shared<S>,
    visitor: &Visitor,
    typed: Option<RulesForm>,
) -> Result<RulesPage, AppError> {
    let tenant = state.tenant.id;
    let lang = visitor.lang;
    let scales: Vec<AssessmentScale> = state.store.scales(tenant).await?;
    let typed = match typed {
        Some(typed) => typed,
        None => typed_of(&state.store.followup_settings(tenant).await?),
    };
    Ok(RulesPage {
        chrome: Chrome::new(
            state,
            visitor,
            "rules",
            text(lang, "rules-title").to_string(),
            PATH.to_string(),
        ),
        scales: scales
            .iter()
            .map(|s| ScaleView {
                key: s.key.clone(),
                name: s.name.clone(),
                levels: s.levels.iter().map(|l| Badge::of(l, lang)).collect(),
            })
            .collect(),
        typed,
        can_manage: allows(&visitor.user, Action::ManagePlan),
        notice: None,
        errors: Vec::new(),
    })
}

pub async fn show<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Query(notice): Query<Notice>,
) -> Result<Response, AppError> {
    authorize(&visitor.user, Action::View)?;
    let mut shown = page(&state, &visitor, None).await?;
    if notice.sparat.is_some() {
        shown.notice = Some(text(visitor.lang, "rules-saved").to_string());
    }
    Ok(render(&shown))
}

/// A percentage as typed ("75", "75 %", "62,5"), as a share in (0, 1].
fn share(typed: &str) -> Option<f64> {
    let number = super::parse_number(typed.trim().trim_end_matches('%'))?;
    (number > 0.0 && number <= 100.0).then_some(number / 100.0)
}

pub async fn save<S: Store>(
    State(state): State<Shared<S>>,
    visitor: Visitor,
    Form(form): Form<RulesForm>,
) -> Result<Response, AppError> {
    visitor.check_csrf(&form.csrf)?;
    authorize(&visitor.user, Action::ManagePlan)?;
    let lang = visitor.lang;
    let tenant = state.tenant.id;
    let scales = state.store.scales(tenant).await?;
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut refuse = |field: &str, key: &str| errors.push((field.into(), text(lang, key).into()));
    let known = |key: &str| scales.iter().any(|s| s.key == key);
    if !known(&form.goal_scale) {
        refuse("goal_scale", "rules-choose-scale");
    }
    if !known(&form.assignment_scale) {
        refuse("assignment_scale", "rules-choose-scale");
    }
    let fulfilled = share(&form.fulfilled_at);
    let partly = share(&form.partly_at);
    if fulfilled.is_none() {
        refuse("fulfilled_at", "rules-percent");
    }
    if partly.is_none() {
        refuse("partly_at", "rules-percent");
    }
    if let (Some(f), Some(p)) = (fulfilled, partly)
        && p > f
    {
        refuse("partly_at", "rules-partly-above");
    }
    let rollup = form.rollup.parse::<RollupRule>().ok();
    if rollup.is_none() {
        refuse("rollup", "rules-choose-rollup");
    }
    let typed = RulesForm {
        csrf: String::new(),
        version: form.version,
        goal_scale: clip(&form.goal_scale, 60),
        assignment_scale: clip(&form.assignment_scale, 60),
        fulfilled_at: clip(&form.fulfilled_at, 12),
        partly_at: clip(&form.partly_at, 12),
        rollup: clip(&form.rollup, 30),
    };
    let (Some(fulfilled_at), Some(partly_at), Some(rollup), true) =
        (fulfilled, partly, rollup, errors.is_empty())
    else {
        let mut shown = page(&state, &visitor, Some(typed)).await?;
        shown.errors = errors;
        return Ok(render_with(StatusCode::UNPROCESSABLE_ENTITY, &shown));
    };
    let settings = FollowupSettings {
        goal_scale: form.goal_scale.clone(),
        assignment_scale: form.assignment_scale.clone(),
        suggestion: SuggestionRule {
            fulfilled_at,
            partly_at,
        },
        rollup,
        version: form.version,
    };
    match state
        .store
        .save_followup_settings(tenant, &settings, &Change::by(&visitor.user.username))
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{PATH}?sparat=1")).into_response()),
        Err(error) => {
            let (message, status) = refused_save(error, lang, "form")?;
            let mut shown = page(&state, &visitor, Some(typed)).await?;
            shown.errors = vec![message];
            Ok(render_with(status, &shown))
        }
    }
}
